import { setTimeout as delay } from 'node:timers/promises';
import { startFakeOllama, type FakeOllama, type Latency, type RecordedRequest } from '../test/support/fake-ollama.js';
import { TestClient } from '../test/support/lsp-client.js';
import type { CorpusFile } from './corpus.js';

/** The real server binary over stdio, pointed at a scripted Ollama on 127.0.0.1. */
export interface BenchServer {
  fake: FakeOllama;
  client: TestClient;
  close(): Promise<void>;
}

/** Starts the fake model server and the real language server; `completion` and `log` hold Ghostline's settings of those sections. */
export async function startBenchServer(options: { latency: Latency; completion: Record<string, unknown>; log?: Record<string, unknown> }): Promise<BenchServer> {
  const fake = await startFakeOllama({ latency: options.latency });
  let client: TestClient;
  try {
    client = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: options.completion, ...(options.log ? { log: options.log } : {}) } });
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    client,
    async close() {
      await client.stop();
      await fake.close();
    },
  };
}

/** Opens a generated file in the server, as an editor does when the user opens it. */
export async function openCorpus(client: TestClient, file: CorpusFile): Promise<void> {
  await client.open(file.uri, file.language, file.text);
}

/** Rejects when `promise` has not settled within `ms`, so a lost answer is reported instead of hanging the run. */
export async function within<T>(promise: Promise<T>, { ms, what }: { ms: number; what: string }): Promise<T> {
  const controller = new AbortController();
  const timeout = delay(ms, undefined, { signal: controller.signal }).then(() => {
    throw new Error(`${what}: no answer within ${ms} ms`);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    controller.abort();
    timeout.catch(() => undefined);
  }
}

/** Runs `body` with a fresh server and model, and stops both afterwards, whatever happens. */
export async function withServer<T>(options: Parameters<typeof startBenchServer>[0], body: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await startBenchServer(options);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

/** Generate requests recorded since `index` (the fake records every request in arrival order). */
export function generatedSince(fake: FakeOllama, index: number): RecordedRequest[] {
  return fake.generateRequests().filter((r) => r.id > index);
}

/** The id of the last request the fake has recorded, for {@link generatedSince}. */
export function lastRequestId(fake: FakeOllama): number {
  return fake.requests.at(-1)?.id ?? 0;
}
