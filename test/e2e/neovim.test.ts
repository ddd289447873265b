/**
 * End to end in a real editor: Debian's Neovim (0.7.2 in CI), headless, with clients/neovim on its
 * runtimepath, the compiled server, and a scripted Ollama on 127.0.0.1. test/e2e/neovim/driver.lua
 * does what a user does and records each outcome; the tests below check them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama, type RecordedRequest, type Reply } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';
import { parseMarked, positionAt } from '../support/marked.js';
import { findNvim, luaValue, runNvim } from './nvim.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DRIVER = join(REPO, 'test/e2e/neovim/driver.lua');
const PLUGIN = join(REPO, 'clients/neovim');
/** Longest the whole Neovim session may take before it is killed; the steps take a few seconds. */
const SESSION_TIMEOUT_MS = 90_000;

const GO = `package main

import "fmt"

func greet(name string) string {
\t█
}

func main() {
\tfmt.Println(greet("world"))
}
`;
const GO_TYPED = 'return fmt.Spr';
const GO_REPLY = 'intf("hello %s", name)';

const GO_SECOND = `package main

func twice(n int) int {
\treturn n * 2
}
`;

const TS = `export interface User {
  id: number;
  name: string;
}

export function findUser(users: User[], id: number): User | undefined {
  █
}
`;
// Enter at the end, so the model is asked at the start of a fresh line: a multi-line completion.
const TS_TYPED = 'const found = users.find((u) => u.id === id);\n';
const TS_REPLY = "if (!found) {\n    throw new Error('no user ' + id);\n  }\n  return found;\n}\n";

const PY = `def area(width, height):
    total = 0
    █


print(area(2, 3))
`;
// Enter after the header: autoindent copies its indentation, and the model writes the body one level deeper.
const PY_TYPED = 'for _ in range(height):\n';
const PY_REPLY = '    total += width\n        total -= 0\n    return total\n\n\nprint(area(4, 5))\n';

/** What the scripted model says when a code action or hover asks it (chat endpoint). */
const EXPLANATION = 'greet builds the greeting shown to a user.';

interface Step {
  [key: string]: unknown;
}
interface Results {
  done?: boolean;
  startMethod?: string;
  clientsAtStart?: number;
  nvim?: { major: number; minor: number; patch: number };
  steps: Record<string, Step | undefined>;
  errors: Record<string, string>;
}
interface Session {
  results: Results;
  output: string;
  exitCode: number | null;
  ms: number;
  files: { go: string; ts: string; py: string };
}

const nvimVersion = findNvim();
const inCi = Boolean(process.env.CI);

/** The code the model is asked to complete decides the reply, so steps can run in any order. */
function modelReply(request: RecordedRequest): Reply {
  if (request.path === '/api/chat') return { text: EXPLANATION };
  const prompt = JSON.stringify(request.body ?? '');
  if (prompt.includes(GO_TYPED)) return { text: GO_REPLY };
  if (prompt.includes(TS_TYPED.trim())) return { text: TS_REPLY };
  if (prompt.includes(PY_TYPED.trim())) return { text: PY_REPLY };
  return { text: 'fmt.Println(name)' };
}

function writeFile(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

async function runNeovim(fake: FakeOllama, dir: string): Promise<Session> {
  const go = parseMarked(GO);
  const ts = parseMarked(TS);
  const goPath = writeFile(join(dir, 'go-project/main.go'), go.text);
  const goSecond = writeFile(join(dir, 'go-project/util.go'), GO_SECOND);
  writeFile(join(dir, 'go-project/go.mod'), 'module example.com/e2e\n\ngo 1.21\n');
  const tsPath = writeFile(join(dir, 'ts-project/src/user.ts'), ts.text);
  writeFile(join(dir, 'ts-project/package.json'), '{ "name": "e2e", "type": "module" }\n');
  const py = parseMarked(PY);
  const pyPath = writeFile(join(dir, 'py-project/shapes.py'), py.text);
  writeFile(join(dir, 'py-project/pyproject.toml'), '[project]\nname = "shapes"\nrequires-python = ">=3.11"\n');
  const resultPath = join(dir, 'results.json');

  // After the completion step main.go holds the accepted line; the action targets `func greet`.
  const actionLine = go.text.split('\n').findIndex((line) => line.startsWith('func greet'));
  const spec = {
    result: resultPath,
    timeoutMs: 20_000,
    go: { path: goPath, cursor: go.position, typed: GO_TYPED },
    goSecond,
    typescript: { path: tsPath, cursor: ts.position, typed: TS_TYPED },
    python: { path: pyPath, cursor: py.position, typed: PY_TYPED },
    action: {
      path: goPath,
      actionLine,
      hover: positionAt(go.text, go.text.indexOf('greet(name')),
      preferredActions: ['document', 'explain'],
    },
  };
  const setup = {
    cmd: [process.execPath, SERVER_ENTRY, '--stdio'],
    settings: { model: { url: fake.url }, completion: { debounceMs: 0 }, actions: { model: 'qwen2.5-coder:1.5b-base' } },
  };
  const { output, exitCode, ms } = await runNvim({
    dir,
    timeoutMs: SESSION_TIMEOUT_MS,
    init: [
      `local spec = ${luaValue({ plugin: PLUGIN, setup, spec })}`,
      'vim.opt.runtimepath:prepend(spec.plugin)',
      'vim.opt.swapfile = false',
      // Indentation after <CR> copies the line above, the same in every Neovim version.
      "vim.cmd('filetype indent off')",
      'vim.opt.autoindent = true',
      "require('ghostline').setup(spec.setup)",
      '_G.GHOSTLINE_E2E = spec.spec',
      `dofile(${JSON.stringify(DRIVER)})`,
    ],
  });

  let results: Results = { steps: {}, errors: { session: `no results; Neovim printed:\n${output}` } };
  try {
    results = JSON.parse(readFileSync(resultPath, 'utf8')) as Results;
  } catch {
    // Keep the placeholder: the assertions below then show what Neovim printed.
  }
  return { results, output, exitCode, ms, files: { go: goPath, ts: tsPath, py: pyPath } };
}

if (!nvimVersion && !inCi) {
  console.warn('test/e2e/neovim.test.ts: skipped, nvim is not installed (apt-get install neovim)');
}

describe('Neovim is installed for the end-to-end tests', () => {
  // In CI a missing editor must fail the run, never silently skip the editor tests.
  it.skipIf(!inCi)("finds nvim on PATH (.ci/run installs Debian's neovim package)", () => {
    expect(nvimVersion, 'nvim not found on PATH').toBeDefined();
  });
});

describe.skipIf(!nvimVersion)(`Neovim end to end (${nvimVersion ?? 'no nvim'})`, () => {
  let fake: FakeOllama;
  let dir: string;
  let session: Session;

  beforeAll(async () => {
    fake = await startFakeOllama();
    fake.reply(modelReply);
    dir = mkdtempSync(join(tmpdir(), 'ghostline-nvim-'));
    session = await runNeovim(fake, dir);
  }, SESSION_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A step's recorded outcome; fails with the step's Lua traceback when it threw. */
  function step(name: string): Step {
    const { results } = session;
    expect(results.errors[name] ?? results.errors.main ?? results.errors.session, `step ${name} failed`).toBeUndefined();
    const outcome = results.steps[name];
    expect(outcome, `step ${name} did not run; Neovim printed:\n${session.output}`).toBeDefined();
    return outcome!;
  }

  it('quits on its own with every step recorded', () => {
    expect(session.results.done, session.output).toBe(true);
    expect(session.exitCode).toBe(0);
    console.info(`Neovim session: ${session.ms} ms (${session.results.startMethod})`);
  });

  it('starts no server before a Go or TypeScript buffer opens, then one per project root', () => {
    expect(session.results.clientsAtStart).toBe(0);
    const go = step('go');
    expect(go.clientsBeforeOpen).toEqual([]);
    expect(go.clientsAfterOpen).toEqual([go.clientId]);
    expect(go.filetype).toBe('go');
    // A second file of the same root reuses the client; another root gets its own.
    const same = step('goSameRoot');
    expect(same.clientId).toBe(go.clientId);
    const ts = step('typescript');
    expect(ts.clientId).not.toBe(go.clientId);
    expect(ts.clientsAfterOpen).toHaveLength(2);
  });

  it('serves completion items to Neovim 0.7–0.11, which declares no inline completion', () => {
    const go = step('go');
    if (session.results.nvim && session.results.nvim.minor >= 12) return;
    expect(go.capabilities).toEqual({ completionProvider: true, inlineCompletionProvider: false });
  });

  it('completes a Go line after the typed word, and accepting writes exactly the suggestion', () => {
    const go = step('go');
    expect(go.item).toMatchObject({ newText: 'Sprintf("hello %s", name)' });
    const expected = GO.replace('█', `return fmt.Sprintf("hello %s", name)`);
    expect(go.text).toBe(expected);
    // Written to disk (the later code-action step edits the same file above this line).
    expect(readFileSync(session.files.go, 'utf8')).toContain('\treturn fmt.Sprintf("hello %s", name)\n');
  });

  it('completes several TypeScript lines and accepting inserts all of them', () => {
    const ts = step('typescript');
    expect(ts.filetype).toBe('typescript');
    const expected = TS.replace('█', "const found = users.find((u) => u.id === id);\n  if (!found) {\n    throw new Error('no user ' + id);\n  }\n  return found;");
    expect(ts.text).toBe(expected);
    expect(readFileSync(session.files.ts, 'utf8')).toBe(expected);
  });

  it('completes a Python loop body and stops where the model dedents back to the loop', () => {
    const py = step('python');
    expect(py.filetype).toBe('python');
    const expected = PY.replace('█', 'for _ in range(height):\n        total += width\n        total -= 0');
    expect(py.text).toBe(expected);
    expect(readFileSync(session.files.py, 'utf8')).toBe(expected);
  });

  it(':checkhealth ghostline shows the server, the running clients and the model check', () => {
    const health = String(step('checkhealth').text);
    expect(health).toContain('ghostline 0.1.0');
    expect(health).toMatch(/client \d+ \(root .*go-project/);
    expect(health).toContain('completion items');
    expect(health).toContain(fake.url);
    // The action model (setup's settings.actions.model) is checked too.
    expect(health).toMatch(/action model: qwen2\.5-coder:1\.5b-base/);
    expect(health).not.toMatch(/ERROR/);
  });

  describe('code actions and hover', () => {
    it('runs a Ghostline code action from :GhostlineActions and applies its edit', () => {
      const action = step('codeAction');
      expect(action.offered).toBe(true);
      expect(action.titles).not.toHaveLength(0);
      const before = String(action.before);
      const after = String(action.text);
      expect(after).not.toBe(before);
      expect(after).toContain(EXPLANATION.slice(0, -1));
      // The action only adds text: every original line is still there, in order.
      let at = 0;
      for (const line of before.split('\n').filter((l) => l.trim() !== '')) {
        at = after.indexOf(line, at);
        expect(at, `line ${JSON.stringify(line)} kept`).toBeGreaterThanOrEqual(0);
      }
    });

    it('hovers a function and shows the explanation as markdown', () => {
      const hover = step('hover');
      expect(hover.offered).toBe(true);
      expect(String(hover.markdown).trim()).not.toBe('');
      expect(String(hover.markdown)).toContain(EXPLANATION.slice(0, -1));
    });
  });
});
