import { languageModule } from '../syntax/modules.js';
import type { Declaration } from '../syntax/declarations.js';
import { dirOf } from '../syntax/manifests.js';
import type { DeclarationRef, WorkspaceIndex } from '../context/index/workspace-index.js';
import { viewOf, type DeclarationView } from './declaration-view.js';
import { declarationsFor } from './definitions.js';
import { readWorkspaceLines } from './workspace-guard.js';

export interface CallSite {
  /** 1-based. */
  line: number;
  /** The line, trimmed and redacted. */
  text: string;
}

export interface CallerView extends DeclarationView {
  /** Where inside the caller the name is called. */
  sites: CallSite[];
}

export interface CallersOptions {
  index: WorkspaceIndex;
  /** `name` or `Container.name`. */
  name: string;
  /** Only the callee declared under this workspace-relative path (already checked). */
  under?: string;
  limit: number;
}

/**
 * The functions whose bodies call `name`, from the index's call graph: plain calls (`name(…)`)
 * and calls through a value, package or namespace (`x.name(…)`), with the line of each call.
 * Calls are matched by name, as the call graph records them; with `under`, a Go plain call
 * counts only from the package that declares the callee.
 */
export async function findCallers(options: CallersOptions): Promise<{ callers: CallerView[]; total: number }> {
  const { index } = options;
  const plain = options.name.slice(options.name.lastIndexOf('.') + 1);
  const callees = options.under ? declarationsFor(index, options.name, options.under) : [];
  const packages = new Set(callees.map((ref) => dirOf(ref.file)));
  const found = new Map<Declaration, DeclarationRef>();
  for (const record of index.records()) {
    for (const declaration of record.declarations) {
      const calls = declaration.calls;
      if (!calls?.some((call) => call === plain || call.endsWith(`.${plain}`))) continue;
      const plainOnly = calls.includes(plain) && !calls.some((call) => call.endsWith(`.${plain}`));
      if (options.under && plainOnly && languageModule(record.languageId)?.packages.sharedPackageScope === true && !packages.has(dirOf(record.path))) continue;
      if (options.under && callees.length === 0) continue;
      found.set(declaration, { file: record.path, declaration });
    }
  }
  const ordered = [...found.values()].sort((a, b) => a.file.localeCompare(b.file) || a.declaration.line - b.declaration.line);
  const callers: CallerView[] = [];
  for (const ref of ordered.slice(0, options.limit)) {
    const view = viewOf({ path: ref.file, declaration: ref.declaration, score: 1, why: `its body calls ${plain}` });
    callers.push({ ...view, sites: await callSites(index, view, plain) });
  }
  return { callers, total: ordered.length };
}

/** The lines of a caller's body that call `name`. */
async function callSites(index: WorkspaceIndex, view: DeclarationView, name: string): Promise<CallSite[]> {
  let lines: string[];
  try {
    lines = await readWorkspaceLines(index, view.path, view.line, view.endLine);
  } catch {
    return [];
  }
  const call = new RegExp(`(^|[^\\p{L}\\p{N}_$])${name.replace(/\$/g, '\\$')}\\s*(\\(|<[^>]*>\\s*\\()`, 'u');
  const sites: CallSite[] = [];
  for (const [offset, text] of lines.entries()) {
    // The declaration's own line names it too (a recursive function); only calls count.
    if (call.test(text) && !(offset === 0 && view.name.endsWith(name))) sites.push({ line: view.line + offset, text: text.trim() });
  }
  return sites;
}
