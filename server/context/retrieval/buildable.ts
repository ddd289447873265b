import { languageModule } from '../../syntax/modules.js';
import { dirOf } from '../../syntax/manifests.js';
import type { DeclarationRef, WorkspaceIndex } from '../index/workspace-index.js';
import type { Candidate } from './sources/types.js';
import type { Steps } from '../../util/steps.js';

/**
 * What a declaration from a file that is never built with the current one is worth, against its
 * score. It is not dropped: its platform's own variant may be in a file the index leaves out
 * (generated: syscall's zsyscall_plan9_386.go), and then another platform's shows the signature.
 */
export const OTHER_BUILD_FACTOR = 0.5;

/**
 * Whether a file can be built together with the current one, as its language says (Go's file-name
 * suffixes and `//go:build` lines): `lookup_plan9.go` is never compiled with `lookup_windows.go`.
 * Asked once per file a gather meets.
 */
export function buildableWith(index: WorkspaceIndex, file: string): (path: string) => boolean {
  const record = index.file(file);
  const together = record && languageModule(record.languageId)?.packages.buildTogether;
  if (!record || !together) return () => true;
  const current = { path: file, constraint: record.buildConstraint };
  const known = new Map<string, boolean>();
  return (path) => {
    let answer = known.get(path);
    if (answer === undefined) {
      const other = index.file(path);
      answer = other === undefined || other.languageId !== record.languageId || together(current, { path, constraint: other.buildConstraint });
      known.set(path, answer);
    }
    return answer;
  };
}

/**
 * The candidates, those from files never built with the current one worth less, and left out where a
 * file that is built with it declares the same name in the same package (`func nanotime1()` of
 * os_linux.go for a linux file, not those of os_darwin.go and os_windows.go).
 */
export function buildableCandidates(index: WorkspaceIndex, file: string, candidates: readonly Candidate[]): Candidate[] {
  if (!checksBuilds(index, file)) return [...candidates];
  const buildable = buildableWith(index, file);
  // Arrays beside the candidates, not maps keyed by them: a line of go-stdlib brings up to a thousand.
  const variants = candidates.map(variantOf);
  const other = candidates.map((candidate) => candidate.source !== 'environment' && !buildable(candidate.path));
  const own = new Set<string>();
  candidates.forEach((_, i) => other[i] || own.add(variants[i]!));
  const kept: Candidate[] = [];
  const keptVariants: string[] = [];
  candidates.forEach((candidate, i) => {
    if (other[i] && own.has(variants[i]!)) return;
    kept.push(other[i] ? { ...candidate, score: candidate.score * OTHER_BUILD_FACTOR } : candidate);
    keptVariants.push(variants[i]!);
  });
  return oneVariantEach(index, kept, keptVariants);
}

/** Whether the file's language tells which files are built together (Go): for the others nothing here applies. */
function checksBuilds(index: WorkspaceIndex, file: string): boolean {
  const record = index.file(file);
  return record !== undefined && languageModule(record.languageId)?.packages.buildTogether !== undefined;
}

/**
 * One platform's variant of a declaration (the best scored): os_linux.go's, os_darwin.go's and
 * os_windows.go's `func nanotime1()` tell the model the same, and each took a place in the budget.
 * Only files no build holds together are variants (as the language says); the same name in files
 * that are built together is another declaration. `variants` holds each candidate's variant, by position.
 */
function oneVariantEach(index: WorkspaceIndex, candidates: readonly Candidate[], variants: readonly string[]): Candidate[] {
  const best = new Map<string, Candidate>();
  candidates.forEach((candidate, i) => {
    if (candidate.source === 'environment') return;
    const known = best.get(variants[i]!);
    if (!known || known.score < candidate.score) best.set(variants[i]!, candidate);
  });
  const withFile = new Map<string, (path: string) => boolean>();
  return candidates.filter((candidate, i) => {
    const chosen = candidate.source === 'environment' ? undefined : best.get(variants[i]!);
    if (!chosen || chosen.path === candidate.path) return true;
    let withChosen = withFile.get(chosen.path);
    if (!withChosen) withFile.set(chosen.path, (withChosen = buildableWith(index, chosen.path)));
    return withChosen(candidate.path);
  });
}

/** A declaration's name in its directory (`runtime:.nanotime1`): its variants for other platforms share it. */
function variantOf(candidate: Candidate): string {
  const { key } = candidate;
  const colon = key.indexOf(':', key.lastIndexOf('#'));
  return `${dirOf(candidate.path)}${colon < 0 ? `\0${key}` : key.slice(colon)}`;
}

/**
 * How much each of a package's files counts for the current file (1, or {@link OTHER_BUILD_FACTOR}
 * for a file never built with it), and a key naming the latter ('' when there are none): a ranking of
 * the package for a platform file is memoised apart from the whole package's, so the other platforms'
 * variants of a name (syscall's `Close` in every zsyscall_*.go) do not fill the head of the ranking
 * and push the current platform's own out of it.
 */
export function buildWeights(index: WorkspaceIndex, file: string, files: readonly string[]): { weight: (path: string) => number; key: string } {
  const buildable = buildableWith(index, file);
  const others = files.filter((path) => !buildable(path));
  if (others.length === 0) return { weight: () => 1, key: '' };
  return { weight: (path) => (buildable(path) ? 1 : OTHER_BUILD_FACTOR), key: others.join(',') };
}

/**
 * A ranking with one platform's variant of each declaration, the best scored ({@link oneVariantEach}
 * for a source's ranked declarations): cut to its head, a package's ranking otherwise held syscall's
 * `Iovec` eight times and left the budget half empty once the variants were dropped.
 */
export function* oneRankedVariantEach<T extends { ref: DeclarationRef; score: number }>(index: WorkspaceIndex, ranked: readonly T[]): Steps<T[]> {
  if (ranked.length === 0 || !checksBuilds(index, ranked[0]!.ref.file)) return [...ranked];
  const keys = new Map<T, string>(ranked.map((entry) => [entry, `${dirOf(entry.ref.file)}:${entry.ref.declaration.container ?? ''}.${entry.ref.declaration.name}`]));
  const best = new Map<string, T>();
  for (const entry of ranked) {
    const known = best.get(keys.get(entry)!);
    if (!known || known.score < entry.score) best.set(keys.get(entry)!, entry);
  }
  const variants = new Map<string, (path: string) => boolean>();
  const kept: T[] = [];
  let checked = 0;
  for (const entry of ranked) {
    // Each check reads build constraints: a large package with many platform files took 10–60 ms in one piece.
    if (++checked % VARIANTS_PER_STEP === 0) yield;
    const chosen = best.get(keys.get(entry)!)!;
    if (chosen.ref.file === entry.ref.file) {
      kept.push(entry);
      continue;
    }
    let withChosen = variants.get(chosen.ref.file);
    if (!withChosen) variants.set(chosen.ref.file, (withChosen = buildableWith(index, chosen.ref.file)));
    if (withChosen(entry.ref.file)) kept.push(entry);
  }
  return kept;
}

/** Entries checked between two steps of oneRankedVariantEach. */
const VARIANTS_PER_STEP = 256;
