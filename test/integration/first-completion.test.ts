import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { END_MARKER, firstRunAfterMarker, MARKER, runWithFunctionEvents } from '../support/function-events.js';

const dist = (path: string) => JSON.stringify(new URL(`../../dist/${path}`, import.meta.url).href);

/** A document of each language with the cursor marked, the model's reply there, and the suggestion it gives. */
interface Fixture {
  languageId: string;
  path: string;
  marked: string;
  reply: string;
  shown: string;
}

const FIXTURES: Fixture[] = [
  {
    languageId: 'go',
    path: 'main.go',
    marked: 'package app\n\nfunc run(a int) int {\n\tb := a\n\treturn █\n}\n' + 'func other() {}\n'.repeat(50),
    reply: 'a + 1\n\tb := 2\n',
    shown: 'a + 1',
  },
  {
    languageId: 'typescript',
    path: 'main.ts',
    marked: 'import { x } from "./x";\n\nexport function run(a: number): number {\n  const b = a;\n  return █\n}\n' + 'function other() {}\n'.repeat(50),
    reply: 'a + 1;\n  const b = 2;\n',
    shown: 'a + 1;',
  },
  {
    languageId: 'python',
    path: 'main.py',
    marked: 'import os\n\ndef run(a):\n    b = a\n    return █\n\n' + 'def other():\n    pass\n'.repeat(50),
    reply: 'a + 1\n    b = 2\n',
    shown: 'a + 1',
  },
];

/**
 * Builds the services as the language server does (with or without the syntax worker), opens the fixture's
 * document and lets the open's warm-up finish, then (after the marker function) asks for the session's first
 * completion against a fake Ollama. What that completion ran for the first time on the main thread is what the
 * user's first completion would compile while they type.
 */
const script = (fixture: Fixture, syntaxWorker: boolean) => `
import { buildServices } from ${dist('server/app/services.js')};
import { defaultSettings } from ${dist('server/config/settings.js')};
import { silentLogger } from ${dist('server/util/logger.js')};
import { startFakeOllama } from ${dist('test/support/fake-ollama.js')};
const fake = await startFakeOllama();
fake.reply({ text: ${JSON.stringify(fixture.reply)} });
const base = defaultSettings();
const settings = { ...base, model: { ...base.model, url: fake.url } };
const services = buildServices({ settings: () => settings, logger: silentLogger, syntaxWorker: ${syntaxWorker} });
const marked = ${JSON.stringify(fixture.marked)};
const uri = 'file:///app/${fixture.path}';
const offset = marked.indexOf('█');
const before = marked.slice(0, offset).split('\\n');
const position = { line: before.length - 1, character: before[before.length - 1].length };
const text = marked.replace('█', '');
// As the server's didOpen does: the main thread's copy and the worker's.
services.documents.open(uri, '${fixture.languageId}', 1, text);
services.syntax?.open(uri, '${fixture.languageId}', 1, text);
// With a worker, it serves before the warm-up (the warm-up waits at most 10 s for it: a loaded machine took longer once).
await services.syntax?.whenReady();
await services.warmCompletions?.('${fixture.languageId}');
function ${MARKER}() {}
${MARKER}();
const outcome = await services.engine.complete({ uri, position, signal: new AbortController().signal, budgetMs: 10_000 });
function ${END_MARKER}() {}
${END_MARKER}();
process.stdout.write(JSON.stringify(outcome));
await services.dispose();
await fake.close();
process.exit(0);
`;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('the first completion of a session', () => {
  for (const fixture of FIXTURES) {
    it(`runs no completion-engine code for the first time in ${fixture.languageId} (it ran on a scratch document when the first document opened)`, async () => {
      const { log, stdout } = await runWithFunctionEvents(script(fixture, false), folders);
      // The whole path ran: a suggestion came back from the model, was cut and passed the gate.
      expect(JSON.parse(stdout)).toMatchObject({ kind: 'completion', source: 'model', text: fixture.shown });
      expect(firstRunAfterMarker(log, 'completion')).toEqual([]);
    }, 30_000);
  }

  it('runs none of it for the first time with the syntax worker either, nor the questions the main thread asks it', async () => {
    const go = FIXTURES[0]!;
    const { log, stdout } = await runWithFunctionEvents(script(go, true), folders);
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'completion', source: 'model', text: go.shown });
    expect(firstRunAfterMarker(log, 'completion')).toEqual([]);
    expect(firstRunAfterMarker(log, 'app/syntax-worker')).toEqual([]);
  }, 30_000);
});
