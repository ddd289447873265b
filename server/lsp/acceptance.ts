import { z } from 'zod';
import { ErrorCodes, ResponseError, type Command, type ExecuteCommandParams, type Position } from 'vscode-languageserver/node';
import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { AcceptanceLog } from '../stats/acceptance-log.js';
import { COMMANDS } from './features.js';

const acceptedArguments = z.tuple([z.object({ id: z.string().min(1).max(100), chars: z.number().int().min(0).optional() })]);

/**
 * Records a suggestion as shown and returns the command the client runs when the user accepts it
 * (VS Code runs an inline item's command on accept; nvim-cmp and the Neovim plugin a completion
 * item's). Undefined when statistics are off.
 */
export function acceptCommand(input: {
  stats: AcceptanceLog;
  documents: DocumentStore;
  settings: Settings;
  uri: string;
  position: Position;
  text: string;
  latencyMs: number;
}): Command | undefined {
  const entry = input.documents.get(input.uri);
  const document = entry?.document;
  const offset = document ? document.offsetAt(input.position) : 0;
  const full = document?.getText() ?? '';
  const id = input.stats.shown({
    language: entry?.language?.id ?? document?.languageId ?? 'unknown',
    model: input.settings.model.name,
    latencyMs: input.latencyMs,
    text: input.text,
    prefix: full.slice(0, offset),
    suffix: full.slice(offset),
  });
  return id ? { title: 'Ghostline: suggestion accepted', command: COMMANDS.accepted, arguments: [{ id }] } : undefined;
}

/** workspace/executeCommand for COMMANDS.accepted: `[{ id, chars? }]`, chars for a partial accept. */
export function recordAccepted(stats: AcceptanceLog, params: ExecuteCommandParams): null {
  const parsed = acceptedArguments.safeParse(params.arguments);
  if (!parsed.success) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${COMMANDS.accepted} takes [{ id, chars? }]: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const [{ id, chars }] = parsed.data;
  stats.accepted(id, chars);
  return null;
}
