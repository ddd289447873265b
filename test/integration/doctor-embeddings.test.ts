import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ACTION_MODEL } from '../support/actions.js';
import { closedAfterEach } from '../support/cleanup.js';
import { DEFAULT_MODEL, startFakeOllama } from '../support/fake-ollama.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ghostline.js', import.meta.url).pathname;

async function doctor(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [BIN, 'doctor', ...args], { env: { ...process.env, OLLAMA_HOST: '' } });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

const closing = closedAfterEach();

describe('ghostline doctor --embed-model', () => {
  it('embeds one text with the embedding model and says how long its vectors are; a missing one is a warning with the fix', async () => {
    const ollama = closing(await startFakeOllama({ models: [DEFAULT_MODEL, { name: ACTION_MODEL }, { name: 'nomic-embed-text' }] }));
    const present = await doctor(['--url', ollama.url, '--embed-model', 'nomic-embed-text']);
    expect(present.stdout).toMatch(/^ok\s+embedding model\s+nomic-embed-text: vectors of 64 numbers$/m);
    expect(present.code).toBe(0);
    expect(ollama.embedRequests().map((request) => request.body)).toEqual([{ model: 'nomic-embed-text', input: ['ghostline doctor'], keep_alive: '30m' }]);
    const missing = await doctor(['--url', ollama.url, '--embed-model', 'no-such-embedder']);
    expect(missing.stdout).toMatch(/^warn\s+embedding model\s+no-such-embedder: .*; run `ollama pull no-such-embedder`; ghostline task localizes without it \(--embed-model\)$/m);
    expect(missing.code).toBe(0);
  });

  it('has no embedding row when no embedding model is set', async () => {
    const ollama = closing(await startFakeOllama({ models: [DEFAULT_MODEL, { name: ACTION_MODEL }] }));
    const { stdout } = await doctor(['--url', ollama.url]);
    expect(stdout).not.toContain('embedding model');
    expect(ollama.embedRequests()).toEqual([]);
  });
});
