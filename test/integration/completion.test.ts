import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { ITEMS_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { insertAt, parseMarked } from '../support/marked.js';

const GO = `package main

import "fmt"

func greet(name string) string {
	return fmt.Sprintf("hello %s", name)
}

func main() {
	msg := greet("wörld 😀")
	█
}
`;

const TS = `export interface User {
  id: number;
  name: string;
}

export function findUser(users: User[], id: number): User | undefined {
  return users.find((u) => █);
}
`;

let fake: FakeOllama;
let client: TestClient | undefined;

beforeEach(async () => {
  fake = await startFakeOllama();
});
afterEach(async () => {
  await client?.stop();
  client = undefined;
  await fake.close();
});

/** A server pointed at the fake, with no debounce so tests measure behaviour, not waiting. */
function start(options: { capabilities?: typeof ITEMS_CAPABILITIES; settings?: Record<string, unknown> } = {}) {
  return TestClient.start({
    capabilities: options.capabilities,
    initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0 }, ...options.settings },
  });
}

describe('inline completion', () => {
  it('advertises inline completion to clients that declare it, completion items to the others', async () => {
    const inline = await TestClient.start({ initializationOptions: { model: { url: fake.url } } });
    const items = await TestClient.start({ capabilities: ITEMS_CAPABILITIES, initializationOptions: { model: { url: fake.url } } });
    try {
      expect(inline.initializeResult?.capabilities.inlineCompletionProvider).toBe(true);
      expect(inline.initializeResult?.capabilities.completionProvider).toBeUndefined();
      expect(items.initializeResult?.capabilities.inlineCompletionProvider).toBeUndefined();
      expect(items.initializeResult?.capabilities.completionProvider).toBeDefined();
      expect(inline.initializeResult?.capabilities.textDocumentSync).toEqual({ openClose: true, change: 2, save: { includeText: false } });
      expect(inline.initializeResult?.serverInfo?.name).toBe('ghostline');
    } finally {
      await inline.stop();
      await items.stop();
    }
  });

  it('completes a multi-line Go body and cuts the model where it repeats the code after the cursor', async () => {
    client = await start();
    const { text, position, offset } = parseMarked(GO);
    await client.open('file:///w/main.go', 'go', text);
    fake.reply({ text: 'fmt.Println(msg)\n\tfmt.Println(len(msg))\n}\n\nfunc extra() {\n}\n' });
    const result = await client.inline('file:///w/main.go', position);
    expect(result?.items).toHaveLength(1);
    const item = result!.items[0]!;
    expect(item.insertText).toBe('fmt.Println(msg)\n\tfmt.Println(len(msg))');
    expect(item.range).toEqual({ start: position, end: position });
    expect(insertAt(text, offset, item.insertText as string)).toContain('\tfmt.Println(len(msg))\n}\n');
  });

  it('completes the rest of a TypeScript line without overlapping the brackets already there', async () => {
    client = await start();
    const { text, position } = parseMarked(TS);
    await client.open('file:///w/users.ts', 'typescript', text);
    fake.reply({ text: 'u.id === id);\n}\n' });
    const result = await client.inline('file:///w/users.ts', position);
    expect(result?.items.map((i) => i.insertText)).toEqual(['u.id === id']);
  });

  it('sends the FIM prompt with raw mode, stop tokens, num_predict and keep_alive', async () => {
    client = await start({ settings: { completion: { debounceMs: 0, maxTokens: 100, singleLineMaxTokens: 30 } } });
    const { text, position } = parseMarked(TS);
    await client.open('file:///w/users.ts', 'typescript', text);
    fake.reply({ text: 'u.id === id' });
    await client.inline('file:///w/users.ts', position);
    const [request] = fake.generateRequests();
    const body = request!.body as Record<string, unknown> & { options: { stop: string[]; num_predict: number; temperature: number } };
    const [prefix, suffix] = text.split('u) => ').map((part, i) => (i === 0 ? part + 'u) => ' : part));
    expect(body.prompt).toBe(`<|fim_prefix|>${prefix}<|fim_suffix|>${suffix}<|fim_middle|>`);
    expect(body.raw).toBe(true);
    expect(body.stream).toBe(true);
    expect(body.model).toBe('qwen2.5-coder:1.5b-base');
    expect(body.keep_alive).toBe('30m');
    expect(body.options.stop).toContain('<|endoftext|>');
    // After `=>` the body may be a block, so the multi-line budget applies.
    expect(body.options.num_predict).toBe(100);
    expect(body.options.temperature).toBe(0.1);
  });

  it('serves typed-ahead characters from memory without a model request', async () => {
    client = await start();
    const { text, position } = parseMarked(GO);
    const uri = 'file:///w/main.go';
    await client.open(uri, 'go', text);
    fake.reply({ text: 'fmt.Println(msg)' });
    const first = await client.inline(uri, position);
    expect(first?.items[0]?.insertText).toBe('fmt.Println(msg)');
    const requestsBefore = fake.generateRequests().length;
    await client.type(uri, position, 'fmt.Pr');
    const next = await client.inline(uri, { line: position.line, character: position.character + 6 });
    expect(next?.items[0]?.insertText).toBe('intln(msg)');
    expect(fake.generateRequests().length).toBe(requestsBefore);
  });

  it('answers a repeated request from the cache', async () => {
    client = await start();
    const { text, position } = parseMarked(GO);
    await client.open('file:///w/main.go', 'go', text);
    fake.reply({ text: 'fmt.Println(msg)' });
    await client.inline('file:///w/main.go', position);
    await client.type('file:///w/main.go', position, 'x');
    await client.change('file:///w/main.go', [{ range: { start: position, end: { line: position.line, character: position.character + 1 } }, text: '' }]);
    const again = await client.inline('file:///w/main.go', position);
    expect(again?.items[0]?.insertText).toBe('fmt.Println(msg)');
    expect(fake.generateRequests()).toHaveLength(1);
  });

  it('handles positions after non-ASCII text and emoji in UTF-16', async () => {
    client = await start();
    const { text, position } = parseMarked('package main\n\nvar s = "naïve 😀 " + █\n');
    await client.open('file:///w/emoji.go', 'go', text);
    fake.reply({ text: '"wörld"\n' });
    const result = await client.inline('file:///w/emoji.go', position);
    expect(result?.items[0]?.insertText).toBe('"wörld"');
    const body = fake.generateRequests()[0]!.body as { prompt: string };
    expect(body.prompt).toContain('<|fim_prefix|>package main\n\nvar s = "naïve 😀 " + <|fim_suffix|>\n<|fim_middle|>');
  });
});

describe('completion items', () => {
  it('offers the suggestion as one labelled item whose edit replaces the word being typed', async () => {
    client = await start({ capabilities: ITEMS_CAPABILITIES });
    const { text, position, offset } = parseMarked(GO.replace('█', 'fmt.Pri█'));
    await client.open('file:///w/main.go', 'go', text);
    fake.reply({ text: 'ntln(msg)\n' });
    const list = await client.completion('file:///w/main.go', position);
    expect(list?.isIncomplete).toBe(true);
    expect(list?.items).toHaveLength(1);
    const item = list!.items[0]!;
    expect(item.label).toBe('Println(msg)');
    expect(item.labelDetails?.description).toBe('ghostline');
    expect(item.filterText).toBe('Println(msg)');
    expect(item.textEdit).toEqual({ range: { start: { line: position.line, character: position.character - 3 }, end: position }, newText: 'Println(msg)' });
    const edit = item.textEdit as { newText: string };
    expect(text.slice(0, offset - 3) + edit.newText + text.slice(offset)).toContain('fmt.Println(msg)\n}');
  });

  it('inserts a whole multi-line suggestion from one item', async () => {
    client = await start({ capabilities: ITEMS_CAPABILITIES });
    const { text, position } = parseMarked('export function sum(xs: number[]): number {\n  █\n}\n');
    await client.open('file:///w/sum.ts', 'typescript', text);
    fake.reply({ text: 'let total = 0;\n  for (const x of xs) total += x;\n  return total;\n}\n' });
    const list = await client.completion('file:///w/sum.ts', position);
    const item = list!.items[0]!;
    expect((item.textEdit as { newText: string }).newText).toBe('let total = 0;\n  for (const x of xs) total += x;\n  return total;');
    expect(item.label).toBe('let total = 0; …');
  });

  it('answers empty within its budget when the model is slow, so other sources are not held up', async () => {
    client = await start({ capabilities: ITEMS_CAPABILITIES, settings: { completion: { debounceMs: 0, itemsTimeoutMs: 200 } } });
    const { text, position } = parseMarked(GO);
    await client.open('file:///w/main.go', 'go', text);
    fake.reply({ text: 'fmt.Println(msg)', ttftMs: 3000 });
    const started = performance.now();
    const list = await client.completion('file:///w/main.go', position);
    expect(list?.items).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1500);
    await fake.waitFor(() => fake.generateRequests()[0]?.abortedBeforeFirstToken === true);
  });
});
