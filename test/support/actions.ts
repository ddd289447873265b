import type { ClientCapabilities, CodeAction, Command, Diagnostic, Position, Range, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { DEFAULT_MODEL, startFakeOllama, type FakeOllama, type RecordedRequest } from './fake-ollama.js';
import { RESOLVE_CAPABILITIES, TestClient } from './lsp-client.js';
import { positionAt } from './marked.js';

/** The instruct model the action tests configure (and the fake serves). */
export const ACTION_MODEL = 'qwen2.5-coder:7b-instruct';

export function startActionFake(): Promise<FakeOllama> {
  return startFakeOllama({ models: [DEFAULT_MODEL, { name: ACTION_MODEL, template: '{{ .Prompt }}' }] });
}

/** A server pointed at the fake for both completions and actions. */
export function startActionClient(fake: FakeOllama, options: { capabilities?: ClientCapabilities; settings?: Record<string, unknown> } = {}): Promise<TestClient> {
  return TestClient.start({
    capabilities: options.capabilities ?? RESOLVE_CAPABILITIES,
    initializationOptions: { model: { url: fake.url }, actions: { model: ACTION_MODEL }, ...options.settings },
  });
}

/** The code action whose title starts with `title`; fails the test when it is not offered. */
export function actionTitled(actions: Array<CodeAction | Command> | null, title: string): CodeAction {
  const found = (actions ?? []).find((action) => action.title.startsWith(title));
  if (!found) throw new Error(`no action "${title}" among: ${(actions ?? []).map((action) => action.title).join(' | ')}`);
  return found as CodeAction;
}

export function titles(actions: Array<CodeAction | Command> | null): string[] {
  return (actions ?? []).map((action) => action.title);
}

/** The chat requests the fake received, with their messages. */
export function chatRequests(
  fake: FakeOllama,
): Array<RecordedRequest & { body: { model: string; messages: Array<{ role: string; content: string }>; options?: { stop?: string[] } } }> {
  return fake.generateRequests().filter((request) => request.path === '/api/chat') as never;
}

/** The single TextDocumentEdit of a resolved action's edit. */
export function onlyTextEdit(action: CodeAction): TextDocumentEdit {
  const changes = action.edit?.documentChanges ?? [];
  if (changes.length !== 1 || !('textDocument' in changes[0]!)) throw new Error(`expected one TextDocumentEdit, got ${JSON.stringify(action.edit)}`);
  return changes[0];
}

/** Positions in a fixture found from its text: just after the first occurrence of `needle`. */
export function locate(text: string) {
  const after = (needle: string): Position => {
    const at = text.indexOf(needle);
    if (at < 0) throw new Error(`not in fixture: ${needle}`);
    return positionAt(text, at + needle.length);
  };
  return { after, cursorAt: (needle: string): Range => ({ start: after(needle), end: after(needle) }) };
}

/** Asks for the actions at `range`, resolves the one titled `title`, applies its edit as the editor would. */
export async function resolveAndApply(
  client: TestClient,
  request: { uri: string; title: string; range: Range; diagnostics?: Diagnostic[] },
): Promise<{ text: string; action: CodeAction }> {
  const action = actionTitled(await client.codeActions(request.uri, request.range, { diagnostics: request.diagnostics }), request.title);
  const resolved = await client.resolveAction(action);
  const result = await client.applyWorkspaceEdit(resolved.edit!);
  if (!result.applied) throw new Error(`edit not applied: ${result.failureReason}`);
  return { text: client.text(request.uri)!, action: resolved };
}
