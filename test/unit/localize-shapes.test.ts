import { describe, expect, it } from 'vitest';
import { locateTask } from '../../server/task/localize.js';
import { DEFAULT_TUNING } from '../../server/task/localize/tuning.js';
import { fixtureIndexer } from '../support/localize-fixtures.js';

const indexOf = fixtureIndexer();

/**
 * Each repository holds the code a task changes (a method, a function, an arrow function) beside
 * declarations that only describe it (its class, an interface, a type, a table), which match the
 * task's words as well or better.
 */
const CASES: Array<{ language: string; files: Record<string, string>; task: string; changed: string; describing: string[] }> = [
  {
    language: 'TypeScript class and interface',
    files: {
      'package.json': '{"name":"jobs","type":"module"}',
      'src/queue.ts': [
        '/** Options of a job queue: how often a failed job is retried. */',
        'export interface RetryOptions {',
        '  retries: number;',
        '}',
        '/** A queue of jobs that retries a failed job. */',
        'export class JobQueue {',
        '  private pending: string[] = [];',
        '  /** Runs the next job. */',
        '  runNext(options: RetryOptions): boolean {',
        '    const job = this.pending.shift();',
        '    return job !== undefined && options.retries > 0;',
        '  }',
        '}',
      ].join('\n'),
    },
    task: 'a failed job is not retried by the queue',
    changed: 'JobQueue.runNext',
    describing: ['JobQueue', 'RetryOptions'],
  },
  {
    language: 'TypeScript arrow function beside a type alias',
    files: {
      'package.json': '{"name":"units","type":"module"}',
      'src/units.ts': [
        '/** The unit of a length the user typed: metres or feet. */',
        "export type LengthUnit = 'metres' | 'feet';",
        '/** A length the user typed, in metres. */',
        'export const toMetres = (value: number, unit: LengthUnit): number => {',
        '  return convert(value, unit);',
        '};',
        'function convert(value: number, unit: LengthUnit): number {',
        "  return unit === 'feet' ? value * 0.3048 : value;",
        '}',
      ].join('\n'),
    },
    task: 'a length in feet the user typed comes out wrong in metres',
    changed: 'toMetres',
    describing: ['LengthUnit'],
  },
  {
    language: 'Go struct and method',
    files: {
      'go.mod': 'module example.com/cart\n\ngo 1.19\n',
      'cart/cart.go': [
        'package cart',
        '',
        '// Cart holds the items a customer buys.',
        'type Cart struct {',
        '\tItems    []int',
        '\tDiscount int',
        '}',
        '',
        '// Sum is the total the customer pays.',
        'func (c *Cart) Sum() int {',
        '\ttotal := 0',
        '\tfor _, price := range c.Items {',
        '\t\ttotal += price',
        '\t}',
        '\treturn total - c.Discount',
        '}',
      ].join('\n'),
    },
    task: 'the total a customer pays ignores the discount',
    changed: 'Cart.Sum',
    describing: ['Cart'],
  },
];

describe('code that runs before the declarations that describe it', () => {
  it.each(CASES)('$language: the code the task changes outranks its descriptions', async ({ files, task, changed, describing }) => {
    const index = await indexOf(files);
    const rank = (codelessWeight: number, name: string) => locateTask({ index, task, tuning: { codelessWeight } }).declarations.findIndex((d) => d.name === name);
    for (const name of describing) expect(rank(DEFAULT_TUNING.codelessWeight, changed)).toBeLessThan(rank(DEFAULT_TUNING.codelessWeight, name));
    // Weighed alike, a description matching the task's words as well as the code ranks first.
    expect(describing.some((name) => rank(1, name) < rank(1, changed))).toBe(true);
  });
});
