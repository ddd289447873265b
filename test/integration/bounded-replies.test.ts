import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { actionTitled, startActionClient, startActionFake } from '../support/actions.js';
import type { FakeOllama, RecordedRequest } from '../support/fake-ollama.js';
import type { TestClient } from '../support/lsp-client.js';
import { parseMarked, positionAt } from '../support/marked.js';

const STORE = `package store

import "database/sql"

func FindUser(db *sql.DB, name string) (*sql.Rows, error) {
}

func label(name string) string {
	return █
}
`;

/** One 5 MB line with no newline, in 1,000-character chunks, whatever num_predict says. */
const FIVE_MB = { chunks: Array.from({ length: 5000 }, () => 'x'.repeat(1000)), ignoreTokenLimit: true };
/** Budgets are generous for a busy 2-core machine; the real figures go to stderr for the report. */
const SLACK_MS = 1000;

let fake: FakeOllama;
let client: TestClient | undefined;
const uri = 'file:///w/store.go';
const { text, position } = parseMarked(STORE);
const findUser = (() => {
  const at = positionAt(text, text.indexOf('func FindUser(') + 'func FindUser('.length);
  return { start: at, end: at };
})();

beforeEach(async () => {
  fake = await startActionFake();
});
afterEach(async () => {
  await client?.stop();
  client = undefined;
  await fake.close();
});

/** A server with the document open and one completion done, so start-up work (grammar, model format) is not measured. */
async function open(settings: Record<string, unknown>): Promise<TestClient> {
  client = await startActionClient(fake, { settings });
  await client.open(uri, 'go', text);
  fake.enqueue({ text: 'nil, nil' });
  await client.completion(uri, { line: findUser.start.line + 1, character: 0 });
  fake.resetStats();
  return client;
}

const generating = (r: RecordedRequest) => r.path === '/api/generate' && (r.body as { prompt?: string }).prompt !== '';

function report(name: string, ms: number): void {
  process.stderr.write(`[bounded-replies] ${name}: ${ms.toFixed(0)} ms\n`);
}

describe('a model reply of one 5 MB line', () => {
  it('is capped at completion.maxReplyBytes: the request is closed and what arrived is answered, within budget', async () => {
    const c = await open({ completion: { debounceMs: 0, itemsTimeoutMs: 2000 } });
    fake.enqueue(FIVE_MB);
    const started = performance.now();
    const list = await c.completion(uri, position);
    const elapsed = performance.now() - started;
    const [request] = fake.generateRequests();
    report('5 MB reply, default cap: completion answered after', elapsed);
    report('  of which after the first token', performance.now() - (request?.firstTokenAt ?? started));
    expect(elapsed).toBeLessThan(2000 + SLACK_MS);
    await fake.waitFor(() => request!.abortedByClient);
    const answered = list?.items[0]?.insertText ?? list?.items[0]?.textEdit?.newText ?? '';
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.length).toBeLessThanOrEqual(65_536);
    await c.waitFor(() => c.logText().includes('completion.maxReplyBytes'));
  });

  it('stops at the time budget while filtering, and a code action sent meanwhile is answered promptly', async () => {
    // A cap above the reply: only the budget can stop the work on chunks that already arrived.
    const budgetMs = 2000;
    const c = await open({ completion: { debounceMs: 0, itemsTimeoutMs: budgetMs, maxReplyBytes: 10_000_000 } });
    fake.enqueue(FIVE_MB);
    const started = performance.now();
    const pending = c.completion(uri, position).then((list) => ({ list, at: performance.now() }));
    const [request] = await fake.waitForRequests(1, { where: generating });
    await fake.waitFor(() => request!.firstTokenAt !== undefined);
    // Asked once a few MB have arrived: a filter that re-reads the line per chunk has fallen behind by then.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const asked = performance.now();
    const actions = await c.codeActions(uri, findUser);
    const actionMs = performance.now() - asked;
    // Whether the reply (under the raised cap) arrived whole before the budget depends on the machine; the answer's time does not.
    const { at } = await pending;
    report('5 MB reply, budget 2000 ms, cap 10 MB: completion answered after', at - started);
    report('code action sent meanwhile answered after', actionMs);
    expect(actionTitled(actions, 'Ghostline: Implement FindUser')).toBeDefined();
    // The figure is reported above (about 50 ms idle; 3.5 s once with the machine's load at 10). The bound only
    // catches an event loop held for the whole reply (46 s before), with room for a machine that busy.
    expect(actionMs).toBeLessThan(5 * budgetMs);
    expect(at - started).toBeLessThan(budgetMs + SLACK_MS);
  });

  it('never becomes a 5 MB edit: the code action fails with a message naming actions.maxReplyBytes', async () => {
    const c = await open({});
    const action = actionTitled(await c.codeActions(uri, findUser), 'Ghostline: Implement FindUser');
    fake.reply(FIVE_MB);
    const started = performance.now();
    const failure = await c.resolveAction(action).then(
      (resolved: CodeAction) => resolved,
      (error: Error) => error,
    );
    report('5 MB action reply: resolve failed after', performance.now() - started);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/stopped reading the model's answer after 262144 bytes \(actions\.maxReplyBytes\)/);
    expect(c.shownMessages.at(-1)?.message).toMatch(/actions\.maxReplyBytes/);
    const [request] = fake.generateRequests().filter((r) => r.path === '/api/chat');
    await fake.waitFor(() => request!.abortedByClient);
  });
});
