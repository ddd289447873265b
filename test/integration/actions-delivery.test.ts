import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Command, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { actionTitled, chatRequests, onlyTextEdit, startActionClient, startActionFake } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import { CancellationTokenSource, COMMAND_CAPABILITIES, RESOLVE_CAPABILITIES, type TestClient } from '../support/lsp-client.js';
import { positionAt } from '../support/marked.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const STORE = `package store

import "database/sql"

func FindUser(db *sql.DB, name string) (*sql.Rows, error) {
}

func Greeting(name string) string {
	return "hello " + name
}
`;

const CLIENT_TS = `export function connect(url: string): Client {
}
`;

let workspace: Workspace;
let fake: FakeOllama;
let client: TestClient | undefined;
let uri: string;

beforeAll(() => {
  workspace = makeWorkspace({ 'go.mod': 'module example.com/store\n\ngo 1.23\n', 'store.go': STORE, 'package.json': '{}', 'client.ts': CLIENT_TS });
  uri = workspace.uri('store.go');
});
afterAll(() => workspace.remove());
beforeEach(async () => {
  fake = await startActionFake();
});
afterEach(async () => {
  await client?.stop();
  client = undefined;
  await fake.close();
});

function at(needle: string, text = STORE): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`not in fixture: ${needle}`);
  return positionAt(text, offset + needle.length);
}

function cursor(needle: string, text = STORE) {
  return { start: at(needle, text), end: at(needle, text) };
}

async function open(capabilities = RESOLVE_CAPABILITIES, settings?: Record<string, unknown>): Promise<TestClient> {
  client = await startActionClient(fake, { capabilities, settings });
  await client.open(uri, 'go', STORE);
  return client;
}

const IMPLEMENT = 'Ghostline: Implement FindUser';
const IMPLEMENTATION = 'return db.Query("SELECT * FROM users WHERE name = $1", name)\n</code>';

describe('clients without codeAction/resolve: a command applies the edit through workspace/applyEdit', () => {
  it('runs the command, which sends a versioned edit the client applies, with progress', async () => {
    const c = await open(COMMAND_CAPABILITIES);
    expect(c.initializeResult?.capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix', 'refactor.rewrite', 'source'], resolveProvider: false });
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    expect(action.data).toBeUndefined();
    expect(action.command?.command).toBe('ghostline.applyAction');
    fake.reply({ text: IMPLEMENTATION });
    const command = action.command as Command;
    expect(await c.executeCommand(command.command, command.arguments ?? [])).toEqual({ applied: true });
    const [applied] = c.appliedEdits;
    expect(applied?.label).toBe(IMPLEMENT);
    expect((applied?.edit.documentChanges?.[0] as TextDocumentEdit).textDocument).toEqual({ uri, version: 1 });
    expect(c.text(uri)).toContain('func FindUser(db *sql.DB, name string) (*sql.Rows, error) {\n\treturn db.Query("SELECT * FROM users WHERE name = $1", name)\n}\n');
    const kinds = c.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds).toContain('report');
    expect(kinds.at(-1)).toBe('end');
  });

  it('answers a command for a document changed meanwhile with the old version, which the editor rejects', async () => {
    const c = await open(COMMAND_CAPABILITIES);
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    await c.type(uri, at('func Greeting(name string) string {\n'), '\t// greet\n');
    fake.reply({ text: IMPLEMENTATION });
    const result = await c.executeCommand('ghostline.applyAction', action.command?.arguments ?? []);
    expect(result).toMatchObject({ applied: false });
    expect(c.text(uri)).not.toContain('db.Query');
    expect(c.shownMessages.at(-1)?.message).toMatch(/did not apply .*outdated/);
  });

  it('answers plain Commands to clients without code action literals, and offers nothing to clients that could not apply an edit', async () => {
    const commandsOnly = await open({ workspace: { applyEdit: true, configuration: true } });
    expect(commandsOnly.initializeResult?.capabilities.codeActionProvider).toBe(true);
    const [command] = ((await commandsOnly.codeActions(uri, cursor('func FindUser('))) ?? []) as Command[];
    expect(command).toMatchObject({ title: IMPLEMENT, command: 'ghostline.applyAction' });
    await commandsOnly.stop();
    const noEdits = await open({ textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } } });
    expect(noEdits.initializeResult?.capabilities.codeActionProvider).toBeUndefined();
    // Only ghostline.ask, which answers without editing anything, and the accept command the client runs itself.
    expect(noEdits.initializeResult?.capabilities.executeCommandProvider).toEqual({ commands: ['ghostline.ask', 'ghostline.accepted'] });
  });

  it('refuses a stale edit itself when the client cannot take versioned edits', async () => {
    const c = await open({ ...COMMAND_CAPABILITIES, workspace: { applyEdit: true, configuration: true } });
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    await c.type(uri, at('func Greeting(name string) string {\n'), '\t// greet\n');
    fake.reply({ text: IMPLEMENTATION });
    await expect(c.executeCommand('ghostline.applyAction', action.command?.arguments ?? [])).rejects.toThrow(/changed/);
    expect(c.appliedEdits).toEqual([]);
  });
});

describe('progress and cancellation', () => {
  it('reports $/progress begin, report and end while resolving', async () => {
    const c = await open();
    fake.reply({ text: IMPLEMENTATION });
    await c.resolveAction(actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT));
    const values = c.progress.map((p) => (p as { value: { kind: string; title?: string; message?: string; cancellable?: boolean } }).value);
    expect(values[0]).toMatchObject({ kind: 'begin', title: IMPLEMENT, cancellable: true });
    expect(values.filter((v) => v.kind === 'report').map((v) => v.message)).toContain('asking qwen2.5-coder:7b-instruct');
    expect(values.at(-1)?.kind).toBe('end');
  });

  it('cancelling the resolve request closes the model request and answers RequestCancelled', async () => {
    const c = await open();
    fake.reply({ text: IMPLEMENTATION, ttftMs: 20_000 });
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    const source = new CancellationTokenSource();
    const pending = c.resolveAction(action, source);
    const [request] = await fake.waitForRequests(1, { where: (r) => r.path === '/api/chat', timeoutMs: 15_000 });
    source.cancel();
    await expect(pending).rejects.toMatchObject({ code: -32800 });
    await fake.waitFor(() => request!.abortedByClient, 10_000);
    expect(request!.abortedBeforeFirstToken).toBe(true);
    expect(c.text(uri)).toBe(STORE);
  });

  it('gives up after actions.timeoutMs with a message, closing the model request', async () => {
    const c = await open(RESOLVE_CAPABILITIES, { actions: { model: 'qwen2.5-coder:7b-instruct', timeoutMs: 1000 } });
    fake.reply({ text: IMPLEMENTATION, ttftMs: 20_000 });
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    await expect(c.resolveAction(action)).rejects.toThrow(/gave up waiting for the model \(actions\.timeoutMs\)/);
    const [request] = chatRequests(fake);
    await fake.waitFor(() => request!.abortedByClient, 10_000);
  });

  it('cancelling from the progress bar (window/workDoneProgress/cancel) stops the work too', async () => {
    const c = await open();
    fake.reply({ text: IMPLEMENTATION, ttftMs: 20_000 });
    const pending = c.resolveAction(actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT));
    const [request] = await fake.waitForRequests(1, { where: (r) => r.path === '/api/chat', timeoutMs: 15_000 });
    // The notification travels over stdio, the chat request over HTTP: either may arrive first.
    const isBegin = (p: unknown) => (p as { value: { kind: string } }).value.kind === 'begin';
    await c.waitFor(() => c.progress.some(isBegin), 10_000);
    const begin = c.progress.find(isBegin) as { token: string };
    await c.connection.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    await expect(pending).rejects.toMatchObject({ code: -32800 });
    await fake.waitFor(() => request!.abortedByClient, 10_000);
  });
});

describe('checks before an edit is offered', () => {
  it('asks again with the parse error when a reply does not parse, and uses the corrected one', async () => {
    const c = await open();
    fake.enqueue({ text: 'rows, err := db.Query("SELECT 1"\nreturn rows, err\n</code>' }, { text: IMPLEMENTATION });
    const resolved = await c.resolveAction(actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT));
    expect((onlyTextEdit(resolved).edits[0] as { newText: string } | undefined)?.newText).toBe('\treturn db.Query("SELECT * FROM users WHERE name = $1", name)\n');
    const [first, second] = chatRequests(fake);
    expect(first!.body.messages).toHaveLength(3);
    const retry = second!.body.messages;
    expect(retry.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(retry[2]!.content).toContain('db.Query("SELECT 1"');
    expect(retry[3]!.content).toMatch(/^That code does not parse where it goes in the file: line \d of the code: /);
  });

  it('gives up with a clear message when the retry does not parse either, changing nothing', async () => {
    const c = await open();
    fake.reply({ text: 'if name == "" {\n\treturn nil, nil\n</code>' });
    await expect(c.resolveAction(actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT))).rejects.toThrow(
      /could not use the model's answer: its code does not parse \(.*line \d+ of the (code|file): .*\), also after asking the model again/,
    );
    expect(chatRequests(fake)).toHaveLength(2);
    expect(c.shownMessages.at(-1)?.message).toMatch(/does not parse/);
    expect(c.text(uri)).toBe(STORE);
  });

  it('flags SQL built by concatenation in the title and as a warning on the inserted code', async () => {
    const c = await open();
    fake.reply({ text: 'query := "SELECT * FROM users WHERE name = \'" + name + "\'"\nreturn db.Query(query)\n</code>' });
    const resolved = await c.resolveAction(actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT));
    expect(resolved.title).toBe(`${IMPLEMENT} — ⚠ SQL built by concatenation`);
    expect(await c.applyWorkspaceEdit(resolved.edit!)).toEqual({ applied: true });
    await c.waitFor(() => (c.diagnostics.get(uri) ?? []).length > 0, 10_000);
    const text = c.text(uri)!;
    const start = text.indexOf('"SELECT');
    const end = text.indexOf('"\'"') + 3;
    expect(c.diagnostics.get(uri)).toEqual([
      {
        range: { start: positionAt(text, start), end: positionAt(text, end) },
        severity: 2,
        source: 'ghostline',
        code: 'sql',
        message: 'Generated code: SQL built by concatenation. Review it before keeping it.',
      },
    ]);
  });

  it('refuses a reply with a hard-coded key, also after asking again, and inserts nothing', async () => {
    const c = await open();
    const tsUri = workspace.uri('client.ts');
    await c.open(tsUri, 'typescript', CLIENT_TS);
    fake.reply({ text: "const apiKey = 'sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e';\nreturn new Client(url, apiKey);\n</code>" });
    const action = actionTitled(await c.codeActions(tsUri, cursor('function conn', CLIENT_TS)), 'Ghostline: Implement connect');
    await expect(c.resolveAction(action)).rejects.toThrow(
      /refused the generated code: it contains a hard-coded secret in "apiKey", also after asking the model again.*Nothing was inserted/,
    );
    expect(chatRequests(fake)[1]!.body.messages[3]!.content).toMatch(/Never write credentials into code/);
    expect(c.text(tsUri)).toBe(CLIENT_TS);
  });
});

describe('bad input: an answer or a clear error, never a corrupted edit, never a crash', () => {
  it('resolves an action for a document changed meanwhile against the text it was offered on, with the old version', async () => {
    const c = await open();
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    await c.type(uri, { line: 0, character: 0 }, '// Package store keeps users.\n');
    fake.reply({ text: IMPLEMENTATION });
    const resolved = await c.resolveAction(action);
    const edit = onlyTextEdit(resolved);
    expect(edit.textDocument.version).toBe(1);
    // Positions are those of version 1: the body's closing brace before the line was added.
    const closing = positionAt(STORE, STORE.indexOf('}', STORE.indexOf('func FindUser')));
    expect(edit.edits[0]?.range).toEqual({ start: closing, end: closing });
    const result = await c.applyWorkspaceEdit(resolved.edit!);
    expect(result.applied).toBe(false);
    expect(c.text(uri)).toBe('// Package store keeps users.\n' + STORE);
  });

  it('answers a clear error when the version is unknown (changed and not remembered)', async () => {
    const c = await open();
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    const forged = { ...action, data: { ...(action.data as object), version: 7 } };
    await expect(c.resolveAction(forged)).rejects.toMatchObject({ code: -32801, message: expect.stringMatching(/changed since this action was offered \(version 7, now 1\)/) });
  });

  it('answers a clear error for a closed document', async () => {
    const c = await open();
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    await c.close(uri);
    await expect(c.resolveAction(action)).rejects.toMatchObject({ code: -32801, message: expect.stringMatching(/store\.go is not open any more/) });
    expect(chatRequests(fake)).toHaveLength(0);
  });

  it('shows a failed action once: as a message, with the error marked shown for clients that notify errors', async () => {
    const c = await open();
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    await c.close(uri);
    await expect(c.resolveAction(action)).rejects.toMatchObject({ data: { shown: true } });
    await c.waitFor(() => c.shownMessages.length > 0);
    expect(c.shownMessages.map((m) => m.message)).toEqual([expect.stringMatching(/store\.go is not open any more/)]);
  });

  it('rejects forged data with the field that is wrong', async () => {
    const c = await open();
    const action = actionTitled(await c.codeActions(uri, cursor('func FindUser(')), IMPLEMENT);
    const data = action.data as Record<string, unknown>;
    const forged: Array<[unknown, RegExp]> = [
      [{ ...data, action: 'rm-rf' }, /data is not valid \(action: /],
      [{ ...data, range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } }, /data is not valid \(range\.start\.line: /],
      [{ ...data, extra: true }, /data is not valid/],
      ['not an object', /data is not valid \(data: /],
      [undefined, /data is not valid/],
      [{ ...data, range: { start: { line: 500, character: 0 }, end: { line: 501, character: 0 } } }, /lies outside store\.go/],
    ];
    for (const [value, message] of forged) {
      await expect(c.resolveAction({ ...action, data: value })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(message) });
    }
    await expect(c.executeCommand('ghostline.applyAction', [{ ghostline: 2 }])).rejects.toMatchObject({ code: -32602 });
    await expect(c.executeCommand('ghostline.refactor', [{ uri }])).rejects.toMatchObject({ code: -32602 });
    await expect(c.executeCommand('ghostline.nope', [])).rejects.toMatchObject({ code: -32602 });
    expect(chatRequests(fake)).toHaveLength(0);
    // Still serving.
    expect((await c.codeActions(uri, cursor('func FindUser(')))?.length).toBeGreaterThan(0);
  });

  it('expands a selection that cuts tokens in half to whole tokens, offered and resolved', async () => {
    const c = await open();
    const text = STORE;
    const start = positionAt(text, text.indexOf('"hello "') + 3);
    const end = positionAt(text, text.indexOf('+ name') + 4);
    const action = actionTitled(await c.codeActions(uri, { start, end }), 'Ghostline: Refactor the selection');
    const whole = { start: positionAt(text, text.indexOf('"hello "')), end: positionAt(text, text.indexOf('+ name') + 6) };
    expect((action.data as { range: unknown }).range).toEqual(whole);
    fake.reply({ text: '"hello, " + name\n</code>' });
    // Data kept (or crafted) with the half-token range is widened the same way on resolve.
    const resolved = await c.resolveAction({ ...action, data: { ...(action.data as object), range: { start, end } } });
    expect(onlyTextEdit(resolved).edits).toEqual([{ range: whole, newText: '"hello, " + name' }]);
    expect(chatRequests(fake)[0]!.body.messages[1]!.content).toContain('<selection file="store.go" language="Go">\n"hello " + name\n</selection>');
  });
});
