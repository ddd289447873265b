/**
 * Remembers that the model server is unreachable so requests are answered at once instead of
 * each waiting for a connection error, and lets one request through now and then so Ghostline
 * recovers by itself when the server comes back.
 */
export class ServerHealth {
  private retryAt = 0;
  private backoffMs: number;

  constructor(
    private readonly initialBackoffMs = 1000,
    private readonly maxBackoffMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.backoffMs = initialBackoffMs;
  }

  /** False while the last attempt failed to connect and the retry time has not come. */
  shouldTry(): boolean {
    return this.now() >= this.retryAt;
  }

  markUnreachable(): void {
    this.retryAt = this.now() + this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
  }

  markReachable(): void {
    this.retryAt = 0;
    this.backoffMs = this.initialBackoffMs;
  }

  /** Milliseconds until the next attempt is allowed. */
  waitMs(): number {
    return Math.max(0, this.retryAt - this.now());
  }
}
