import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { TestClient } from '../support/lsp-client.js';
import { insertAt, parseMarked } from '../support/marked.js';

const PY = `import os


def read_config(path):
    """Reads the config file at path."""
    █


def main():
    print(read_config(os.environ["CONFIG"]))
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

describe('Python inline completion', () => {
  it('completes a function body and stops where the model dedents to the next top-level definition', async () => {
    client = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0 } } });
    const { text, position, offset } = parseMarked(PY);
    await client.open('file:///w/app/config.py', 'python', text);
    fake.reply({ text: 'with open(path) as f:\n        return f.read()  # {braces} in a comment\n\n\ndef extra():\n    pass\n' });
    const result = await client.inline('file:///w/app/config.py', position);
    const item = result?.items[0];
    expect(item?.insertText).toBe('with open(path) as f:\n        return f.read()  # {braces} in a comment');
    expect(insertAt(text, offset, item!.insertText as string)).toContain('        return f.read()  # {braces} in a comment\n\n\ndef main():');
  });
});
