import { languageModule } from '../../../syntax/modules.js';
import { dirOf } from '../../../syntax/manifests.js';
import type { Declaration } from '../../../syntax/declarations.js';
import type { DeclarationRef, FileRecord, WorkspaceIndex } from '../../index/workspace-index.js';
import { candidateOf } from './import-scope.js';
import { memberKey } from '../../index/usage.js';
import type { Candidate, SourceInput } from './types.js';
import { topK } from '../../../util/top-k.js';
import { buildWeights, oneRankedVariantEach } from '../buildable.js';
import { perRevision } from './per-revision.js';
import { runSteps, type Steps } from '../../../util/steps.js';

const IMPORTED_BASE = 0.3;
const PACKAGE_BASE = 0.25;
/** Score left to a declaration no file uses, so declaration order still breaks ties among them. */
const UNUSED_FLOOR = 0.08;
/** Functions and types first: they are what a completion calls or constructs. */
const KIND_WEIGHT: Record<string, number> = { function: 1, type: 0.9, interface: 0.9, class: 1, method: 0.6, enum: 0.7, constant: 0.4, variable: 0.5 };
/**
 * Go does not compile a file with an unused import (and Python's linters flag one), so an import
 * nothing in the file uses yet is one the code being written is about to use (the user wrote the
 * import first, or is rewriting the line that used it): its API ranks higher.
 */
const PENDING_IMPORT_BOOST = 2;
const PENDING_IMPORT_CAP = 0.6;
/**
 * A module's n-th most used name counts as less likely the further down its API it is: the file
 * counts saturate (usedBy), so `os`'s forty names used by twenty files or more all scored within a
 * tenth of `os.Exit`, and a file importing eight packages filled the budget's tail with each one's
 * twentieth name before any same-package function or method the code calls.
 */
const API_RANK_SCALE = 8;
/**
 * The same fall with rank for the current package's own names, gentler: in a large package (runtime,
 * the compiler's ssa) a hundred names are used by twenty files or more and all scored within a tenth
 * of the first, so its tail filled the budget's end before a definition or an imported name the code
 * calls (go-stdlib recall@1024 1,065 -> 1,072 of 1,162; urfave-cli, one package whose API is the package
 * ranking's head, 187 -> 186 at this scale, 183 at 32-64).
 */
const PACKAGE_RANK_SCALE = 150;
/** More than a full budget's worth: a source's tail can never be packed, so it is not rendered. */
const MAX_CANDIDATES = 200;

/** What the two sources read of a gather's input: not the cursor (a gather's focus is passed, and left alone). */
type FileInput = Pick<SourceInput, 'index' | 'file' | 'languageId' | 'scope'> & Partial<Pick<SourceInput, 'focus'>>;

interface Scored {
  ref: DeclarationRef;
  score: number;
}

/**
 * The exported API of the files the current file imports, below the definitions the cursor's
 * function names. A module imported whole (a Go package, Python's `import re`, TS's `import * as
 * ns`) is used as `q.name`, so its declarations are ranked by how many files of the workspace use
 * them (`fmt.Sprintf` before `fmt.Sscan`, `re.compile` before `re.template`); files whose names are
 * imported one by one (TS/JS, Python's `from … import`) by declaration order.
 */
export function importedApiCandidates(input: FileInput): Candidate[] {
  // It reads the file's imports and uses and the imported files, not the cursor: the scope is the file's at this revision.
  return perRevision(input.index, `imports:${input.languageId}:${input.file}`, () => importedApiOf(input));
}

function importedApiOf(input: FileInput): Candidate[] {
  const { index, file } = input;
  const { scope } = input;
  const scored: Scored[] = [];
  const used = usedQualifiers(index, file);
  const whole = new Set<string>();
  for (const [qualifier, files] of scope.namespaces) {
    if (files.includes(file)) continue;
    for (const target of files) whole.add(target);
    const ranked = namespaceRanking(index, file, qualifier, files);
    if (used.has(qualifier)) scored.push(...ranked);
    else scored.push(...ranked.map((entry) => ({ ref: entry.ref, score: Math.min(PENDING_IMPORT_CAP, entry.score * PENDING_IMPORT_BOOST) })));
  }
  const packages = languageModule(input.languageId)?.packages;
  if (!packages?.importsPackages && !packages?.exportsEveryName) {
    scope.files.forEach((target, fileRank) => {
      if (target === file || whole.has(target)) return;
      exportedOf(index, target).forEach((declaration, i) => {
        const order = 1 / (1 + i / 16) / (1 + fileRank / 8);
        scored.push({ ref: { file: target, declaration }, score: IMPORTED_BASE * kindWeight(declaration) * order });
      });
    });
  }
  return best(scored, 'imports');
}

/** Go: declarations of the other (non-test) files of the current package, ranked by how many of its files call them. */
export function samePackageCandidates(input: FileInput): Candidate[] {
  if (!languageModule(input.languageId)?.packages.sharedPackageScope) return [];
  return perRevision(input.index, `package:${input.languageId}:${input.file}`, () => samePackageOf(input.index, input.file));
}

function samePackageOf(index: WorkspaceIndex, file: string): Candidate[] {
  const ranked = index.memo(packageKey(index, file), [dirOf(file)], () => rankPackageOf(index, file));
  const affinity = fileAffinity(index, file);
  const scored = ranked.filter((entry) => entry.ref.file !== file).map((entry) => ({ ref: entry.ref, score: entry.score * (1 + (affinity.get(entry.ref.file) ?? 0)) }));
  // The best few in order (topK), then their fall with rank: it keeps the order, so no other could pass them.
  return topK(scored, MAX_CANDIDATES, byScore).map(({ ref, score }, rank) => candidateOf(ref, score / (1 + rank / PACKAGE_RANK_SCALE), 'package'));
}

/**
 * How much the current file already leans on each sibling file (0 to 1): the share of its calls
 * that land there. What a function calls next is often declared beside what it called before.
 */
function fileAffinity(index: WorkspaceIndex, file: string): Map<string, number> {
  return runSteps(fileAffinitySteps(index, file));
}

export function* fileAffinitySteps(index: WorkspaceIndex, file: string): Steps<Map<string, number>> {
  // It reads the file's uses (its record: a new one on every re-index, even of a body) and its
  // package's declarations (the directory's memo version), so it is kept per record while the
  // directory stands, and worked out when the file is re-ranked, not on the keystroke path.
  const record = index.file(file);
  if (!record) return new Map();
  const byRecord = index.memo(`affinity:${file}`, [dirOf(file)], () => new WeakMap<FileRecord, Map<string, number>>());
  let affinity = byRecord.get(record);
  if (!affinity) byRecord.set(record, (affinity = yield* affinitySteps(index, file)));
  return affinity;
}

/** Uses looked up between two steps: a name many packages declare (`String`, `New`) has a long list. */
const USES_PER_STEP = 200;

function* affinitySteps(index: WorkspaceIndex, file: string): Steps<Map<string, number>> {
  const counts = new Map<string, number>();
  let looked = 0;
  for (const use of index.file(file)?.uses ?? []) {
    if (++looked % USES_PER_STEP === 0) yield;
    if (use.includes('.')) continue;
    for (const ref of index.declarationsNamed(use)) {
      if (ref.file !== file && !ref.declaration.container && index.inSamePackage(file, ref.file)) counts.set(ref.file, (counts.get(ref.file) ?? 0) + 1);
    }
  }
  return new Map([...counts].map(([path, count]) => [path, count / (count + 3)]));
}

/** The package qualifiers the file's text uses (`fmt` in `fmt.Println`), from its index record. */
function usedQualifiers(index: WorkspaceIndex, file: string): Set<string> {
  const used = new Set<string>();
  for (const use of index.file(file)?.uses ?? []) {
    const dot = use.indexOf('.');
    if (dot > 0) used.add(use.slice(0, dot));
    // `urllib.parse.urlsplit`: the dotted namespace `urllib.parse` is used too.
    const last = use.lastIndexOf('.');
    if (last > dot) used.add(use.slice(0, last));
  }
  return used;
}

/**
 * A module imported whole, ranked (memoised until its directory changes). Popularity counts the uses
 * through the local qualifier and through the module's own name: `import stat as st` in one file
 * and `stat.S_ISDIR` in forty others make S_ISDIR popular for `st` too.
 */
function namespaceRanking(index: WorkspaceIndex, file: string, qualifier: string, files: readonly string[]): Scored[] {
  return runSteps(namespaceRankingSteps(index, file, qualifier, files));
}

/** The ranking of a module imported whole, memoised per directory: the warm-up works it out in steps. */
export function* namespaceRankingSteps(index: WorkspaceIndex, file: string, qualifier: string, files: readonly string[]): Steps<Scored[]> {
  const qualifiers = [qualifier];
  for (const entry of index.file(file)?.imports ?? []) {
    if (entry.namespace !== qualifier) continue;
    const own = /[^./]+$/.exec(entry.source)?.[0];
    if (own && !qualifiers.includes(own)) qualifiers.push(own);
  }
  const builds = buildWeights(index, file, files);
  const key = `imported:${qualifiers.join(',')}:${files[0]}:${builds.key}`;
  const dirs = [dirOf(files[0] ?? '')];
  const known = index.memoized<Scored[]>(key, dirs);
  if (known !== undefined) return known;
  const ranked = yield* rankImportedSteps(index, qualifiers, files, builds.weight);
  return index.memo(key, dirs, () => ranked);
}

function* rankImportedSteps(index: WorkspaceIndex, qualifiers: readonly string[], files: readonly string[], weight: (path: string) => number): Steps<Scored[]> {
  const scored: Scored[] = [];
  let unyielded = 0;
  // What a used name's rank may take it down to: an unused name's floor, so no unused name passes a used one.
  const floors = new Map<Scored, number>();
  for (const target of files) {
    if ((unyielded += index.file(target)?.declarations.length ?? 0) > SCORED_PER_STEP) {
      unyielded = 0;
      yield;
    }
    let order = 0;
    for (const declaration of index.file(target)?.declarations ?? []) {
      if (declaration.container) continue;
      const popularity = usedBy(Math.max(...qualifiers.map((qualifier) => index.usage.qualifiedUses(qualifier, declaration.name))));
      if (!declaration.exported && popularity === 0) continue;
      const floor = declaration.exported ? UNUSED_FLOOR / (1 + order++ / 16) : 0;
      const base = IMPORTED_BASE * kindWeight(declaration) * weight(target);
      const entry = { ref: { file: target, declaration }, score: base * Math.max(popularity, floor) };
      if (popularity > floor) floors.set(entry, base * UNUSED_FLOOR);
      scored.push(entry);
    }
  }
  yield;
  const variants = yield* oneRankedVariantEach(index, scored);
  yield;
  let rank = 0;
  return top(variants, MAX_CANDIDATES).map((entry) => {
    const floor = floors.get(entry);
    return floor === undefined ? entry : { ...entry, score: Math.max(floor, entry.score / (1 + rank++ / API_RANK_SCALE)) };
  });
}

/** The package's (directory and package clause) memo key: a generator beside it has its own. */
export function packageKey(index: WorkspaceIndex, file: string): string {
  return `package:${dirOf(file)}:${index.file(file)?.packageName ?? ''}:${buildWeights(index, file, index.filesInDir(dirOf(file))).key}`;
}

function rankPackageOf(index: WorkspaceIndex, file: string): Scored[] {
  return runSteps(rankPackageSteps(index, file));
}

/** Declarations of a package scored between two steps: runtime's ranking scores thousands. */
const SCORED_PER_STEP = 400;

export function* rankPackageSteps(index: WorkspaceIndex, file: string): Steps<Scored[]> {
  const dir = dirOf(file);
  const scored: Scored[] = [];
  const { weight } = buildWeights(index, file, index.filesInDir(dir));
  let unyielded = 0;
  for (const sibling of index.filesInDir(dir)) {
    if (!index.inSamePackage(file, sibling)) continue;
    const declarations = index.file(sibling)?.declarations ?? [];
    declarations.forEach((declaration, i) => {
      // A method is called on values (`x.Name(`), never by its bare name.
      const popularity = usedBy(index.usage.usesInDir(dir, declaration.container ? memberKey(declaration.name) : declaration.name));
      scored.push({ ref: { file: sibling, declaration }, score: PACKAGE_BASE * kindWeight(declaration) * Math.max(popularity, UNUSED_FLOOR / (1 + i / 16)) * weight(sibling) });
    });
    if ((unyielded += declarations.length) < SCORED_PER_STEP) continue;
    unyielded = 0;
    yield;
  }
  yield;
  const variants = yield* oneRankedVariantEach(index, scored);
  yield;
  // Deeper than one budget needs: the current file's own declarations are dropped later, and
  // the files it leans on are boosted from below.
  return top(variants, MAX_CANDIDATES * 5);
}

function exportedOf(index: WorkspaceIndex, file: string): Declaration[] {
  return index.file(file)?.declarations.filter((declaration) => declaration.exported && !declaration.container) ?? [];
}

/**
 * The best-scored few as candidates; only those are rendered. Selected as a stable sort cut to the
 * few would (topK), without sorting the whole of what the imported packages' APIs scored.
 */
function best(scored: Scored[], source: 'imports' | 'package'): Candidate[] {
  return topK(scored, MAX_CANDIDATES, byScore).map(({ ref, score }) => candidateOf(ref, score, source));
}

function top(scored: Scored[], count: number): Scored[] {
  return [...scored].sort(byScore).slice(0, count);
}

function byScore(a: Scored, b: Scored): number {
  return b.score - a.score || (a.ref.file < b.ref.file ? -1 : a.ref.file > b.ref.file ? 1 : a.ref.declaration.line - b.ref.declaration.line);
}

/** 0 for no users, rising towards 1 with more. */
function usedBy(files: number): number {
  return files / (files + 4);
}

function kindWeight(declaration: Declaration): number {
  return KIND_WEIGHT[declaration.kind] ?? 0.5;
}
