import { languageModule } from '../../../syntax/modules.js';
import { dirOf } from '../../../syntax/manifests.js';
import type { WorkspaceIndex } from '../../index/workspace-index.js';
import { runSteps, runStepsInSlices, type Steps } from '../../../util/steps.js';
import { callTally } from './call-tally.js';
import { definitionWarmSteps } from './definitions-warm.js';
import { keepFileNamesSteps } from './file-names.js';
import { readDeclaredTypesAhead } from './declared-types.js';
import { importScope } from './import-scope.js';
import { fileAffinitySteps, importedApiCandidates, namespaceRankingSteps, packageKey, rankPackageSteps, samePackageCandidates } from './imported-api.js';
import { rankingsCurrent } from './method-rankings.js';
import { typesCurrent } from './value-types.js';

/**
 * Ranks every Go package and every module imported whole once, after the index is built, so the
 * first completion in a package does not pay for it on the keystroke path. In slices of a few
 * milliseconds (a large package's ranking took 10–60 ms in one piece); a file whose ranking an update
 * interrupts is left to that update's own re-rank, so nothing is kept that was worked out across two
 * states of the index.
 */
export async function warmRankings(index: WorkspaceIndex): Promise<void> {
  await runStepsInSlices(allRankingSteps(index), { sliceMs: WARM_SLICE_MS });
}

/** How long the warm-up holds the event loop between turns. */
const WARM_SLICE_MS = 8;

function* allRankingSteps(index: WorkspaceIndex): Steps<void> {
  for (const record of [...index.records()]) {
    const at = index.revision;
    const work = rankingSteps(index, record.path);
    for (let step = work.next(); !step.done; step = work.next()) {
      yield;
      if (index.revision !== at) break;
    }
  }
}

/**
 * Ranks the package of one file and the packages it imports, where an edit left them stale, all at once (see
 * rerankSteps): the benchmarks' re-rank turn, and the build's warm-up. `text`: the file's, when it is open.
 */
export function warmRankingsFor(index: WorkspaceIndex, file: string, text?: string): void {
  runSteps(rerankSteps(index, file, text));
}

/**
 * What the server works out right after re-indexing a file, off the keystroke path, so the next completion only reads
 * it: its package's ranking and the packages it imports, its candidates of the imported-API and same-package sources,
 * its functions' calls as the call graph counts them, its BM25 chunks, its resolved imports, what the gathers'
 * caches kept across the update dropped of what it made stale, the definitions source's first visits to what the
 * file names (see definitionWarmSteps), and, when the file is open (`text`), the declared types of its text read
 * ahead (see readDeclaredTypesAhead) and its uses of names (see fileNamesSteps). As steps, so no turn of the event loop holds it long; an
 * update while they run stops them (that update's own re-rank does the work again, from what is current then), so
 * nothing is kept that was worked out across two states of the index.
 */
export function* rerankSteps(index: WorkspaceIndex, file: string, text?: string): Steps<void> {
  const at = index.revision;
  // Each cache's catch-up with the update, and the file's imports, in a step of its own (together up to 4 ms after a burst of typing).
  for (const catchUp of [() => typesCurrent(index), () => rankingsCurrent(index), () => index.importedFiles(file)]) {
    catchUp();
    yield;
    if (index.revision !== at) return;
  }
  const languageId = index.file(file)?.languageId;
  const readAhead = text === undefined || languageId === undefined ? [] : [readDeclaredTypesAhead(text, languageId), keepFileNamesSteps(index, file, languageId, text)];
  for (const work of [rankingSteps(index, file), definitionWarmSteps(index, file), ...readAhead]) {
    for (let step = work.next(); !step.done; step = work.next()) {
      yield;
      if (index.revision !== at) return;
    }
  }
}

/** The rankings and candidates of rerankSteps, which the build's warm-up works out for every file. */
function* rankingSteps(index: WorkspaceIndex, file: string): Steps<void> {
  if (languageModule(index.file(file)?.languageId ?? '')?.packages.sharedPackageScope) {
    const key = packageKey(index, file);
    const dirs = [dirOf(file)];
    if (index.memoized(key, dirs) === undefined) {
      const ranked = yield* rankPackageSteps(index, file);
      index.memo(key, dirs, () => ranked);
    }
    yield;
    yield* fileAffinitySteps(index, file);
  }
  const scope = importScope(index, file);
  for (const [qualifier, files] of scope.namespaces) {
    yield;
    yield* namespaceRankingSteps(index, file, qualifier, files);
  }
  // The file's candidates of both sources too, in the language the index read it in (a request naming another misses them).
  const languageId = index.file(file)?.languageId;
  if (languageId !== undefined) {
    yield;
    importedApiCandidates({ index, file, languageId, scope });
    yield;
    samePackageCandidates({ index, file, languageId, scope });
  }
  yield;
  // Its functions' calls as the call graph's tally counts them, so a gather reads only lists of callers it met before.
  callTally(index).warm((index.file(file)?.declarations ?? []).map((declaration) => declaration.calls));
  // The updated file's BM25 chunks too; after a build, thousands pending are left to the sliced warm-up.
  yield* index.searchSteps(UPDATE_CHUNKS);
}

/** More pending BM25 chunks than one large file declares: a build's, not an update's. */
const UPDATE_CHUNKS = 2000;
