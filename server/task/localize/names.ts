import type { DeclNode } from './lexical.js';
import { CHANGE_STEMS } from './commit-words.js';
import { stem, type TaskTerms } from './terms.js';

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

/** Declarations whose name (or `Class.member`) the task spells out, with how strongly. */
export function nameMatches(nodes: readonly DeclNode[], keys: ReadonlySet<string>, identifiers: readonly string[]): Map<number, number> {
  const exact = new Set(identifiers);
  const matches = new Map<number, number>();
  for (const node of nodes) {
    const name = node.declaration.name;
    if (!keys.has(name.toLowerCase())) continue;
    // Written as code (`shareReplay`, `Subject.next`) is surer than a prose word that happens to be a
    // name ("delay"); a prose word names public API ("built" is no reference to a private `built`).
    if (exact.has(name)) matches.set(node.id, 1);
    else if (node.declaration.exported) matches.set(node.id, 0.6);
  }
  return matches;
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
