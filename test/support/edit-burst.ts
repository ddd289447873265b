import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** One didChange: its content changes, applied in order. */
export type ChangeBatch = TextDocumentContentChangeEvent[];

// Brackets and quotes are typed and pasted unbalanced; raw strings and block comments are left out, so the
// end of the file stays code (a completion there is not skipped as inside a comment).
const TYPED = 'abcdefghij xyz_(){}[]"=:;.,\n\t';
const PASTES = ['if err != nil {\n\treturn err\n}\n', 'func(a int) {', 'items[i] = (x + y', '"unterminated ', '// note\n', '}\n}\n', '\n\n'];

/** A Go file of about `chars` characters: functions with bodies, calls, strings and comments. */
export function goSource(chars: number): string {
  const parts = ['package main\n\nimport "fmt"\n'];
  let length = parts[0]!.length;
  for (let i = 0; length < chars; i++) {
    const part = `\n// f${i} adds.\nfunc f${i}(a, b int) int {\n\tif a > b {\n\t\tfmt.Println("a", a)\n\t}\n\treturn a + b*${i}\n}\n`;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

/**
 * A deterministic burst of edits as an editor sends them while someone works on a file: typing (brackets
 * and quotes left open), backspaces, pastes, multi-line deletions and multi-cursor indents (several
 * changes in one notification). The text stays near its starting size. Returns the batches and the final text.
 */
export function editBurst(input: { uri: string; text: string; count: number; seed: number }): { batches: ChangeBatch[]; text: string } {
  let seed = input.seed >>> 0 || 1;
  const random = (n: number): number => {
    // xorshift32: the same sequence on every machine.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  let document = TextDocument.create(input.uri, 'go', 1, input.text);
  const size = input.text.length;
  let cursor = Math.floor(size / 2);
  const batches: ChangeBatch[] = [];
  for (let i = 0; i < input.count; i++) {
    const text = document.getText();
    cursor = Math.min(cursor, text.length);
    if (random(40) === 0) cursor = random(text.length + 1);
    const at = document.positionAt(cursor);
    const roll = random(100);
    let batch: ChangeBatch;
    if (roll < 55) {
      const char = TYPED[random(TYPED.length)]!;
      batch = [{ range: { start: at, end: at }, text: char }];
      cursor += char.length;
    } else if (roll < 80 || (roll < 90 && text.length > size * 1.3)) {
      const from = document.positionAt(Math.max(0, cursor - 1 - (roll >= 80 ? random(60) : 0)));
      batch = [{ range: { start: from, end: at }, text: '' }];
      cursor = document.offsetAt(from);
    } else if (roll < 90) {
      const paste = PASTES[random(PASTES.length)]!;
      batch = [{ range: { start: at, end: at }, text: paste }];
      cursor += paste.length;
    } else {
      // Multi-cursor indent (or outdent) of a few consecutive lines, one change per cursor.
      const first = Math.max(0, Math.min(at.line, document.lineCount - 3));
      const lines = [first, first + 1, first + 2].filter((line) => line < document.lineCount);
      const outdent = roll % 2 === 0;
      batch = lines.map((line) => ({
        range: {
          start: { line, character: 0 },
          end: { line, character: outdent && document.getText({ start: { line, character: 0 }, end: { line, character: 1 } }) === '\t' ? 1 : 0 },
        },
        text: outdent ? '' : '\t',
      }));
    }
    document = TextDocument.update(document, batch, document.version + 1);
    batches.push(batch);
  }
  return { batches, text: document.getText() };
}
