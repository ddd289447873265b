import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { ITEMS_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';
import { GO_FUNC, GO_TLS_LITERAL, PLANTED } from '../support/planted-suggestions.js';

let fake: FakeOllama;
let client: TestClient;
let opened = 0;

beforeAll(async () => {
  fake = await startFakeOllama();
  client = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0, cacheSize: 0 } } });
});
afterAll(async () => {
  await client.stop();
  await fake.close();
});

/** What the editor is shown at the fixture's cursor when the model answers `reply`. */
async function shownFor(c: { language: string; fixture: string; reply: string }, target: TestClient = client): Promise<string | undefined> {
  const { text, position } = parseMarked(c.fixture);
  const ext = { go: 'go', typescript: 'ts', python: 'py' }[c.language];
  const uri = `file:///gate/f${opened++}.${ext}`;
  await target.open(uri, c.language, text);
  fake.reply({ text: c.reply });
  const result = await target.inline(uri, position);
  const item = result?.items[0];
  return typeof item?.insertText === 'string' ? item.insertText : undefined;
}

describe('security gate on completions', () => {
  for (const c of PLANTED) {
    it(`${c.shown ? 'shows' : 'holds back'}: ${c.name}`, async () => {
      const shown = await shownFor(c);
      if (c.shown) expect(shown).toBeTruthy();
      else expect(shown).toBeUndefined();
    });
  }

  it('logs why a suggestion was held back', async () => {
    await shownFor(PLANTED[0]!);
    await client.waitFor(() => /not shown: held back by the security gate \(hard-coded secret/.test(client.logText()));
  });

  it('judges only the suggestion: a secret the user already wrote does not hold back the line after it', async () => {
    const fixture = GO_FUNC.replace('\t█', '\tpassword := "Tr0ub4dor&3x"\n\t█');
    expect(await shownFor({ language: 'go', fixture, reply: 'return login(host, password)' })).toBe('return login(host, password)');
  });

  it('reads a line completion in its line: the literal after `password :=` is the secret', async () => {
    const fixture = GO_FUNC.replace('\t█', '\tpassword := █');
    expect(await shownFor({ language: 'go', fixture, reply: '"Tr0ub4dor&3x"' })).toBeUndefined();
  });

  it('holds back completion items too', async () => {
    const items = await TestClient.start({ capabilities: ITEMS_CAPABILITIES, initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0, cacheSize: 0 } } });
    try {
      const { text, position } = parseMarked(GO_TLS_LITERAL);
      await items.open('file:///gate/items.go', 'go', text);
      fake.reply({ text: 'InsecureSkipVerify: true,' });
      const list = await items.completion('file:///gate/items.go', position);
      const entries = Array.isArray(list) ? list : (list?.items ?? []);
      expect(entries.filter((entry) => /InsecureSkipVerify/.test(JSON.stringify(entry)))).toEqual([]);
    } finally {
      await items.stop();
    }
  });

  it('shows everything with completion.securityGate off', async () => {
    const off = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0, cacheSize: 0, securityGate: false } } });
    try {
      expect(await shownFor({ language: 'go', fixture: GO_TLS_LITERAL, reply: 'InsecureSkipVerify: true,' }, off)).toBe('InsecureSkipVerify: true,');
    } finally {
      await off.stop();
    }
  });
});
