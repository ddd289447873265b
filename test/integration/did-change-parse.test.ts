import Parser from 'tree-sitter';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { afterEach, describe, expect, it } from 'vitest';
import { ChunkedDocument } from '../../server/documents/chunked-document.js';
import { closedAfterEach } from '../support/cleanup.js';
import { editBurst, goSource } from '../support/edit-burst.js';
import { startFakeOllama } from '../support/fake-ollama.js';
import { inProcessServer } from '../support/in-process-server.js';
import { positionAt } from '../support/marked.js';

// The server runs in this process (the same handler list as `ghostline --stdio`), so the test can count
// every call into tree-sitter's parser while the real didChange handler runs. It runs from sources, so
// without a syntax worker: the main thread's own lazy parse is what is counted. The completion warm-up, which parses
// a scratch document of its own when the first Go document opens (first-completion.test.ts), is off.
const closed = closedAfterEach();
const parse = Parser.prototype.parse;
const getText = ChunkedDocument.prototype.getText;
let parses = 0;
let client: ProtocolConnection | undefined;
afterEach(() => {
  Parser.prototype.parse = parse;
  ChunkedDocument.prototype.getText = getText;
  client?.dispose();
});

describe('didChange', () => {
  it('costs no parse and no copy of the whole text: the burst is parsed once, by the completion that needs the tree', async () => {
    const fake = closed(await startFakeOllama());
    fake.reply({ text: 'return 1' });
    // The security gate parses each suggestion in a bounded window of its own (security-gate.test.ts): off
    // here, so every parse counted is one of the document.
    client = (await inProcessServer({ modelUrl: fake.url, completion: { debounceMs: 0, securityGate: false }, completionWarmUp: false })).connection;
    Parser.prototype.parse = function counted(this: Parser, ...args: Parameters<Parser['parse']>) {
      parses++;
      return parse.apply(this, args);
    };
    const uri = 'file:///counted/main.go';
    const text = goSource(3000);
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    await client.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///not-open.go' }, position: { line: 0, character: 0 } });
    // Nor does it read the whole text: an edit copies the chunk it touches, not the file (chunked-document.ts).
    let wholeTextReads = 0;
    ChunkedDocument.prototype.getText = function counted(this: ChunkedDocument, ...args: Parameters<ChunkedDocument['getText']>) {
      if (args[0] === undefined) wholeTextReads++;
      return getText.apply(this, args);
    };
    const { batches, text: final } = editBurst({ uri, text, count: 500, seed: 5 });
    for (const [i, batch] of batches.entries()) {
      await client.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: batch });
    }
    // Notifications are handled in order: once a later request is answered, every didChange has run.
    await client.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///not-open.go' }, position: { line: 0, character: 0 } });
    expect(parses).toBe(0);
    expect(wholeTextReads).toBe(0);
    // Hovering over code that is not a name (the editor asks as the mouse rests) reads no tree either.
    const blank = positionAt(final, final.indexOf('\n\t') + 1);
    expect(await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: blank })).toBeNull();
    expect(parses).toBe(0);

    await client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: batches.length + 2 },
      contentChanges: [{ range: { start: positionAt(final, final.length), end: positionAt(final, final.length) }, text: '\nfunc tail() int {\n\t' }],
    });
    const typed = `${final}\nfunc tail() int {\n\t`;
    const result = await client.sendRequest('textDocument/inlineCompletion', { textDocument: { uri }, position: positionAt(typed, typed.length), context: { triggerKind: 2 } });
    expect(result).toMatchObject({ items: [{ insertText: 'return 1' }] });
    expect(parses).toBe(1);
  });

  it('leaves the parse to a hover only when a name is under the cursor', async () => {
    const fake = closed(await startFakeOllama());
    client = (await inProcessServer({ modelUrl: fake.url, completionWarmUp: false })).connection;
    Parser.prototype.parse = function counted(this: Parser, ...args: Parameters<Parser['parse']>) {
      parses++;
      return parse.apply(this, args);
    };
    parses = 0;
    const uri = 'file:///hover/main.go';
    const text = 'package main\n\nfunc main() {\n\tx := 1\n}\n';
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text } });
    for (const at of [text.indexOf('\n\nfunc') + 1, text.indexOf(' := '), text.indexOf('{')]) {
      expect(await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at) })).toBeNull();
    }
    expect(parses).toBe(0);
    await client.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('main()')) });
    expect(parses).toBe(1);
  });
});
