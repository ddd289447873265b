import { createParser, type EventSourceParser } from 'eventsource-parser';

/**
 * One item of a server-sent event stream: an event's data, or a line that is not standard SSE.
 * llama-server reports errors inside a stream as an `error: {json}` line, and a server that
 * ignored `stream: true` sends plain JSON lines; both come out as `field` so the caller can
 * tell a server error from garbage instead of skipping either silently.
 */
export type SseItem = { type: 'event'; event: string | undefined; data: string } | { type: 'field'; field: string; value: string };

/**
 * Turns the bytes of an SSE response into items, whatever the chunk boundaries: a chunk may end
 * mid-line or in the middle of a multi-byte UTF-8 character. Comments (`: keep-alive`) are
 * dropped. Wraps eventsource-parser, which does the line and field grammar of the spec.
 */
export class SseDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parser: EventSourceParser;
  private pending: SseItem[] = [];

  constructor() {
    this.parser = createParser({
      onEvent: (message) => this.pending.push({ type: 'event', event: message.event, data: message.data }),
      onError: (error) => {
        // Only unknown fields are reported per line; `retry` and `id` do not matter to a one-shot request.
        if (error.type === 'unknown-field') this.pending.push({ type: 'field', field: error.field ?? '', value: error.value ?? '' });
      },
    });
  }

  /** Feeds the next bytes and returns the items they completed. */
  push(bytes: Uint8Array): SseItem[] {
    this.parser.feed(this.decoder.decode(bytes, { stream: true }));
    return this.take();
  }

  /**
   * Call when the stream has ended: returns what the last, unterminated line completes. An event
   * the server never closed with a blank line still counts, as browsers' EventSource does not do
   * but every OpenAI client does for the final `data: [DONE]`.
   */
  end(): SseItem[] {
    const rest = this.decoder.decode();
    if (rest) this.parser.feed(rest);
    this.parser.feed('\n\n');
    this.parser.reset();
    return this.take();
  }

  private take(): SseItem[] {
    const items = this.pending;
    this.pending = [];
    return items;
  }
}
