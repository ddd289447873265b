import type { Connection, ProgressToken, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { Logger } from '../util/logger.js';

/** A progress bar in the editor for one piece of long work, which the user may cancel. */
export interface Progress {
  report(message: string): void;
  done(): void;
  /** Aborted when the user cancels the progress (window/workDoneProgress/cancel). */
  signal: AbortSignal;
}

export interface ProgressOptions {
  connection: Connection;
  /** The client shows server-initiated progress (window.workDoneProgress). */
  serverInitiated: boolean;
  title: string;
  /** The request's own token, when the client sent one (client-initiated progress). */
  workDoneToken?: ProgressToken;
  logger: Logger;
}

/**
 * Begins $/progress: on the request's workDoneToken when the client sent one, else on a token
 * the server creates (window/workDoneProgress/create) when the client allows it, else nowhere.
 */
export async function beginProgress(options: ProgressOptions): Promise<Progress> {
  const controller = new AbortController();
  let reporter: WorkDoneProgressReporter | undefined;
  if (options.workDoneToken !== undefined) {
    reporter = options.connection.window.attachWorkDoneProgress(options.workDoneToken);
  } else if (options.serverInitiated) {
    try {
      const created = await options.connection.window.createWorkDoneProgress();
      created.token.onCancellationRequested(() => controller.abort(new DOMException('cancelled in the editor', 'AbortError')));
      reporter = created;
    } catch (error) {
      options.logger.debug(`no progress bar: ${(error as Error).message}`);
    }
  }
  reporter?.begin(options.title, undefined, 'starting', true);
  let finished = false;
  return {
    report: (message) => {
      if (!finished) reporter?.report(message);
    },
    done: () => {
      if (finished) return;
      finished = true;
      reporter?.done();
    },
    signal: controller.signal,
  };
}
