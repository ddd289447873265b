import type { TextEdit } from 'vscode-languageserver';
import type { Verdict } from './chat-runner.js';
import { checkParseInSlices, type EditedFile, type Insertion } from './parse-check.js';
import { ActionError } from './types.js';
import { describeFindings, scanSecurity, type SecurityFinding } from './security.js';
import { rangeOf } from '../core/text.js';

export type { Insertion };

/** A reply that passed the checks: it parses in place and hard-codes no secret. */
export interface CheckedInsertion {
  insertion: Insertion;
  file: EditedFile;
  /** Findings a user should see with the edit (never a secret: those are refused). */
  findings: SecurityFinding[];
}

/**
 * The checks before an edit is offered, as a verdict for the chat runner: the cleaned reply
 * must not be empty, must parse in the context of the file, and must hold no hard-coded secret;
 * other security findings travel with the edit.
 */
export function checkReply(
  place: (cleaned: string) => Insertion | Promise<Insertion>,
  clean: (reply: string) => string,
  options: { allowEmpty?: boolean } = {},
): (reply: string) => Promise<Verdict<CheckedInsertion>> {
  return async (reply) => {
    const cleaned = clean(reply);
    if (cleaned.trim() === '' && !options.allowEmpty) {
      return { ok: false, kind: 'invalid-output', reason: 'the model returned no code', feedback: 'Your reply was empty.' };
    }
    const insertion = await place(cleaned);
    const parsed = await checkParseInSlices(insertion);
    if (!parsed) throw new ActionError('cancelled', 'cancelled');
    if (!parsed.ok) {
      return {
        ok: false,
        kind: 'invalid-output',
        reason: `its code does not parse (${parsed.message})`,
        feedback: `That code does not parse where it goes in the file: ${parsed.message}.`,
      };
    }
    const { file } = parsed;
    const findings = scanSecurity({ language: insertion.language, tree: file.tree, startIndex: file.startIndex, endIndex: file.endIndex });
    const secrets = findings.filter((finding) => finding.rule === 'secret');
    if (secrets.length > 0) {
      return {
        ok: false,
        kind: 'refused',
        reason: `it contains a ${describeFindings(secrets)}`,
        feedback: `That code contains a ${describeFindings(secrets)}. Never write credentials into code: read them from the environment or from configuration.`,
      };
    }
    return { ok: true, value: { insertion, file, findings } };
  };
}

/**
 * The smallest edit with the same effect: lines the replacement shares with the start and the
 * end of the replaced text are left alone, so undo and diff views show only what changed.
 */
export function minimalEdit(insertion: Insertion): TextEdit {
  const { original, start, end, replacement } = insertion;
  const before = splitKeepingBreaks(original.slice(start, end));
  const after = splitKeepingBreaks(replacement);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const from = start + before.slice(0, head).join('').length;
  const to = end - before.slice(before.length - tail).join('').length;
  const newText = after.slice(head, after.length - tail).join('');
  return { range: rangeOf(original, from, to), newText };
}

function splitKeepingBreaks(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}
