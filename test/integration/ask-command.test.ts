import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { CancellationTokenSource, ITEMS_CAPABILITIES, TestClient } from '../support/lsp-client.js';

const ROOT = fileURLToPath(new URL('../fixtures/mcp', import.meta.url));
const MAIN = pathToFileURL(join(ROOT, 'cmd/shop/main.go')).toString();
const INSTRUCT = 'qwen2.5-coder:7b-instruct';

let fake: FakeOllama;
let cacheHome: string;
let client: TestClient;

interface ChatBody {
  messages: Array<{ role: string; content: string }>;
}

beforeAll(async () => {
  fake = await startFakeOllama({ models: [DEFAULT_MODEL, { name: INSTRUCT }] });
  cacheHome = mkdtempSync(join(tmpdir(), 'ghostline-ask-lsp-cache-'));
  client = await TestClient.start({
    capabilities: { ...ITEMS_CAPABILITIES, window: { workDoneProgress: true } },
    initializationOptions: { model: { url: fake.url } },
    env: { XDG_CACHE_HOME: cacheHome, OLLAMA_HOST: '' },
    rootUri: pathToFileURL(ROOT).toString(),
  });
  await client.waitFor(() => /indexed \d+ files/.test(client.logText()), 20_000);
  await client.open(MAIN, 'go', readFileSync(join(ROOT, 'cmd/shop/main.go'), 'utf8'));
});
afterAll(async () => {
  await client?.stop();
  await fake.close();
  rmSync(cacheHome, { recursive: true, force: true });
});

describe('workspace/executeCommand ghostline.ask', () => {
  it('is advertised, streams the answer through $/progress and returns markdown with openable citations', async () => {
    expect(client.initializeResult?.capabilities.executeCommandProvider?.commands).toContain('ghostline.ask');
    fake.reply({ text: 'main builds a cart with cart.NewCart (cart/cart.go:10)\nand prints the total of cart/cart.go:20.\nSee also cart/nowhere.go:3.\n' });
    const range = { start: { line: 9, character: 0 }, end: { line: 11, character: 22 } };
    const result = (await client.executeCommand('ghostline.ask', [{ question: 'What does this code print?', uri: MAIN, range }])) as {
      markdown: string;
      citations: Array<{ path: string; line: number; name: string; uri: string }>;
    };
    expect(result.markdown).toContain('cart/nowhere.go:3 (unverified');
    expect(result.citations).toEqual([
      { path: 'cart/cart.go', line: 10, name: 'NewCart', uri: pathToFileURL(join(ROOT, 'cart/cart.go')).toString() },
      { path: 'cart/cart.go', line: 20, name: 'Cart.Total', uri: pathToFileURL(join(ROOT, 'cart/cart.go')).toString() },
    ]);
    const events = client.progress as Array<{ token: string | number; value: { kind: string; title?: string; message?: string } }>;
    const token = events.find((e) => e.value.kind === 'begin' && e.value.title === 'Ghostline: ask')?.token;
    const reports = events.flatMap((e) => (e.token === token && e.value.kind === 'report' && e.value.message !== undefined ? [e.value.message] : []));
    expect(reports.join('')).toBe(result.markdown);
    expect(reports.length).toBeGreaterThan(1);
    const prompt = (fake.generateRequests().at(-1)!.body as ChatBody).messages.at(-1)!.content;
    expect(prompt).toContain('cmd/shop/main.go:10-12 (the selection)');
    expect(prompt).toContain('10| \tc := cart.NewCart()');
  });

  it('refuses arguments that are not {question, uri?, range?}', async () => {
    await expect(client.executeCommand('ghostline.ask', [{ question: 3 }])).rejects.toThrow(/question/);
    await expect(client.executeCommand('ghostline.ask', [])).rejects.toThrow(/ghostline.ask takes/);
  });

  it('closes the model request when the editor cancels', async () => {
    fake.resetStats();
    fake.reply({ chunks: Array.from({ length: 400 }, (_, i) => `word${i} `), perTokenMs: 50 });
    const source = new CancellationTokenSource();
    const answer = client.executeCommand('ghostline.ask', [{ question: 'How is the total computed?' }], source);
    const [request] = await fake.waitForRequests(1, { where: (r) => r.path === '/api/chat' && r.firstTokenAt !== undefined, timeoutMs: 20_000 });
    source.cancel();
    await expect(answer).rejects.toThrow(/cancel/i);
    await fake.waitFor(() => request!.abortedByClient, 10_000);
  });
});
