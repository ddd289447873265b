import { describe, expect, it } from 'vitest';
import { ModelError, type EmbedRequest } from '../../server/model/backend.js';
import { LlamaCppBackend } from '../../server/model/llamacpp-backend.js';
import { ModelHttp } from '../../server/model/model-http.js';
import { OllamaBackend } from '../../server/model/ollama-backend.js';
import { OpenAiBackend } from '../../server/model/openai-backend.js';
import { closedAfterEach } from '../support/cleanup.js';
import { EMBED_CRASH, hashedWordVector, type EmbeddingControls, type Embedder } from '../support/fake-embeddings.js';
import type { BaseReply, FakeServer, RecordedRequest } from '../support/fake-http.js';
import { startFakeLlamaCpp } from '../support/fake-llamacpp.js';
import { DEFAULT_MODEL, startFakeOllama } from '../support/fake-ollama.js';
import { startFakeOpenAi } from '../support/fake-openai.js';

/** The three backends' embed, driven directly against their fakes over real sockets. */

const closing = closedAfterEach();

const EMBED_MODEL = 'nomic-embed-text';
const TEXTS = ['parseConfig reads the file', 'retry the request with backoff', 'config parse error'];

interface FakeOptions {
  embed?: Embedder;
  /** false: the server has no embeddings (no route, or llama-server without --embeddings). */
  embeddings?: boolean;
}

interface Rig {
  fake: FakeServer<BaseReply> & EmbeddingControls;
  embed(request: EmbedRequest, model?: string): Promise<number[][]>;
}

interface Case {
  name: string;
  start(options: FakeOptions): Promise<Rig>;
  /** Where the request goes and what it carries. */
  path: string;
  body(input: string[]): unknown;
  /** What a model the server does not have gives: an error kind, or vectors (llama-server serves the one it loaded, whatever the name). */
  unknownModel: 'model-missing' | 'served';
  /** The reply numbers its items (`index`), so their order on the wire does not matter. */
  indexed: boolean;
}

const CASES: Case[] = [
  {
    name: 'ollama',
    async start(options) {
      const fake = closing(await startFakeOllama({ models: [DEFAULT_MODEL, { name: EMBED_MODEL }], ...options }));
      return { fake, embed: (request, model = EMBED_MODEL) => new OllamaBackend({ url: fake.url, model, keepAlive: '5m' }).embed(request) };
    },
    path: '/api/embed',
    body: (input) => ({ model: EMBED_MODEL, input, keep_alive: '5m' }),
    unknownModel: 'model-missing',
    indexed: false,
  },
  {
    name: 'openai',
    async start(options) {
      const fake = closing(await startFakeOpenAi({ models: [EMBED_MODEL], ...options }));
      return { fake, embed: (request, model = EMBED_MODEL) => new OpenAiBackend({ url: fake.baseUrl, model, apiKeyEnv: '', headers: {} }).embed(request) };
    },
    path: '/v1/embeddings',
    body: (input) => ({ model: EMBED_MODEL, input }),
    unknownModel: 'model-missing',
    indexed: true,
  },
  {
    name: 'llamacpp',
    async start(options) {
      const fake = closing(await startFakeLlamaCpp({ model: 'nomic-embed-text-v1.5.Q8_0.gguf', ...options }));
      return { fake, embed: (request, model = EMBED_MODEL) => new LlamaCppBackend({ url: `${fake.url}/v1`, model, apiKeyEnv: '', headers: {} }).embed(request) };
    },
    path: '/v1/embeddings',
    body: (input) => ({ model: EMBED_MODEL, input }),
    unknownModel: 'served',
    indexed: true,
  },
];

function request(input: string[], signal: AbortSignal = AbortSignal.timeout(5000)): EmbedRequest {
  return { input, signal };
}

/** The ModelError a call fails with; anything else fails the test. */
async function failure(call: Promise<unknown>): Promise<ModelError> {
  const outcome = await call.then(
    () => new Error('expected a ModelError, got vectors'),
    (error: unknown) => error,
  );
  if (outcome instanceof ModelError) return outcome;
  throw outcome;
}

describe.each(CASES)('$name embed', (c) => {
  it('returns one vector per text, in input order, with the server’s values', async () => {
    const { fake, embed } = await c.start({});
    expect(await embed(request(TEXTS))).toEqual(TEXTS.map((text) => hashedWordVector(text)));
    const [sent] = fake.embedRequests();
    expect(sent!.path).toBe(c.path);
    expect(sent!.body).toEqual(c.body(TEXTS));
  });

  it('passes the vectors of a scripted embedder through, and asks nothing for no texts', async () => {
    const { fake, embed } = await c.start({ embed: (text) => [text.length, 0.5, -1] });
    expect(await embed(request(['a', 'bcd']))).toEqual([
      [1, 0.5, -1],
      [3, 0.5, -1],
    ]);
    fake.setEmbedder(() => [0.25, 0.75]);
    expect(await embed(request(['x']))).toEqual([[0.25, 0.75]]);
    expect(await embed(request([]))).toEqual([]);
    expect(fake.embedRequests()).toHaveLength(2);
  });

  it('reads a reply of 64 texts × 768 numbers (about 1 MB of JSON) whole', async () => {
    const { embed } = await c.start({ embed: (text) => Array.from({ length: 768 }, (_, i) => Math.sin(i * 0.37 + text.length)) });
    const texts = Array.from({ length: 64 }, (_, i) => `text number ${i}`);
    const vectors = await embed(request(texts));
    expect(vectors).toHaveLength(64);
    expect(vectors[63]).toHaveLength(768);
    expect(vectors[63]![767]).toBeCloseTo(Math.sin(767 * 0.37 + texts[63]!.length), 12);
  });

  it('tells an unknown model or a server without embeddings apart', async () => {
    const { embed } = await c.start({});
    if (c.unknownModel === 'model-missing') {
      expect((await failure(embed(request(TEXTS), 'no-such-model'))).kind).toBe('model-missing');
    } else {
      expect(await embed(request(['a']), 'no-such-model')).toEqual([hashedWordVector('a')]);
    }
    const without = await c.start({ embeddings: false });
    const error = await failure(without.embed(request(TEXTS)));
    expect(error.kind).toBe('http');
    expect(error.message).toMatch(/does not serve embeddings/);
  });

  it('rejects a wrong count, an empty, ragged or non-finite vector, or no numbers as malformed', async () => {
    const { fake, embed } = await c.start({});
    const malformed = async (expected: RegExp) => {
      const error = await failure(embed(request(['a', 'b'])));
      expect(error.kind).toBe('malformed');
      expect(error.message).toMatch(expected);
    };
    fake.enqueueEmbed({ vectors: [[1, 0]] });
    await malformed(/sent 1 embedding for 2 texts/);
    fake.enqueueEmbed({ vectors: [[1], ['x']] });
    await malformed(/not a finite number/);
    fake.enqueueEmbed({ vectors: [1, 2] });
    await malformed(/not lists of numbers/);
    fake.setEmbedder((text) => (text === 'b' ? [] : [1, 2]));
    await malformed(/empty embedding \(number 2 of 2\)/);
    fake.setEmbedder((text) => (text === 'b' ? [1, 2, 3] : [1, 2]));
    await malformed(/different lengths \(2 and 3 numbers\)/);
    // NaN travels as JSON null.
    fake.setEmbedder((text) => (text === 'b' ? [1, NaN] : [1, 2]));
    await malformed(/not a finite number \(number 2 of 2\)/);
  });

  it.runIf(c.indexed)('puts items that arrive out of order back in input order by their index', async () => {
    const { fake, embed } = await c.start({});
    fake.enqueueEmbed({ reversed: true });
    expect(await embed(request(TEXTS))).toEqual(TEXTS.map((text) => hashedWordVector(text)));
  });

  it('closes the connection when aborted before the answer, and rejects as aborted', async () => {
    const { fake, embed } = await c.start({});
    fake.enqueueEmbed({ delayMs: 10_000 });
    const controller = new AbortController();
    const pending = failure(embed(request(TEXTS, controller.signal)));
    const [sent] = await fake.waitForRequests(1, { where: isEmbed(c) });
    controller.abort();
    expect((await pending).kind).toBe('aborted');
    await fake.waitFor(() => sent!.abortedByClient);
    expect(sent!.abortedBeforeFirstToken).toBe(true);
  });

  it('closes the connection when aborted while the body is awaited, and rejects as aborted', async () => {
    const { fake, embed } = await c.start({});
    fake.enqueueEmbed({ fault: 'hang' });
    const controller = new AbortController();
    const pending = failure(embed(request(TEXTS, controller.signal)));
    const [sent] = await fake.waitForRequests(1, { where: isEmbed(c) });
    await fake.waitFor(() => sent!.firstTokenAt !== undefined);
    controller.abort();
    expect((await pending).kind).toBe('aborted');
    await fake.waitFor(() => sent!.abortedByClient);
    expect(sent!.abortedBeforeFirstToken).toBe(false);
  });

  it("reports a server error with the server's words, a reset connection, and a server that is down", async () => {
    const { fake, embed } = await c.start({});
    fake.enqueueEmbed({ fault: 'http500' });
    const crashed = await failure(embed(request(TEXTS)));
    expect(crashed.kind).toBe('http');
    expect(crashed.message).toContain(EMBED_CRASH);
    fake.enqueueEmbed({ fault: 'reset-before-headers' });
    expect((await failure(embed(request(TEXTS)))).kind).toBe('http');
    await fake.stop();
    expect((await failure(embed(request(TEXTS)))).kind).toBe('unreachable');
  });
});

describe('ModelHttp.postJson', () => {
  it('stops reading a reply past its byte cap and says so', async () => {
    const fake = closing(await startFakeOpenAi({ models: [EMBED_MODEL] }));
    const http = new ModelHttp({ baseUrl: fake.baseUrl, model: EMBED_MODEL, apiKeyEnv: '', headers: {}, urlHint: '', startHint: '' });
    const body = { model: EMBED_MODEL, input: TEXTS };
    expect(await http.postJson('/embeddings', body, AbortSignal.timeout(5000))).toMatchObject({ object: 'list' });
    const error = await failure(http.postJson('/embeddings', body, AbortSignal.timeout(5000), 100));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/longer than 100 bytes/);
  });
});

function isEmbed(c: Case): (record: RecordedRequest) => boolean {
  return (record) => record.path === c.path;
}
