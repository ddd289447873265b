/**
 * A second real editor, one nobody here wrote: Debian's Emacs with its packaged LSP client eglot,
 * in batch mode (test/e2e/emacs/driver.el), connected to `ghostline --stdio` and a scripted
 * Ollama. The same checks as the Neovim test: a completion requested at a point and inserted, a
 * code action listed and applied, a hover shown.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_MODEL, chatRequests, startActionFake } from '../support/actions.js';
import type { FakeOllama, RecordedRequest, Reply } from '../support/fake-ollama.js';
import { SERVER_ENTRY } from '../support/lsp-client.js';
import { parseMarked, positionAt } from '../support/marked.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const DRIVER = fileURLToPath(new URL('./emacs/driver.el', import.meta.url));
const hasEmacs = spawnSync('emacs', ['--version'], { stdio: 'ignore' }).status === 0;
const SESSION_TIMEOUT_MS = 90_000;

const MAIN = parseMarked('package main\n\nimport "fmt"\n\nfunc greet(name string) string {\n\t█\n}\n\nfunc main() {\n\tfmt.Println(greet("world"))\n}\n');
const TYPED = 'return fmt.Spr';
const COMMENT = 'greet returns the greeting for name.';
const EXPLANATION = 'Builds the greeting shown to a user.';

/** Completion, hover and the Document action each get their own reply, whatever the order. */
function reply(request: RecordedRequest): Reply {
  if (request.path !== '/api/chat') return { text: 'intf("hello %s", name)' };
  const asked = JSON.stringify(request.body);
  return asked.includes('<explanation>') ? { text: `${EXPLANATION}</explanation>` } : { text: `${COMMENT}</comment>` };
}

interface Results {
  [key: string]: unknown;
}

if (!hasEmacs) console.warn('test/e2e/emacs.test.ts: skipped, emacs is not installed (apt-get install emacs-nox elpa-eglot)');

describe.skipIf(!hasEmacs)('Emacs with eglot (Debian) as the client', () => {
  let fake: FakeOllama;
  let workspace: Workspace;
  let results: Results = {};
  let output = '';

  beforeAll(async () => {
    fake = await startActionFake();
    fake.reply(reply);
    workspace = makeWorkspace({ 'go.mod': 'module example.com/e2e\n\ngo 1.19\n', 'main.go': MAIN.text });
    const withTyped = MAIN.text.slice(0, MAIN.offset) + TYPED + MAIN.text.slice(MAIN.offset);
    const spec = {
      result: workspace.path('results.json'),
      root: workspace.root + '/',
      file: workspace.path('main.go'),
      cmd: [process.execPath, SERVER_ENTRY, '--stdio'],
      settings: { model: { url: fake.url }, completion: { debounceMs: 0 }, actions: { model: ACTION_MODEL } },
      cursor: MAIN.position,
      typed: TYPED,
      // After the completion the text holds the typed line; hover and the action aim at `greet`.
      hover: positionAt(withTyped, withTyped.indexOf('greet(name')),
      action: positionAt(withTyped, withTyped.indexOf('func greet') + 'func '.length),
    };
    writeFileSync(workspace.path('spec.json'), JSON.stringify(spec));
    const emacs = spawn('emacs', ['--batch', '-l', DRIVER], {
      cwd: workspace.root,
      env: { ...process.env, HOME: workspace.root, GHOSTLINE_E2E_SPEC: workspace.path('spec.json'), XDG_CACHE_HOME: workspace.path('.cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    emacs.stdout.on('data', (data: Buffer) => (output += data.toString()));
    emacs.stderr.on('data', (data: Buffer) => (output += data.toString()));
    const kill = setTimeout(() => emacs.kill('SIGKILL'), SESSION_TIMEOUT_MS);
    await new Promise((resolve) => emacs.on('close', resolve));
    clearTimeout(kill);
    try {
      results = JSON.parse(readFileSync(spec.result, 'utf8')) as Results;
    } catch {
      results = { session: `no results; Emacs printed:\n${output}` };
    }
  }, SESSION_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await fake?.close();
    workspace?.remove();
  });

  /** A step's outcome, failing with the step's error when it threw. */
  function step(name: string): unknown {
    const error = results[`error-${name}`] ?? results.session;
    expect(error, `step ${name} failed; Emacs printed:\n${output}`).toBeUndefined();
    return results[name];
  }

  it('connects eglot to ghostline --stdio and runs every step', () => {
    expect(step('server')).toBe('ghostline');
    expect(results.done, output).toBe(true);
  });

  it('completes at point through completion-at-point and inserts the suggestion', () => {
    expect(step('completed')).toBe('\treturn fmt.Sprintf("hello %s", name)');
  });

  it('shows the generated explanation on hover', () => {
    expect(String(step('hover'))).toContain(EXPLANATION);
  });

  it("lists the code actions and applies Document through eglot's own menu", () => {
    expect(step('titles')).toEqual(expect.arrayContaining(['Ghostline: Document greet', 'Ghostline: Explain greet']));
    const after = String(step('afterAction'));
    expect(after).toContain(`// ${COMMENT}\nfunc greet(name string) string {\n\treturn fmt.Sprintf("hello %s", name)\n}`);
    expect(chatRequests(fake).length).toBeGreaterThanOrEqual(2);
  });
});
