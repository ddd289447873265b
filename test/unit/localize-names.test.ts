import { describe, expect, it } from 'vitest';
import { locateTask } from '../../server/task/localize.js';
import { nameKeys } from '../../server/task/localize/names.js';
import { taskTerms } from '../../server/task/localize/terms.js';
import { fixtureIndexer } from '../support/localize-fixtures.js';

const indexOf = fixtureIndexer();

const keysOf = (task: string) => nameKeys(taskTerms(task), task);

describe('identifiers a task writes as code', () => {
  it.each([
    { task: 'make `share` reusable', identifiers: ['share'] },
    { task: 'fix(multicast): calling publish() twice shares one subject', identifiers: ['multicast', 'publish'] },
    { task: 'feat(ajax): `timeout` and retry() accept a config', identifiers: ['ajax', 'timeout', 'retry'] },
    { task: 'a plain word is no identifier', identifiers: [] },
  ])('$task', ({ task, identifiers }) => {
    expect(taskTerms(task).identifiers.sort()).toEqual([...identifiers].sort());
  });
});

describe('words about the change name no code', () => {
  it.each([
    { task: 'remove unnecessary falsy check', names: ['falsy', 'check'], not: ['remove', 'unnecessary'] },
    { task: 'add selector', names: ['selector'], not: ['add'] },
    { task: 'simplify the retry handling', names: ['retry'], not: ['simplify', 'handling'] },
    // Written as code, a change word is a name again.
    { task: 'fix `remove` of a teardown', names: ['remove', 'teardown'], not: [] },
    { task: 'Subscription.add returns the teardown', names: ['add', 'subscription'], not: [] },
  ])('$task', ({ task, names, not }) => {
    const keys = keysOf(task);
    for (const name of names) expect(keys).toContain(name);
    for (const name of not) expect(keys).not.toContain(name);
  });

  const FILES: Record<string, string> = {
    'package.json': '{"name":"store","type":"module"}',
    'src/store.ts': [
      '/** Keeps named values. */',
      'export class Store {',
      '  private values = new Map<string, number>();',
      '  /** Removes a value by name. */',
      '  remove(name: string): void {',
      '    this.values.delete(name);',
      '  }',
      '}',
    ].join('\n'),
    'src/validate.ts': [
      '/** Checks that a value is a number. */',
      'export function validate(value: unknown): number {',
      "  if (!value && value !== 0) throw new Error('a falsy value is no number');",
      "  if (typeof value !== 'number') throw new Error('not a number');",
      '  return value;',
      '}',
    ].join('\n'),
  };

  it('a task that removes a check finds the check, not a `remove` method', async () => {
    const index = await indexOf(FILES);
    const result = locateTask({ index, task: 'remove unnecessary falsy check' });
    expect(result.files[0]?.path).toBe('src/validate.ts');
    expect(result.declarations.find((d) => d.name === 'Store.remove')?.why ?? '').not.toContain('the task names it');
  });

  it('a task that names `remove` as code still finds the method', async () => {
    const index = await indexOf(FILES);
    const result = locateTask({ index, task: '`remove` forgets the wrong value' });
    expect(result.declarations[0]?.name).toBe('Store.remove');
    expect(result.declarations[0]?.why).toContain('the task names it');
  });
});
