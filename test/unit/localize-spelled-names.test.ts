import { describe, expect, it } from 'vitest';
import { locateTask } from '../../server/task/localize.js';
import { bm25Documents } from '../../server/task/localize/lexical.js';
import { spelledNameTerms } from '../../server/task/localize/spelled-names.js';
import { taskTerms } from '../../server/task/localize/terms.js';
import { fixtureIndexer } from '../support/localize-fixtures.js';

const indexOf = fixtureIndexer();

const paths = (result: { files: Array<{ path: string }> }) => result.files.map((f) => f.path);

const vocabulary = (...terms: string[]) => bm25Documents([new Map(terms.map((term) => [term, 1]))]);

describe('identifiers a task spells out in words', () => {
  it.each([
    {
      task: 'Resolve issues with deprecated synchronous error handling',
      terms: ['usedeprecatedsynchronouserrorhandling', 'handling'],
      spelled: 'usedeprecatedsynchronouserrorhandling',
    },
    { task: 'keep max retry attempts when resubscribing', terms: ['maxretryattempts', 'retryattempt'], spelled: 'maxretryattempts' },
  ])('"$task" names $spelled', ({ task, terms, spelled }) => {
    const added = spelledNameTerms(taskTerms(task).plain, vocabulary(...terms));
    expect([...added.keys()]).toEqual([spelled]);
    // The words weigh as the one name they spell, less the part of it they leave out ("use", "max").
    expect(added.get(spelled)).toBeGreaterThan(2);
    expect(added.get(spelled)).toBeLessThan(4.5);
  });

  it.each(['error handling in retry', 'retry attempts max out', 'handling synchronous deprecated errors'])('"%s" spells no identifier: too few words in its order', (task) => {
    expect(spelledNameTerms(taskTerms(task).plain, vocabulary('usedeprecatedsynchronouserrorhandling', 'maxretryattempts')).size).toBe(0);
  });

  it('ranks the file that reads a flag the task spells out above files whose names and doc comments hold its single words', async () => {
    const files: Record<string, string> = {
      'package.json': '{"name":"flags","type":"module"}',
      'src/config.ts': '/** Global switches. */\nexport const config = {\n  useLegacyRetryBackoffPolicy: false,\n  onStoppedNotification: null,\n};\n',
      'src/attempt.ts': [
        "import { config } from './config';",
        '/** Waits before the next subscription. */',
        'export function nextAttemptDelay(count: number): number {',
        '  return config.useLegacyRetryBackoffPolicy ? count * 1000 : 2 ** count * 100;',
        '}',
      ].join('\n'),
      'src/legacyScheduler.ts': '/** A legacy scheduler: retry with a backoff policy of its own. */\nexport function legacySchedule(delay: number): number {\n  return delay;\n}\n',
      'src/backoffTimer.ts': '/** The backoff timer of the retry policy. */\nexport function backoffTimer(count: number): number {\n  return 2 ** count;\n}\n',
      'src/retryPolicy.ts': '/** Which retry policy applies: legacy or exponential backoff. */\nexport function retryPolicy(name: string): string {\n  return name;\n}\n',
    };
    const index = await indexOf(files);
    const top = paths(locateTask({ index, task: 'honour the legacy retry backoff policy on resubscription' }));
    expect(top[0]).toBe('src/attempt.ts');
  });
});
