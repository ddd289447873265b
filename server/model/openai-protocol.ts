import { z } from 'zod';
import type { ChatRequest } from './backend.js';
import { textFromEvents } from './event-text.js';
import type { ModelHttp } from './model-http.js';
import { splitStops } from './stop-strings.js';

/** The OpenAI API accepts at most four stop strings; the others are applied on the client. */
export const OPENAI_STOP_LIMIT = 4;

/** One event of a streamed /v1/completions answer (the closing usage event has no choices). */
const completionChunk = z.object({
  choices: z.array(z.object({ text: z.string(), finish_reason: z.string().nullish() })),
});

/** One event of a streamed /v1/chat/completions answer; the first delta may carry only the role. */
const chatChunk = z.object({
  choices: z.array(
    z.object({
      delta: z.object({ content: z.string().nullish() }).optional(),
      finish_reason: z.string().nullish(),
    }),
  ),
});

const modelList = z.object({ data: z.array(z.object({ id: z.string() })) });

export interface CompletionBody {
  model: string;
  prompt: string;
  maxTokens: number;
  stop: string[];
  temperature: number;
}

/** Streams a raw-prompt completion from `path` (an OpenAI /v1/completions endpoint). */
export function streamCompletion(http: ModelHttp, path: string, input: CompletionBody & { signal: AbortSignal }): AsyncIterable<string> {
  const fields = { model: input.model, prompt: input.prompt, max_tokens: input.maxTokens, temperature: input.temperature };
  return streamText({ http, path, fields, stop: input.stop, signal: input.signal, schema: completionChunk, pick: (chunk) => chunk.choices[0]?.text ?? '', what: 'completion' });
}

/** Streams a chat answer from `path` (an OpenAI /v1/chat/completions endpoint). */
export function streamChat(http: ModelHttp, path: string, model: string, request: ChatRequest): AsyncIterable<string> {
  const fields = { model, messages: request.messages, max_tokens: request.maxTokens, temperature: request.temperature };
  return streamText({ http, path, fields, stop: request.stop, signal: request.signal, schema: chatChunk, pick: (chunk) => chunk.choices[0]?.delta?.content ?? '', what: 'chat' });
}

/** Adds the stop strings the server takes and `stream: true`, and applies the other stop strings on the client. */
function streamText<T>(input: {
  http: ModelHttp;
  path: string;
  fields: Record<string, unknown>;
  stop: readonly string[];
  signal: AbortSignal;
  schema: z.ZodType<T>;
  pick: (event: T) => string;
  what: string;
}): AsyncIterable<string> {
  const { server, client } = splitStops(input.stop, OPENAI_STOP_LIMIT);
  const body = { ...input.fields, ...(server.length ? { stop: server } : {}), stream: true };
  return textFromEvents({ payloads: input.http.streamJson(input.path, body, input.signal), schema: input.schema, pick: input.pick, clientStops: client, what: input.what });
}

/**
 * The model ids the server lists at `path` (OpenAI /v1/models), or undefined when it has no such
 * endpoint (some gateways do not implement it).
 */
export async function listModels(http: ModelHttp, path: string, signal: AbortSignal): Promise<string[] | undefined> {
  const body = await http.getJsonIfPresent(path, signal);
  if (body === undefined) return undefined;
  const parsed = modelList.safeParse(body);
  if (!parsed.success) return undefined;
  return parsed.data.data.map((model) => model.id);
}
