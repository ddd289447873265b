/**
 * What a newcomer sees when something is wrong on the command line or with the model server: one
 * line per problem, in the CLI's words (flags, not settings), an exit code that says whether a
 * completion was printed, and no silent waits.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, QWEN_FIM_TEMPLATE, startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ghostline.js', import.meta.url).pathname;

let fake: FakeOllama;
let dir: string;
beforeAll(async () => {
  fake = await startFakeOllama();
  dir = mkdtempSync(join(tmpdir(), 'ghostline-cli-errors-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await fake.close();
});

async function ghostline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, OLLAMA_HOST: '', XDG_CACHE_HOME: join(dir, 'cache') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The lines of stderr, less the closing pointer to --help. */
function problemLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '' && !line.includes('see `ghostline --help`'));
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function goFile(): string {
  const file = join(dir, 'main.go');
  writeFileSync(file, 'package main\n\nfunc main() {\n\t\n}\n');
  return file;
}

describe('command-line mistakes', () => {
  it('an unknown option is one line and exit 2, without a stack trace', async () => {
    const { code, stderr } = await ghostline(['doctor', '--bogus']);
    expect(code).toBe(2);
    expect(problemLines(stderr)).toEqual(['ghostline: unknown option --bogus']);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('an unknown command and a missing target say what was wrong', async () => {
    const verb = await ghostline(['frobnicate']);
    expect(verb.code).toBe(2);
    expect(problemLines(verb.stderr)).toEqual(['ghostline: unknown command "frobnicate"; expected one of: complete, doctor, task, ask, mcp, stats']);
    const target = await ghostline(['complete']);
    expect(target.code).toBe(2);
    expect(problemLines(target.stderr)).toEqual(['ghostline: complete needs a target: ghostline complete FILE:LINE[:COL]']);
  });

  it.each([
    [['--url', 'notaurl'], '--url "notaurl": not an http:// or https:// URL'],
    [['--provider', 'bogus'], '--provider "bogus": expected one of ollama, openai, llamacpp'],
    [['--template', 'bogus'], '--template "bogus": expected one of auto, qwen'],
  ])('doctor %j is refused before any check runs', async (flags, said) => {
    const { code, stdout, stderr } = await ghostline(['doctor', ...flags]);
    expect(code).toBe(2);
    expect(stdout).not.toMatch(/^ok/m);
    const lines = problemLines(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(said);
  });

  it('never repeats a value given to --api-key-env, which may be a pasted key', async () => {
    const { code, stderr } = await ghostline(['doctor', '--api-key-env', 'sk-secret.value']);
    expect(code).toBe(2);
    expect(stderr).toContain('--api-key-env');
    expect(stderr).not.toContain('sk-secret');
  });
});

describe('complete when nothing can be produced', () => {
  it('an unreachable server is one line naming --url, exit 1, no log lines', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout, stderr } = await ghostline(['complete', `${goFile()}:4:2`, '--url', url, '--no-context']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = problemLines(stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(url);
    expect(lines[0]).toContain('--url');
    expect(stderr).not.toMatch(/\[warn\]|file:\/\/|the setting/);
  });

  it('a hung server: a notice within seconds, then exit 1 on the time budget', async () => {
    fake.reply({ text: 'fmt.Println()', fault: 'hang' });
    const { code, stdout, stderr } = await ghostline(['complete', `${goFile()}:4:2`, '--url', fake.url, '--no-context', '--timeout', '4']);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^ghostline: waiting for qwen2\.5-coder:1\.5b-base at http:\/\/127\.0\.0\.1:\d+ /m);
    expect(stderr).toMatch(/^ghostline: no completion \(time budget exceeded\)/m);
    expect(code).toBe(1);
  });

  it('an unsupported language: exit 1 and which languages are supported', async () => {
    const file = join(dir, 'script.rb');
    writeFileSync(file, 'puts 1\n');
    const { code, stderr } = await ghostline(['complete', `${file}:1:1`, '--url', fake.url]);
    expect(code).toBe(1);
    expect(problemLines(stderr)).toEqual([`ghostline: cannot complete ${file}: Ghostline completes go, typescript, tsx, javascript, python files`]);
  });
});

describe('doctor checks what a newcomer misses', () => {
  it('the action model: a warning with the pull command when missing, ok when present', async () => {
    fake.reply({ text: 'fmt.Println(name)\n' });
    const missing = await ghostline(['doctor', '--url', fake.url]);
    expect(missing.stdout).toMatch(/^warn\s+action model\s+qwen2\.5-coder:7b-instruct missing: code actions and hover need it; run `ollama pull qwen2\.5-coder:7b-instruct`$/m);
    // Completions work without it: a warning, not a failure.
    expect(missing.code).toBe(0);
    fake.reply({ text: 'fmt.Println(name)\n' });
    const present = await ghostline(['doctor', '--url', fake.url, '--action-model', 'qwen2.5-coder:1.5b-base']);
    expect(present.stdout).toMatch(/^ok\s+action model\s+qwen2\.5-coder:1\.5b-base$/m);
  });

  it('warns about an instruct completion model and an unset --api-key-env variable', async () => {
    fake.setModels([{ name: 'qwen2.5-coder:7b-instruct', template: QWEN_FIM_TEMPLATE }]);
    try {
      fake.reply({ text: 'fmt.Println(name)\n' });
      const env = 'GHOSTLINE_TEST_UNSET_KEY';
      delete process.env[env];
      const { stdout } = await ghostline(['doctor', '--url', fake.url, '--model', 'qwen2.5-coder:7b-instruct', '--api-key-env', env]);
      expect(stdout).toMatch(/^warn\s+completion model\s+qwen2\.5-coder:7b-instruct looks like an instruct \(chat\) model; .* \(set --model\)$/m);
      expect(stdout).toMatch(/^warn\s+API key\s+\$GHOSTLINE_TEST_UNSET_KEY is not set/m);
    } finally {
      fake.setModels([DEFAULT_MODEL]);
    }
  });

  it('an unreachable server: the advice names --url, not a setting', async () => {
    const { code, stdout } = await ghostline(['doctor', '--url', `http://127.0.0.1:${await closedPort()}`]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL\s+model server\s+.*`ollama serve`, or point --url at it\.$/m);
  });
});

describe('bare ghostline', () => {
  it('in a terminal, says on stderr that it waits for an editor', async () => {
    // script(1) gives the server a pseudo-terminal for stdin, as a user's shell would.
    const child = spawn('script', ['-qec', `${process.execPath} ${BIN}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString()));
    const hinted = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 15_000);
      child.stdout.on('data', () => {
        if (output.includes('waiting for an editor')) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    child.kill();
    expect(hinted, output).toBe(true);
    expect(output).toContain('ghostline --help');
  });

  it('with a pipe for stdin (an editor), writes nothing on stderr', async () => {
    const child = spawn(process.execPath, [BIN], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('waiting for an editor');
  });
});
