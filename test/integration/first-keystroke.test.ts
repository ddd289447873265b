import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { firstRunAfterMarker, MARKER, runWithFunctionEvents } from '../support/function-events.js';

/** The built document store, as `npm test` compiles it first: V8's function events are only logged for a fresh process. */
const STORE = new URL('../../dist/server/documents/document-store.js', import.meta.url).href;
const LANGUAGES = new URL('../../dist/server/syntax/languages.js', import.meta.url).href;

/**
 * Opens a Go document, then (after the marker function runs) applies the first keystroke. V8 logs the first
 * execution of every function, so what the keystroke ran for the first time in the process is counted.
 */
const SCRIPT = `
import { DocumentStore } from ${JSON.stringify(STORE)};
import { LanguageRegistry } from ${JSON.stringify(LANGUAGES)};
const store = new DocumentStore({ languages: new LanguageRegistry(), logger: console, maxFileBytes: () => 1_000_000 });
const text = 'package app\\n\\nfunc run() {\\n\\treturn\\n}\\n'.repeat(50);
store.open('file:///app/main.go', 'go', 1, text);
function ${MARKER}() {}
${MARKER}();
const at = { line: 3, character: 7 };
store.change('file:///app/main.go', 2, [{ range: { start: at, end: at }, text: '\\n\\t' }]);
store.change('file:///app/main.go', 3, [{ range: { start: { line: 4, character: 1 }, end: { line: 4, character: 1 } }, text: 'x' }]);
`;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('the first keystroke of a session', () => {
  it('runs no document-store code for the first time (it ran when the first document opened)', async () => {
    const { log } = await runWithFunctionEvents(SCRIPT, folders);
    expect(firstRunAfterMarker(log, 'documents')).toEqual([]);
  });
});
