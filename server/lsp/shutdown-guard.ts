import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { settlesWithin } from '../util/abort.js';
import type { Logger } from '../util/logger.js';

/** How long `shutdown` waits for the cleanup before answering anyway (an editor waits for the answer to send `exit`). */
const CLEANUP_LIMIT_MS = 10_000;

/**
 * The server's place in LSP's lifecycle. After `shutdown` the protocol wants every request answered with
 * an InvalidRequest error; vscode-languageserver does not do that by itself (it only picks the exit code:
 * 0 when `exit` follows `shutdown`, 1 otherwise), so each request handler is wrapped here.
 */
export class ShutdownGuard {
  private shutDown = false;

  constructor(
    private readonly logger: Logger,
    private readonly cleanupLimitMs = CLEANUP_LIMIT_MS,
  ) {}

  get isShutDown(): boolean {
    return this.shutDown;
  }

  /**
   * The `shutdown` handler: the first call runs `cleanup`, any later one is an InvalidRequest like every
   * other request. The flag is set before cleanup starts, so requests arriving meanwhile are refused too.
   * A cleanup still running after the limit is named in the log and `shutdown` is answered anyway: every
   * request gets an answer. `cleanup` names each part it starts.
   */
  shutdown(cleanup: (stage: (part: string) => void) => Promise<void>): () => Promise<void | ResponseError<never>> {
    return async () => {
      if (this.shutDown) return refused();
      this.shutDown = true;
      let part = 'cleanup';
      const done = cleanup((name) => (part = name)).catch((error: unknown) => this.logger.warn(`shutdown: stopping ${part} failed: ${(error as Error).message}`));
      if (!(await settlesWithin(done, this.cleanupLimitMs)))
        this.logger.warn(`shutdown: stopping ${part} took over ${this.cleanupLimitMs} ms; answering shutdown without waiting for the rest`);
      return undefined;
    };
  }

  /**
   * The `exit` handler (vscode-languageserver calls process.exit right after it). Node's exit joins every
   * worker thread, so while `held()` says a thread did not stop at shutdown, that exit would last as long as
   * the thread stays held (forever, for a thread stuck in native code): the process ends by SIGKILL instead.
   */
  exit(held: () => boolean): () => void {
    return () => {
      if (!held()) return;
      // Synchronous on a pipe or file: the line is out before the signal.
      process.stderr.write('ghostline: a worker thread did not stop at shutdown; ending the process without waiting for it\n');
      process.kill(process.pid, 'SIGKILL');
    };
  }

  /** A request handler that answers InvalidRequest, without running, once the server is shut down. */
  guard<A extends unknown[], R>(handler: (...args: A) => R): (...args: A) => R | ResponseError<never> {
    return (...args: A) => (this.shutDown ? refused() : handler(...args));
  }
}

function refused(): ResponseError<never> {
  return new ResponseError(ErrorCodes.InvalidRequest, 'the server has been shut down; only `exit` is accepted now');
}
