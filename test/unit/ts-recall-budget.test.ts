import { describe, expect, it } from 'vitest';
import { CURSOR } from '../support/cursor.js';
import { definitionsAtCursor } from '../support/definition-candidates.js';

/** The snippets the definitions source's candidates pack into `budget` tokens at the █ of `current`. */
const definitions = definitionsAtCursor('typescript');
const prompt = async (files: Record<string, string>, current: string, budget: number): Promise<string> => (await definitions(files, current, budget)).prompt;

/** `count` exported functions with signatures of some length: the imported names a method competes with for the budget. */
function utilities(count: number): string {
  return Array.from({ length: count }, (_, i) => `export function util${i}(first: number, second: string, third: boolean): number {\n  return first\n}\n`).join('\n');
}
const UTILITY_IMPORTS = (count: number) => `import { ${Array.from({ length: count }, (_, i) => `util${i}`).join(', ')} } from './utils'`;

/** A long conditional type alias (members documented), the kind a file imports to name in annotations. */
const LONG_ALIAS = `export type QueryKey<TKey = unknown> = TKey extends {\n${Array.from({ length: 12 }, (_, i) => `  /** Branch ${i}. */\n  branch${i}: infer T${i}\n`).join('')}}\n  ? TKey\n  : ReadonlyArray<unknown>\n`;

const GENERIC_FUNCTION = `export function resolveValue<TQueryFnData, TError, TData>(\n  value: Resolver<TQueryFnData, TError, TData>,\n  query: number,\n): TData {\n  throw new Error()\n}\n`;

/** Each case: the files, the current one (█ on the line being written), what the prompt must and must not show. */
const CASES: Array<{ name: string; files: Record<string, string>; current: string; budget: number; shows: RegExp; hides?: RegExp }> = [
  {
    name: 'a long imported type alias the code near the cursor does not name is shown as its head, and leaves room for the rest',
    files: {
      'src/types.ts': LONG_ALIAS,
      'src/utils.ts': utilities(3),
      'src/client.ts': `import type { QueryKey } from './types'\n${UTILITY_IMPORTS(3)}\n\nexport function keyOf(key: QueryKey): QueryKey {\n  return key\n}\n\nexport function run(): number {\n  const a = 1\n  ${CURSOR}\n  return a\n}\n`,
    },
    current: 'src/client.ts',
    budget: 120,
    shows: /export type QueryKey<TKey = unknown> = TKey extends \{\n[^]*\/\/ …[^]*util2\(/,
    hides: /branch5|Branch 0/,
  },
  {
    name: 'a method of an imported singleton the function has not used yet competes with the imported functions',
    files: {
      'src/focusManager.ts': `export class FocusManager {\n  isFocused(): boolean {\n    return true\n  }\n  setFocused(focused: boolean): void {}\n}\n\nexport const focusManager = new FocusManager()\n`,
      'src/utils.ts': utilities(6),
      'src/retryer.ts': `import { focusManager } from './focusManager'\n${UTILITY_IMPORTS(6)}\n\nexport function canContinue(): boolean {\n  const ok = true\n  ${CURSOR}\n  return ok\n}\n`,
    },
    current: 'src/retryer.ts',
    budget: 120,
    shows: /^\s+isFocused\(\): boolean/m,
  },
  {
    name: 'a method of a typed parameter the function has not called yet weighs as much as the call that names the type',
    files: {
      'src/cache.ts': `export class Cache {\n${Array.from({ length: 10 }, (_, i) => `  helper${i}(value: number, other: string): number {\n    return value\n  }\n`).join('')}  get(id: number): string {\n    return ''\n  }\n  remove(id: number): void {}\n}\n`,
      'src/other.ts': `import type { Cache } from './cache'\n\nexport function drop(store: Cache): void {\n  store.remove(1)\n}\n`,
      'src/utils.ts': utilities(6),
      'src/client.ts': `import type { Cache } from './cache'\n${UTILITY_IMPORTS(6)}\n\nexport function evict(cache: Cache, id: number): void {\n  util0(id, '', true)\n  util1(id, '', true)\n  util2(id, '', true)\n  cache.get(id)\n  ${CURSOR}\n  util3(id, '', true)\n  util4(id, '', true)\n  util5(id, '', true)\n}\n`,
    },
    current: 'src/client.ts',
    budget: 150,
    shows: /^\s+remove\(id: number\)/m,
  },
  {
    name: 'an imported generic function the code near the cursor does not name shows its long type argument lists elided',
    files: {
      'src/utils.ts': GENERIC_FUNCTION,
      'src/client.ts': `import { resolveValue } from './utils'\n\nexport function later(value: number): number {\n  return resolveValue(value, 1)\n}\n${'\n'.repeat(40)}export function run(): number {\n  const a = 1\n  ${CURSOR}\n  return a\n}\n`,
    },
    current: 'src/client.ts',
    budget: 1024,
    shows: /resolveValue<…>\(\n?\s*value: Resolver<…>/,
    hides: /TQueryFnData/,
  },
  {
    name: 'one named on the line being written keeps its whole signature',
    files: {
      'src/utils.ts': GENERIC_FUNCTION,
      'src/client.ts': `import { resolveValue } from './utils'\n\nexport function run(): number {\n  const a = resolveValue(${CURSOR})\n  return a\n}\n`,
    },
    current: 'src/client.ts',
    budget: 1024,
    shows: /value: Resolver<TQueryFnData, TError, TData>/,
  },
];

describe('TS: what a line is likely to use fits the budget', () => {
  it.each(CASES)('$name', async ({ files, current, budget, shows, hides }) => {
    const packed = await prompt(files, current, budget);
    expect(packed).toMatch(shows);
    if (hides) expect(packed).not.toMatch(hides);
  });
});

describe('TS: a class outline elides long type argument lists, innermost first', () => {
  it.each([
    ['a long list', '  options!: QueryOptions<TQueryFnData, TError, TData, TQueryKey>;', '  options!: QueryOptions<…>;'],
    ['a long list inside a short one', '  observers: Array<QueryObserver<any, any, any, any>>;', '  observers: Array<QueryObserver<…>>;'],
    ['short lists', '  findAll(filters: Filters<Query>): Promise<Array<Query>>;', '  findAll(filters: Filters<Query>): Promise<Array<Query>>;'],
    ['a function type', '  listen(cb: (state: State<TData, TError, TMeta>) => void): Unsubscribe;', '  listen(cb: (state: State<…>) => void): Unsubscribe;'],
  ])('%s', async (_, signature, shown) => {
    const files = {
      'src/query.ts': `export class Query<TQueryFnData, TError, TData, TQueryKey> {\n${signature.replace(/;$/, '')}${signature.includes('(') ? ' {\n    throw new Error()\n  }' : ''}\n}\n`,
      'src/cache.ts': `import { Query } from './query'\n\nexport class Cache {\n  run(): void {\n    const query = new Query()\n    ${CURSOR}\n  }\n}\n`,
    };
    expect(await prompt(files, 'src/cache.ts', 1024)).toContain(shown);
  });
});
