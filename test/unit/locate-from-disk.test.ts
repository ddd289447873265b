import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, symlinkSync, unlinkSync, utimesSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../server/config/schema.js';
import { defaultSettings } from '../../server/config/settings.js';
import { listWorkspaceFiles } from '../../server/context/index/workspace-files.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { indexLimits, locateCached, locateFromDisk } from '../../server/task/locate-cached.js';
import { locateTask } from '../../server/task/localize.js';
import { GO_SHOP, TS_LEDGER } from '../support/localize-fixtures.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const languages = new LanguageRegistry();
const TASK = 'restock the inventory of a product';
let open: Workspace[] = [];
afterEach(() => {
  for (const workspace of open) workspace.remove();
  open = [];
});

/** A workspace with its own cache folder, so nothing is shared between cases. */
function workspace(files: Record<string, string>): { shop: Workspace; settings: Settings } {
  const shop = makeWorkspace(files);
  open.push(shop);
  const settings = defaultSettings();
  return { shop, settings: { ...settings, context: { ...settings.context, cacheDir: shop.path('.cache-test') } } };
}

/** What the CLI does without a usable saved model: a fresh index, then locate and save with the listing. */
async function locateIndexed(root: string, settings: Settings, listing: string, task = TASK) {
  const index = new WorkspaceIndex(root, languages, () => indexLimits(settings));
  await index.build();
  return { index, localization: locateCached({ index, task, limit: 20, fileLimit: 10 }, settings, undefined, listing) };
}

async function fromDisk(root: string, settings: Settings, task = TASK) {
  return locateFromDisk({ root, task, limit: 20, fileLimit: 10 }, settings);
}

/** Saves a model for the workspace as it is now; returns the answer a fresh index gives. */
async function saved(root: string, settings: Settings, task = TASK) {
  const first = await fromDisk(root, settings, task);
  expect('listing' in first).toBe(true);
  return (await locateIndexed(root, settings, (first as { listing: string }).listing, task)).localization;
}

describe('locating from the saved model alone', () => {
  it('answers exactly as a fresh index does while no file changed, for Go and TypeScript workspaces', async () => {
    for (const [files, task] of [
      [GO_SHOP, TASK],
      [TS_LEDGER, 'Ledger.sum adds booked entries twice'],
    ] as const) {
      const { shop, settings } = workspace(files);
      const expected = await saved(shop.root, settings, task);
      const quick = await fromDisk(shop.root, settings, task);
      expect(quick).toEqual({ localization: expected });
      const index = new WorkspaceIndex(shop.root, languages, () => indexLimits(settings));
      await index.build();
      expect(locateTask({ index, task, limit: 20, fileLimit: 10 })).toEqual(expected);
    }
  });

  const changes: Array<[string, (shop: Workspace) => void]> = [
    [
      'an edited file',
      (shop) => shop.write('store/inventory.go', `${GO_SHOP['store/inventory.go']}\n// Restock adds items of a product.\nfunc Restock(product string, n int) {}\n`),
    ],
    ['an added file', (shop) => shop.write('store/restock.go', 'package store\n\n// Restock adds items of a product.\nfunc Restock(product string, n int) {}\n')],
    ['a deleted file', (shop) => unlinkSync(shop.path('store/inventory.go'))],
    ['a file touched without a change', (shop) => utimesSync(shop.path('store/orders.go'), new Date(), new Date(Date.now() + 5_000))],
    ['a changed manifest', (shop) => shop.write('go.mod', 'module example.com/shop2\n\ngo 1.19\n')],
    ['a new .gitignore that hides a file', (shop) => shop.write('.gitignore', 'store/inventory.go\n')],
  ];
  for (const [what, change] of changes) {
    it(`is not trusted after ${what}: the index is rebuilt, and its answer saved for the next run`, async () => {
      const { shop, settings } = workspace(GO_SHOP);
      await saved(shop.root, settings);
      change(shop);
      const stale = await fromDisk(shop.root, settings);
      expect('listing' in stale).toBe(true);
      const { localization } = await locateIndexed(shop.root, settings, (stale as { listing: string }).listing);
      expect(await fromDisk(shop.root, settings)).toEqual({ localization });
    });
  }

  it('lists with blocking calls exactly what the event-loop listing gives (ignore files, symlinks, FIFOs, skips)', async () => {
    const { shop } = workspace({
      ...GO_SHOP,
      '.gitignore': 'store/orders.go\n',
      'web/.gitignore': '*_test.go\n',
      'web/x_test.go': 'package web\n',
      'gen/a.pb.go': 'package gen\n',
    });
    symlinkSync(shop.path('web'), shop.path('web/loop'));
    symlinkSync(shop.path('missing.go'), shop.path('dangling.go'));
    execFileSync('mkfifo', [shop.path('web/pipe.go')]);
    const limits = { maxFileBytes: 1_000_000, maxFiles: 1000 };
    const blocking = await listWorkspaceFiles(shop.root, { ...limits, blocking: true });
    expect(blocking).toEqual(await listWorkspaceFiles(shop.root, limits));
    expect(blocking.skipped.map((skip) => skip.reason).sort()).toEqual(['dangling-symlink', 'generated', 'not-regular', 'symlink-loop']);
  });

  it('a missing or foreign cache file is a miss, never an error', async () => {
    const { shop, settings } = workspace(GO_SHOP);
    await saved(shop.root, settings);
    const [file] = readdirSync(shop.path('.cache-test')).filter((name) => name.startsWith('locate-'));
    shop.write(`.cache-test/${file}`, 'GHOSTLINE-LOCATE\u0010\u0000\u0000\u0000{"format":3}');
    expect('listing' in (await fromDisk(shop.root, settings))).toBe(true);
    rmSync(shop.path('.cache-test'), { recursive: true, force: true });
    expect('listing' in (await fromDisk(shop.root, settings))).toBe(true);
  });
});
