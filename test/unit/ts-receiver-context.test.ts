import { describe, expect, it } from 'vitest';
import { declaredTypes } from '../../server/context/retrieval/sources/declared-types.js';
import { ecmaResultType } from '../../server/syntax/ecma/value-types.js';
import { CURSOR } from '../support/cursor.js';
import { definitionsAtCursor } from '../support/definition-candidates.js';

/** A TS class with a long generic header and `count` methods, then `wanted`. */
function bigClass(name: string, header: string, wanted: string, count: number): string {
  const methods = Array.from({ length: count }, (_, i) => `  helper${i}(x: number): number {\n    return x + ${i}\n  }\n`);
  return `${header}\nexport class ${name}<TData = unknown, TError = Error, TVariables = void> {\n${methods.join('\n')}\n  ${wanted}(): string {\n    return ''\n  }\n}\n`;
}

/** What the definitions source proposes, and the snippets packed into `budget` tokens, at the █ of `current`. */
const gather = definitionsAtCursor('typescript');

describe('TS: the methods a value inherits are proposed for the line being written', () => {
  it('this.█ in a class whose superclass extends a class of a file the current one does not import', async () => {
    const files = {
      'src/base.ts': `export class Base {\n  inheritedThing(): string {\n    return ''\n  }\n}\n`,
      'src/mid.ts': `import { Base } from './base'\n\nexport class Mid extends Base {}\n`,
      'src/child.ts': `import { Mid } from './mid'\n\nexport class Child extends Mid {\n  run(): void {\n    this.run()\n    ${CURSOR}\n  }\n}\n`,
    };
    const { keys, prompt } = await gather(files, 'src/child.ts');
    expect(keys).toContainEqual(expect.stringContaining(':Base.inheritedThing'));
    expect(prompt).toContain('inheritedThing(): string');
  });
});

describe('TS: a method called on an untyped value that many types declare is still proposed', () => {
  it('subscriber.next( where ten interfaces within reach declare next', async () => {
    const interfaces = Array.from({ length: 10 }, (_, i) => `export interface Observer${i}<T> {\n  next: (value: T) => void\n  other${i}(): void\n}\n`);
    const files = {
      'src/types.ts': `${interfaces.join('\n')}\nexport function noop(): void {}\n`,
      'src/op.ts': `import { noop } from './types'\n\nexport function op(run: (s: any) => void): void {\n  run((subscriber: any) => {\n    subscriber.next(1)\n    ${CURSOR}\n  })\n}\n`,
    };
    const { keys } = await gather(files, 'src/op.ts');
    expect(keys).toContainEqual(expect.stringMatching(/:\.Observer\d$/));
  });
});

describe('TS: class members share one header in the prompt and in the budget', () => {
  it('a long generic class header is shown once on one line and each member costs only its own lines', async () => {
    const files = {
      'src/big.ts': bigClass('Big', '', 'last', 6),
      'src/use.ts': `import { Big } from './big'\n\nexport function use(big: Big): void {\n  big.helper0(1)\n  big.helper1(1)\n  big.helper2(1)\n  ${CURSOR}\n}\n`,
    };
    const { prompt } = await gather(files, 'src/use.ts');
    expect(prompt).toContain('export class Big<…> {');
    expect(prompt.split('export class Big<…> {').length).toBe(2);
  });
});

/** A class with `count` filler methods before the ones named in `methods` (an outline cut to its budget share shows the first ones only). */
function classWith(name: string, methods: readonly string[], count = 0): string {
  const fields = Array.from({ length: count }, (_, i) => `  field${i}: Map<string, Array<number>> = new Map()\n`);
  const fillers = Array.from({ length: count }, (_, i) => `  helper${i}(value: number, other: string): number {\n    return value\n  }\n`);
  const own = methods.map((method) => `  ${method}(): void {}\n`);
  return `export class ${name}<TData = unknown, TError = Error> {\n${fields.join('')}${fillers.join('')}${own.join('')}}\n`;
}

/** Each case: the files, the current one (with █ on the line being written), a method the line is likely to call. */
const CASES: Array<{ name: string; files: Record<string, string>; current: string; wanted: string }> = [
  {
    name: 'a method of a private field (`this.#cache?.x()`), typed where the class declares it',
    files: {
      'src/queryCache.ts': classWith('QueryCache', ['build', 'onFocus']),
      'src/client.ts': `import { QueryCache } from './queryCache'\n\nexport class Client {\n  #cache: QueryCache\n  constructor() {\n    this.#cache = new QueryCache()\n  }\n  mount(): void {\n    this.#cache?.build()\n    ${CURSOR}\n  }\n}\n`,
    },
    current: 'src/client.ts',
    wanted: ':QueryCache.onFocus',
  },
  {
    name: 'a method of a callback parameter nothing types, named after a type within reach (`(query) => query.x()`)',
    files: {
      'src/query.ts': classWith('Query', ['isStale', 'isDisabled']),
      'src/queryCache.ts': `import { Query } from './query'\n\nexport class QueryCache {\n  findAll(): Array<Query> {\n    return []\n  }\n}\n`,
      'src/client.ts': `import { QueryCache } from './queryCache'\n\nexport function refetch(cache: QueryCache): void {\n  cache.findAll().forEach((query) => {\n    query.isStale()\n    ${CURSOR}\n  })\n}\n`,
    },
    current: 'src/client.ts',
    wanted: ':Query.isDisabled',
  },
  {
    name: 'a method of an imported singleton (`export const focusManager = new FocusManager()`)',
    files: {
      'src/focusManager.ts': `${classWith('FocusManager', ['subscribe', 'isFocused'])}\nexport const focusManager = new FocusManager()\n`,
      'src/retryer.ts': `import { focusManager } from './focusManager'\n\nexport function canContinue(): boolean {\n  focusManager.subscribe()\n  ${CURSOR}\n  return true\n}\n`,
    },
    current: 'src/retryer.ts',
    wanted: ':FocusManager.isFocused',
  },
  {
    name: 'a method of an imported class that its outline, cut to its share of the budget, leaves out',
    files: {
      'src/mutation.ts': classWith('Mutation', ['removeObserver'], 12),
      'src/observer.ts': `import { Mutation } from './mutation'\n\nexport class Observer {\n  run(): void {\n    const mutation = new Mutation()\n    ${CURSOR}\n  }\n}\n`,
    },
    current: 'src/observer.ts',
    wanted: ':Mutation.removeObserver',
  },
];

describe('TS: the methods of values whose type is inferred cheaply are proposed and packed', () => {
  it.each(CASES)('$name', async ({ files, current, wanted }) => {
    const { keys, prompt } = await gather(files, current);
    expect(keys).toContainEqual(expect.stringContaining(wanted));
    expect(prompt).toMatch(new RegExp(`^\\s+${wanted.slice(wanted.lastIndexOf('.') + 1)}\\(\\): void`, 'm'));
  });
});

describe('TS: declared types by pattern', () => {
  it.each([
    ['a private field', 'class A {\n  #cache: QueryCache\n}\n', 'cache', 'QueryCache'],
    [
      'a callback over a typed collection',
      'class A {\n  observers: Array<QueryObserver>\n  f() {\n    this.observers.slice().forEach((observer) => {\n',
      'observer',
      'QueryObserver',
    ],
    ['a callback over a private typed collection', 'class A {\n  #items: Set<Item>\n  f() {\n    this.#items.find(item =>\n', 'item', 'Item'],
    [
      'a callback over a collection whose type argument is on the next line',
      'class A {\n  #observers: Array<\n    MutationObserver<any, any>\n  >\n  f() {\n    this.#observers.forEach((observer) => {\n',
      'observer',
      'MutationObserver',
    ],
  ])('%s', (_, text, value, type) => {
    expect(declaredTypes(text, text.length, 'typescript').get(value)).toBe(type);
  });
});

describe('TS: the type a declaration gives its value', () => {
  it.each([
    ['a singleton', 'export const focusManager = new FocusManager()', 'FocusManager'],
    ['an annotated constant', 'export const intervalProvider: IntervalProvider = {', 'IntervalProvider'],
    ['a function', 'export function createRetryer<TData = unknown>(\n  config: RetryerConfig<TData>,\n): Retryer<TData>', 'Retryer'],
    ['a method returning an array', 'export class QueryCache {\n  findAll(filters: QueryFilters<any> = {}): Array<Query>;\n}', 'Query'],
    ['a promise', '/** Loads. */\nasync function load(id: string): Promise<User>', 'User'],
    ['a built-in result', 'export function noop(): void', undefined],
    ['a constant made by a call', 'export const x = create()', undefined],
  ])('%s', (_, text, name) => {
    expect(ecmaResultType(text)?.name).toBe(name);
  });
});
