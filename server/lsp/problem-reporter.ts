import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import type { Problem } from '../completion/problems.js';
import type { Logger } from '../util/logger.js';

export interface ProblemReporterOptions {
  connection: Connection;
  logger: Logger;
  messageActions: () => boolean;
  /** Runs when the user accepts the offer to pull a missing model. */
  pull: (model: string) => Promise<void>;
}

/**
 * Shows each distinct problem to the user once (window/showMessage), then only logs it, so a
 * model server that is down does not flood the editor with a popup per keystroke.
 */
export class ProblemReporter {
  private readonly shown = new Set<string>();

  constructor(private readonly options: ProblemReporterOptions) {}

  report(problem: Problem): void {
    if (this.shown.has(problem.key)) {
      this.options.logger.debug(`(already shown) ${problem.message}`);
      return;
    }
    this.shown.add(problem.key);
    this.options.logger.warn(problem.message);
    const { connection } = this.options;
    if (problem.offerPull && this.options.messageActions()) {
      const model = problem.offerPull;
      // Never awaited by the caller: the user may take minutes to answer.
      connection.window
        .showWarningMessage(problem.message, { title: `Pull ${model}` })
        .then((choice) => (choice ? this.options.pull(model) : undefined))
        .catch((error: unknown) => this.options.logger.error(`pulling ${model} failed: ${(error as Error).message}`));
      return;
    }
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: problem.message });
  }

  /** Lets a problem be shown again, e.g. after the settings that caused it changed. */
  reset(): void {
    this.shown.clear();
  }
}
