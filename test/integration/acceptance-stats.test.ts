/**
 * Acceptance statistics through the protocol: the inline item carries the accept command, the
 * client runs it, and the events (and, when opted in, the training pair) land in local files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from 'vscode-languageserver-protocol';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

const SOURCE = parseMarked('package main\n\nconst apiToken = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"\n\nfunc main() {\n\t█\n}\n');
const URI = 'file:///w/main.go';

let fake: FakeOllama;
let client: TestClient;
let cacheDir: string;

afterEach(async () => {
  await client.stop();
  await fake.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

async function start(stats: Record<string, boolean>) {
  fake = await startFakeOllama();
  cacheDir = mkdtempSync(join(tmpdir(), 'ghostline-stats-'));
  client = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0 }, context: { cacheDir }, stats } });
  await client.open(URI, 'go', SOURCE.text);
}

function lines(file: string): Array<Record<string, unknown>> {
  try {
    return readFileSync(join(cacheDir, file), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    return [];
  }
}

describe('acceptance statistics', () => {
  it('records shown and accepted, and the opt-in training pair with secrets redacted', async () => {
    await start({ trainingData: true });
    fake.reply({ text: 'println(apiToken)' });
    const [item] = (await client.inline(URI, SOURCE.position))?.items ?? [];
    const command = item?.command as Command;
    expect(command).toMatchObject({ command: 'ghostline.accepted', arguments: [{ id: expect.any(String) }] });
    await client.executeCommand(command.command, command.arguments ?? []);
    await client.waitFor(() => lines('accepted-completions.jsonl').length > 0);
    const [shownEvent, acceptedEvent] = lines('stats.jsonl');
    expect(shownEvent).toMatchObject({ kind: 'shown', language: 'go', model: 'qwen2.5-coder:1.5b-base', chars: 'println(apiToken)'.length, latencyMs: expect.any(Number) });
    expect(acceptedEvent).toMatchObject({ kind: 'accepted', id: shownEvent!.id, chars: 'println(apiToken)'.length, partial: false });
    const [pair] = lines('accepted-completions.jsonl');
    expect(pair).toMatchObject({ completion: 'println(apiToken)', suffix: '\n}\n', language: 'go' });
    expect(pair!.prompt).toBe('package main\n\nconst apiToken = "[REDACTED]"\n\nfunc main() {\n\t');
  });

  it('records nothing with stats.enabled off, and writes no training data unless asked', async () => {
    await start({ enabled: false });
    fake.reply({ text: 'println(1)' });
    const [item] = (await client.inline(URI, SOURCE.position))?.items ?? [];
    expect(item?.insertText).toBe('println(1)');
    expect(item?.command).toBeUndefined();
    expect(lines('stats.jsonl')).toEqual([]);
    expect(lines('accepted-completions.jsonl')).toEqual([]);
  });

  it('rejects an accept command with malformed arguments', async () => {
    await start({});
    await expect(client.executeCommand('ghostline.accepted', [{ chars: 3 }])).rejects.toMatchObject({ code: -32602 });
  });
});
