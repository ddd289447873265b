import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import { qualifiedName } from '../syntax/declarations.js';

/** A `path:line` in an answer that names a real line of a workspace file. */
export interface Citation {
  path: string;
  line: number;
  /** The declaration that line belongs to, or '' when it is outside any. */
  name: string;
}

/** `dir/file.ext:12`, `file.ext:12-20`, optionally in backticks; the extension keeps prose like "note:3" out. */
const CITATION = /(?<![\w/.-])((?:[\w.@-]+\/)*[\w.@-]+\.[A-Za-z0-9]{1,6}):(\d+)(?:-(\d+))?(`?)/g;

/** Marks a citation whose file or line does not exist, so the reader does not follow it. */
export const UNVERIFIED = ' (unverified: no such line in the workspace)';

/** Knows which files and lines exist; `lineCount` answers for indexed files only. */
export interface CitationChecker {
  lineCount(path: string): number | undefined;
}

/** A checker over the index: a file exists when the index holds it (so secrets and excluded files never do). */
export function indexChecker(index: WorkspaceIndex, lineCounts: ReadonlyMap<string, number>): CitationChecker {
  return { lineCount: (path) => (index.hasFile(path) ? lineCounts.get(path) : undefined) };
}

/**
 * Checks every `path:line` of a piece of answer: real ones are collected (with the declaration
 * holding the line), invented ones (a file the workspace lacks, a line past its end) are marked
 * in the text. Works on whole lines so a streamed answer can be checked as it arrives.
 */
export function checkCitations(text: string, checker: CitationChecker, index: WorkspaceIndex): { text: string; citations: Citation[]; invented: string[] } {
  const citations: Citation[] = [];
  const invented: string[] = [];
  const marked = text.replace(CITATION, (whole: string, path: string, line: string) => {
    const clean = path.replace(/^\.\//, '');
    const count = checker.lineCount(clean);
    const number = Number(line);
    if (count !== undefined && number >= 1 && number <= count) {
      citations.push({ path: clean, line: number, name: declarationAt(index, clean, number) });
      return whole;
    }
    invented.push(`${clean}:${line}`);
    return `${whole}${UNVERIFIED}`;
  });
  return { text: marked, citations, invented };
}

/** The `path` part of every citation-shaped string in a text, to look their files up before checking. */
export function citedPaths(text: string): string[] {
  return [...new Set([...text.matchAll(CITATION)].map((match) => (match[1] ?? '').replace(/^\.\//, '')))];
}

/** The innermost declaration of a file that contains a 1-based line. */
function declarationAt(index: WorkspaceIndex, path: string, line: number): string {
  let best: { name: string; span: number } | undefined;
  for (const declaration of index.file(path)?.declarations ?? []) {
    if (declaration.line + 1 > line || declaration.endLine + 1 < line) continue;
    const span = declaration.endLine - declaration.line;
    if (!best || span < best.span) best = { name: qualifiedName(declaration), span };
  }
  return best?.name ?? '';
}

/** Each citation once, in first-mention order. */
export function uniqueCitations(citations: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => !seen.has(`${c.path}:${c.line}`) && seen.add(`${c.path}:${c.line}`) !== undefined);
}
