import type { TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Applies TextEdits (all relative to `text`, as LSP requires) the way an editor does. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edit', 'plaintext', 0, text), [...edits]);
}
