import { z } from 'zod';
import { ModelError, type EmbedRequest } from './backend.js';
import type { ModelHttp } from './model-http.js';

/** The shape of a list of vectors; what is in each vector is checked below, with a message that says what is wrong. */
const vectorList = z.array(z.array(z.unknown()));

/** OpenAI's /v1/embeddings reply; `index` says which input an item belongs to, whatever order the items came in. */
const openAiReply = z.object({ data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.unknown() })) });

/**
 * The vectors of an embedding reply, checked: exactly `count` of them, all of one non-zero length,
 * every number finite. `server` names the server in the message ("Ollama at http://…").
 */
export function checkedVectors(vectors: unknown, count: number, server: string): number[][] {
  const parsed = vectorList.safeParse(vectors);
  if (!parsed.success) throw malformed(`${server} sent embeddings that are not lists of numbers`);
  const list = parsed.data;
  if (list.length !== count) throw malformed(`${server} sent ${plural(list.length, 'embedding')} for ${plural(count, 'text')}`);
  const dimensions = list[0]?.length ?? 0;
  const checked: number[][] = [];
  for (const [i, vector] of list.entries()) {
    if (vector.length === 0) throw malformed(`${server} sent an empty embedding (number ${i + 1} of ${count})`);
    if (vector.length !== dimensions) throw malformed(`${server} sent embeddings of different lengths (${dimensions} and ${vector.length} numbers)`);
    if (!isFiniteVector(vector)) throw malformed(`${server} sent an embedding with a value that is not a finite number (number ${i + 1} of ${count})`);
    checked.push(vector);
  }
  return checked;
}

/** Where an OpenAI-compatible server serves embeddings, and what to say when it does not. */
export interface OpenAiEmbedding {
  http: ModelHttp;
  /** `/embeddings` under an OpenAI base URL, `/v1/embeddings` under llama-server's root. */
  path: string;
  model: string;
  /** The server as messages name it: "the model server at http://…". */
  server: string;
  /** What to do when the server answers that it has no embeddings. */
  hint: string;
}

/** Embeds through an OpenAI-compatible embeddings endpoint (vLLM, LM Studio, llama-server --embeddings), vectors in input order. */
export async function embedOpenAi(endpoint: OpenAiEmbedding, request: EmbedRequest): Promise<number[][]> {
  if (request.input.length === 0) return [];
  let body: unknown;
  try {
    body = await endpoint.http.postJson(endpoint.path, { model: endpoint.model, input: request.input }, request.signal);
  } catch (error) {
    throw notServed(error, endpoint);
  }
  const parsed = openAiReply.safeParse(body);
  if (!parsed.success) throw malformed(`${endpoint.server} answered POST ${endpoint.path} without a list of embeddings ({"data": [{"index", "embedding"}]})`);
  const items = [...parsed.data.data].sort((a, b) => a.index - b.index);
  if (items.length === request.input.length && items.some((item, i) => item.index !== i)) {
    throw malformed(`${endpoint.server} numbered its embeddings wrongly (indices ${items.map((item) => item.index).join(', ')})`);
  }
  return checkedVectors(
    items.map((item) => item.embedding),
    request.input.length,
    endpoint.server,
  );
}

/**
 * A 404 that names no model (no such route: a gateway or server without embeddings) or a 501
 * (llama-server started without --embeddings) means the server does not embed. A missing model
 * keeps its 'model-missing'.
 */
function notServed(error: unknown, endpoint: OpenAiEmbedding): unknown {
  if (!(error instanceof ModelError) || error.kind !== 'http' || (error.status !== 404 && error.status !== 501)) return error;
  const message = `${endpoint.server} does not serve embeddings with model "${endpoint.model}" (POST ${endpoint.path} answered HTTP ${error.status}); ${endpoint.hint}`;
  return new ModelError('http', message, { cause: error, status: error.status });
}

function isFiniteVector(vector: unknown[]): vector is number[] {
  return vector.every((value) => typeof value === 'number' && Number.isFinite(value));
}

function malformed(message: string): ModelError {
  return new ModelError('malformed', message);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
