import { ModelError, type ChatMessage, type ModelBackend } from '../model/backend.js';
import { renderUserMessage, type PromptSpec } from './prompts/sections.js';
import { ActionError, type ActionErrorKind } from './types.js';

/** What the caller decides about a reply: use it, or ask once more with feedback. */
export type Verdict<T> =
  | { ok: true; value: T }
  | { ok: false; kind: Extract<ActionErrorKind, 'invalid-output' | 'refused'>; reason: string; feedback: string };

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
}

/**
 * Asks the chat model, with the prompt's tagged sections, a prefilled assistant opening and the
 * closing tag as a stop sequence, so the reply is the answer and only the answer. A reply the
 * caller rejects (it does not parse, it hard-codes a secret) is sent back once with the reason;
 * a second rejection fails with a message that says why.
 */
export async function runChat<T>(options: ChatRunOptions, spec: PromptSpec, accept: (reply: string) => Verdict<T>): Promise<T> {
  const tag = spec.output;
  const opening = `<${tag}>\n`;
  const messages: ChatMessage[] = [
    { role: 'system', content: spec.system },
    { role: 'user', content: renderUserMessage(spec) },
  ];
  const retries = options.retries ?? 1;
  for (let attempt = 0; ; attempt++) {
    const reply = await ask(options, [...messages, { role: 'assistant', content: opening }], tag);
    const verdict = accept(reply);
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

/** One streamed chat request; stops reading at the closing tag in case the server ignored the stop sequence. */
async function ask(options: ChatRunOptions, messages: ChatMessage[], tag: string): Promise<string> {
  const closing = `</${tag}>`;
  let reply = '';
  let lines = 0;
  try {
    for await (const chunk of options.backend.chat({
      messages,
      maxTokens: options.maxTokens,
      stop: [closing],
      temperature: options.temperature,
      signal: options.signal,
    })) {
      reply += chunk;
      const seen = reply.split('\n').length;
      if (seen !== lines) {
        lines = seen;
        options.onProgress?.(`generating (${lines} line${lines === 1 ? '' : 's'})`);
      }
      if (reply.includes(closing)) break;
    }
  } catch (error) {
    throw asActionError(error, options);
  }
  if (options.signal.aborted) throw asActionError(options.signal.reason, options);
  return reply;
}

function asActionError(error: unknown, options: ChatRunOptions): ActionError {
  if (error instanceof ActionError) return error;
  const timedOut = options.signal.aborted && (options.signal.reason as Error | undefined)?.name === 'TimeoutError';
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
