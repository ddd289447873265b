import { stem } from './terms.js';

/**
 * Words a change request uses about the change itself rather than the code it touches ("remove
 * unnecessary generic", "add comments", "simplify typings"). They are ordinary identifiers too
 * (`Subscription.add`, `remove`), so left at full weight they pull every vague task toward
 * whatever declares them. They keep a small weight: a task that names `add` as code still finds it
 * through the name match.
 */
const CHANGE_WORDS = [
  'add',
  'remove',
  'delete',
  'deprecate',
  'deprecation',
  'simplify',
  'clean',
  'cleanup',
  'rename',
  'move',
  'change',
  'support',
  'handle',
  'handling',
  'avoid',
  'prevent',
  'unnecessary',
  'unused',
  'redundant',
  'comment',
  'documentation',
  'docs',
  'type',
  'typing',
  'smaller',
  'size',
  'reduce',
  'efficiency',
  'efficient',
  'performance',
  'readability',
  'implementation',
  'impl',
  'behavior',
  'behaviour',
  'test',
  'improve',
  'introduce',
  'replace',
  'unify',
  'approach',
  'accept',
  'allow',
  'signature',
  'argument',
  'param',
  'generic',
];

/** The stems of CHANGE_WORDS, as task terms hold them. */
export const CHANGE_STEMS: ReadonlySet<string> = new Set(CHANGE_WORDS.map(stem));
