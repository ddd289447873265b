import type { PromptSpec } from '../actions/prompts/sections.js';
import type { Verdict } from '../actions/chat-runner.js';
import type { Declaration } from '../syntax/declarations.js';
import type { AskModel } from './edit-stage.js';
import type { LocatedFile, Localization } from './types.js';

/** How many of the best files the model reads outlines of. */
export const RERANK_FILES = 8;
/** Declarations listed per file, and characters of each (its doc comment's first line and signature). */
const OUTLINE_ENTRIES = 15;
const ENTRY_CHARS = 160;

export interface RerankInput {
  localization: Localization;
  /** A file's declarations as the index holds them; undefined when the index does not know the file. */
  declarationsOf: (path: string) => readonly Declaration[] | undefined;
  ask: AskModel;
}

/**
 * The optional model pass of localization: the model reads the task and the outlines of the best files
 * and lists the ones the task changes, most likely first. Those files lead, in the model's order (each
 * keeps its score and says it was reranked); the rest follow in the static order, and declarations follow
 * their files. A reply that names no candidate is asked again once, then the static ranking stands.
 */
export async function rerankLocalization({ localization, declarationsOf, ask }: RerankInput): Promise<Localization> {
  const candidates = localization.files.slice(0, RERANK_FILES);
  if (candidates.length < 2) return localization;
  const order = await ask(rerankPrompt(localization.task, candidates, declarationsOf), (reply) => readRanking(reply, candidates.length));
  return reordered(localization, order);
}

/** The prompt: the task, then each candidate numbered with its outline. */
export function rerankPrompt(task: string, candidates: readonly LocatedFile[], declarationsOf: RerankInput['declarationsOf']): PromptSpec {
  const body = candidates.map((file, i) => [`${i + 1}. ${file.path}`, ...outline(declarationsOf(file.path) ?? [])].join('\n')).join('\n\n');
  return {
    system: [
      'You are Ghostline, a senior engineer who knows where a change belongs in a codebase.',
      'Given a task and numbered candidate files with their outlines, you list the files the task changes, most likely first.',
      'Answer inside <ranking>…</ranking> with one candidate number per line and nothing else.',
    ].join('\n'),
    sections: [
      { tag: 'task', body: task },
      { tag: 'candidates', body },
    ],
    task: 'List the numbers of the candidate files this task most likely changes, most likely first, one number per line, inside <ranking>…</ranking>. Leave out files it does not change.',
    output: 'ranking',
  };
}

/** The first lines of each declaration (doc comment's first line, signature), indented under its file. */
function outline(declarations: readonly Declaration[]): string[] {
  const entries = declarations.slice(0, OUTLINE_ENTRIES).map((declaration) => {
    const lines = declaration.text.split('\n').filter((line) => line.trim() !== '');
    const signature = lines.find((line) => !/^\s*(\/\/|\/\*|\*|#)/.test(line)) ?? lines[0] ?? declaration.name;
    return `   ${signature.trim().slice(0, ENTRY_CHARS)}`;
  });
  if (declarations.length > OUTLINE_ENTRIES) entries.push(`   … ${declarations.length - OUTLINE_ENTRIES} more`);
  return entries;
}

/** Candidate numbers (1-based) in the reply's order, each once; a reply that names none is sent back. */
export function readRanking(reply: string, count: number): Verdict<number[]> {
  const order: number[] = [];
  for (const match of reply.matchAll(/\b(\d{1,3})\b/g)) {
    const n = Number(match[1]);
    if (n >= 1 && n <= count && !order.includes(n - 1)) order.push(n - 1);
  }
  if (order.length > 0) return { ok: true, value: order };
  const reason = `the ranking names no candidate number from 1 to ${count}`;
  return { ok: false, kind: 'invalid-output', reason, feedback: `Your answer was not usable: ${reason}.` };
}

/** The files the model listed first, in its order; the rest as they were; declarations follow their files. */
export function reordered(localization: Localization, order: readonly number[]): Localization {
  const listed = order.map((i, rank) => ({
    ...localization.files[i]!,
    why: `the model ranked it ${rank + 1} of ${order.length} after reading the outlines; ${localization.files[i]!.why}`,
  }));
  const chosen = new Set(order.map((i) => localization.files[i]!.path));
  const files = [...listed, ...localization.files.filter((file) => !chosen.has(file.path))];
  const position = new Map(files.map((file, i) => [file.path, i]));
  const rankOf = (path: string) => (chosen.has(path) ? position.get(path)! : files.length);
  // A stable sort: declarations of files the model listed move up in its order, the others keep theirs.
  const declarations = [...localization.declarations].sort((a, b) => rankOf(a.path) - rankOf(b.path));
  return { ...localization, files, declarations };
}
