import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOllama } from '../support/fake-ollama.js';
import { contextTestbed } from '../support/context-testbed.js';
import { INLINE_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { copyFixture } from '../support/workspace.js';

const bed = contextTestbed(async () => {
  const fake = await startFakeOllama();
  fake.reply({ text: 'return u' });
  return fake;
});

const WATCHING = { ...INLINE_CAPABILITIES, workspace: { ...INLINE_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } };
const POLL_MS = 150;
const ADDRESS = 'package models\n\n// ParseAddress reads a postal address.\nfunc ParseAddress(s string) string {\n\treturn s\n}\n';

/** A server on the go-module fixture, for a client that watches files for it or not; and the prompt of a completion that calls ParseAddress. */
async function started(capabilities: typeof INLINE_CAPABILITIES, pollDisk?: string) {
  const workspace = copyFixture('go-module', 'shop');
  bed.workspaces.push(workspace);
  const client = await TestClient.start({
    capabilities,
    rootUri: workspace.uri(''),
    env: { GHOSTLINE_POLL_MS: String(POLL_MS) },
    initializationOptions: {
      model: { url: bed.fake.url },
      completion: { debounceMs: 0, cacheSize: 0 },
      context: { cacheDir: bed.cacheDir, gatherTimeoutMs: 1000, ...(pollDisk ? { pollDisk } : {}) },
    },
  });
  bed.clients.push(client);
  await client.waitFor(() => /indexed \d+ files/.test(client.logText()), 15_000);
  const store = workspace.cursors.get('store/store.go')!;
  const text = store.text.replace('key := cacheKey(u.ID)', 'key := cacheKey(u.ID)\n\t_ = models.ParseAddress("")');
  const uri = workspace.uri('store/store.go');
  await client.open(uri, 'go', text);
  const line = text.split('\n').findIndex((l) => l.includes('ParseAddress'));
  const prompt = async () => {
    const before = bed.fake.generateRequests().length;
    await client.inline(uri, { line: line + 3, character: 1 });
    const all = await bed.fake.waitForRequests(before + 1);
    return (all[all.length - 1]!.body as { prompt: string }).prompt;
  };
  return { workspace, client, prompt };
}

describe('changes on disk when the editor does not watch files for the server', () => {
  it('are found by listing the folder now and then: a file created outside the editor reaches the prompt, a deleted one leaves it', async () => {
    const { workspace, client, prompt } = await started(INLINE_CAPABILITIES);
    expect(client.registrations.map((r) => r.method)).not.toContain('workspace/didChangeWatchedFiles');
    expect(await prompt()).not.toContain('func ParseAddress(s string) string');

    workspace.write('models/address.go', ADDRESS);
    await expect.poll(prompt, { timeout: 10_000 }).toContain('func ParseAddress(s string) string');
    expect(client.logText()).toMatch(/re-indexed 1 changed file/);

    rmSync(join(workspace.root, 'models/address.go'));
    await expect.poll(prompt, { timeout: 10_000 }).not.toContain('func ParseAddress(s string) string');
  });

  it('are left to the editor when it watches them: the server registers its watchers and lists nothing itself', async () => {
    const { workspace, client, prompt } = await started(WATCHING);
    expect(client.registrations.map((r) => r.method)).toContain('workspace/didChangeWatchedFiles');
    workspace.write('models/address.go', ADDRESS);
    // Ten intervals of the listing that would have found it; the editor's event is what tells.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 10));
    expect(await prompt()).not.toContain('func ParseAddress(s string) string');
    await client.filesChanged([{ uri: workspace.uri('models/address.go'), type: 1 }]);
    await expect.poll(prompt, { timeout: 10_000 }).toContain('func ParseAddress(s string) string');
  });

  it('are looked for anyway with context.pollDisk "always" (Helix watches only its own writes), and never with "never"', async () => {
    const helix = await started(WATCHING, 'always');
    expect(helix.client.registrations.map((r) => r.method)).toContain('workspace/didChangeWatchedFiles');
    helix.workspace.write('models/address.go', ADDRESS);
    await expect.poll(helix.prompt, { timeout: 10_000 }).toContain('func ParseAddress(s string) string');

    const off = await started(INLINE_CAPABILITIES, 'never');
    off.workspace.write('models/address.go', ADDRESS);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 10));
    expect(await off.prompt()).not.toContain('func ParseAddress(s string) string');
  });
});
