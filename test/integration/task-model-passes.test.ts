import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Settings } from '../../server/config/schema.js';
import { applySettings, defaultSettings } from '../../server/config/settings.js';
import { locateTask } from '../../server/task/localize.js';
import { locateForTask, type ModelPass } from '../../server/task/locate-for-task.js';
import { ACTION_MODEL, chatRequests } from '../support/actions.js';
import { DEFAULT_MODEL, startFakeOllama, type FakeOllama, type RecordedRequest } from '../support/fake-ollama.js';
import { fixtureIndexer, GO_SHOP } from '../support/localize-fixtures.js';

const EMBED_MODEL = 'nomic-embed-text';
const indexed = fixtureIndexer();
let fake: FakeOllama;
let cacheDir: string;

beforeAll(async () => {
  fake = await startFakeOllama({ models: [DEFAULT_MODEL, { name: ACTION_MODEL, template: '{{ .Prompt }}' }, { name: EMBED_MODEL }] });
  cacheDir = mkdtempSync(join(tmpdir(), 'ghostline-passes-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

function settingsWith(task: Partial<Settings['task']>, url = fake.url): Settings {
  return applySettings(defaultSettings(), { model: { url }, actions: { model: ACTION_MODEL }, context: { cacheDir }, task }).settings;
}

/** Runs localization as `ghostline task` does, collecting what it warned about. */
async function locate(index: Awaited<ReturnType<typeof indexed>>, task: string, settings: Settings, signal = new AbortController().signal) {
  const warnings: Array<{ message: string; setting: ModelPass }> = [];
  const localization = await locateForTask({ index, task, limit: 20, settings, signal, warn: (message, setting) => warnings.push({ message, setting }) });
  return { localization, warnings };
}

/** The candidate number the rerank prompt gave `path`. */
function candidateNumber(request: RecordedRequest, path: string): string {
  const user = (request.body as { messages: Array<{ role: string; content: string }> }).messages.find((m) => m.role === 'user')!.content;
  const line = user.split('\n').find((l) => l.endsWith(`. ${path}`));
  if (!line) throw new Error(`${path} is not a candidate in:\n${user}`);
  return line.split('.')[0]!;
}

const TASK = 'answer the echo route with the current time';

describe('the model rerank of localization (task.rerank)', () => {
  it("puts the files the model lists first, from a prompt with the candidates' outlines", async () => {
    const index = await indexed(GO_SHOP);
    const before = locateTask({ index, task: TASK, limit: 20 });
    const last = before.files.at(-1)!.path;
    expect(before.files.length).toBeGreaterThan(1);
    fake.resetStats();
    fake.reply((request) => ({ text: `${candidateNumber(request, last)}\n</ranking>` }));
    const { localization, warnings } = await locate(index, TASK, settingsWith({ rerank: true }));
    expect(warnings).toEqual([]);
    expect(localization.files[0]!.path).toBe(last);
    expect(localization.files[0]!.why).toMatch(/^the model ranked it 1 of 1 after reading the outlines/);
    expect(localization.files.slice(1).map((f) => f.path)).toEqual(before.files.map((f) => f.path).filter((p) => p !== last));
    const [request] = chatRequests(fake);
    expect(request!.body.model).toBe(ACTION_MODEL);
    const user = request!.body.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain(`<task>\n${TASK}\n</task>`);
    expect(user).toContain('func handleEcho(w io.Writer, visitor string)');
    expect(request!.body.messages.at(-1)).toEqual({ role: 'assistant', content: '<ranking>\n' });
  });

  it('a reply that names no candidate is asked once more, then the static ranking stands with one warning', async () => {
    const index = await indexed(GO_SHOP);
    fake.resetStats();
    fake.reply({ text: 'They all look fine to me.' });
    const { localization, warnings } = await locate(index, TASK, settingsWith({ rerank: true }));
    expect(chatRequests(fake)).toHaveLength(2);
    expect(localization).toEqual(locateTask({ index, task: TASK, limit: 20 }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.setting).toBe('rerank');
    expect(warnings[0]!.message).toMatch(/without the model's rerank: .*names no candidate/);
  });

  it('a model server that is down leaves the static ranking and says so', async () => {
    const index = await indexed(GO_SHOP);
    const { localization, warnings } = await locate(index, TASK, settingsWith({ rerank: true }, 'http://127.0.0.1:9'));
    expect(localization).toEqual(locateTask({ index, task: TASK, limit: 20 }));
    expect(warnings.map((w) => w.setting)).toEqual(['rerank']);
    expect(warnings[0]!.message).toMatch(/cannot reach the model server/);
  });

  it('cancelling stops the run and closes the model request', async () => {
    const index = await indexed(GO_SHOP);
    fake.resetStats();
    fake.reply({ text: '1', ttftMs: 10_000 });
    const controller = new AbortController();
    const running = locate(index, TASK, settingsWith({ rerank: true }), controller.signal);
    const [request] = await fake.waitForRequests(1);
    controller.abort();
    await expect(running).rejects.toThrow();
    await fake.waitFor(() => request!.abortedByClient);
    expect(request!.abortedBeforeFirstToken).toBe(true);
  });
});

/** Vectors that put the task and `Stock` together and everything else apart, so only the embeddings can find it. */
const STOCK_TASK = 'zzqx frobnicate the quux';
const besideStock = (text: string) => (text === STOCK_TASK || text.includes('func Stock(') ? [1, 0, 0] : [0, 1, 0]);

describe('embedding seeds of localization (task.embeddingsModel)', () => {
  it('finds a declaration no word of the task matches, from vectors of every declaration and of the task', async () => {
    const index = await indexed(GO_SHOP);
    expect(locateTask({ index, task: STOCK_TASK, limit: 20 }).files).toEqual([]);
    fake.resetStats();
    fake.setEmbedder(besideStock);
    const { localization, warnings } = await locate(index, STOCK_TASK, settingsWith({ embeddingsModel: EMBED_MODEL }));
    expect(warnings).toEqual([]);
    expect(localization.files[0]!.path).toBe('store/inventory.go');
    expect(localization.declarations[0]).toMatchObject({ name: 'Stock', why: "its embedding is close to the task's (cosine 1.00)" });
    const requests = fake.embedRequests().map((r) => r.body as { model: string; input: string[] });
    expect(requests.map((r) => r.model)).toEqual([EMBED_MODEL, EMBED_MODEL]);
    // Every declaration once (path, doc comment and signature), then the task.
    expect(requests[0]!.input).toHaveLength([...index.records()].reduce((n, record) => n + record.declarations.length, 0));
    expect(requests[0]!.input).toContain('store/inventory.go\n// Stock counts the items left of a product.\nfunc Stock(product string) int');
    expect(requests[1]!.input).toEqual([STOCK_TASK]);
  });

  it('keeps the vectors beside the index cache: a later run embeds only the task and what changed', async () => {
    const index = await indexed(GO_SHOP);
    fake.setEmbedder(besideStock);
    await locate(index, STOCK_TASK, settingsWith({ embeddingsModel: EMBED_MODEL }));
    fake.resetStats();
    await locate(index, 'another task', settingsWith({ embeddingsModel: EMBED_MODEL }));
    expect(fake.embedRequests().map((r) => (r.body as { input: string[] }).input)).toEqual([['another task']]);
    const inventory = `${GO_SHOP['store/inventory.go']}\n// Restock orders more of a product.\nfunc Restock(product string, count int) {}\n`;
    index.update('store/inventory.go', inventory);
    fake.resetStats();
    const { localization } = await locate(index, STOCK_TASK, settingsWith({ embeddingsModel: EMBED_MODEL }));
    expect(fake.embedRequests().map((r) => (r.body as { input: string[] }).input)).toEqual([
      ['store/inventory.go\n// Restock orders more of a product.\nfunc Restock(product string, count int)'],
      [STOCK_TASK],
    ]);
    expect(localization.declarations[0]!.name).toBe('Stock');
  });

  it('a reply with the wrong number of vectors, or a model the server lacks, leaves the static ranking with a warning', async () => {
    const index = await indexed(GO_SHOP);
    const task = 'the echo route replies without the current time';
    const expected = locateTask({ index, task, limit: 20 });
    fake.enqueueEmbed({ vectors: [[1, 0, 0]] });
    const broken = await locate(index, task, settingsWith({ embeddingsModel: EMBED_MODEL }));
    expect(broken.localization).toEqual(expected);
    expect(broken.warnings).toHaveLength(1);
    expect(broken.warnings[0]).toMatchObject({ setting: 'embeddingsModel', message: expect.stringMatching(/^localization went on without the embedding model: /) as unknown });
    const missing = await locate(index, task, settingsWith({ embeddingsModel: 'no-such-embedder' }));
    expect(missing.localization).toEqual(expected);
    expect(missing.warnings[0]!.message).toMatch(/no-such-embedder/);
  });
});
