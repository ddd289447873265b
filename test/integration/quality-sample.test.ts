import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleCase } from '../../bench/quality/sample.js';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

/**
 * A fixed sample of `npm run bench -- quality`: excerpts of the Go standard library and rxjs with a
 * span removed, the scripted model's over-generated reply, and the span the server must show.
 * Regenerate with `npm run bench -- quality --write-sample`.
 */
const { cases } = JSON.parse(readFileSync(new URL('../fixtures/quality-sample.json', import.meta.url), 'utf8')) as { cases: SampleCase[] };

let fake: FakeOllama;
let client: TestClient;

beforeAll(async () => {
  fake = await startFakeOllama();
  client = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0, cacheSize: 0 } } });
});
afterAll(async () => {
  await client?.stop();
  await fake?.close();
});

describe('quality sample: real code, over-generated replies, the span shown', () => {
  it('holds at least 30 cases from both corpora, every span kind and every reply mode', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.corpus)).size).toBe(2);
    expect(new Set(cases.map((c) => c.kind)).size).toBe(6);
    expect(new Set(cases.map((c) => c.mode)).size).toBe(7);
  });

  cases.forEach((c, i) => {
    it(`${c.corpus} ${c.path}: ${c.kind}, ${c.mode} (${c.variant})`, async () => {
      const { text, position } = parseMarked(c.fixture);
      const uri = `file:///sample/${i}/${c.path}`;
      await client.open(uri, c.language, text);
      fake.reply({ text: c.reply });
      const answer = await client.inline(uri, position);
      const shown = answer?.items[0]?.insertText;
      expect(typeof shown === 'string' ? shown.trimEnd() : '').toBe(c.expected.trimEnd());
    });
  });
});
