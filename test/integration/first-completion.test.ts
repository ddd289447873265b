import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { END_MARKER, firstRunAfterMarker, MARKER, runWithFunctionEvents } from '../support/function-events.js';

const dist = (path: string) => JSON.stringify(new URL(`../../dist/${path}`, import.meta.url).href);

/**
 * Builds the services as the language server does (with or without the syntax worker), opens a Go document and
 * lets the open's warm-up finish, then (after the marker function) asks for the session's first completion
 * against a fake Ollama. What that completion ran for the first time on the main thread is what the user's first
 * completion would compile while they type.
 */
const script = (syntaxWorker: boolean) => `
import { buildServices } from ${dist('server/app/services.js')};
import { defaultSettings } from ${dist('server/config/settings.js')};
import { silentLogger } from ${dist('server/util/logger.js')};
import { startFakeOllama } from ${dist('test/support/fake-ollama.js')};
const fake = await startFakeOllama();
fake.reply({ text: 'a + 1\\n\\tb := 2\\n' });
const base = defaultSettings();
const settings = { ...base, model: { ...base.model, url: fake.url } };
const services = buildServices({ settings: () => settings, logger: silentLogger, syntaxWorker: ${syntaxWorker} });
const marked = 'package app\\n\\nfunc run(a int) int {\\n\\tb := a\\n\\treturn █\\n}\\n' + 'func other() {}\\n'.repeat(50);
const offset = marked.indexOf('█');
const before = marked.slice(0, offset).split('\\n');
const position = { line: before.length - 1, character: before[before.length - 1].length };
const text = marked.replace('█', '');
// As the server's didOpen does: the main thread's copy and the worker's.
services.documents.open('file:///app/main.go', 'go', 1, text);
services.syntax?.open('file:///app/main.go', 'go', 1, text);
await services.warmCompletions?.('go');
function ${MARKER}() {}
${MARKER}();
const outcome = await services.engine.complete({ uri: 'file:///app/main.go', position, signal: new AbortController().signal, budgetMs: 10_000 });
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
  it('runs no completion-engine code for the first time (it ran on a scratch document when the first document opened)', async () => {
    const { log, stdout } = await runWithFunctionEvents(script(false), folders);
    // The whole path ran: a suggestion came back from the model, was cut and passed the gate.
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'completion', source: 'model', text: 'a + 1' });
    expect(firstRunAfterMarker(log, 'completion')).toEqual([]);
  }, 30_000);

  it('runs none of it for the first time with the syntax worker either, nor the questions the main thread asks it', async () => {
    const { log, stdout } = await runWithFunctionEvents(script(true), folders);
    expect(JSON.parse(stdout)).toMatchObject({ kind: 'completion', source: 'model', text: 'a + 1' });
    expect(firstRunAfterMarker(log, 'completion')).toEqual([]);
    expect(firstRunAfterMarker(log, 'app/syntax-worker')).toEqual([]);
  }, 30_000);
});
