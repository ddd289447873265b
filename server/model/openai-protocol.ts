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
  const { server, client } = splitStops(input.stop, OPENAI_STOP_LIMIT);
  const body = {
    model: input.model,
    prompt: input.prompt,
    max_tokens: input.maxTokens,
    temperature: input.temperature,
    ...(server.length ? { stop: server } : {}),
    stream: true,
  };
  return textFromEvents({
    payloads: http.streamJson(path, body, input.signal),
    schema: completionChunk,
    pick: (chunk) => chunk.choices[0]?.text ?? '',
    clientStops: client,
    what: 'completion',
  });
}

/** Streams a chat answer from `path` (an OpenAI /v1/chat/completions endpoint). */
export function streamChat(http: ModelHttp, path: string, model: string, request: ChatRequest): AsyncIterable<string> {
  const { server, client } = splitStops(request.stop, OPENAI_STOP_LIMIT);
  const body = {
    model,
    messages: request.messages,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    ...(server.length ? { stop: server } : {}),
    stream: true,
  };
  return textFromEvents({
    payloads: http.streamJson(path, body, request.signal),
    schema: chatChunk,
    pick: (chunk) => chunk.choices[0]?.delta?.content ?? '',
    clientStops: client,
    what: 'chat',
  });
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
