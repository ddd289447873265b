import { ModelError } from './backend.js';

/**
 * Longest line a streamed response may send. One event is one token, a few hundred bytes; the
 * longest legitimate line is Ollama's last one with its statistics. The line parsers below us
 * (ollama-js, eventsource-parser) re-read an unfinished line on every network chunk, so a server
 * streaming one endless line would make them quadratic: past this length the stream is cut.
 */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;
const NEWLINE = 10;

/** Counts the bytes of the current line of a byte stream, looking at each chunk once. */
export class LineGuard {
  private run = 0;

  constructor(private readonly maxBytes = MAX_LINE_BYTES) {}

  /** Throws a ModelError once a line is longer than the limit. */
  push(bytes: Uint8Array): void {
    const nl = bytes.lastIndexOf(NEWLINE);
    this.run = nl < 0 ? this.run + bytes.length : bytes.length - nl - 1;
    if (this.run > this.maxBytes) {
      throw new ModelError('malformed', `the model server sent a line of more than ${this.maxBytes} bytes; Ghostline stopped reading it`);
    }
  }
}

/** A response whose body errors once a line grows past the limit (for clients that parse lines themselves). */
export function withLineGuard(response: Response, maxBytes = MAX_LINE_BYTES): Response {
  if (!response.body) return response;
  const guard = new LineGuard(maxBytes);
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        guard.push(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
