import { performance } from 'node:perf_hooks';
import { ModelError, type ChatMessage, type ModelBackend } from '../model/backend.js';
import { DeadlineError, Pacer } from '../util/pacer.js';
import { renderUserMessage, type PromptSpec } from './prompts/sections.js';
import { ActionError, type ActionErrorKind } from './types.js';

/** What the caller decides about a reply: use it, or ask once more with feedback. */
export type Verdict<T> = { ok: true; value: T } | { ok: false; kind: Extract<ActionErrorKind, 'invalid-output' | 'refused'>; reason: string; feedback: string };

export interface ChatRunOptions {
  backend: ModelBackend;
  maxTokens: number;
  temperature: number;
  signal: AbortSignal;
  /** The model's name and server, for error messages. */
  model: string;
  /** Progress for the editor: "generating (12 lines)", "retrying: …". */
  onProgress?: (message: string) => void;
  /** How many times to ask again after a rejected reply. */
  retries?: number;
  /** Most bytes of reply text read; a longer reply is closed and fails with a message (actions.maxReplyBytes). */
  maxReplyBytes: number;
  /** The time the whole run may take and when it started: enforced also while received chunks are processed. */
  budget: { ms: number; startedAt: number };
}

/**
 * Asks the chat model, with the prompt's tagged sections, a prefilled assistant opening and the
 * closing tag as a stop sequence, so the reply is the answer and only the answer. A reply the
 * caller rejects (it does not parse, it hard-codes a secret) is sent back once with the reason;
 * a second rejection fails with a message that says why.
 */
export async function runChat<T>(options: ChatRunOptions, spec: PromptSpec, accept: (reply: string) => Verdict<T> | Promise<Verdict<T>>): Promise<T> {
  const tag = spec.output;
  const opening = `<${tag}>\n`;
  const messages: ChatMessage[] = [
    { role: 'system', content: spec.system },
    { role: 'user', content: renderUserMessage(spec) },
  ];
  const retries = options.retries ?? 1;
  for (let attempt = 0; ; attempt++) {
    const reply = await ask(options, [...messages, { role: 'assistant', content: opening }], tag);
    const verdict = await accept(reply);
    if (verdict.ok) return verdict.value;
    if (attempt >= retries) {
      const again = retries > 0 ? ', also after asking the model again with the reason' : '';
      const message =
        verdict.kind === 'refused'
          ? `Ghostline refused the generated code: ${verdict.reason}${again}. Nothing was inserted.`
          : `Ghostline could not use the model's answer: ${verdict.reason}${again}.`;
      throw new ActionError(verdict.kind, message);
    }
    options.onProgress?.(`retrying: ${verdict.reason}`);
    messages.push(
      { role: 'assistant', content: `${opening}${reply.trim()}\n</${tag}>` },
      { role: 'user', content: `${verdict.feedback}\nReply again with the complete corrected answer inside <${tag}>…</${tag}> only.` },
    );
  }
}

const PROGRESS_EVERY_MS = 100;

/**
 * One streamed chat request; stops reading at the closing tag in case the server ignored the stop
 * sequence. Each chunk is looked at once (line count and closing tag incrementally), the reply is
 * capped, and the loop yields to the event loop so other requests are answered while it runs.
 */
async function ask(options: ChatRunOptions, messages: ChatMessage[], tag: string): Promise<string> {
  const closing = `</${tag}>`;
  const parts: string[] = [];
  const pacer = new Pacer({ budgetMs: options.budget.ms, startedAt: options.budget.startedAt, signal: options.signal });
  let lines = 1;
  let reported = 0;
  let reportedAt = -Infinity;
  let bytes = 0;
  // The end of the text so far that may be the start of the closing tag.
  let tail = '';
  try {
    for await (const chunk of options.backend.chat({
      messages,
      maxTokens: options.maxTokens,
      stop: [closing],
      temperature: options.temperature,
      signal: options.signal,
    })) {
      bytes += Buffer.byteLength(chunk);
      if (bytes > options.maxReplyBytes) throw tooLong(options.maxReplyBytes);
      parts.push(chunk);
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', nl + 1)) lines++;
      // At most a few progress messages a second, however fast the lines come.
      if (lines !== reported && performance.now() - reportedAt >= PROGRESS_EVERY_MS) {
        reported = lines;
        reportedAt = performance.now();
        options.onProgress?.(`generating (${lines} line${lines === 1 ? '' : 's'})`);
      }
      const window = tail + chunk;
      if (window.includes(closing)) break;
      tail = window.slice(-(closing.length - 1));
      const pause = pacer.tick();
      if (pause) await pause;
    }
  } catch (error) {
    throw asActionError(error, options);
  }
  if (options.signal.aborted) throw asActionError(options.signal.reason, options);
  return parts.join('');
}

function tooLong(maxBytes: number): ActionError {
  return new ActionError(
    'invalid-output',
    `Ghostline stopped reading the model's answer after ${maxBytes} bytes (actions.maxReplyBytes): an answer that long is not one to apply. Nothing was changed.`,
  );
}

function asActionError(error: unknown, options: ChatRunOptions): ActionError {
  if (error instanceof ActionError) return error;
  // Past the deadline the timer may not have fired yet: the pacer noticed while chunks were processed.
  const timedOut = (options.signal.aborted && (options.signal.reason as Error | undefined)?.name === 'TimeoutError') || (error instanceof DeadlineError && !options.signal.aborted);
  if (timedOut) return new ActionError('timeout', 'Ghostline gave up waiting for the model (actions.timeoutMs); nothing was changed.');
  if (options.signal.aborted || (error instanceof ModelError && error.kind === 'aborted')) return new ActionError('cancelled', 'cancelled');
  if (error instanceof ModelError) {
    const hint =
      error.kind === 'model-missing'
        ? ` Run \`ollama pull ${options.model}\`, or set ghostline actions.model to an instruct model you have.`
        : error.kind === 'unreachable'
          ? ' Start it with `ollama serve`, or point ghostline actions.url (or model.url) at it.'
          : '';
    return new ActionError('model', `Ghostline: ${error.message}.${hint}`);
  }
  return new ActionError('model', `Ghostline: the model request failed: ${(error as Error).message}`);
}
