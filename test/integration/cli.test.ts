import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ghostline.js', import.meta.url).pathname;

async function ghostline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, OLLAMA_HOST: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let fake: FakeOllama;
let dir: string;
beforeAll(async () => {
  fake = await startFakeOllama();
  dir = mkdtempSync(join(tmpdir(), 'ghostline-cli-'));
});
afterAll(() => fake.close());

describe('ghostline CLI', () => {
  it('prints its version from package.json', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { code, stdout } = await ghostline(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`ghostline ${pkg.version}`);
    expect(SERVER_ENTRY).toContain('dist');
  });

  it('complete FILE:LINE:COL prints what the server would show, through the same engine', async () => {
    const file = join(dir, 'greet.go');
    writeFileSync(file, 'package main\n\nimport "fmt"\n\nfunc greet(name string) {\n\tfmt.Println("héllo", )\n}\n');
    fake.resetStats();
    fake.reply({ text: 'name)\n}\n' });
    // Line 6, column 23 (1-based characters, é counts once): the cursor stands on the `)`.
    const { code, stdout, stderr } = await ghostline(['complete', `${file}:6:23`, '--url', fake.url]);
    expect(stderr).toContain('single-line completion');
    expect(code).toBe(0);
    expect(stdout).toBe('name\n');
    const body = fake.generateRequests()[0]!.body as { prompt: string };
    expect(body.prompt).toBe('<|fim_prefix|>package main\n\nimport "fmt"\n\nfunc greet(name string) {\n\tfmt.Println("héllo", <|fim_suffix|>)\n}\n<|fim_middle|>');
  });

  it('complete rejects bad targets with a clear message', async () => {
    expect((await ghostline(['complete', 'nofile.go'])).stderr).toContain('FILE:LINE');
    expect((await ghostline(['complete', join(dir, 'missing.go:1:1')])).stderr).toContain('cannot read');
    const file = join(dir, 'short.ts');
    writeFileSync(file, 'const a = 1;\n');
    expect((await ghostline(['complete', `${file}:9:1`, '--url', fake.url])).stderr).toContain('has 2 lines');
  });

  it('doctor prints a table of checks and exits 0 when everything works', async () => {
    fake.reply({ text: 'fmt.Println("hello", name)\n' });
    const { code, stdout } = await ghostline(['doctor', '--url', fake.url]);
    expect(stdout).toMatch(/^ok\s+grammars\s+go, typescript, tsx, javascript$/m);
    expect(stdout).toMatch(/^ok\s+model server\s+http:\/\/127\.0\.0\.1:\d+ \(Ollama /m);
    expect(stdout).toMatch(/^ok\s+model\s+qwen2\.5-coder:1\.5b-base$/m);
    expect(stdout).toMatch(/^ok\s+FIM format\s+qwen \(from template\)$/m);
    expect(stdout).toMatch(/^ok\s+sample completion\s+\d+ ms: "fmt\.Println\(\\"hello\\", name\)"$/m);
    expect(code).toBe(0);
  });

  it('doctor says what to do when the server is down or the model is missing', async () => {
    const down = await ghostline(['doctor', '--url', 'http://127.0.0.1:9']);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^FAIL\s+model server\s+.*ollama serve/m);
    const missing = await ghostline(['doctor', '--url', fake.url, '--model', 'nope:1b']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^FAIL\s+model\s+nope:1b missing: run `ollama pull nope:1b`/m);
  });
});
