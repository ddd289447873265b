import type { EnclosingRegion } from '../core/context-provider.js';
import { pointOf } from './cursor-line.js';
import type { EngineDependencies, ReadAttempt } from './engine-types.js';
import type { CursorFacts } from './stream-filters.js';
import { checkSyntax, type SyntaxQuestion, type SyntaxVerdict } from './syntax-checks.js';

/**
 * After the debounce, the syntax tree (the pending edits of the whole burst parsed now, in one incremental
 * parse), and with it the checks and the single/multi-line decision that read it. The syntax worker does
 * that on its own copy of the document when there is one, and finds the enclosing function the repository
 * context needs; the main thread's tree serves when there is no worker or it gave no answer.
 */
export async function syntaxChecks(
  deps: Pick<EngineDependencies, 'documents' | 'syntax'>,
  input: Omit<ReadAttempt, 'owner'>,
): Promise<{ verdict: SyntaxVerdict; enclosing?: { region?: EnclosingRegion }; facts?: () => Promise<CursorFacts | undefined> }> {
  const { request, entry, settings, text, offset, version } = input;
  // The tree describes the current text; a request for an older one is out of date (its client cancels it, or a newer request supersedes it).
  const changed = () => entry.document.version !== version || deps.documents.get(request.uri) !== entry;
  const stale = { verdict: { skip: 'the document changed while the request waited' } };
  if (changed()) return stale;
  const { skipInComments, skipInStrings } = settings.completion;
  const question: SyntaxQuestion = { offset, point: pointOf(request.position), skipInComments, skipInStrings };
  const answer = await deps.syntax?.check({ uri: request.uri, version, question, signal: input.signal });
  if (answer === 'stale' || changed()) return stale;
  return answer ?? { verdict: checkSyntax({ ...question, text, tree: entry.tree, language: entry.language }) };
}
