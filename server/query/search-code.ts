import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import { locateSteps } from '../task/localize.js';
import { runSteps, runStepsInSlices, type Steps } from '../util/steps.js';
import { viewOf, type DeclarationView } from './declaration-view.js';

export interface SearchOptions {
  index: WorkspaceIndex;
  query: string;
  limit: number;
  /** Only declarations under this workspace-relative folder or file ('' or absent: everywhere). */
  under?: string;
}

/** A name the query spells as code gets this much on top of its (normalized, ≤ 1) ranking score. */
const CODE_SHAPED_BONUS = 1;
/** A plain word that happens to name a declaration: worth something, less than spelled-as-code. */
const PLAIN_WORD_BONUS = 0.35;
/** A plain word naming more declarations than this is vocabulary, not a reference. */
const MAX_PLAIN_NAMESAKES = 3;
/** A candidate in a file the query names by its base name. */
const FILE_NAME_BONUS = 0.3;
const QUALIFIED = /[\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*)*/gu;

/**
 * Ranks the declarations a query is about: the localization engine's ranking of the query's
 * words (the one `ghostline task` uses), lifted for declarations the query names outright
 * (`parseConfig`, `Server.Start`, a word in backticks), since someone who spells a name means it.
 * At once: for the benchmarks and a process that answers nothing else meanwhile.
 */
export function searchCode(options: SearchOptions): DeclarationView[] {
  return runSteps(searchCodeSteps(options));
}

/**
 * searchCode a slice at a time, for a server that answers other requests meanwhile: on the Go standard library the
 * first search builds the localization model (seconds), and every search walks its graph (0.35 s). Until the index's
 * visible API changes, later searches find the model built.
 */
export function searchCodeInSlices(options: SearchOptions): Promise<DeclarationView[]> {
  return runStepsInSlices(searchCodeSteps(options));
}

/** searchCode as steps: the model's build when it is not built yet, then the query, a step per sweep of its walk. */
export function* searchCodeSteps({ index, query, limit, under }: SearchOptions): Steps<DeclarationView[]> {
  const inside = (path: string) => !under || path === under || path.startsWith(`${under}/`);
  const scored = new Map<string, { view: DeclarationView; score: number; why: string[] }>();
  const add = (path: string, declaration: Parameters<typeof viewOf>[0]['declaration'], score: number, why: string) => {
    if (!inside(path)) return;
    const key = `${path}:${declaration.line}:${declaration.name}`;
    const entry = scored.get(key) ?? { view: viewOf({ path, declaration, score: 0, why: '' }), score: 0, why: [] };
    entry.score += score;
    entry.why.push(why);
    scored.set(key, entry);
  };
  const located = yield* locateSteps({ index, task: query, limit: Math.max(limit * 3, 30) });
  yield;
  const top = Math.max(...located.declarations.map((d) => d.score), 1e-9);
  for (const hit of located.declarations) {
    const declaration = index.file(hit.path)?.declarations.find((d) => d.line + 1 === hit.line && hit.name.endsWith(d.name));
    if (declaration) add(hit.path, declaration, hit.score / top, hit.why);
  }
  // A file named like a word of the query (`delay` → operators/delay.ts) is where such tasks land.
  const words = new Set(namesIn(query).map((named) => named.name.toLowerCase()));
  for (const entry of scored.values()) {
    const base = entry.view.path
      .slice(entry.view.path.lastIndexOf('/') + 1)
      .replace(/\.[^.]+$/, '')
      .toLowerCase();
    if (words.has(base)) {
      entry.score += FILE_NAME_BONUS;
      entry.why.push(`its file is named ${base}`);
    }
  }
  for (const named of namesIn(query)) {
    const refs = index.declarationsNamed(named.name).filter((ref) => !named.container || ref.declaration.container === named.container);
    if (refs.length === 0 || (!named.codeShaped && refs.length > MAX_PLAIN_NAMESAKES)) continue;
    const bonus = (named.codeShaped ? CODE_SHAPED_BONUS : PLAIN_WORD_BONUS) / Math.sqrt(refs.length);
    for (const ref of refs) add(ref.file, ref.declaration, bonus, `the query names ${named.container ? `${named.container}.` : ''}${named.name}`);
  }
  return [...scored.values()]
    .sort((a, b) => b.score - a.score || a.view.path.localeCompare(b.view.path) || a.view.line - b.view.line)
    .slice(0, limit)
    .map(({ view, score, why }) => ({ ...view, score: Math.round(score * 1000) / 1000, why: why.join('; ') }));
}

/**
 * The names a text mentions, each marked code-shaped when it is written as code: in backticks,
 * camelCase or PascalCase, snake_case, qualified (`a.b`) or called (`name(`).
 */
export function namesIn(text: string): Array<{ name: string; container?: string; codeShaped: boolean }> {
  const ticked = new Set([...text.matchAll(/`([^`]+)`/g)].flatMap((m) => [...(m[1] ?? '').matchAll(QUALIFIED)].map((x) => x[0])));
  const out = new Map<string, { name: string; container?: string; codeShaped: boolean }>();
  for (const match of text.matchAll(QUALIFIED)) {
    const word = match[0].replace(/\.$/, '');
    const parts = word.split('.');
    const called = text[(match.index ?? 0) + match[0].length] === '(';
    const codeShaped = ticked.has(word) || called || parts.length > 1 || /\p{Ll}\p{Lu}|_|\p{L}\d/u.test(word) || /^\p{Lu}\p{Ll}+\p{Lu}/u.test(word);
    const last = parts[parts.length - 1]!;
    if (last.length < 2) continue;
    const candidates = parts.length > 1 ? [{ name: last, container: parts[parts.length - 2] }, { name: last }] : [{ name: last }];
    for (const candidate of candidates) {
      const key = `${candidate.container ?? ''}.${candidate.name}`;
      const known = out.get(key);
      out.set(key, { ...candidate, codeShaped: codeShaped || (known?.codeShaped ?? false) });
    }
  }
  return [...out.values()];
}
