import type { Range, TextEdit } from 'vscode-languageserver';
import { z } from 'zod';
import type { SecurityFinding } from './security.js';

export const ACTION_KINDS = ['explain', 'tests', 'refactor', 'fix', 'document', 'implement'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) }).strict();
const range = z.object({ start: position, end: position }).strict();

/** A diagnostic from any language server, as much of it as the fix prompt needs. */
const diagnostic = z
  .object({
    message: z.string().min(1).max(4000),
    range,
    code: z.union([z.string().max(200), z.number()]).optional(),
    source: z.string().max(200).optional(),
    severity: z.number().int().min(1).max(4).optional(),
  })
  .strip();

/**
 * What a code action carries from textDocument/codeAction to codeAction/resolve or to the
 * command that runs it. It comes back from the client, so it is validated like any input.
 */
export const actionDataSchema = z
  .object({
    ghostline: z.literal(1),
    action: z.enum(ACTION_KINDS),
    uri: z.string().min(1).max(4096),
    /** The document version the action was offered for; the edit is computed against it. */
    version: z.number().int(),
    range,
    diagnostic: diagnostic.optional(),
    /** The title the action was offered with, for the label of the edit a command applies. */
    title: z.string().max(300).optional(),
    /** Refactor only: what the user wants, when the client can pass it. */
    instruction: z.string().max(2000).optional(),
  })
  .strict();
export type ActionData = z.infer<typeof actionDataSchema>;
export type DiagnosticData = z.infer<typeof diagnostic>;

/** Why an action produced no edit; the LSP layer turns it into a clear error for the user. */
export type ActionErrorKind = 'invalid-data' | 'closed' | 'stale' | 'not-applicable' | 'unsupported' | 'model' | 'invalid-output' | 'refused' | 'cancelled' | 'timeout';

export class ActionError extends Error {
  readonly kind: ActionErrorKind;
  constructor(kind: ActionErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'ActionError';
  }
}

/** One change to one file; the LSP layer makes it a versioned TextDocumentEdit (or a CreateFile). */
export type FileChange = { type: 'edit'; uri: string; version: number | null; edits: TextEdit[] } | { type: 'create'; uri: string; content: string };

/** A security finding in generated code, located relative to the inserted text and in the edited file. */
export interface PlacedFinding {
  rule: SecurityFinding['rule'];
  message: string;
  /** Offsets within `SecurityReport.insertedText`. */
  start: number;
  end: number;
  /** Where it is in the file once the edit is applied. */
  range: Range;
}

/** Findings travel with the edit; diagnostics follow the inserted text once the editor applied it. */
export interface SecurityReport {
  uri: string;
  insertedText: string;
  findings: PlacedFinding[];
}

export interface ActionOutcome {
  changes: FileChange[];
  security?: SecurityReport;
}

/** An action offered at a position, before any model call. */
export interface ActionOffer {
  action: ActionKind;
  title: string;
  /** LSP CodeActionKind. */
  kind: string;
  data: ActionData;
  diagnostic?: DiagnosticData;
  isPreferred?: boolean;
}
