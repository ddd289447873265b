import { afterAll, describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { locateTask } from '../../server/task/localize.js';
import { localizationModel, localizationModelSteps } from '../../server/task/localize/model.js';
import { searchCode, searchCodeInSlices, searchCodeSteps } from '../../server/query/search-code.js';
import { GO_SHOP } from '../support/localize-fixtures.js';
import { makeWorkspace } from '../support/workspace.js';

const shop = makeWorkspace(GO_SHOP);
afterAll(() => shop.remove());

async function indexOf(root: string): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(root, new LanguageRegistry(), () => ({ maxFileBytes: 1_000_000, maxFiles: 1000 }));
  await index.build();
  return index;
}

/** A Go file of four functions whose bodies are `lines` statements long. */
function fourFunctions(lines: number): Record<string, string> {
  const body = (n: number) => Array.from({ length: lines }, (_, i) => `\ttotal += weigh${n}(items[${i}], limits[${i}])`).join('\n');
  const fn = (n: number) => `// sum${n} adds the weights.\nfunc sum${n}(items, limits []int) int {\n\ttotal := 0\n${body(n)}\n\treturn total\n}\n`;
  return { 'go.mod': 'module example.com/sums\n\ngo 1.19\n', 'sums.go': `package sums\n\n${[1, 2, 3, 4].map(fn).join('\n')}` };
}

function stepsOf(index: WorkspaceIndex): number {
  const steps = localizationModelSteps(index);
  let count = 0;
  while (!steps.next().done) count++;
  return count;
}

describe('the localization model, built in steps', () => {
  it("ends its steps by the size of what it reads, not only by count: four long functions' words are not read in one step", async () => {
    const short = makeWorkspace(fourFunctions(2));
    const long = makeWorkspace(fourFunctions(1000));
    try {
      // About 45 KB a function: the words of each of the last three come after a step of their own.
      expect(stepsOf(await indexOf(long.root))).toBeGreaterThanOrEqual(stepsOf(await indexOf(short.root)) + 3);
    } finally {
      short.remove();
      long.remove();
    }
  });

  it('gives the event loop many chances on the way, and the same ranking as a model built at once', async () => {
    const stepped = await indexOf(shop.root);
    const steps = localizationModelSteps(stepped);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    // A step per file at least, and more for the documents and the graph.
    expect(yields).toBeGreaterThan(stepped.fileCount);
    const task = 'apply the discount before the tax in the checkout total';
    const once = locateTask({ index: await indexOf(shop.root), task });
    expect(locateTask({ index: stepped, task, model: step.value })).toEqual(once);
    expect(once.files.length).toBeGreaterThan(0);
  });

  it('is kept for the index as it was when its build began: an update meanwhile makes the next caller build again', async () => {
    const index = await indexOf(shop.root);
    const steps = localizationModelSteps(index);
    steps.next();
    const file = [...index.records()][0]!;
    // A new declaration: the index's visible API, and so its generation, moves between two steps.
    index.update(file.path, `${shop.read(file.path)}\nfunc AddedWhileBuilding() int { return 1 }\n`);
    let step = steps.next();
    while (!step.done) step = steps.next();
    const rebuilt = localizationModel(index);
    expect(rebuilt).not.toBe(step.value);
    expect(rebuilt.lexical.nodes.some((node) => node.declaration.name === 'AddedWhileBuilding')).toBe(true);
    expect(step.value.lexical.nodes.some((node) => node.declaration.name === 'AddedWhileBuilding')).toBe(false);
  });
});

const query = 'apply the discount before the tax in the checkout total';

describe('search_code and ask, in steps', () => {
  it('yield inside the query itself, not only while the model is built, and rank as the search at once does', async () => {
    const index = await indexOf(shop.root);
    // Built beforehand: what is left is the query (its walk over the graph took 0.35 s on the Go standard library).
    localizationModel(index);
    const steps = searchCodeSteps({ index, query, limit: 5 });
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(yields).toBeGreaterThan(2);
    const once = searchCode({ index: await indexOf(shop.root), query, limit: 5 });
    expect(once.length).toBeGreaterThan(0);
    expect(step.value).toEqual(once);
    expect(await searchCodeInSlices({ index, query, limit: 5 })).toEqual(once);
  });
});
