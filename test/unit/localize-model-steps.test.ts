import { afterAll, describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { locateTask } from '../../server/task/localize.js';
import { localizationModel, localizationModelSteps } from '../../server/task/localize/model.js';
import { GO_SHOP } from '../support/localize-fixtures.js';
import { makeWorkspace } from '../support/workspace.js';

const shop = makeWorkspace(GO_SHOP);
afterAll(() => shop.remove());

async function indexOf(root: string): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(root, new LanguageRegistry(), () => ({ maxFileBytes: 1_000_000, maxFiles: 1000 }));
  await index.build();
  return index;
}

describe('the localization model, built in steps', () => {
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
