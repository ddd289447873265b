/**
 * Embeddings for the fake model servers: a deterministic bag-of-words vector (texts that share
 * words are close by cosine, as with a real embedding model), and the scripting every fake's
 * embed route shares: the embedder, one-shot replies with faults or broken vectors, and serving.
 */
import { beginResponse, hangUntilAborted, killSocket, sendJson, sleep, type Exchange, type Json, type Latency, type RecordedRequest } from './fake-http.js';

/** Turns one text into its vector; a test may return anything (an empty or non-finite vector) to script a broken server. */
export type Embedder = (text: string) => number[];

/** Ways a scripted embedding reply can go wrong. */
export type EmbedFault =
  | 'http500' // status 500 with the server's JSON error body
  | 'reset-before-headers' // TCP reset before any byte of the response
  | 'hang'; // the 200 headers, then silence until the client gives up

/** A one-shot embedding reply; the fields left out answer as normal. */
export interface EmbedReply {
  fault?: EmbedFault;
  /** Wait this long before answering, instead of the fake's ttftMs. */
  delayMs?: number;
  /** Sent in place of the embedder's vectors, whatever the request asked for (a wrong count, a ragged list). */
  vectors?: unknown[];
  /** OpenAI-style replies only: the items last first, each with its right `index`, as such a server may send them. */
  reversed?: boolean;
}

/** What a fake with an embed route offers tests. */
export interface EmbeddingControls {
  /** The embed requests, in arrival order. */
  embedRequests(): RecordedRequest[];
  /** Replaces the embedder (default: hashedWordVector). */
  setEmbedder(embed: Embedder): void;
  /** Queues one-shot embedding replies, used first-in first-out (apart from the generation replies). */
  enqueueEmbed(...replies: EmbedReply[]): void;
}

export const EMBED_CRASH = 'embedding runner crashed (fake)';

/**
 * A unit vector from the text's words: lower-cased, split on anything but letters and digits and
 * at camelCase humps, each word hashed (FNV-1a) into one of `dimensions`. A text without words
 * gets the first unit vector, so every vector has length 1.
 */
export function hashedWordVector(text: string, dimensions = 64): number[] {
  const vector = new Float64Array(dimensions);
  for (const word of wordsOf(text)) vector[fnv1a(word) % dimensions]! += 1;
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  if (norm === 0) vector[0] = 1;
  return Array.from(vector, (value) => (norm === 0 ? value : value / norm));
}

function wordsOf(text: string): string[] {
  const split = text.replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2');
  return split
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The texts of an `input` field (one string or a list of them), or undefined when it is neither. */
export function inputTexts(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  const list: unknown[] = value;
  return list.every((item): item is string => typeof item === 'string') ? list : undefined;
}

/** The OpenAI /v1/embeddings reply, as vLLM, LM Studio and llama-server send it. */
export function openAiEmbeddingList(model: string, texts: readonly string[]) {
  return (vectors: unknown[], reply: EmbedReply): Json => {
    const data = vectors.map((embedding, index) => ({ object: 'embedding', index, embedding }));
    const tokens = texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
    return { object: 'list', data: reply.reversed ? data.reverse() : data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  };
}

/** How a fake answers one embed request: its reply body around the vectors, and its error body. */
export interface EmbedAnswer {
  texts: string[];
  latency: Latency;
  wrap(vectors: unknown[], reply: EmbedReply): Json;
  errorBody(status: number, message: string): Json;
}

/** The embedder and the one-shot replies of one fake, and serving an embed request with them. */
export class EmbedScript {
  private readonly queue: EmbedReply[] = [];

  constructor(private embedder: Embedder = (text) => hashedWordVector(text)) {}

  setEmbedder(embed: Embedder): void {
    this.embedder = embed;
  }

  enqueue(...replies: EmbedReply[]): void {
    this.queue.push(...replies);
  }

  /** Waits the scripted time (ending early when the client goes away), then answers or fails as scripted. */
  async serve(x: Exchange, answer: EmbedAnswer): Promise<void> {
    const reply = this.queue.shift() ?? {};
    if (!(await sleep(reply.delayMs ?? answer.latency.ttftMs, x.signal))) return;
    if (reply.fault === 'reset-before-headers') return killSocket(x, 'reset');
    if (reply.fault === 'http500') return sendJson(x.res, 500, answer.errorBody(500, EMBED_CRASH));
    beginResponse(x, 'application/json; charset=utf-8');
    if (reply.fault === 'hang') return hangUntilAborted(x);
    const vectors = reply.vectors ?? answer.texts.map((text) => this.embedder(text));
    x.res.end(JSON.stringify(answer.wrap(vectors, reply)));
  }
}
