/**
 * The guarantees every streaming backend keeps over the real server, as one table of tests that
 * each backend's test file runs against its own fake: cancellation and supersession before the
 * first token, every fault ending in an empty answer and a log line, a hang ending within the
 * budget with the HTTP request closed.
 */
import { afterEach, expect, it } from 'vitest';
import type { Position } from 'vscode-languageserver-protocol';
import type { FakeServer, Latency, RecordedRequest } from './fake-http.js';
import { SERVER_CRASH, type SseFault, type SseReply } from './fake-sse.js';
import { CancellationTokenSource, type TestClient } from './lsp-client.js';

export interface GuaranteeSession {
  fake: FakeServer<SseReply> & { generateRequests(): RecordedRequest[] };
  client: TestClient;
  uri: string;
  /** The cursor in the opened document. */
  position: Position;
}

export interface GuaranteeOptions {
  /** Starts a fake and a server talking to it, with the document open. */
  start(input: { latency?: Partial<Latency>; completion?: Record<string, unknown> }): Promise<GuaranteeSession>;
  /** A reply that completes the document at the cursor. */
  reply: string;
  /** A character typed at the cursor, and the reply that completes the text after it. */
  typed: { char: string; reply: string };
}

/** Registers the shared tests in the current describe block. */
export function backendGuarantees(options: GuaranteeOptions): void {
  let session: GuaranteeSession | undefined;
  const start = async (input: Parameters<GuaranteeOptions['start']>[0] = {}) => (session = await options.start(input));
  const generating = (s: GuaranteeSession) => s.fake.waitForRequests(1, { where: (r) => s.fake.generateRequests().includes(r) });
  const after = (position: Position): Position => ({ ...position, character: position.character + 1 });

  afterEach(async () => {
    await session?.client.stop();
    await session?.fake.close();
    session = undefined;
  });

  it('closes the HTTP request before the first token when the editor cancels', async () => {
    const { fake, client, uri, position } = await start({ latency: { ttftMs: 3000 } });
    const source = new CancellationTokenSource();
    const pending = client.inline(uri, position, source);
    const [request] = await generating(session!);
    source.cancel();
    expect((await pending)?.items).toEqual([]);
    await fake.waitFor(() => request!.abortedByClient);
    expect(request!.abortedBeforeFirstToken).toBe(true);
  });

  it('supersedes the previous request of a document: it is closed before its first token, at most one in flight', async () => {
    const { fake, client, uri, position } = await start({ latency: { ttftMs: 3000 } });
    const first = client.inline(uri, position);
    const [firstRequest] = await generating(session!);
    // An edit above the cursor: the text before it no longer continues the first request's (typing at the cursor would adopt it).
    await client.type(uri, { line: position.line - 1, character: 0 }, ' ');
    fake.reply({ text: options.reply, ttftMs: 10 });
    const second = client.inline(uri, position);
    expect((await first)?.items).toEqual([]);
    expect((await second)?.items[0]?.insertText).toBe(options.reply.trimEnd());
    expect(firstRequest!.abortedBeforeFirstToken).toBe(true);
    expect(fake.maxInFlight).toBe(1);
  });

  it.each<[SseFault, string]>([
    ['http500', SERVER_CRASH],
    ['cut', 'cut'],
    ['malformed', 'not JSON'],
    ['error-event', SERVER_CRASH],
    ['reset-before-headers', 'failed'],
  ])('answers %s with an empty result and a log line, shows it at most once, and recovers', async (fault, logged) => {
    const { fake, client, uri, position } = await start();
    fake.reply({ text: options.reply, fault });
    expect((await client.inline(uri, position))?.items).toEqual([]);
    // A second request after the same fault: still empty, still no second popup.
    await client.type(uri, position, ' ');
    expect((await client.inline(uri, after(position)))?.items).toEqual([]);
    await client.waitFor(() => client.logText().includes(logged));
    expect(client.shownMessages.length).toBeLessThanOrEqual(1);
    fake.reply({ text: options.typed.reply });
    await client.type(uri, position, options.typed.char);
    expect((await client.inline(uri, after(position)))?.items[0]?.insertText).toBe(options.typed.reply);
    expect(client.process.exitCode).toBeNull();
  });

  it('hangs: the request ends within its budget, empty, and the HTTP request is closed', async () => {
    const { fake, client, uri, position } = await start({ completion: { timeoutMs: 300 } });
    // Part of a line, then silence: nothing the stream filters could finish on.
    fake.reply({ chunks: [options.reply.slice(0, 3)], fault: 'hang' });
    const started = performance.now();
    expect((await client.inline(uri, position))?.items).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
    const [request] = fake.generateRequests();
    await fake.waitFor(() => request!.abortedByClient);
    await client.waitFor(() => client.logText().includes('budget'));
  });
}
