import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';
import { makeWorkspace } from '../support/workspace.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ghostline.js', import.meta.url).pathname;

async function ghostline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // The index cache goes to a temporary folder, never the user's ~/.cache.
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, OLLAMA_HOST: '', XDG_CACHE_HOME: cacheHome } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let fake: FakeOllama;
let dir: string;
let cacheHome: string;
beforeAll(async () => {
  fake = await startFakeOllama();
  dir = mkdtempSync(join(tmpdir(), 'ghostline-cli-'));
  cacheHome = mkdtempSync(join(tmpdir(), 'ghostline-cli-cache-'));
});
afterAll(async () => {
  rmSync(cacheHome, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
});

const MAIN_GO = parseMarked('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println(greeting("world"))\n\tfmt.Println(█)\n}\n');
const GREETING_GO = 'package main\n\n// greeting is the line printed for a visitor.\nfunc greeting(name string) string {\n\treturn "hello, " + name\n}\n';

/** The prompt of the last completion request the fake received. */
function lastPrompt(): string {
  const requests = fake.generateRequests();
  return (requests[requests.length - 1]!.body as { prompt: string }).prompt;
}

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
    // Outside any project the file's folder is the workspace; --no-context leaves out even its path label.
    const { code, stdout, stderr } = await ghostline(['complete', `${file}:6:23`, '--url', fake.url, '--no-context']);
    expect(stderr).toContain('single-line completion');
    expect(code).toBe(0);
    expect(stdout).toBe('name\n');
    const body = fake.generateRequests()[0]!.body as { prompt: string };
    expect(body.prompt).toBe('<|fim_prefix|>package main\n\nimport "fmt"\n\nfunc greet(name string) {\n\tfmt.Println("héllo", <|fim_suffix|>)\n}\n<|fim_middle|>');
  });

  it('complete sends the repository context the editor would: a definition from another file of the workspace', async () => {
    const workspace = makeWorkspace({ 'go.mod': 'module example.com/hello\n\ngo 1.22\n', 'app/main.go': MAIN_GO.text, 'app/greeting.go': GREETING_GO }, { folder: 'hello' });
    try {
      // The file is a folder below go.mod: the workspace is the folder holding go.mod, named in the prompt.
      const target = `${workspace.path('app/main.go')}:${MAIN_GO.position.line + 1}:${MAIN_GO.position.character + 1}`;
      fake.reply({ text: 'greeting("moon"))\n' });
      const withContext = await ghostline(['complete', target, '--url', fake.url]);
      expect(withContext.stdout).toBe('greeting("moon")\n');
      expect(withContext.code).toBe(0);
      const prompt = lastPrompt();
      expect(prompt.startsWith('<|repo_name|>hello\n')).toBe(true);
      // As the editor's completions: the signature, its doc comment left out for budget.
      expect(prompt).toContain('<|file_sep|>app/greeting.go\nfunc greeting(name string) string\n');
      expect(prompt).toContain('<|file_sep|>app/main.go\n<|fim_prefix|>package main');
      // The index was cached, so the next run reads it instead of parsing the workspace again.
      expect(readdirSync(join(cacheHome, 'ghostline')).filter((name) => name.startsWith('index-'))).toHaveLength(1);

      fake.reply({ text: 'greeting("moon"))\n' });
      const alone = await ghostline(['complete', target, '--url', fake.url, '--no-context']);
      expect(alone.stdout).toBe('greeting("moon")\n');
      expect(lastPrompt()).not.toContain('func greeting(name string) string');
      expect(lastPrompt().startsWith('<|fim_prefix|>package main')).toBe(true);
    } finally {
      workspace.remove();
    }
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
    expect(stdout).toMatch(/^ok\s+grammars\s+go, typescript, tsx, javascript, python$/m);
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
