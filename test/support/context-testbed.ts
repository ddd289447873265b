import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { TestClient } from './lsp-client.js';

export interface ContextTestbed<F> {
  /** This test's fake model server. */
  readonly fake: F;
  /** This test's empty index cache folder, for `context.cacheDir`, so no test reads another's cache. */
  readonly cacheDir: string;
  /** Clients stopped after the test, before anything else is cleaned up (a stopping server writes its cache). */
  readonly clients: TestClient[];
  /** Workspaces removed after the test. */
  readonly workspaces: Array<{ remove(): void }>;
}

/**
 * For a test file of servers with a workspace index: registers a beforeEach that starts a fake
 * model server and makes a cache folder, and an afterEach that takes all of it down again.
 */
export function contextTestbed<F extends { close(): Promise<void> }>(startFake: () => Promise<F>): ContextTestbed<F> {
  let current: { fake: F; cacheDir: string } | undefined;
  const clients: TestClient[] = [];
  const workspaces: Array<{ remove(): void }> = [];
  beforeEach(async () => {
    current = { fake: await startFake(), cacheDir: mkdtempSync(join(tmpdir(), 'ghostline-cache-')) };
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.stop();
    for (const workspace of workspaces.splice(0)) workspace.remove();
    rmSync(current!.cacheDir, { recursive: true, force: true });
    await current!.fake.close();
    current = undefined;
  });
  const now = () => {
    if (!current) throw new Error('the testbed exists only while a test runs');
    return current;
  };
  return {
    get fake() {
      return now().fake;
    },
    get cacheDir() {
      return now().cacheDir;
    },
    clients,
    workspaces,
  };
}
