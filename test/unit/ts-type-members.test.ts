import { describe, expect, it } from 'vitest';
import { CURSOR } from '../support/cursor.js';
import { definitionsAtCursor } from '../support/definition-candidates.js';
import { commentAbove, nameWords } from '../../server/context/retrieval/sources/name-affinity.js';
import { countedText } from '../support/counted-text.js';

/** What the definitions source proposes, and the snippets packed into the budget, at the █ of `current`. */
const gather = definitionsAtCursor('typescript');

/** `count` documented members that nothing near the cursor calls, so the type's text is cut to its share of the budget before the wanted ones. */
function fillers(count: number, separator = ''): string {
  return Array.from(
    { length: count },
    (_, i) =>
      `  /**\n   * Filler number ${i}, documented at length so that the outline runs long.\n   */\n  filler${i}: (value: number, other: string) => Promise<void>${separator}\n`,
  ).join('');
}

/** Each case: the files, the current one (█ on the line being written), the member the line is likely to call and its signature as the prompt should show it. */
const CASES: Array<{ name: string; files: Record<string, string>; current: string; wanted: string; shown: string }> = [
  {
    name: 'a function-typed property of an interface, called on a private field the class types with it (`this.#retryer.continueRetry()`)',
    files: {
      'src/retryer.ts': `export interface Retryer<TData = unknown> {\n  promise: Promise<TData>\n${fillers(8)}  cancel: (options?: { revert?: boolean }) => void\n  continueRetry: () => void\n}\n`,
      'src/query.ts': `import type { Retryer } from './retryer'\n\nexport class Query {\n  #retryer?: Retryer<number>\n  stop(): void {\n    if (this.#retryer) {\n      this.#retryer.cancel({ revert: true })\n      ${CURSOR}\n    }\n  }\n}\n`,
    },
    current: 'src/query.ts',
    wanted: ':Retryer.continueRetry',
    shown: 'continueRetry: () => void;',
  },
  {
    name: 'a method signature of an interface, called on a parameter typed with it',
    files: {
      'src/runner.ts': `export interface Runner {\n${fillers(8)}  begin(): void\n  start(delay: number): Promise<void>\n}\n`,
      'src/use.ts': `import type { Runner } from './runner'\n\nexport function go(runner: Runner): void {\n  runner.begin()\n  ${CURSOR}\n}\n`,
    },
    current: 'src/use.ts',
    wanted: ':Runner.start',
    shown: 'start(delay: number): Promise<void>;',
  },
  {
    name: 'a function-typed property of an object type alias',
    files: {
      'src/handlers.ts': `export type Handlers = {\n${fillers(8, ',')}  onDone: (value: number) => void,\n  onFailure: (error: Error) => void,\n}\n`,
      'src/use.ts': `import type { Handlers } from './handlers'\n\nexport function finish(handlers: Handlers): void {\n  handlers.onDone(1)\n  ${CURSOR}\n}\n`,
    },
    current: 'src/use.ts',
    wanted: ':Handlers.onFailure',
    shown: 'onFailure: (error: Error) => void;',
  },
];

describe("TS: members of interfaces and object types that are called like methods are indexed as their type's methods", () => {
  it.each(CASES)('$name', async ({ files, current, wanted, shown }) => {
    const { keys, prompt } = await gather(files, current);
    expect(keys).toContainEqual(expect.stringContaining(wanted));
    expect(prompt).toContain(shown);
  });
});

/** A type `Retryer` declared as `keyword` with four members, and a class calling one of them on a private field of that type. */
function retryerFiles(keyword: 'interface' | 'class'): Record<string, string> {
  const member = (name: string) => (keyword === 'interface' ? `  ${name}: () => void\n` : `  ${name}(): void {}\n`);
  return {
    'src/retryer.ts': `export ${keyword} Retryer {\n${['cancel', 'continueRetry', 'start', 'status'].map(member).join('')}}\n`,
    'src/query.ts': `import type { Retryer } from './retryer'\n\nexport class Query {\n  #retryer?: Retryer\n  stop(): void {\n    this.#retryer?.cancel()\n    ${CURSOR}\n  }\n}\n`,
  };
}

describe('TS: a value typed with an interface offers its other members as a value typed with a class does', () => {
  it.each(['continueRetry', 'start', 'status'])('Retryer.%s', async (name) => {
    const asInterface = await gather(retryerFiles('interface'), 'src/query.ts');
    const asClass = await gather(retryerFiles('class'), 'src/query.ts');
    expect(asInterface.score(`:Retryer.${name}`)).toBeGreaterThan(0);
    // The interface itself comes first among what its value offers (its text lists every member), so its members stand one place lower.
    expect(asInterface.score(`:Retryer.${name}`)).toBeGreaterThan(0.8 * asClass.score(`:Retryer.${name}`));
  });
});

describe("TS: an imported singleton's members rank by the calls other files make through it", () => {
  it("focusManager.isFocused() elsewhere puts isFocused before onFocus, which other types' values are called with more often", async () => {
    const callers = Object.fromEntries(
      Array.from({ length: 3 }, (_, i) => [
        `src/cache${i}.ts`,
        `export class Cache${i} {\n  onFocus(): void {}\n}\nexport function focusAll(caches: Cache${i}[]): void {\n  caches.forEach((cache) => cache.onFocus())\n}\n`,
      ]),
    );
    const files = {
      ...callers,
      'src/focusManager.ts': `export class FocusManager {\n  onFocus(): void {}\n  setEventListener(setup: () => void): void {}\n  isFocused(): boolean {\n    return true\n  }\n}\n\nexport const focusManager = new FocusManager()\n`,
      'src/observer.ts': `import { focusManager } from './focusManager'\n\nexport function shouldRefetch(): boolean {\n  return focusManager.isFocused()\n}\n`,
      'src/retryer.ts': `import { focusManager } from './focusManager'\n\nexport function canContinue(paused: boolean): boolean {\n  if (paused) return false\n  ${CURSOR}\n}\n`,
    };
    const { score } = await gather(files, 'src/retryer.ts');
    expect(score(':FocusManager.isFocused')).toBeGreaterThan(score(':FocusManager.onFocus'));
  });
});

/** Query's members, three of them called in three other files; the current file's function (█ in a callback over queries) named `functionName`, under `doc`. */
function queryFiles(functionName: string, doc = ''): Record<string, string> {
  const users = Array.from({ length: 3 }, (_, i) => [
    `src/user${i}.ts`,
    `import { Query } from './query'\n\nexport function use${i}(q: Query): void {\n  q.fetch()\n  q.cancel()\n  q.reset()\n}\n`,
  ]);
  return {
    ...Object.fromEntries(users),
    'src/query.ts': `export class Query {\n  fetch(): void {}\n  cancel(): void {}\n  reset(): void {}\n  invalidate(): void {}\n  isStale(): boolean {\n    return false\n  }\n}\n`,
    'src/queryCache.ts': `import { Query } from './query'\n\nexport class QueryCache {\n  findAll(): Array<Query> {\n    return []\n  }\n}\n`,
    'src/client.ts': `import { QueryCache } from './queryCache'\n\n${doc}export function ${functionName}(cache: QueryCache): void {\n  cache.findAll().forEach((query) => {\n    ${CURSOR}\n  })\n}\n`,
  };
}

describe("TS: a callback's parameter offers its type's members, those sharing words with the function's name first", () => {
  it('.forEach((query) => { █ }): the members of Query are proposed though nothing calls one on query yet', async () => {
    const { score } = await gather(queryFiles('refetchAll'), 'src/client.ts');
    for (const member of ['fetch', 'cancel', 'isStale']) expect(score(`:Query.${member}`)).toBeGreaterThan(0.3);
  });

  it('in invalidateQueries, query.invalidate( ranks before the members other files call more', async () => {
    const { score } = await gather(queryFiles('invalidateQueries'), 'src/client.ts');
    expect(score(':Query.invalidate')).toBeGreaterThan(score(':Query.fetch'));
  });

  it('under a doc comment saying the function invalidates queries, query.invalidate( ranks first too', async () => {
    const { score } = await gather(queryFiles('markAll', '/**\n * Invalidates every cached query.\n */\n'), 'src/client.ts');
    expect(score(':Query.invalidate')).toBeGreaterThan(score(':Query.fetch'));
  });
});

/** An observer class holding a Query in a field; its function `destroy` (█ where it is written) under `doc` names no value of the type. */
function observerFiles(doc: string): Record<string, string> {
  const files = queryFiles('unused');
  files['src/query.ts'] = files['src/query.ts']!.replace('  isStale', '  addObserver(o: unknown): void {}\n  removeObserver(o: unknown): void {}\n  isStale');
  files['src/observer.ts'] =
    `import { Query } from './query'\n\nexport class Observer {\n  #current: Query\n  constructor(query: Query) {\n    this.#current = query\n    this.#current.addObserver(this)\n  }\n\n  ${doc}destroy(): void {\n    ${CURSOR}\n  }\n}\n`;
  return files;
}

describe("TS: a type the file names offers first the members sharing words with the function's doc comment", () => {
  it.each([
    [
      'under "Removes this observer from the query", query.removeObserver( ranks before the members other files call',
      '/** Removes this observer from the query. */\n  ',
      ':Query.removeObserver',
      ':Query.fetch',
    ],
    ['with no doc comment, the members other files call rank first', '', ':Query.fetch', ':Query.removeObserver'],
  ])('%s', async (_name, doc, first, second) => {
    const { score } = await gather(observerFiles(doc), 'src/observer.ts');
    expect(score(second)).toBeGreaterThan(0);
    expect(score(first)).toBeGreaterThan(score(second));
  });
});

describe("TS: a word of the function's name lifts the most used of a type's methods that have it, not all of them", () => {
  it('in applyOptions, query.setOptions( (called elsewhere) ranks before query.fetch(, and getOptions, resetOptions after it', async () => {
    const files = observerFiles('');
    files['src/query.ts'] = files['src/query.ts']!.replace('  isStale', '  getOptions(): void {}\n  resetOptions(): void {}\n  setOptions(o: unknown): void {}\n  isStale');
    files['src/setter.ts'] = `import { Query } from './query'\n\nexport function configure(q: Query): void {\n  q.setOptions({})\n}\n`;
    files['src/observer.ts'] = files['src/observer.ts']!.replace('destroy()', 'applyOptions()');
    const { score } = await gather(files, 'src/observer.ts');
    expect(score(':Query.setOptions')).toBeGreaterThan(score(':Query.fetch'));
    for (const other of [':Query.getOptions', ':Query.resetOptions']) expect(score(':Query.fetch')).toBeGreaterThan(score(other));
  });
});

describe("TS: the words of the function's name do not rank its own class's members (its siblings share them for another reason)", () => {
  it('in handleRead, this.recv( ranks before the handleX hooks of the base class', async () => {
    const callers = Array.from({ length: 2 }, (_, i) => [
      `src/reader${i}.ts`,
      `import type { Dispatcher } from './dispatcher'\n\nexport function drain${i}(d: Dispatcher): void {\n  d.recv(1)\n}\n`,
    ]);
    const files = {
      ...Object.fromEntries(callers),
      'src/dispatcher.ts': `export class Dispatcher {\n  handleError(): void {}\n  handleClose(): void {}\n  handleWrite(): void {}\n  recv(size: number): string {\n    return ''\n  }\n}\n`,
      'src/chat.ts': `import { Dispatcher } from './dispatcher'\n\nexport class Chat extends Dispatcher {\n  handleRead(): void {\n    this.handleClose()\n    ${CURSOR}\n  }\n}\n`,
    };
    const { score } = await gather(files, 'src/chat.ts');
    expect(score(':Dispatcher.recv')).toBeGreaterThan(score(':Dispatcher.handleError'));
  });
});

describe('the words of a name', () => {
  it.each([
    ['#updateStaleTimeout', ['update', 'stale', 'timeout']],
    ['getQueries', ['query']],
    ['handle_read', ['handle', 'read']],
    ['HTTPServerSettings', ['http', 'server', 'setting']],
    ['isOn', []],
  ])('%s', (name, words) => {
    expect(nameWords(name)).toEqual(words);
  });
});

describe('the comment above a function', () => {
  it.each([
    ['a doc comment', '/**\n * Removes the observer.\n */\n', ''],
    ['a doc comment above `export`', '/** Removes the observer. */\n', 'export '],
    ['line comments', '// Flags returns the flags.\n// It never fails.\n', ''],
    ['no comment', 'const x = 1\n\n', ''],
  ])('%s', (_, above, modifiers) => {
    const text = `${above}${modifiers}function f() {}\n`;
    expect(commentAbove(text, above.length + modifiers.length).trim()).toBe(above.startsWith('const') ? '' : above.trim());
  });
});

/** The pattern commentAbove applies, tried over the whole reach: the reference its faster search must agree with. */
const WHOLE_REACH = /(\/\*\*?(?:[^*]|\*(?!\/))*\*\/|(?:[ \t]*\/\/[^\n]*\n)+)\s*(?:[\p{L}_$]+[ \t]+)*$/u;
const reference = (text: string, start: number) => WHOLE_REACH.exec(text.slice(Math.max(0, start - 1500), start))?.[1] ?? '';

describe('the comment above a function, where the search starts late', () => {
  const header = `// Package p.\n//\n${'// $ curl http://localhost:3333/articles/1\n'.repeat(30)}package p\n\n`;
  it.each([
    ['a long header comment, then code', `${header}var x = 1\n\n█func f() {}\n`],
    ['a doc comment below a long header', `${header}// f does it.\n// Twice.\n█func f() {}\n`],
    ['a trailing comment on the line above', 'x := 1 // one\n// two\n█func f() {}\n'],
    ['a block comment, then line comments', '/* a */\n// b\n█func f() {}\n'],
    ['an empty block comment opening a longer one', '/**/ x */\n█function f() {}\n'],
    ['an empty block comment', 'a /**/\nexport █function f() {}\n'],
    ['a block comment holding line comments', '/* x\n// y\n*/\n█func f() {}\n'],
    ['line comments, a blank line, modifiers', '// a\n// b\n\n  export default █function f() {}\n'],
    ['a slash after the comment', '// a\nx = 1 / 2\n█func f() {}\n'],
    ['no line break after the comment', '// a █func f() {}\n'],
    ['a comment cut by the reach', `${'/'.repeat(1490)}\n// b\n█func f() {}\n`],
  ])('%s: as the pattern over the whole reach finds it', (_, marked) => {
    const start = marked.indexOf('█');
    const text = marked.replace('█', '');
    expect(commentAbove(text, start)).toBe(reference(text, start));
  });

  it.each([
    ['code', 'var x = 1\n\n', ''],
    ['its own doc comment', '// f does it.\n// Twice.\n', '// f does it.\n// Twice.\n'],
  ])('reads the lines below a long commented header, not the header, when the function has %s above it', (_, between, comment) => {
    const text = `${header}${header}${between}func f() {}\n`;
    const counted = countedText(text);
    expect(commentAbove(counted.text, text.indexOf('func f'))).toBe(comment);
    // The pattern over the whole reach read 1,500 characters, and went through the header's lines once for each `//` in them.
    expect(counted.read()).toBeLessThan(between.length + 80);
  });
});
