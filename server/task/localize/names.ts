import type { DeclNode } from './lexical.js';
import { CHANGE_STEMS } from './commit-words.js';
import { stem, type TaskTerms } from './terms.js';
import { runSteps, type Steps } from '../../util/steps.js';

/** Words short enough to be common English ("map", "tap") still name an operator; shorter ones do not. */
const MIN_PLAIN_NAME = 3;

/**
 * The lower-case words a task could name a declaration or a file with: identifiers as written,
 * every plain word (unstemmed: `take` must not become `tak`) and adjacent words joined. A plain
 * word about the change itself ("remove", "add", "simplify") names no code: "remove unnecessary
 * check" is no reference to a `remove` method. Written as code (`remove`, `Subscription.add`) it is.
 */
export function nameKeys(terms: TaskTerms, task: string): Set<string> {
  const keys = new Set<string>();
  for (const identifier of terms.identifiers) keys.add(identifier.toLowerCase());
  for (const match of task.matchAll(/[\p{L}\p{N}_$]+/gu)) {
    const word = match[0].toLowerCase();
    if (match[0].length >= MIN_PLAIN_NAME && !CHANGE_STEMS.has(stem(word))) keys.add(word);
  }
  for (const joined of terms.joined) keys.add(joined);
  return keys;
}

/** Declarations whose name (or `Class.member`) the task spells out, with how strongly; in node order. */
export function nameMatches(nodes: readonly DeclNode[], keys: ReadonlySet<string>, identifiers: readonly string[]): Map<number, number> {
  return runSteps(nameMatchSteps(nodes, keys, identifiers));
}

/** nameMatches as steps: the first query over a model makes its table of names (see lowerCaseNames). */
export function* nameMatchSteps(nodes: readonly DeclNode[], keys: ReadonlySet<string>, identifiers: readonly string[]): Steps<Map<number, number>> {
  const byName = yield* lowerCaseNames(nodes);
  const exact = new Set(identifiers);
  const ids: number[] = [];
  for (const key of keys) ids.push(...(byName.get(key) ?? []));
  const matches = new Map<number, number>();
  for (const id of ids.sort((a, b) => a - b)) {
    const { declaration } = nodes[id]!;
    // Written as code (`shareReplay`, `Subject.next`) is surer than a prose word that happens to be a
    // name ("delay"); a prose word names public API ("built" is no reference to a private `built`).
    if (exact.has(declaration.name)) matches.set(id, 1);
    else if (declaration.exported) matches.set(id, 0.6);
  }
  return matches;
}

const LOWER_CASE_NAMES = new WeakMap<readonly DeclNode[], ReadonlyMap<string, readonly number[]>>();
/** Nodes named between two steps while the table is made. */
const NAMES_PER_STEP = 4096;

/**
 * The nodes by lower-case name, made once per model: each query looked at all of them (78,000 on the Go standard
 * library, 10-15 ms in one turn of the event loop).
 */
function* lowerCaseNames(nodes: readonly DeclNode[]): Steps<ReadonlyMap<string, readonly number[]>> {
  const known = LOWER_CASE_NAMES.get(nodes);
  if (known) return known;
  const byName = new Map<string, number[]>();
  for (const [i, node] of nodes.entries()) {
    if (i % NAMES_PER_STEP === NAMES_PER_STEP - 1) yield;
    const name = node.declaration.name.toLowerCase();
    const list = byName.get(name);
    if (list) list.push(node.id);
    else byName.set(name, [node.id]);
  }
  LOWER_CASE_NAMES.set(nodes, byName);
  return byName;
}

/** File names that say what kind of file it is, not what it is about: "the index" names no index.ts. */
const GENERIC_STEMS = new Set(['index', 'main', 'mod', 'lib', 'types', 'type', 'util', 'utils', 'helpers', 'common', 'init', 'test', 'tests', 'spec', 'config', 'constants']);

/** Files whose name (without extension and test suffix) the task spells out. */
export function pathMatches(files: readonly string[], keys: ReadonlySet<string>): Map<string, number> {
  const matches = new Map<string, number>();
  for (const file of files) {
    const stem = file
      .slice(file.lastIndexOf('/') + 1)
      .replace(/\..*$/, '')
      .toLowerCase();
    if (stem.length >= MIN_PLAIN_NAME && !GENERIC_STEMS.has(stem) && keys.has(stem)) matches.set(file, 1);
  }
  return matches;
}
