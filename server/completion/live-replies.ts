import type { EditedText } from '../core/position.js';
import { SharedStream } from './shared-stream.js';

/** The latest model reply of one document, with the text around the cursor of the request that asked for it. */
interface LiveReply {
  prefix: string;
  suffix: string;
  /** The document version prefix and suffix were read from. */
  version: number;
  stream: SharedStream;
  /** The request reading it now; a newer request of the document that adopts it becomes the owner. */
  owner: object;
  /** Set while a cancelled reply waits for the messages queued before the cancellation. */
  settling?: NodeJS.Immediate;
  /** Set while a cancelled reply waits for its successor. */
  grace?: NodeJS.Timeout;
}

/** What an adopting request gets: the reply, and how much of it the user has typed since it was asked for. */
export interface Adopted {
  stream: SharedStream;
  typed: string;
}

/**
 * How long a reply cancelled by typing that agrees with it waits for the request of the new position.
 * Editors send that request right after the change and the cancellation, so this only covers the
 * messages still on their way; a reply nobody adopts within it is closed.
 */
export const ADOPT_GRACE_MS = 50;

/**
 * The model replies in flight (or just finished), one per document, shared between the request that
 * started a reply and a newer request of the same document whose text is the old one plus exactly what
 * was typed since, when the reply so far agrees with that typing (as Copilot and llama.vim reuse a
 * request in flight). A reply nobody can use any more is closed at once, so the model stops.
 */
export class LiveReplies {
  private readonly byUri = new Map<string, LiveReply>();

  /** `current` gives a document as it is now, to tell whether a cancelled reply can still be adopted. */
  constructor(private readonly current: (uri: string) => EditedText | undefined) {}

  /** Starts a reply for `owner`, closing the document's previous one unless it finished. */
  start(input: {
    uri: string;
    prefix: string;
    suffix: string;
    version: number;
    owner: object;
    maxBytes: number;
    open: (signal: AbortSignal) => AsyncIterable<string>;
  }): SharedStream {
    this.drop(input.uri);
    const stream = new SharedStream(input.open, input.maxBytes);
    this.byUri.set(input.uri, { prefix: input.prefix, suffix: input.suffix, version: input.version, stream, owner: input.owner });
    return stream;
  }

  /**
   * The document's reply when the text is now its prefix + typed + its suffix, with the cursor at `offset`
   * after the typing, and the reply agrees with `typed` (a finished reply must also hold more than what was
   * typed); `owner` reads it from now on. Only what was edited since the reply was asked for is compared.
   */
  adopt(input: { uri: string; current: EditedText; offset: number; owner: object }): Adopted | undefined {
    const live = this.byUri.get(input.uri);
    if (!live) return undefined;
    const typed = typedInto(input.current, live);
    if (typed === undefined || input.offset !== live.prefix.length + typed.length) return undefined;
    // Nothing typed: the same request again, whose prompt may differ (repository context); the cache knows.
    if (typed === '' || !usable(live.stream, typed)) return undefined;
    stopWaiting(live);
    live.owner = input.owner;
    return { stream: live.stream, typed };
  }

  /** A newer request of the document did not adopt the reply: it is closed at once if still flowing. */
  drop(uri: string): void {
    const live = this.byUri.get(uri);
    if (!live) return;
    stopWaiting(live);
    live.stream.close('superseded by a newer request');
    this.byUri.delete(uri);
  }

  /**
   * The owner stopped reading. A finished reply stays for a later request that types into it. One the
   * owner failed on is closed; so is one it stopped early (`read`: its filters had what they need),
   * except after a request at the end of a line (`keepLines`): that reply goes on until it holds one
   * line more than the owner kept (at least two), the line the request after Enter may use. One whose owner was cancelled while
   * the document reads as the reply continues (the user typed what it says) waits ADOPT_GRACE_MS for
   * the next request; otherwise it is closed.
   */
  release(input: { uri: string; owner: object; how: 'read' | 'cancelled' | 'failed'; keepLines?: number }): void {
    const { uri, owner } = input;
    const live = this.byUri.get(uri);
    if (!live || live.owner !== owner || !live.stream.flowing) return;
    if (input.how === 'cancelled') {
      // vscode-jsonrpc applies a cancellation as it arrives, ahead of the messages queued before it (the
      // didChange that caused it): decide once those have run, one turn of the event loop later.
      live.settling = setImmediate(() => this.afterCancel(uri, live));
      return;
    }
    if (input.how === 'read' && input.keepLines !== undefined) live.stream.endAfterLines(input.keepLines);
    else this.drop(uri);
  }

  /** A cancelled reply still unadopted: closed unless the document now reads as typed into it, then kept a little for the next request. */
  private afterCancel(uri: string, live: LiveReply): void {
    live.settling = undefined;
    const owner = live.owner;
    if (this.byUri.get(uri) !== live || !live.stream.flowing) return;
    if (!this.typedSince(uri, live)) return this.drop(uri);
    live.grace = setTimeout(() => {
      if (this.byUri.get(uri) === live && live.owner === owner) this.drop(uri);
    }, ADOPT_GRACE_MS);
    live.grace.unref();
  }

  /** Closes every reply (shutdown). */
  dropAll(): void {
    for (const uri of [...this.byUri.keys()]) this.drop(uri);
  }

  /** Something was typed into the document since the reply was asked for, and the reply agrees with it. */
  private typedSince(uri: string, live: LiveReply): boolean {
    const current = this.current(uri);
    const typed = current && typedInto(current, live);
    return typed !== undefined && typed !== '' && usable(live.stream, typed);
  }
}

/** What was typed between the reply's prefix and suffix since it was asked for, if the text still reads so. */
function typedInto(current: EditedText, live: LiveReply): string | undefined {
  return current.insertedSince({ before: live.prefix, after: live.suffix, version: live.version });
}

function stopWaiting(live: LiveReply): void {
  clearImmediate(live.settling);
  clearTimeout(live.grace);
  live.settling = undefined;
  live.grace = undefined;
}

/** The reply agrees with `typed`: it starts with it, or, still arriving, is a start of it; a finished one leaves something after it. */
function usable(stream: SharedStream, typed: string): boolean {
  const text = stream.text;
  if (stream.ended) return text.startsWith(typed) && text.slice(typed.length).trim() !== '';
  if (!stream.flowing) return false;
  return text.length >= typed.length ? text.startsWith(typed) : typed.startsWith(text);
}
