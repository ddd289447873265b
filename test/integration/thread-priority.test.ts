import { readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { HELPER_NICE } from '../../server/util/thread-priority.js';
import { TestClient } from '../support/lsp-client.js';

let client: TestClient | undefined;
afterEach(async () => {
  await client?.stop();
  client = undefined;
});

describe.runIf(process.platform === 'linux')('the server as an editor starts it', () => {
  it('runs its background threads (V8, libuv) nicer than the thread that reads the editor, and the syntax worker as that one', async () => {
    client = await TestClient.start();
    const pid = client.process.pid!;
    const main = getPriority(pid);
    const others = readdirSync(`/proc/${pid}/task`)
      .map(Number)
      .filter((tid) => tid !== pid);
    // V8's platform threads and the syntax worker at least.
    expect(others.length).toBeGreaterThanOrEqual(5);
    const lowered = others.filter((tid) => getPriority(tid) >= Math.min(19, main + HELPER_NICE));
    const asMain = others.filter((tid) => getPriority(tid) === main);
    // The syntax worker's thread alone keeps the main thread's priority: a completion waits for its answers.
    expect(asMain).toHaveLength(1);
    expect(lowered).toHaveLength(others.length - 1);
    expect(client.logs.map((entry) => entry.message).join('\n')).not.toContain('background threads run at');
  });
});
