import { PassThrough, Writable } from 'node:stream';
import { StreamMessageReader, StreamMessageWriter, type Message } from 'vscode-jsonrpc/node';
import { describe, expect, it } from 'vitest';
import { FramedOutput } from '../../server/lsp/framed-output.js';

/** A sink that records each write it is given, as a pipe would see each write call. */
function recordingSink(): { sink: Writable; writes: string[] } {
  const writes: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { sink, writes };
}

describe('the framed LSP output', () => {
  it("writes each message's header and body in one write, in order, and the messages read back unchanged", async () => {
    const { sink, writes } = recordingSink();
    const writer = new StreamMessageWriter(new FramedOutput(sink));
    const messages: Message[] = [
      { jsonrpc: '2.0', id: 1, result: { items: [{ insertText: 'pendingTotal + 1 // é' }] } } as Message,
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 4, message: 'completion stages …' } } as Message,
    ];
    for (const message of messages) await writer.write(message);
    expect(writes).toHaveLength(2);
    expect(writes.every((write) => /^Content-Length: \d+\r\n\r\n\{/.test(write))).toBe(true);

    const pipe = new PassThrough();
    const read: Message[] = [];
    new StreamMessageReader(pipe).listen((message) => read.push(message));
    pipe.end(writes.join(''));
    await new Promise((resolve) => setImmediate(resolve));
    expect(read).toEqual(messages);
  });

  it('passes through what is not a header at once', async () => {
    const { sink, writes } = recordingSink();
    const out = new FramedOutput(sink);
    await new Promise<void>((resolve) => out.write('not a header', () => resolve()));
    expect(writes).toEqual(['not a header']);
  });

  it('reports an error and the close of the stream under it, as the connection watches for', async () => {
    const sink = new PassThrough();
    const out = new FramedOutput(sink);
    const seen: string[] = [];
    out.on('error', (error: Error) => seen.push(`error ${error.message}`));
    out.on('close', () => seen.push('close'));
    sink.destroy(new Error('EPIPE'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['error EPIPE', 'close']);
  });
});
