import { LRUCache } from 'lru-cache';
import type { ContextProvider, ContextRequest, RepositoryContext } from '../../core/context-provider.js';
import type { Settings } from '../../config/schema.js';
import type { DocumentStore } from '../../documents/document-store.js';
import type { Logger } from '../../util/logger.js';
import { environmentSnippet } from '../../syntax/environment.js';
import { focusAt } from './focus.js';
import { linesNear } from '../../core/line-walk.js';
import { dirOf } from '../../syntax/manifests.js';
import { packCandidates } from './packing.js';
import { buildableCandidates } from './buildable.js';
import { callGraphSteps } from './sources/call-graph.js';
import { definitionSteps } from './sources/definitions.js';
import { importedApiCandidates, samePackageCandidates } from './sources/imported-api.js';
import { importScope } from './sources/import-scope.js';
import { lexicalCandidates } from './sources/lexical.js';
import type { RecentRegions } from './sources/recent.js';
import type { Candidate, SourceInput } from './sources/types.js';
import { isTestFile as isLanguageTestFile } from '../../syntax/test-files.js';
import { languageModule, moduleForPath } from '../../syntax/modules.js';
import { locateFile, type WorkspaceIndex } from '../index/workspace-index.js';
import { asSteps, runSteps, runStepsInSlices, type SliceOptions, type Steps } from '../../util/steps.js';

/** Test files are invisible to the code they test (Go does not even compile them into the package). */
export function isTestFile(path: string): boolean {
  return isLanguageTestFile(path);
}

/** The environment manifest ranks below definitions the cursor uses, above the tail of imported APIs. */
const ENVIRONMENT_SCORE = 0.15;

/**
 * Context sources in the order they run, as steps (the longest ones yield inside themselves, so the gather
 * can give the event loop a turn in the middle of one); when time runs out the later ones are not asked.
 */
const SOURCE_STEPS: ReadonlyArray<(input: SourceInput) => Steps<Candidate[]>> = [
  definitionSteps,
  callGraphSteps,
  asSteps(importedApiCandidates),
  asSteps(samePackageCandidates),
  asSteps(lexicalCandidates),
];

/** The same sources, each run at once. */
export const SOURCES: ReadonlyArray<(input: SourceInput) => Candidate[]> = SOURCE_STEPS.map((steps) => (input: SourceInput) => runSteps(steps(input)));

export interface RepositoryContextDeps {
  indexes: () => readonly WorkspaceIndex[];
  documents: DocumentStore;
  recent: RecentRegions;
  settings: () => Settings;
  logger: Logger;
  /** How gather() slices its work (tests pass a clock of their own). */
  slices?: SliceOptions;
}

/**
 * The completion engine's repository context: runs the sources over the index, packs the best
 * snippets into the token budget, and keeps the result while the cursor stays in the same
 * function and nothing it depends on changes, so the prompt's head is byte-identical between
 * keystrokes and the model server reuses its KV cache.
 */
export class RepositoryContextProvider implements ContextProvider {
  private readonly packed = new LRUCache<string, RepositoryContext>({ max: 64 });
  /** Every finished gather by place, whole or cut short by its time cap: the fallback of a request that misses the cap. */
  private readonly finished = new LRUCache<string, RepositoryContext>({ max: 64 });
  /** The place (the `packed` key) each document's latest request asks about. */
  private readonly asking = new LRUCache<string, string>({ max: 64 });

  constructor(private readonly deps: RepositoryContextDeps) {}

  /** Forgets packed results (the settings changed). */
  clear(): void {
    this.packed.clear();
    this.finished.clear();
  }

  fallback(uri: string): RepositoryContext | undefined {
    const key = this.asking.get(uri);
    return key === undefined ? undefined : this.finished.get(key);
  }

  /**
   * Gathers once for each open document (at its middle), right after an index build: every source
   * then runs once off the keystroke path, so the first completion does not pay first-use costs
   * (compiling, rankings, lazy tables) past its time cap. In slices, as a completion's gather, one document
   * after another: each could hold the thread up to its 1,000 ms cap, and the editor may be typing meanwhile.
   */
  async warm(): Promise<void> {
    const { budgetTokens } = this.deps.settings().context;
    for (const entry of this.deps.documents.all()) {
      const text = entry.document.getText();
      if (!entry.language) continue;
      await this.gather({
        uri: entry.uri,
        text,
        offset: Math.floor(text.length / 2),
        languageId: entry.language.id,
        budgetTokens,
        timeoutMs: 1000,
        signal: new AbortController().signal,
        // A tree not parsed for the current text is not parsed for a warm-up (on a 5,000-line file, 50-400 ms on
        // the thread that answers the editor): the region is then a block of lines, which warms the sources as well.
        enclosing: entry.parsedTree ? undefined : {},
      });
    }
  }

  /**
   * Gathers for a completion in slices of a few milliseconds, giving the event loop a turn between them, so a
   * keystroke that arrives meanwhile is read at once instead of after the whole gather. The time cap counts the
   * turns: it still bounds the answer. The result is gatherNow's.
   */
  async gather(request: ContextRequest): Promise<RepositoryContext | undefined> {
    return runStepsInSlices(this.steps(request), this.deps.slices);
  }

  /** The same gather at once (code actions, benchmarks). */
  gatherNow(request: ContextRequest): RepositoryContext | undefined {
    return runSteps(this.steps(request));
  }

  /**
   * The gather as steps: between sources, inside the long ones, and before packing. A cancelled request stops
   * at the next step with nothing gathered.
   */
  private *steps(request: ContextRequest): Steps<RepositoryContext | undefined> {
    const started = performance.now();
    const settings = this.deps.settings().context;
    if (!settings.enabled) return undefined;
    const located = this.locate(request.uri);
    if (!located) return undefined;
    const { index, file } = located;
    const base = { snippets: [], filePath: file, repoName: index.name };
    if (request.budgetTokens <= 0) return base;
    const entry = this.deps.documents.get(request.uri);
    const current = entry && entry.document.getText() === request.text ? entry : undefined;
    // With the region already found (by the syntax worker), no tree is read here: no parse on the keystroke path.
    const focus = focusAt({
      text: request.text,
      offset: request.offset,
      line: request.line,
      tree: request.enclosing ? undefined : (request.tree ?? current?.tree),
      enclosing: request.enclosing,
      languageId: request.languageId,
    });
    if (index.exclusion(file) === undefined)
      this.deps.recent.record(file, (from, to) => linesNear(focus.text, { line: focus.cursorLine, start: focus.cursorLineStart }, from, to), focus.cursorLine, 'view');
    const key = [request.uri, focus.contextKey, index.generation, this.deps.recent.signature(file), request.budgetTokens, request.documented === true].join('|');
    const hit = this.packed.get(key);
    if (hit) return hit;
    this.asking.set(request.uri, key);
    yield;

    const timeoutMs = request.timeoutMs ?? settings.gatherTimeoutMs;
    const deadline = started + timeoutMs;
    const input: SourceInput = { index, file, languageId: request.languageId, focus, scope: importScope(index, file) };
    const candidates = [...this.deps.recent.candidates(file), ...environmentCandidates(index, file, request.languageId)];
    if (request.signal.aborted) return base;
    let timedOut = false;
    for (const [i, source] of SOURCE_STEPS.entries()) {
      // The first source (the definitions of what the cursor's function names) always runs: a first
      // request on a cold process must not go out with no context at all. Past the deadline the
      // later sources are skipped and what was gathered is packed.
      if (i > 0) yield;
      if (i > 0 && (performance.now() > deadline || request.signal.aborted)) {
        if (request.signal.aborted) return base;
        this.deps.logger.debug(`repository context for ${file} ran out of its ${timeoutMs} ms; packing the first ${i} sources' snippets`);
        timedOut = true;
        break;
      }
      const found = yield* untilAborted(source(input), request.signal);
      if (!found) return base;
      candidates.push(...found);
    }
    const usable = yield* reachable(index, file, input.scope.files, candidates);
    yield;
    if (request.signal.aborted) return base;
    const result: RepositoryContext = { ...base, snippets: packCandidates(usable, request.budgetTokens, { documented: request.documented }) };
    this.finished.set(key, result);
    // A partial result is not served as a hit: the next request, with the process warm, gathers it whole (and has
    // this one to fall back on if it misses the cap too).
    if (timedOut) return result;
    this.packed.set(key, result);
    return result;
  }

  private locate(uri: string): { index: WorkspaceIndex; file: string } | undefined {
    return locateFile(this.deps.indexes(), uri);
  }
}

/** The environment manifest's snippet (go.mod, package.json, pyproject.toml …) governing the file, as a candidate. */
function environmentCandidates(index: WorkspaceIndex, file: string, languageId: ContextRequest['languageId']): Candidate[] {
  const environment = index.environmentOf(dirOf(file), languageId);
  const snippet = environment && environmentSnippet(environment);
  return snippet ? [{ key: `env:${snippet.path}`, path: snippet.path, line: -1, content: snippet.content, score: ENVIRONMENT_SCORE, source: 'environment' }] : [];
}

/** A source's steps, stopped at the first step after the request was cancelled (undefined then). */
function* untilAborted<T>(steps: Steps<T>, signal: AbortSignal): Steps<T | undefined> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    yield;
    if (signal.aborted) {
      steps.return(undefined as T);
      return undefined;
    }
  }
}

/** The candidates of a gather the current file may use (see reachable), at once: the benchmarks time this step alone. */
export function reachableCandidates(index: WorkspaceIndex, file: string, imported: readonly string[], candidates: readonly Candidate[]): Candidate[] {
  return runSteps(reachable(index, file, imported, candidates));
}

/**
 * Candidates the current file may use: not test files (unless it is one; Go does not even compile
 * them into the package), and only files of its own language or files it imports, so a Go file's
 * prompt never carries TypeScript declarations from elsewhere in the repository; and only files
 * that can be built with it (not `x_windows.go` for `x_plan9.go`).
 */
function* reachable(index: WorkspaceIndex, file: string, imported: readonly string[], candidates: readonly Candidate[]): Steps<Candidate[]> {
  const own = moduleForPath(file);
  const testing = isTestFile(file);
  const importedSet = new Set(imported);
  // By path, once a gather: the hundreds of candidates come from a few dozen files.
  const byPath = new Map<string, boolean>();
  const usablePath = (path: string): boolean => {
    if (!testing && isTestFile(path)) return false;
    if (path === file) return true;
    const language = index.file(path)?.languageId;
    return (language !== undefined ? languageModule(language) : moduleForPath(path)) === own || importedSet.has(path);
  };
  const usable = (candidate: Candidate): boolean => {
    // The environment manifest is kept unless it is a test file's (never so, but the order of the checks is kept).
    if (candidate.source === 'environment') return testing || !isTestFile(candidate.path);
    let answer = byPath.get(candidate.path);
    if (answer === undefined) byPath.set(candidate.path, (answer = usablePath(candidate.path)));
    return answer;
  };
  const kept: Candidate[] = [];
  const buildable = buildableCandidates(index, file, candidates);
  for (let i = 0; i < buildable.length; i++) {
    if (i % REACHABLE_PER_STEP === REACHABLE_PER_STEP - 1) yield;
    if (usable(buildable[i]!)) kept.push(buildable[i]!);
  }
  return kept;
}
/** Candidates checked between two steps: a line of go-stdlib has up to a thousand. */
const REACHABLE_PER_STEP = 64;
