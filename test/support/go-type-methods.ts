import { focusAt } from '../../server/context/retrieval/focus.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { contextPrompts } from './context-prompt.js';
import { splitAtCursor } from './cursor.js';

export const GO_MOD = 'module example.com/app\n\ngo 1.22\n';

/**
 * Package text's `Buffer` with `count` helpers (`HelperN`), then the `named` methods, each written
 * `func (b *Buffer) Name<rest>`: nothing elsewhere uses any, so they rank in declaration order.
 */
export function bufferPackage(count: number, named: readonly string[], rest = '() {}'): string {
  const lines = ['package text\n\n// Buffer collects text.\ntype Buffer struct{ b []byte }\n'];
  for (let i = 0; i < count; i++) lines.push(`func (b *Buffer) Helper${i}(x int) int { return x + ${i} }\n`);
  for (const name of named) lines.push(`func (b *Buffer) ${name}${rest}\n`);
  return lines.join('\n');
}

/**
 * For a test file of Go ranking cases: `scores(files, current)` indexes `files` as the server does and
 * returns what the definitions source proposes at the █ of `current`, by short key (`Buffer.Flush`,
 * `.Buffer`) with its score.
 */
export function definitionScores(): (files: Record<string, string>, current: string) => Promise<Map<string, number>> {
  const languages = new LanguageRegistry();
  const open = contextPrompts();
  return async (files, current) => {
    const { index } = await open(files, current);
    const { text, offset } = splitAtCursor(files[current]!);
    const focus = focusAt({ text, offset, tree: languages.byPath(current)!.parser.parse(text) });
    const proposed = definitionCandidates({ index, file: current, languageId: 'go', focus, scope: importScope(index, current) });
    return new Map(proposed.map((candidate) => [candidate.key.slice(candidate.key.lastIndexOf(':') + 1), candidate.score]));
  };
}
