import type { Connection } from 'vscode-languageserver/node';
import type { ModelBackend } from '../model/backend.js';
import type { Logger } from '../util/logger.js';

export interface PullOptions {
  connection: Connection;
  /** A backend that can pull (`pull` present). */
  backend: Required<Pick<ModelBackend, 'pull'>>;
  model: string;
  logger: Logger;
  /** The client shows server-initiated $/progress. */
  progress: boolean;
}

/** Pulls a missing model, showing a progress bar in the editor that the user can cancel. */
export async function pullWithProgress({ connection, backend, model, logger, progress }: PullOptions): Promise<void> {
  const reporter = progress ? await connection.window.createWorkDoneProgress() : undefined;
  const controller = new AbortController();
  reporter?.token.onCancellationRequested(() => controller.abort());
  reporter?.begin(`Pulling ${model}`, 0, 'starting', true);
  let lastPercent = -1;
  try {
    await backend.pull((step) => {
      const percent = step.total ? Math.floor(((step.completed ?? 0) / step.total) * 100) : undefined;
      if (percent !== undefined && percent === lastPercent) return;
      lastPercent = percent ?? lastPercent;
      reporter?.report(percent ?? lastPercent, step.status);
    }, controller.signal);
    logger.info(`pulled ${model}`);
    void connection.window.showInformationMessage(`Ghostline: ${model} is ready.`);
  } finally {
    reporter?.done();
  }
}
