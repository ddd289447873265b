import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

/**
 * The server's place in LSP's lifecycle. After `shutdown` the protocol wants every request answered with
 * an InvalidRequest error; vscode-languageserver does not do that by itself (it only picks the exit code:
 * 0 when `exit` follows `shutdown`, 1 otherwise), so each request handler is wrapped here.
 */
export class ShutdownGuard {
  private shutDown = false;

  get isShutDown(): boolean {
    return this.shutDown;
  }

  /**
   * The `shutdown` handler: the first call runs `cleanup`, any later one is an InvalidRequest like every
   * other request. The flag is set before cleanup starts, so requests arriving meanwhile are refused too.
   */
  shutdown(cleanup: () => Promise<void>): () => Promise<void | ResponseError<never>> {
    return async () => {
      if (this.shutDown) return refused();
      this.shutDown = true;
      await cleanup();
      return undefined;
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
