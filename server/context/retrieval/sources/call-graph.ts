import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { languageModule } from '../../../syntax/modules.js';
import { topK } from '../../../util/top-k.js';
import { memberKey } from '../../index/usage.js';
import { candidateOf, importedOrBeside } from './import-scope.js';
import { resolveCall } from './call-resolution.js';
import type { Candidate, SourceInput } from './types.js';
import { localTypes } from './local-types.js';
import { callTally, type CallTally } from './call-tally.js';
import { callWork, type CallScratch, type CallWork, type IdSums } from './call-votes.js';
import { runSteps, type Steps } from '../../../util/steps.js';

/** Scores reach this at most: the definitions of names on the cursor's own line stay first. */
const MAX_SCORE = 0.9;
/** Similar functions whose calls vote. */
const NEIGHBOURS = 24;
/** A callee called from more functions than this says little about any one of them, and its list is long to walk. */
const MAX_CALLERS = 500;
/** Callers visited in all while finding the neighbours. */
const MAX_VISITS = 3000;
/** A function of the same name elsewhere (a platform variant, another type's method of an interface) counts as this many rare shared calls. */
const SAME_NAME_BONUS = 2;
/** The votes of what follows the call above the cursor (and precedes the one below) elsewhere, against the neighbours' total. */
const SEQUENCE_WEIGHT = 2;
const MAX_CANDIDATES = 40;
/** Co-occurrence chances are counted as n / (callers + this), so a lone caller proves little. */
const SMOOTHING = 4;
/** The first so many callers of a call estimate how often they make each other call well enough; counting them all would not fit the keystroke path. */
const COOCCURRENCE_SAMPLE = 50;
const COOCCURRENCE_VISITS = 500;
/**
 * Co-occurrence votes against the neighbours' (whose total is 1): at full weight its guesses
 * crowded rxjs's imported definitions out of small budgets (recall@512 96 → 90 %); at a quarter
 * both corpora gain, on other draws too.
 */
const COOCCURRENCE_WEIGHT = 0.25;
/** Below this chance (one caller in twenty) a co-occurring call is not worth its vote. */
const MIN_CHANCE = 0.05;
/**
 * Where packages are imported whole (Go), a call into a package the current file does not import
 * (resolved through the neighbour's import) needs an import line before it: on go-stdlib such calls
 * (`httptest.NewServer` for net/http/pprof) took about 33 of each 1,024-token prompt, and at full
 * weight crowded out the file's own packages' (recall@1024 1,060 → 1,065 of 1,162 at 0.2 to 0.4).
 */
const NOT_IMPORTED_FACTOR = 0.3;

interface Neighbour {
  ref: DeclarationRef;
  similarity: number;
}

/**
 * What the cursor's function will likely call next, from the call graph of the workspace, by
 * three kinds of evidence:
 * - neighbours: the functions that call what this one already calls (and those of the same
 *   name) vote for what they call that this one does not yet;
 * - co-occurrence: for each call this function makes, how often the other callers of it also
 *   make each other call (`heap.Push` callers call `heap.Pop`), combined as independent chances;
 * - sequence: what follows, elsewhere, the call just above the cursor, and what precedes the
 *   call just below it ("after os.Open comes Close").
 * It finds the callee nothing in the current file names, which the definitions source cannot.
 * On the Go standard library it is the most precise source by far.
 */
export function callGraphCandidates(input: SourceInput): Candidate[] {
  return runSteps(callGraphSteps(input));
}

/**
 * callGraphCandidates as steps: it yields in the walk over the neighbours, and after each voted call resolved.
 * Its sums are kept by id in a scratch of the index's (see IdSums), taken for the gather and given back after.
 */
export function* callGraphSteps(input: SourceInput): Steps<Candidate[]> {
  const work = callWork(input.index);
  const scratch = work.take();
  try {
    return yield* voted(input, work, scratch);
  } finally {
    work.giveBack(scratch);
  }
}

function* voted(input: SourceInput, work: CallWork, scratch: CallScratch): Steps<Candidate[]> {
  const { index, file } = input;
  const tally = callTally(index);
  const focus = keyedCalls(input);
  const own = new Set(focus.calls.map((call) => tally.idOf(call)));
  const { votes, missed } = scratch;
  const vote = (call: number, score: number, via: DeclarationRef) => {
    if (!own.has(call)) votes.add(call, score, via);
  };
  const neighbours = yield* neighbourhood({ index, file, name: focus.functionName, calls: focus.calls }, work, scratch);
  yield;
  let total = 0;
  for (const { ref, similarity } of neighbours) {
    total += similarity;
    const calls = ref.declaration.calls;
    if (calls) for (const call of tally.idsOfCalls(calls)) vote(call, similarity, ref);
  }
  total ||= 1;
  for (let at = 0; at < missed.size; at++) {
    const call = missed.idAt(at);
    const chance = 1 - missed.value(call);
    if (chance >= MIN_CHANCE) vote(call, COOCCURRENCE_WEIGHT * chance * total, missed.first(call));
  }
  voteSequences(index, focus, { tally, total, vote });
  const out: Candidate[] = [];
  const local = localTypes(input, importedOrBeside(input));
  for (const id of best(votes, tally, MAX_CANDIDATES)) {
    yield;
    const call = tally.nameOf(id);
    const candidateScore = Math.min(MAX_SCORE, Math.sqrt(votes.value(id) / total));
    let refs = resolveCall({ index, file, scope: input.scope, call, via: votes.first(id) });
    let share = notImported(input, call) ? NOT_IMPORTED_FACTOR : 1;
    if (call.startsWith('.') && refs.length > 0) {
      // A method voted for by name: the one of a type the function's values have where the language
      // reads them; else it is one of several types' at best, and they share the vote.
      const inPlay = local?.inPlay();
      const typed = inPlay ? refs.filter((ref) => inPlay.has(ref.declaration.container ?? '')) : [];
      if (typed.length > 0) refs = typed;
      else share *= local ? 1 / refs.length : 1 / Math.sqrt(refs.length);
    }
    for (const ref of refs) {
      if (ref.file !== file) out.push(candidateOf(ref, candidateScore * share, 'calls'));
    }
  }
  return out;
}

/**
 * Sequence votes: what follows, in other callers, the call just above the cursor, and what precedes the call just
 * below it ("after os.Open comes Close"), shared among at most MAX_CALLERS callers.
 */
function voteSequences(
  index: WorkspaceIndex,
  focus: ReturnType<typeof keyedCalls>,
  { tally, total, vote }: { tally: CallTally; total: number; vote: (call: number, score: number, via: DeclarationRef) => void },
): void {
  for (const [anchor, step] of [
    [focus.callBefore, 1],
    [focus.callAfter, -1],
  ] as const) {
    if (anchor === undefined) continue;
    const callers = index.callersOf(anchor);
    if (callers.length === 0) continue;
    const anchorId = tally.idOf(anchor);
    const each = (SEQUENCE_WEIGHT * total) / Math.min(callers.length, MAX_CALLERS);
    let seen = 0;
    for (const ref of callers) {
      if (seen++ >= MAX_CALLERS) break;
      const calls = tally.idsOfCalls(ref.declaration.calls ?? []);
      const next = calls.indexOf(anchorId) + step;
      if (next >= 0 && next < calls.length) vote(calls[next]!, each, ref);
    }
  }
}

/**
 * The focus's calls keyed as the index keys them: `x.Name` through a value (not an import of the
 * current file) becomes `.Name`, so `cmd.Flags()` here meets `c.Flags()` elsewhere.
 */
function keyedCalls(input: SourceInput): Pick<SourceInput['focus'], 'calls' | 'callBefore' | 'callAfter' | 'functionName'> {
  const { focus, scope } = input;
  const key = (call: string | undefined): string | undefined => {
    const dot = call?.indexOf('.') ?? -1;
    if (call === undefined || dot <= 0) return call;
    const qualifier = call.slice(0, dot);
    return scope.namespaces.has(qualifier) || scope.bindings.has(qualifier) ? call : memberKey(call.slice(dot + 1));
  };
  return { calls: [...new Set(focus.calls.map((call) => key(call)!))], callBefore: key(focus.callBefore), callAfter: key(focus.callAfter), functionName: focus.functionName };
}

/**
 * One walk over the callers of this function's calls (rarest first, so many in all: the rare
 * calls say the most, and the keystroke path has a few milliseconds) and over the functions of
 * its name, for both the nearest neighbours and the co-occurrence chances (left in `missed`: one
 * minus each co-occurring callee's chance).
 */
function* neighbourhood(
  at: { index: WorkspaceIndex; file: string; name: string | undefined; calls: readonly string[] },
  work: CallWork,
  { shared, missed }: CallScratch,
): Steps<Neighbour[]> {
  const { index, file, name, calls } = at;
  const functions = Math.max(1, index.functionsWithCalls);
  // The name first: it tells most refs apart at its first character, where paths share their directory.
  const isSelf = (ref: DeclarationRef) => ref.declaration.name === name && ref.file === file;
  const tally = callTally(index);
  let counted = 0;
  const members: DeclarationRef[] = [];
  const cooccur = (group: Iterable<DeclarationRef>) => {
    members.length = 0;
    for (const ref of group) {
      if (members.length >= COOCCURRENCE_SAMPLE || counted >= COOCCURRENCE_VISITS) break;
      if (isSelf(ref)) continue;
      members.push(ref);
      counted++;
    }
    if (members.length === 0) return;
    // Smoothed: one caller that also calls something is weak evidence, five of six strong.
    tally.countIds(members, (call, n, via) => missed.multiply(call, 1 - n / (members.length + SMOOTHING), via));
  };
  const lists = calls
    .map((call) => index.callersOf(call))
    .filter((callers) => callers.length > 0 && callers.length <= MAX_CALLERS)
    .sort((a, b) => a.length - b.length);
  let visits = 0;
  for (const callers of lists) {
    if ((visits += callers.length) > MAX_VISITS) break;
    yield;
    const idf = Math.log(1 + functions / callers.length);
    for (const ref of callers) {
      if (!isSelf(ref)) shared.add(work.refId(ref), idf, ref);
    }
    cooccur(callers);
  }
  // A name hundreds of functions share (Python's `__init__`, in every class) says no more about one
  // of them than a callee that many call, and walking them was the slowest part of the gather.
  const sameName = name === undefined ? [] : index.declarationsNamed(name);
  if (sameName.length > 0 && sameName.length <= MAX_CALLERS) {
    const rare = Math.log(1 + functions);
    const named = sameName.filter((ref) => ref.declaration.calls && !isSelf(ref));
    for (const ref of named) shared.add(work.refId(ref), SAME_NAME_BONUS * rare, ref);
    cooccur(named);
  }
  yield;
  return nearest(shared);
}

/** The `count` calls with the most votes, best first, ties by name. */
function best(votes: IdSums<DeclarationRef>, tally: CallTally, count: number): number[] {
  return topK(votes.ids(), count, (a, b) => {
    const first = tally.nameOf(a);
    const second = tally.nameOf(b);
    return votes.value(b) - votes.value(a) || (first < second ? -1 : first > second ? 1 : 0);
  });
}

/** The nearest neighbours by shared calls. */
function nearest(shared: IdSums<DeclarationRef>): Neighbour[] {
  // Divided by the root of how much the other function calls, so one that calls everything is not everyone's neighbour.
  // Of thousands of functions met, one below the best so far can never be near: it is not made into an object (those
  // objects were a tenth of what the call graph allocates). Kept ones stay first, so ties keep their order.
  const neighbours: Neighbour[] = [];
  let floor = -Infinity;
  for (let at = 0; at < shared.size; at++) {
    const id = shared.idAt(at);
    const ref = shared.first(id);
    const similarity = shared.value(id) / Math.sqrt(ref.declaration.calls?.length ?? 1);
    if (similarity < floor) continue;
    neighbours.push({ ref, similarity });
    if (neighbours.length < 4 * NEIGHBOURS) continue;
    const kept = topK(neighbours, NEIGHBOURS, compareNeighbours);
    neighbours.length = 0;
    neighbours.push(...kept);
    floor = kept[kept.length - 1]!.similarity;
  }
  return topK(neighbours, NEIGHBOURS, compareNeighbours);
}

/** More similar first; ties by file and line, so the result never depends on the index's insertion order. */
function compareNeighbours(a: Neighbour, b: Neighbour): number {
  return b.similarity - a.similarity || (a.ref.file < b.ref.file ? -1 : a.ref.file > b.ref.file ? 1 : a.ref.declaration.line - b.ref.declaration.line);
}

/** A qualified call (`pkg.Name`) into a package the current file does not import, in a language whose files import packages whole. */
function notImported(input: SourceInput, call: string): boolean {
  const dot = call.indexOf('.');
  if (dot <= 0 || input.scope.namespaces.has(call.slice(0, dot))) return false;
  return languageModule(input.languageId)?.packages.importsPackages === true;
}
