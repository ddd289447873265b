import type { WorkspaceIndex, DeclarationRef } from '../context/index/workspace-index.js';
import { isTestFile } from '../syntax/test-files.js';
import { viewOf, type DeclarationView } from './declaration-view.js';
import { isUnder, readWorkspaceLines } from './workspace-guard.js';

export interface DefinitionView extends DeclarationView {
  /** 1-based line of the first line of `code`. */
  codeLine: number;
  /** The declaration with a few lines around it, redacted; long bodies are cut with a note. */
  code: string;
}

export interface DefinitionOptions {
  index: WorkspaceIndex;
  /** `name`, or `Container.name` for a method or member. */
  name: string;
  /** Only declarations under this workspace-relative path (already checked by workspacePath). */
  under?: string;
  /** Lines shown before and after the declaration. */
  around?: number;
  /** Longest declaration shown whole, in lines. */
  maxLines?: number;
  limit?: number;
}

/** The declarations named `name` in the index, exported and non-test ones first. */
export function declarationsFor(index: WorkspaceIndex, name: string, under = ''): DeclarationRef[] {
  const dot = name.lastIndexOf('.');
  const container = dot > 0 ? name.slice(0, dot).split('.').pop() : undefined;
  const plain = dot > 0 ? name.slice(dot + 1) : name;
  return index
    .declarationsNamed(plain)
    .filter((ref) => (container === undefined || ref.declaration.container === container) && isUnder(ref.file, under))
    .sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.declaration.line - b.declaration.line);
}

/** Test files and unexported helpers rank after the API a question is usually about. */
function rank(ref: DeclarationRef): number {
  const test = isTestFile(ref.file) ? 2 : 0;
  return test + (ref.declaration.exported ? 0 : 1);
}

/** Each declaration of `name` with its source lines, read from disk through the workspace guard. */
export async function getDefinition(options: DefinitionOptions): Promise<DefinitionView[]> {
  const around = options.around ?? 3;
  const maxLines = options.maxLines ?? 60;
  const refs = declarationsFor(options.index, options.name, options.under).slice(0, options.limit ?? 10);
  const out: DefinitionView[] = [];
  for (const ref of refs) {
    const view = viewOf({ path: ref.file, declaration: ref.declaration, score: 1, why: `declared as ${ref.declaration.kind} ${options.name}` });
    const from = Math.max(1, view.line - around);
    const lastShown = Math.min(view.endLine, view.line + maxLines - 1);
    let lines: string[];
    try {
      lines = await readWorkspaceLines(options.index, ref.file, from, lastShown + (lastShown === view.endLine ? around : 0));
    } catch {
      continue; // gone since it was indexed, or now a link out of the workspace: never shown
    }
    const cut = view.endLine - lastShown;
    const code = lines.join('\n') + (cut > 0 ? `\n… (${cut} more lines; ${view.path}:${view.line}-${view.endLine})` : '');
    out.push({ ...view, codeLine: from, code });
  }
  return out;
}
