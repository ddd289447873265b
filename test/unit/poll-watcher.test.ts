import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PollWatcher } from '../../server/context/poll-watcher.js';
import { silentLogger } from '../../server/util/logger.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();
const watchers: PollWatcher[] = [];
afterEach(() => watchers.splice(0).forEach((watcher) => watcher.dispose()));

describe('PollWatcher', () => {
  it('lists nothing while it is not quiet (someone is typing), and tells what changed once it is', async () => {
    const root = workspace({ 'a.go': 'package a\n' });
    const told: string[] = [];
    let quiet = false;
    let looks = 0;
    const watcher = new PollWatcher({
      root,
      limits: () => ({ maxFileBytes: 100_000, maxFiles: 100 }),
      changed: async (uri, kind) => void told.push(`${kind} ${uri.slice(uri.lastIndexOf('/') + 1)}`),
      intervalMs: 20,
      quiet: () => {
        looks++;
        return quiet;
      },
      logger: silentLogger,
    });
    watchers.push(watcher);
    await watcher.start();
    writeFileSync(join(root, 'b.go'), 'package a\n');
    await vi.waitFor(() => expect(looks).toBeGreaterThanOrEqual(5), { timeout: 5000 });
    expect(told).toEqual([]);
    quiet = true;
    await vi.waitFor(() => expect(told).toEqual(['created b.go']), { timeout: 5000 });
  });
});
