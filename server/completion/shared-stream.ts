/**
 * A model reply that outlives the request that started it: the chunks are read from the server into
 * one buffer, and each request reads that buffer from its own offset. The HTTP request has its own
 * abort controller, so cancelling a reader does not close it; `close()` does. Chunks are kept as they
 * came (joined only when the whole text is asked for), so reading stays linear in the reply.
 */
export class SharedStream {
  private readonly chunks: string[] = [];
  private length = 0;
  private state: 'flowing' | 'ended' | 'failed' | 'closed' = 'flowing';
  private failure: unknown;
  private waiters: Array<() => void> = [];
  private readonly controller = new AbortController();
  /** Lines still wanted before the reply is ended on purpose (`endAfterLines`). */
  private linesLeft = Infinity;

  /** `open` starts the model request with the signal `close()` aborts; at most `maxChars` characters are buffered. */
  constructor(open: (signal: AbortSignal) => AsyncIterable<string>, maxChars: number) {
    void this.pump(open(this.controller.signal), maxChars);
  }

  /** The reply received so far. */
  get text(): string {
    // Joined afresh: readers hold indexes into the chunks, so they are never merged in place.
    return this.chunks.join('');
  }

  /** Characters received so far. */
  get size(): number {
    return this.length;
  }

  /** Still receiving. */
  get flowing(): boolean {
    return this.state === 'flowing';
  }

  /** The model finished its reply, or it was ended on purpose after whole lines: `text` is all there is. */
  get ended(): boolean {
    return this.state === 'ended';
  }

  /** Closes the HTTP request (the model stops generating); readers see the end of the stream. */
  close(reason = 'closed'): void {
    if (this.state !== 'flowing') return;
    this.state = 'closed';
    this.controller.abort(new DOMException(reason, 'AbortError'));
    this.wakeAll();
  }

  /**
   * Ends the reply after its `count`-th line break (now, if that has arrived): the text is kept up to
   * there, as if the model had stopped, and the HTTP request is closed.
   */
  endAfterLines(count: number): void {
    // Called once nobody reads the stream (its reader released it), so the chunks may be rebuilt.
    if (this.state !== 'flowing') return;
    this.linesLeft = count;
    const received = this.chunks.splice(0, this.chunks.length);
    this.length = 0;
    for (const chunk of received) if (this.take(chunk)) break;
  }

  /** Resolves once `length` characters arrived or the stream stopped; rejects when `signal` aborts. */
  async reach(length: number, signal: AbortSignal): Promise<void> {
    while (this.length < length && this.state === 'flowing') {
      signal.throwIfAborted();
      await this.next(signal);
    }
  }

  /** The reply from character `from` on, chunk by chunk as it arrives; `signal` stops waiting (it does not close the stream). */
  async *read(from: number, signal: AbortSignal): AsyncGenerator<string> {
    let index = 0;
    let skip = from;
    for (;;) {
      signal.throwIfAborted();
      const chunk = this.chunks[index];
      if (chunk !== undefined) {
        index++;
        if (skip >= chunk.length) {
          skip -= chunk.length;
          continue;
        }
        const piece = skip > 0 ? chunk.slice(skip) : chunk;
        skip = 0;
        yield piece;
        continue;
      }
      if (this.state === 'failed') throw this.failure;
      if (this.state !== 'flowing') return;
      await this.next(signal);
    }
  }

  /** Keeps a chunk; true when it completed the lines wanted, which ends the reply. */
  private take(chunk: string): boolean {
    let end = -1;
    for (let at = chunk.indexOf('\n'); at >= 0 && this.linesLeft > 0; at = chunk.indexOf('\n', at + 1)) {
      this.linesLeft--;
      end = at + 1;
    }
    const kept = this.linesLeft === 0 ? chunk.slice(0, end) : chunk;
    this.chunks.push(kept);
    this.length += kept.length;
    if (this.linesLeft > 0) return false;
    this.state = 'ended';
    this.controller.abort(new DOMException('the reply holds the lines kept of it', 'AbortError'));
    this.wakeAll();
    return true;
  }

  /** Resolves when something arrives or the stream ends; rejects when `signal` aborts. */
  private next(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('request cancelled'));
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  private wakeAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async pump(chunks: AsyncIterable<string>, maxChars: number): Promise<void> {
    try {
      for await (const chunk of chunks) {
        if (this.state !== 'flowing') break;
        if (this.take(chunk)) break;
        this.wakeAll();
        // Nobody may be reading (a reply waiting to be adopted): the buffer stays bounded anyway.
        if (this.length > maxChars) this.close('reply too long');
      }
      if (this.state === 'flowing') this.state = 'ended';
    } catch (error) {
      if (this.state === 'flowing') {
        this.state = 'failed';
        this.failure = error;
      }
    } finally {
      this.wakeAll();
    }
  }
}
