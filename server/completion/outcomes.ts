import { performance } from 'node:perf_hooks';
import type { Settings } from '../config/schema.js';
import { ModelError } from '../model/backend.js';
import type { ServerHealth } from '../model/health.js';
import { DeadlineError } from '../util/pacer.js';
import type { Logger } from '../util/logger.js';
import type { CompletionOutcome, CompletionRequest } from './engine-types.js';
import { problemFromError, type Problem } from './problems.js';

/** An answer with no suggestion, and why. */
export function empty(reason: string, problem?: Problem): CompletionOutcome {
  return { kind: 'empty', reason, problem };
}

/**
 * The answer to a request whose model call threw: empty, with the reason logged once here and, for a model
 * server problem, the problem the user is shown. Errors that are not the model's are rethrown.
 */
export function failedOutcome(
  error: unknown,
  input: {
    request: CompletionRequest;
    deadline: AbortSignal;
    cancelled: AbortSignal;
    startedAt: number;
    model: Pick<Settings['model'], 'url' | 'name' | 'provider'>;
    logger: Logger;
    health: ServerHealth;
  },
): CompletionOutcome {
  const { request, deadline, cancelled, startedAt, logger } = input;
  const { url, name: model, provider } = input.model;
  // Past the deadline the timer may not have fired yet: the pacer noticed while chunks were being filtered.
  if ((deadline.aborted || error instanceof DeadlineError) && !cancelled.aborted) {
    logger.warn(`completion for ${request.uri} took longer than its ${request.budgetMs} ms budget; answered empty after ${Math.round(performance.now() - startedAt)} ms`);
    return empty('time budget exceeded');
  }
  if (cancelled.aborted) return empty('cancelled');
  if (!(error instanceof ModelError)) throw error;
  if (error.kind === 'unreachable') input.health.markUnreachable();
  logger.warn(`completion for ${request.uri} failed: ${error.message}`);
  return empty(error.message, problemFromError(error, url, model, provider));
}
