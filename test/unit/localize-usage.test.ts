import { describe, expect, it } from 'vitest';
import { locateTask } from '../../server/task/localize.js';
import { hasUseIntent } from '../../server/task/localize/usage-intent.js';
import { fixtureIndexer } from '../support/localize-fixtures.js';

const indexOf = fixtureIndexer();

const paths = (result: { files: Array<{ path: string }> }) => result.files.map((f) => f.path);

/** A helper two operators still call, beside files whose names and words match the task better. */
const OPERATORS: Record<string, string> = {
  'package.json': '{"name":"ops","type":"module"}',
  'src/util/legacyLift.ts': [
    '/** Wraps an operator the old way, with a subscriber per lift. */',
    'export function legacyLift<T>(source: T, operate: (value: T) => T): T {',
    '  return operate(source);',
    '}',
  ].join('\n'),
  'src/util/liftValue.ts': '/** Lifts a plain value into a wrapper: the legacy path. */\nexport function liftValue<T>(value: T): { value: T } {\n  return { value };\n}\n',
  'src/util/liftAll.ts':
    '/** Lifts every value of a list: the legacy path. */\nexport function liftAll<T>(values: T[]): Array<{ value: T }> {\n  return values.map((value) => ({ value }));\n}\n',
  'src/util/uses.ts':
    '/** Counts the uses of a name in a legacy table. */\nexport function countUses(table: Map<string, number>, name: string): number {\n  return table.get(name) ?? 0;\n}\n',
  'src/operators/throttle.ts': [
    "import { legacyLift } from '../util/legacyLift';",
    '/** Emits a value, then ignores the next ones for a while. */',
    'export function throttle<T>(source: T): T {',
    '  return legacyLift(source, (value) => value);',
    '}',
  ].join('\n'),
  'src/operators/skipUntil.ts': [
    "import { legacyLift } from '../util/legacyLift';",
    '/** Skips values until a notifier emits. */',
    'export function skipUntil<T>(source: T): T {',
    '  return legacyLift(source, (value) => value);',
    '}',
  ].join('\n'),
  'src/operators/map.ts': '/** Applies a projection to each value. */\nexport function map<T>(source: T, project: (value: T) => T): T {\n  return project(source);\n}\n',
};

describe('a task that removes the uses of something', () => {
  it('reads removal and replacement wording, not every task', () => {
    expect(hasUseIntent('remove the last uses of `legacyLift`')).toBe(true);
    expect(hasUseIntent('Remove reliance on take')).toBe(true);
    expect(hasUseIntent('get rid of Object.create')).toBe(true);
    expect(hasUseIntent('throttle emits the last value on completion')).toBe(false);
  });

  it('ranks the files that call the named helper, not only the helper and look-alike names', async () => {
    const index = await indexOf(OPERATORS);
    const task = 'remove the last uses of `legacyLift`';
    const top = paths(locateTask({ index, task })).slice(0, 3);
    expect(top).toEqual(expect.arrayContaining(['src/operators/throttle.ts', 'src/operators/skipUntil.ts']));
    const callers = locateTask({ index, task }).declarations.filter((d) => d.name === 'throttle' || d.name === 'skipUntil');
    expect(callers.map((d) => d.why)).toEqual([expect.stringContaining('which the task removes or replaces'), expect.stringContaining('which the task removes or replaces')]);
    // Without the callers as starting points the look-alike helpers crowd them out.
    expect(paths(locateTask({ index, task, tuning: { callerBoost: 0 } })).slice(0, 3)).not.toEqual(
      expect.arrayContaining(['src/operators/throttle.ts', 'src/operators/skipUntil.ts']),
    );
  });

  it('a task that changes the helper itself keeps it first', async () => {
    const index = await indexOf(OPERATORS);
    expect(paths(locateTask({ index, task: 'legacyLift drops the subscriber of the lift' }))[0]).toBe('src/util/legacyLift.ts');
  });
});

describe('the length prior', () => {
  const body = Array.from({ length: 6 }, (_, i) => `  total = (total * 31 + ${i}) % 1000;`).join('\n');
  const files: Record<string, string> = {
    'package.json': '{"name":"prior","type":"module"}',
    ...Object.fromEntries(
      ['parse', 'print', 'sort', 'merge', 'split', 'trim'].map((name) => [`src/${name}.ts`, `export function ${name}(text: string): string {\n  return text;\n}\n`]),
    ),
    'src/short/retry.ts': '/** Retries a failed request. */\nexport function retryRequest(value: number): number {\n  return value;\n}\n',
    'src/long/retry.ts': `/** Retries a failed request. */\nexport function retryRequest(value: number): number {\n  let total = 0;\n${body}\n  return total;\n}\n`,
  };

  it('lifts a larger declaration against a smaller one the task matches alike: larger code changes more often', async () => {
    const index = await indexOf(files);
    const task = 'retry a failed request with backoff';
    const ratio = (declarationSizePrior: number) => {
      const found = locateTask({ index, task, tuning: { declarationSizePrior } }).declarations.filter((d) => d.name === 'retryRequest');
      const score = (path: string) => found.find((d) => d.path === path)!.score;
      return score('src/long/retry.ts') / score('src/short/retry.ts');
    };
    // BM25's length norm alone ranks the short one higher; the prior gives back part of that.
    expect(ratio(0)).toBeLessThan(1);
    expect(ratio(0.25)).toBeGreaterThan(ratio(0) * 1.03);
  });
});

describe('declarations follow their file', () => {
  const files: Record<string, string> = {
    'package.json': '{"name":"follow","type":"module"}',
    'src/scan.ts': [
      '/** Applies an accumulator to each value, emitting each intermediate seed. */',
      'export function scan(seed: number): Accumulator {',
      '  return new Accumulator(seed);',
      '}',
      'export class Accumulator {',
      '  private count = 0;',
      '  constructor(private total: number) {}',
      '  push(value: number): number {',
      '    this.count++;',
      '    this.total += value;',
      '    return this.total;',
      '  }',
      '}',
    ].join('\n'),
    'src/position.ts':
      '/** The position of a value in a list, counted from zero. */\nexport function positionOf(values: number[], value: number): number {\n  return values.indexOf(value);\n}\n',
    'src/report.ts': '/** Prints the position where a value was found. */\nexport function reportPosition(position: number): string {\n  return `at ${position}`;\n}\n',
  };

  it('lifts the other declarations of the best file above weak matches elsewhere', async () => {
    const index = await indexOf(files);
    const task = 'scan reports the wrong position when no seed is given';
    // The class is weighed as code here, so only the file's share moves it (classes weigh less otherwise: localize-shapes.test.ts).
    const rank = (fileShare: number) => locateTask({ index, task, tuning: { fileShare, codelessWeight: 1 } }).declarations.findIndex((d) => d.name === 'Accumulator');
    // The class no word of the task names sits in the file the task is about: it passes positionOf, which matches one word.
    expect(rank(0.1)).toBe(2);
    expect(rank(0)).toBe(3);
  });
});
