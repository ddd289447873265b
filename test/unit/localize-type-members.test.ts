import { describe, expect, it } from 'vitest';
import { locateTask } from '../../server/task/localize.js';
import { fixtureIndexer } from '../support/localize-fixtures.js';

const indexOf = fixtureIndexer();

/** An interface whose members completions index as methods (`retryer.cancel(`), beside a class that implements it. */
const PACKAGE: Record<string, string> = {
  'package.json': '{"name":"retry","type":"module"}',
  'src/retryer.ts': [
    '/** Runs a function again after it fails. */',
    'export interface Retryer<T> {',
    '  promise: Promise<T>;',
    '  cancel: (options?: { revert?: boolean }) => void;',
    '  continueRetry(): void;',
    '}',
    '',
  ].join('\n'),
  'src/backoff.ts': [
    'export class Backoff {',
    '  /** Cancels the pending retry. */',
    '  cancel(): void {',
    '    this.timer = undefined;',
    '  }',
    '  timer?: number;',
    '}',
    '',
  ].join('\n'),
};

describe('members of an interface in localization', () => {
  it('are part of the interface, not declarations of their own', async () => {
    const index = await indexOf(PACKAGE);
    const names = locateTask({ index, task: 'cancel the retry and continue retry later' }).declarations.map((d) => d.name);
    expect(names).toContain('Retryer');
    expect(names).toContain('Backoff.cancel');
    expect(names).not.toContain('Retryer.cancel');
    expect(names).not.toContain('Retryer.continueRetry');
  });
});
