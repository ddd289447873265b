import { estimateTokens } from '../context/retrieval/packing.js';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import { searchCodeInSlices } from '../query/search-code.js';
import { readWorkspaceLines } from '../query/workspace-guard.js';

/** One piece of code put before the model, with where it comes from. */
export interface ContextSnippet {
  path: string;
  /** 1-based first line of `code`. */
  line: number;
  endLine: number;
  name: string;
  code: string;
}

export interface AskContextInput {
  index: WorkspaceIndex;
  question: string;
  budgetTokens: number;
  /** Code the user selected in the editor: always included, first. */
  selection?: ContextSnippet;
}

/** Candidates looked at; the budget decides how many are kept. */
const CANDIDATES = 16;
/** A declaration longer than this is shown by its head; the model can still cite its lines. */
const MAX_SNIPPET_LINES = 60;

/**
 * The code a question is about, packed under a token budget: the ranking search_code gives the
 * question (the localization engine plus declarations the question names outright), each
 * declaration read whole from disk through the workspace guard, redacted, with its path and
 * first line so the model can cite `path:line`.
 */
export async function gatherAskContext(input: AskContextInput): Promise<ContextSnippet[]> {
  const snippets: ContextSnippet[] = input.selection ? [input.selection] : [];
  let used = snippets.reduce((sum, snippet) => sum + snippetTokens(snippet), 0);
  const hits = await searchCodeInSlices({ index: input.index, query: input.question, limit: CANDIDATES });
  for (const hit of hits) {
    // A method inside a class already shown adds nothing.
    if (snippets.some((s) => s.path === hit.path && s.line <= hit.line && hit.endLine <= s.endLine)) continue;
    const last = Math.min(hit.endLine, hit.line + MAX_SNIPPET_LINES - 1);
    let lines: string[];
    try {
      lines = await readWorkspaceLines(input.index, hit.path, hit.line, last);
    } catch {
      continue;
    }
    const snippet: ContextSnippet = { path: hit.path, line: hit.line, endLine: last, name: hit.name, code: lines.join('\n') };
    const cost = snippetTokens(snippet);
    if (used + cost > input.budgetTokens) continue; // a shorter one further down may still fit
    used += cost;
    snippets.push(snippet);
  }
  return snippets;
}

/** How a snippet reads in the prompt: numbered lines, so the model cites real ones. */
export function renderSnippet(snippet: ContextSnippet): string {
  const numbered = snippet.code
    .split('\n')
    .map((text, i) => `${snippet.line + i}| ${text}`)
    .join('\n');
  return `${snippet.path}:${snippet.line}-${snippet.endLine} (${snippet.name})\n\`\`\`\n${numbered}\n\`\`\``;
}

function snippetTokens(snippet: ContextSnippet): number {
  return estimateTokens(renderSnippet(snippet));
}
