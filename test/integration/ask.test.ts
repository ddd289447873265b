import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../fixtures/mcp', import.meta.url));
const INSTRUCT = 'qwen2.5-coder:7b-instruct';

let fake: FakeOllama;
let cacheHome: string;

async function ask(args: string[], url = fake.url): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SERVER_ENTRY, 'ask', ...args, '--root', ROOT, '--url', url], {
      env: { ...process.env, OLLAMA_HOST: '', XDG_CACHE_HOME: cacheHome },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
}

function lastChat(): ChatBody {
  const requests = fake.generateRequests();
  return requests[requests.length - 1]!.body as ChatBody;
}

const ANSWER = [
  'The total is computed by `Cart.Total` at cart/cart.go:20, which adds up `PriceOf` (cart/item.go:11) for each item.',
  'The discount comes from cart/discount.go:5 and cart/cart.go:999.',
  '',
].join('\n');

beforeAll(async () => {
  fake = await startFakeOllama({ models: [DEFAULT_MODEL, { name: INSTRUCT }] });
  cacheHome = mkdtempSync(join(tmpdir(), 'ghostline-ask-cache-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(cacheHome, { recursive: true, force: true });
});

describe('ghostline ask', () => {
  it('sends the code the question is about, with paths and line numbers, to the instruct model', async () => {
    fake.reply({ text: ANSWER });
    const { code, stderr } = await ask(['How is the total of a Cart computed?']);
    expect(stderr).toContain('cart/discount.go:5');
    expect(code).toBe(0);
    const body = lastChat();
    expect(body.model).toBe(INSTRUCT);
    const prompt = body.messages[body.messages.length - 1]!.content;
    expect(prompt).toContain('cart/cart.go:20-26 (Cart.Total)');
    expect(prompt).toContain('25| \treturn applyDiscount(sum, c.discount)');
    expect(prompt).toContain('Question: How is the total of a Cart computed?');
    expect(body.messages[0]!.role).toBe('system');
    for (const secret of ['envfile-secret-value', 'sk_live_', 'outside-the-root-marker']) expect(JSON.stringify(body)).not.toContain(secret);
  });

  it('prints the streamed answer, keeps real citations and marks invented ones', async () => {
    fake.reply({ text: ANSWER });
    const { code, stdout } = await ask(['How is the total of a Cart computed?']);
    expect(code).toBe(0);
    expect(stdout).toContain('at cart/cart.go:20, which adds up `PriceOf` (cart/item.go:11)');
    expect(stdout).toContain('cart/discount.go:5 (unverified: no such line in the workspace)');
    expect(stdout).toContain('cart/cart.go:999 (unverified');
    expect(stdout).toContain('Cited:\n  cart/cart.go:20  Cart.Total\n  cart/item.go:11  PriceOf\n');
  });

  it('--json prints the answer, the citations that exist and the context shown', async () => {
    fake.reply({ text: ANSWER });
    const { code, stdout } = await ask(['How is the total of a Cart computed?', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { answer: string; citations: unknown[]; context: Array<{ path: string; line: number; name: string }> };
    expect(result.citations).toEqual([
      { path: 'cart/cart.go', line: 20, name: 'Cart.Total' },
      { path: 'cart/item.go', line: 11, name: 'PriceOf' },
    ]);
    expect(result.answer).toContain('cart/discount.go:5 (unverified');
    // The method the question names is shown first or right after its type.
    expect(result.context.slice(0, 2)).toContainEqual({ path: 'cart/cart.go', line: 20, name: 'Cart.Total' });
  });

  it('--session sends the earlier turns, and keeps them outside the workspace', async () => {
    fake.reply({ text: 'First answer: see cart/cart.go:10.\n' });
    expect((await ask(['What does NewCart return?', '--session', 'shop'])).code).toBe(0);
    fake.reply({ text: 'Second answer.\n' });
    expect((await ask(['And who calls it?', '--session', 'shop'])).code).toBe(0);
    const messages = lastChat().messages;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[1]!.content).toBe('What does NewCart return?');
    expect(messages[2]!.content).toBe('First answer: see cart/cart.go:10.\n');
    expect(readdirSync(join(cacheHome, 'ghostline', 'sessions'))).toHaveLength(1);
    expect(existsSync(join(ROOT, 'sessions'))).toBe(false);
    // Without --session each question stands alone.
    fake.reply({ text: 'Alone.\n' });
    await ask(['And who calls it?']);
    expect(lastChat().messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect((await ask(['x', '--session', '../escape'])).code).toBe(2);
  });

  it('says how to get the model when it is missing, and how to start the server when there is none', async () => {
    fake.setModels([DEFAULT_MODEL]);
    try {
      const missing = await ask(['How is the total computed?']);
      expect(missing.code).toBe(1);
      // The model ask uses is the action model, and the CLI names its flag.
      expect(missing.stderr).toContain(`Run \`ollama pull ${INSTRUCT}\`, or set --action-model to a model you have.`);
    } finally {
      fake.setModels([DEFAULT_MODEL, { name: INSTRUCT }]);
    }
    const down = await ask(['How is the total computed?'], 'http://127.0.0.1:2');
    expect(down.code).toBe(1);
    expect(down.stderr).toBe('ghostline: cannot reach the model server at http://127.0.0.1:2. Start it with `ollama serve`, or point --action-url (or --url) at it.\n');
  });

  it('a --root that is not a folder is bad input (exit 2); a folder with no source file says which files it reads', async () => {
    const askIn = async (root: string) => {
      try {
        await run(process.execPath, [SERVER_ENTRY, 'ask', 'Where is the total computed?', '--root', root, '--url', fake.url], {
          env: { ...process.env, OLLAMA_HOST: '', XDG_CACHE_HOME: cacheHome },
        });
        return { code: 0, stderr: '' };
      } catch (error) {
        return error as { code: number; stderr: string };
      }
    };
    const file = join(ROOT, 'go.mod');
    expect(await askIn(file)).toMatchObject({ code: 2, stderr: `ghostline: --root ${file} is not a folder\n` });
    const empty = mkdtempSync(join(tmpdir(), 'ghostline-ask-empty-'));
    try {
      const none = await askIn(empty);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/^ghostline: no index: found no source files to index \(\.go, .*\.ts, .*\.py.*\) under /);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('closes the model request when interrupted', async () => {
    fake.resetStats();
    fake.reply({ chunks: Array.from({ length: 400 }, (_, i) => `word${i} `), perTokenMs: 50 });
    const child = spawn(process.execPath, [SERVER_ENTRY, 'ask', 'How is the total computed?', '--root', ROOT, '--url', fake.url], {
      env: { ...process.env, OLLAMA_HOST: '', XDG_CACHE_HOME: cacheHome },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const [request] = await fake.waitForRequests(1, { where: (r) => r.path === '/api/chat' && r.firstTokenAt !== undefined, timeoutMs: 20_000 });
    child.kill('SIGINT');
    await fake.waitFor(() => request!.abortedByClient, 10_000);
    expect(await exited).toBe(130);
    expect(request!.finishedAt === undefined || request!.abortedByClient).toBe(true);
  });
});
