import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { AnnotatedTextEdit, CreateFile, TextDocumentEdit, TextEdit, type Range, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { ChangedFile } from '../task/apply-edits.js';

/** The one change annotation every edit of a task carries. */
export const TASK_ANNOTATION = 'ghostline.task';

export interface TaskEditRequest {
  root: string;
  files: readonly ChangedFile[];
  /** The open document at a URI, with its version. */
  open: (uri: string) => { text: string; version: number } | undefined;
  /** Shown by clients that preview annotated edits: the task and its verification result. */
  label: string;
  description: string;
  documentChanges: boolean;
  changeAnnotations: boolean;
}

export type TaskEditResult = { ok: true; edit: WorkspaceEdit } | { ok: false; reason: string };

/**
 * A task's patch as one WorkspaceEdit: versioned TextDocumentEdits for open documents, `null`
 * versions for closed files, CreateFile for a new test file, every edit under one annotation that
 * asks for confirmation. A patch made from the file on disk is refused for a document whose unsaved
 * text differs, rather than overwrite what the user typed.
 */
export function taskWorkspaceEdit(request: TaskEditRequest): TaskEditResult {
  const unsaved = request.files.filter((file) => {
    const open = request.open(uriOf(request.root, file.path));
    return open !== undefined && file.before !== undefined && open.text !== file.before;
  });
  if (unsaved.length) return { ok: false, reason: `save ${unsaved.map((file) => file.path).join(', ')} first: the patch was made from the saved file` };
  const annotated = request.changeAnnotations;
  const textEdit = (range: Range, text: string): TextEdit => (annotated ? AnnotatedTextEdit.replace(range, text, TASK_ANNOTATION) : TextEdit.replace(range, text));
  if (!request.documentChanges) {
    const changes: Record<string, TextEdit[]> = {};
    for (const file of request.files) changes[uriOf(request.root, file.path)] = [changedRange(file.before ?? '', file.after, textEdit)];
    return { ok: true, edit: { changes } };
  }
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const file of request.files) {
    const uri = uriOf(request.root, file.path);
    if (file.before === undefined) {
      documentChanges.push(annotated ? CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }, TASK_ANNOTATION) : CreateFile.create(uri));
      documentChanges.push(TextDocumentEdit.create({ uri, version: null }, [textEdit({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, file.after)]));
      continue;
    }
    documentChanges.push(TextDocumentEdit.create({ uri, version: request.open(uri)?.version ?? null }, [changedRange(file.before, file.after, textEdit)]));
  }
  const edit: WorkspaceEdit = { documentChanges };
  if (annotated) edit.changeAnnotations = { [TASK_ANNOTATION]: { label: request.label, needsConfirmation: true, description: request.description } };
  return { ok: true, edit };
}

function uriOf(root: string, path: string): string {
  return pathToFileURL(join(root, path)).href;
}

/** One edit from the first to the last changed line, so the editor keeps folds and marks elsewhere. */
function changedRange(before: string, after: string, make: (range: Range, text: string) => TextEdit): TextEdit {
  const old = before.split('\n');
  const next = after.split('\n');
  let head = 0;
  while (head < old.length - 1 && head < next.length - 1 && old[head] === next[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < next.length - head && old[old.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  const newLines = next.slice(head, next.length - tail);
  // Whole lines, ending at the start of the first unchanged line (or the end of the last line).
  const endsAtLast = tail === 0;
  const range: Range = {
    start: { line: head, character: 0 },
    end: endsAtLast ? { line: old.length - 1, character: old[old.length - 1]!.length } : { line: old.length - tail, character: 0 },
  };
  const text = endsAtLast ? newLines.join('\n') : newLines.map((line) => `${line}\n`).join('');
  return make(range, text);
}
