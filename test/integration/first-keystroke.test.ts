import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
/** The built document store, as `npm test` compiles it first: V8's function events are only logged for a fresh process. */
const STORE = new URL('../../dist/server/documents/document-store.js', import.meta.url).href;
const LANGUAGES = new URL('../../dist/server/syntax/languages.js', import.meta.url).href;

/**
 * Opens a Go document, then (after a marker function runs) applies the first keystroke. V8 logs the first
 * execution of every function, so what the keystroke ran for the first time in the process is counted.
 */
const SCRIPT = `
import { DocumentStore } from ${JSON.stringify(STORE)};
import { LanguageRegistry } from ${JSON.stringify(LANGUAGES)};
const store = new DocumentStore({ languages: new LanguageRegistry(), logger: console, maxFileBytes: () => 1_000_000 });
const text = 'package app\\n\\nfunc run() {\\n\\treturn\\n}\\n'.repeat(50);
store.open('file:///app/main.go', 'go', 1, text);
function ghostlineFirstKeystrokeMarker() {}
ghostlineFirstKeystrokeMarker();
const at = { line: 3, character: 7 };
store.change('file:///app/main.go', 2, [{ range: { start: at, end: at }, text: '\\n\\t' }]);
store.change('file:///app/main.go', 3, [{ range: { start: { line: 4, character: 1 }, end: { line: 4, character: 1 } }, text: 'x' }]);
`;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Functions of `dist/server/<area>` whose first execution came after the marker, by name. */
function firstRunAfterMarker(log: string, area: string): string[] {
  const scripts = new Map<string, string>();
  const firstRuns: Array<{ script: string; name: string }> = [];
  for (const line of log.split('\n')) {
    const fields = line.split(',');
    if (fields[0] === 'script-details') scripts.set(fields[1] ?? '', fields[2] ?? '');
    else if (fields[0] === 'function' && fields[1] === 'first-execution') firstRuns.push({ script: fields[2] ?? '', name: fields[7] ?? '' });
  }
  const marker = firstRuns.findIndex((run) => run.name === 'ghostlineFirstKeystrokeMarker');
  expect(marker).toBeGreaterThanOrEqual(0);
  return firstRuns
    .slice(marker + 1)
    .filter((run) => scripts.get(run.script)?.includes(`/dist/server/${area}/`))
    .map((run) => run.name);
}

describe('the first keystroke of a session', () => {
  it('runs no document-store code for the first time (it ran when the first document opened)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ghostline-first-key-'));
    folders.push(folder);
    writeFileSync(join(folder, 'first-key.mjs'), SCRIPT);
    await run(process.execPath, ['--log-function-events', 'first-key.mjs'], { cwd: folder });
    // One log per isolate; this script starts no worker.
    const logs = readdirSync(folder).filter((name) => name.endsWith('-v8.log'));
    expect(logs).toHaveLength(1);
    const log = readFileSync(join(folder, logs[0]!), 'latin1');
    expect(firstRunAfterMarker(log, 'documents')).toEqual([]);
  });
});
