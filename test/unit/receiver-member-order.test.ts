import { describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { rerankSteps } from '../../server/context/retrieval/sources/rankings-warm.js';
import { keptOrders, methodsByWorth, typeMembers } from '../../server/context/retrieval/sources/receiver-types.js';
import { runSteps } from '../../server/util/steps.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

const CACHE = 'export class Cache {\n  alpha(): void {}\n  beta(): void {}\n  gamma(): void {}\n}\n';
const user = (calls: string) => `import { Cache } from './cache'\n\nexport function f(c: Cache): void {\n${calls}}\n`;

async function indexed(): Promise<WorkspaceIndex> {
  const root = workspace({ 'src/cache.ts': CACHE, 'src/user.ts': user(''), 'src/other.ts': user('  c.gamma()\n') });
  const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
  await index.build();
  return index;
}

const names = (index: WorkspaceIndex, affinity?: (member: string) => number) =>
  typeMembers({ index, file: 'src/user.ts', type: 'Cache', near: new Set(['src/cache.ts']), affinity }).map((ref) => ref.declaration.name);

describe("a type's members, most used first, kept per state of the index", () => {
  it('orders by use, then by line', async () => {
    expect(names(await indexed())).toEqual(['gamma', 'alpha', 'beta']);
  });

  it('an affinity the gather adds re-orders the kept list, without changing it for the next gather', async () => {
    const index = await indexed();
    expect(names(index, (member) => (member === 'beta' ? 1 : 0))).toEqual(['beta', 'gamma', 'alpha']);
    expect(names(index)).toEqual(['gamma', 'alpha', 'beta']);
  });

  it('a re-indexed file that calls another method changes the order at once', async () => {
    const index = await indexed();
    expect(names(index)).toEqual(['gamma', 'alpha', 'beta']);
    index.update('src/user.ts', user('  c.beta()\n'));
    expect(names(index)[0]).toBe('beta');
  });

  it('ties in worth and line keep the list order', () => {
    const method = (name: string) => ({ file: 'a.ts', declaration: { name, kind: 'method' as const, line: 1, endLine: 1, exported: true, text: '' } });
    const order = ['a', 'b', 'c'].map((name, at) => ({ method: method(name), worth: 1, at }));
    const result = methodsByWorth(order, (name) => (name === 'a' ? 0 : 2)).map((ref) => ref.declaration.name);
    expect(result).toEqual(['b', 'c', 'a']);
  });
});

describe('the re-rank turn works out the member orders of the types the file reaches', () => {
  it('so the gather after an update finds them kept, and proposes the same', async () => {
    const index = await indexed();
    index.update('src/user.ts', user('  c.alpha()\n'));
    runSteps(rerankSteps(index, 'src/user.ts'));
    const kept = keptOrders(index);
    expect(kept).toBeGreaterThan(0);
    expect(names(index)).toEqual(['alpha', 'gamma', 'beta']);
    expect(keptOrders(index)).toBe(kept);
  });
});
