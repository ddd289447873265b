import { CreateFile, TextDocumentEdit, TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { ActionError, type FileChange } from '../actions/types.js';

/**
 * Turns an action's changes into a WorkspaceEdit: versioned TextDocumentEdits (so an editor
 * holding a newer version rejects the edit) and CreateFile for new files, when the client
 * supports documentChanges; a plain `changes` map otherwise.
 */
export function toWorkspaceEdit(changes: readonly FileChange[], documentChanges: boolean): WorkspaceEdit {
  if (documentChanges) {
    return {
      documentChanges: changes.flatMap((change) =>
        change.type === 'edit'
          ? [TextDocumentEdit.create({ uri: change.uri, version: change.version }, change.edits)]
          : [CreateFile.create(change.uri), TextDocumentEdit.create({ uri: change.uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, change.content)])],
      ),
    };
  }
  const map: Record<string, TextEdit[]> = {};
  for (const change of changes) {
    if (change.type === 'create') throw new ActionError('unsupported', 'Your editor cannot create files through the language server.');
    (map[change.uri] ??= []).push(...change.edits);
  }
  return { changes: map };
}
