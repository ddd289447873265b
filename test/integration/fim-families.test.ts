import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

const SOURCE = 'func add(a, b int) int {\n\treturn █\n}\n';
const P = 'func add(a, b int) int {\n\treturn ';
const S = '\n}\n';

/** The exact prompt each family must receive, written out by hand from each model's documentation. */
const CASES: Array<{ model: string; template?: string; prompt: string; stop: string }> = [
  { model: 'qwen2.5-coder:1.5b-base', prompt: `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`, stop: '<|endoftext|>' },
  {
    model: 'deepseek-coder:1.3b-base',
    prompt: `<\uff5cfim\u2581begin\uff5c>${P}<\uff5cfim\u2581hole\uff5c>${S}<\uff5cfim\u2581end\uff5c>`,
    stop: '<\uff5cend\u2581of\u2581sentence\uff5c>',
  },
  { model: 'codellama:7b-code', prompt: `<PRE> ${P} <SUF>${S} <MID>`, stop: '<EOT>' },
  { model: 'starcoder2:3b', prompt: `<fim_prefix>${P}<fim_suffix>${S}<fim_middle>`, stop: '<file_sep>' },
  { model: 'codestral:22b', prompt: `[SUFFIX]${S}[PREFIX]${P}`, stop: '[PREFIX]' },
  { model: 'codegemma:2b-code', prompt: `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`, stop: '<|file_separator|>' },
  // A custom name: the family comes from the template the server reports.
  {
    model: 'my-team/autocomplete:latest',
    template: '{{ if .Suffix }}<fim_prefix>{{ .Prompt }}<fim_suffix>{{ .Suffix }}<fim_middle>{{ end }}',
    prompt: `<fim_prefix>${P}<fim_suffix>${S}<fim_middle>`,
    stop: '<file_sep>',
  },
];

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama({
    models: [...CASES.map(({ model, template }) => ({ name: model, template })), { name: 'llama3:8b', template: '{{ .System }}<|start_header_id|>user' }],
  });
  fake.reply({ text: 'a + b\n' });
});
afterAll(() => fake.close());

describe('fill-in-the-middle prompt per model family', () => {
  it.each(CASES)('$model', async ({ model, prompt, stop }) => {
    const client = await TestClient.start({ initializationOptions: { model: { url: fake.url, name: model }, completion: { debounceMs: 0 } } });
    try {
      fake.resetStats();
      const { text, position } = parseMarked(SOURCE);
      await client.open('file:///w/add.go', 'go', text);
      const result = await client.inline('file:///w/add.go', position);
      expect(result?.items[0]?.insertText).toBe('a + b');
      const body = fake.generateRequests()[0]!.body as { prompt: string; model: string; options: { stop: string[] } };
      expect(body.model).toBe(model);
      expect(body.prompt).toBe(prompt);
      expect(body.options.stop).toContain(stop);
    } finally {
      await client.stop();
    }
  });

  it('uses the configured template over what it would detect', async () => {
    const client = await TestClient.start({
      initializationOptions: { model: { url: fake.url, name: 'qwen2.5-coder:1.5b-base', template: 'codellama' }, completion: { debounceMs: 0 } },
    });
    try {
      fake.resetStats();
      const { text, position } = parseMarked(SOURCE);
      await client.open('file:///w/add.go', 'go', text);
      await client.inline('file:///w/add.go', position);
      expect((fake.generateRequests()[0]!.body as { prompt: string }).prompt).toBe(`<PRE> ${P} <SUF>${S} <MID>`);
    } finally {
      await client.stop();
    }
  });

  it('tells the user once, and sends no prompt, when the model has no fill-in-the-middle support', async () => {
    const client = await TestClient.start({ initializationOptions: { model: { url: fake.url, name: 'llama3:8b' }, completion: { debounceMs: 0 } } });
    try {
      fake.resetStats();
      const { text, position } = parseMarked(SOURCE);
      await client.open('file:///w/add.go', 'go', text);
      expect((await client.inline('file:///w/add.go', position))?.items).toEqual([]);
      expect((await client.inline('file:///w/add.go', position))?.items).toEqual([]);
      expect(fake.generateRequests()).toEqual([]);
      await client.waitFor(() => client.shownMessages.length > 0);
      expect(client.shownMessages).toHaveLength(1);
      expect(client.shownMessages[0]!.message).toContain('llama3:8b');
      expect(client.shownMessages[0]!.message).toContain('qwen2.5-coder:1.5b-base');
    } finally {
      await client.stop();
    }
  });
});
