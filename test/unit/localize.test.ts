import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateByBm25, locateTask } from '../../server/task/localize.js';
import { testSubjects } from '../../server/task/localize/tests.js';
import { asWritten, stem, taskTerms } from '../../server/task/localize/terms.js';
import { DEFAULT_TUNING } from '../../server/task/localize/tuning.js';
import { fixtureIndexer, GO_SHOP, TS_LEDGER } from '../support/localize-fixtures.js';

const indexOf = fixtureIndexer();

const names = (result: { declarations: Array<{ name: string }> }) => result.declarations.map((d) => d.name);
const paths = (result: { files: Array<{ path: string }> }) => result.files.map((f) => f.path);

describe('task terms', () => {
  it('splits identifiers, stems inflections and drops filler', () => {
    const terms = taskTerms('Fix shareReplay so it emits values properly when subscribed');
    expect([...terms.words.keys()]).toEqual(expect.arrayContaining(['shar', 'replay', 'sharereplay', 'emit', 'valu', 'subscrib']));
    expect(terms.words.has('fix')).toBe(false);
    expect(terms.words.has('properly')).toBe(false);
    expect(terms.identifiers).toEqual(['shareReplay']);
    expect(stem('subscribed')).toBe(stem('subscribe'));
    expect(stem('emitted')).toBe('emit');
  });

  it('reads a Conventional Commits scope as a name with extra weight', () => {
    const terms = taskTerms('fix(windowTime): close windows on time');
    expect(terms.scope).toBe('windowTime');
    expect(terms.identifiers).toContain('windowTime');
    expect(terms.words.get('windowtime')).toBe(2);
    expect(terms.words.get('clos')).toBe(1);
  });

  it('gives back the words as the task wrote them, for the reasons a user reads', () => {
    const terms = taskTerms('fix(cookieJar): cookies with an expired date are still sent on redirects');
    expect(asWritten([stem('cookies'), stem('expired'), stem('redirects'), 'cookiejar', stem('sent')], terms.written)).toEqual([
      'cookies',
      'expired',
      'redirects',
      'cookiejar',
      'sent',
    ]);
    // Two spellings of one stem are one word.
    expect(asWritten([stem('changes'), stem('changed')], taskTerms('changes to what changed').written)).toEqual(['changes']);
  });

  it('names the matched words as written in its reasons, never their stems', async () => {
    const index = await indexOf(GO_SHOP);
    const result = locateTask({ index, task: 'the echo route replies to visitors without the current time' });
    const reasons = [...result.files.map((f) => f.why), ...result.declarations.map((d) => d.why)].join('\n');
    expect(reasons).toMatch(/task's words \([^)]*\b(replies|visitors|route|echo)\b/);
    expect(reasons).not.toMatch(/\b(repli|visitor|rout)\b/);
  });
});

describe('localization through the call graph', () => {
  it('Go: finds the helper a matching handler calls, though no word of the task is in it', async () => {
    const index = await indexOf(GO_SHOP);
    const task = 'the echo route replies to the visitor without the current time';
    const result = locateTask({ index, task });
    expect(names(result)[0]).toBe('handleEcho');
    expect(names(result).slice(0, 3)).toContain('WriteGreeting');
    const helper = result.declarations.find((d) => d.name === 'WriteGreeting')!;
    const line = GO_SHOP['greet/greet.go']!.split('\n').findIndex((text) => text.startsWith('func WriteGreeting')) + 1;
    expect(helper).toMatchObject({ path: 'greet/greet.go', kind: 'function', line });
    expect(helper.why).toContain('called by handleEcho');
    expect(paths(result).slice(0, 2)).toEqual(expect.arrayContaining(['web/handlers.go', 'greet/greet.go']));
    // Without propagation, and with BM25 alone, the helper is not found: the graph is what finds it.
    expect(names(locateTask({ index, task, tuning: { damping: 0 } }))).not.toContain('WriteGreeting');
    expect(names(locateByBm25({ index, task }))).not.toContain('WriteGreeting');
  });

  it('TypeScript: finds the imported function a matching caller calls', async () => {
    const index = await indexOf(TS_LEDGER);
    const task = 'placing an order at checkout charges the customer too much';
    const result = locateTask({ index, task });
    expect(names(result)[0]).toBe('placeOrder');
    expect(names(result).slice(0, 3)).toContain('applyDiscount');
    expect(result.declarations.find((d) => d.name === 'applyDiscount')!.why).toContain('called by placeOrder');
    // An unrelated neighbour in the folder may trail, never lead.
    const rank = (name: string) => (names(result).indexOf(name) < 0 ? Infinity : names(result).indexOf(name));
    expect(rank('formatDate')).toBeGreaterThan(rank('applyDiscount'));
  });

  it('names class members Class.member and a file the task spells out ranks first', async () => {
    const index = await indexOf(TS_LEDGER);
    const result = locateTask({ index, task: 'Ledger.sum adds booked entries twice' });
    expect(paths(result)[0]).toBe('src/ledger.ts');
    expect(names(result)).toEqual(expect.arrayContaining(['Ledger', 'Ledger.sum', 'Ledger.book']));
  });
});

describe('test ↔ code mapping', () => {
  it('pairs tests with their subjects beside them, in a mirrored tree, and not with strangers', () => {
    const files = [
      'store/orders.go',
      'store/orders_test.go',
      'src/ledger.ts',
      'spec/ledger-spec.ts',
      'spec/helpers-spec.ts',
      'src/a/util.ts',
      'src/b/util.ts',
      'test/util.test.ts',
    ];
    expect(testSubjects(files, new Map())).toEqual([
      ['store/orders_test.go', 'store/orders.go'],
      ['spec/ledger-spec.ts', 'src/ledger.ts'],
    ]);
    expect(testSubjects(files, new Map([['test/util.test.ts', new Set(['src/b/util.ts'])]]))).toContainEqual(['test/util.test.ts', 'src/b/util.ts']);
  });

  it('TypeScript: a task matching only a spec helper ranks the file that spec tests', async () => {
    const index = await indexOf(TS_LEDGER);
    const result = locateTask({ index, task: 'overdrawn accounts show a positive balance' });
    expect(paths(result)[0]).toBe('spec/ledger-spec.ts');
    expect(paths(result)[1]).toBe('src/ledger.ts');
    expect(result.files[1]!.why).toContain('tested by spec/ledger-spec.ts');
    expect(paths(locateTask({ index, task: 'overdrawn accounts show a positive balance', tuning: { damping: 0 } }))).not.toContain('src/ledger.ts');
  });

  it('Go: a task matching a test function ranks the code file it tests above its other neighbours', async () => {
    const index = await indexOf(GO_SHOP);
    const result = locateTask({ index, task: 'partial refunds must round down to whole cents' });
    expect(paths(result).slice(0, 2)).toEqual(['store/orders_test.go', 'store/orders.go']);
    expect(paths(result).indexOf('store/orders.go')).toBeLessThan(paths(result).indexOf('store/inventory.go'));
  });
});

describe('words the index does not keep', () => {
  const files = {
    'package.json': '{ "name": "timers", "type": "module" }\n',
    'src/schedule.ts': `/**
 * Runs work later.
 *
 * Keeps one timer per job. When the job is cancelled its pending timer is cleared
 * so the callback never fires after teardown.
 */
export function schedule(job: () => void, ms: number): () => void {
  const handle = setTimeout(job, ms);
  // a cancelled job must release its timer at once
  return () => clearTimeout(handle);
}
`,
    'src/format.ts': `/** Formats a duration for people. */
export function formatDuration(ms: number): string {
  return \`\${ms} ms\`;
}
`,
  };

  it('finds a declaration by the words of its full doc comment and body comments', async () => {
    const index = await indexOf(files);
    const result = locateTask({ index, task: 'a cancelled callback should release the pending timer on teardown' });
    expect(names(result)[0]).toBe('schedule');
    expect(paths(result)[0]).toBe('src/schedule.ts');
  });

  it('ignores the body when the file on disk is not what was indexed', async () => {
    const index = await indexOf(files);
    writeFileSync(join(index.root, 'src/schedule.ts'), '// replaced on disk after indexing\n');
    expect(names(locateTask({ index, task: 'a cancelled callback should release the pending timer on teardown' }))).not.toContain('schedule');
  });
});

describe('words about the change', () => {
  it('a verb of the change ("remove") does not outrank what the rest of the task describes', async () => {
    const index = await indexOf({
      'package.json': '{ "name": "jobs", "type": "module" }\n',
      'src/bag.ts': `/** Holds teardowns. */
export class Bag {
  private items: Array<() => void> = [];
  /** Adds a teardown. */
  add(item: () => void): void {
    this.items.push(item);
  }
  /** Removes a teardown. */
  remove(item: () => void): void {
    this.items = this.items.filter((other) => other !== item);
  }
}
`,
      'src/retry.ts': `/** Retries a failed request after a pause. */
export function retryRequest(send: () => Promise<void>, pauseMs: number): Promise<void> {
  return send().catch(() => new Promise((resolve) => setTimeout(resolve, pauseMs)).then(send));
}
`,
    });
    const task = 'remove unnecessary pause';
    expect(paths(locateTask({ index, task }))[0]).toBe('src/retry.ts');
    expect(names(locateTask({ index, task }))[0]).toBe('retryRequest');
    // At full weight (and without the length prior, which favours the longer function here too) the verb lifts Bag.remove. It
    // no longer names it (a change word names no code: localize-names.test.ts), so its BM25 weight is what remains of it.
    const ratio = (changeWordWeight: number) => {
      const found = locateTask({ index, task, tuning: { changeWordWeight, declarationSizePrior: 0 } }).declarations;
      const score = (name: string) => found.find((d) => d.name === name)?.score ?? 0;
      return score('Bag.remove') / score('retryRequest');
    };
    expect(ratio(1)).toBeGreaterThan(ratio(DEFAULT_TUNING.changeWordWeight) * 1.1);
  });
});
