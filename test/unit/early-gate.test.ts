import { describe, expect, it, vi } from 'vitest';
import { CompletionEngine } from '../../server/completion/engine.js';
import { defaultSettings } from '../../server/config/settings.js';
import type { GateRequest, SuggestionGate } from '../../server/core/suggestion-gate.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import type { ModelBackend } from '../../server/model/backend.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { parseMarked } from '../support/marked.js';

/** Something the test settles when it chooses: the model's end of stream, the gate's verdict. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A model that sends `chunks` back to back (each as soon as the reader asks for the next), except that the
 * chunk at an index of `holds` waits for that promise first, and ends its stream once `end` settles.
 */
function scriptedModel(chunks: string[], end: Promise<void>, log: string[], holds = new Map<number, Promise<void>>()): ModelBackend {
  return {
    promptFormat: 'client',
    async *generate() {
      for (const [i, chunk] of chunks.entries()) {
        await holds.get(i);
        log.push(`chunk ${chunk}`);
        yield chunk;
      }
      await end;
      log.push('end of stream');
    },
    async *chat() {},
    info: async () => ({ present: true }),
    preload: async () => undefined,
  };
}

/** A gate that records each check and answers with the verdict the test gives for that text. */
function scriptedGate(log: string[], verdicts: Map<string, Promise<string | undefined>>): SuggestionGate & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    check(input: GateRequest) {
      asked.push(input.suggestion);
      log.push(`gate ${input.suggestion}`);
      const verdict = verdicts.get(input.suggestion) ?? Promise.resolve(undefined);
      return Promise.race([verdict, new Promise<never>((_, reject) => input.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }))]);
    },
  };
}

function setup(input: { chunks: string[]; verdicts?: Map<string, Promise<string | undefined>>; holds?: Map<number, Promise<void>> }) {
  const settings = defaultSettings();
  settings.model.template = 'qwen';
  settings.completion.debounceMs = 0;
  const log: string[] = [];
  const end = deferred<void>();
  const backend = scriptedModel(input.chunks, end.promise, log, input.holds);
  const gate = scriptedGate(log, input.verdicts ?? new Map());
  const documents = new DocumentStore({ languages: new LanguageRegistry(), logger: silentLogger, maxFileBytes: () => 1_000_000 });
  const engine = new CompletionEngine({ documents, settings: () => settings, backend: () => backend, logger: silentLogger, gate });
  const { text, position } = parseMarked('package main\n\nfunc main() {\n\tx := 1\n\ty := █\n}\n');
  documents.open('file:///w/main.go', 'go', 1, text);
  const controller = new AbortController();
  const outcome = engine.complete({ uri: 'file:///w/main.go', position, signal: controller.signal, budgetMs: 5000 });
  return { outcome, log, gate, end, cancel: () => controller.abort() };
}

describe('the security gate while the reply streams', () => {
  it('starts checking the suggestion before the stream ends, and uses that verdict for the same final text', async () => {
    const { outcome, log, gate, end } = setup({ chunks: ['x + 1'] });
    await vi.waitFor(() => expect(gate.asked).toEqual(['x + 1']));
    expect(log).toEqual(['chunk x + 1', 'gate x + 1']);
    end.resolve();
    expect(await outcome).toMatchObject({ kind: 'completion', text: 'x + 1' });
    expect(gate.asked).toEqual(['x + 1']);
  });

  it.each(['before', 'after'])('holds back an unsafe suggestion whose verdict arrives %s the end of the stream', async (when) => {
    const verdict = deferred<string | undefined>();
    const { outcome, log, gate, end } = setup({ chunks: ['x + 1'], verdicts: new Map([['x + 1', verdict.promise]]) });
    await vi.waitFor(() => expect(gate.asked).toHaveLength(1));
    if (when === 'before') verdict.resolve('held back by the security gate (test)');
    end.resolve();
    await vi.waitFor(() => expect(log).toContain('end of stream'));
    if (when === 'after') verdict.resolve('held back by the security gate (test)');
    expect(await outcome).toMatchObject({ kind: 'empty', reason: 'held back by the security gate (test)' });
  });

  it('checks the final text itself when the stream went on after the early check', async () => {
    const first = deferred<string | undefined>();
    const more = deferred<void>();
    const { outcome, gate, end } = setup({
      chunks: ['x', ' + 1'],
      holds: new Map([[1, more.promise]]),
      verdicts: new Map([
        ['x', first.promise],
        ['x + 1', Promise.resolve('held back by the security gate (test)')],
      ]),
    });
    await vi.waitFor(() => expect(gate.asked).toEqual(['x']));
    more.resolve();
    first.resolve(undefined);
    end.resolve();
    expect(await outcome).toMatchObject({ kind: 'empty', reason: 'held back by the security gate (test)' });
    expect(gate.asked).toEqual(['x', 'x + 1']);
  });

  it('checks a reply that arrives in one burst once, as one text', async () => {
    const { outcome, gate, end } = setup({ chunks: ['x', ' + 1'] });
    await vi.waitFor(() => expect(gate.asked).toHaveLength(1));
    expect(gate.asked).toEqual(['x + 1']);
    end.resolve();
    expect(await outcome).toMatchObject({ kind: 'completion', text: 'x + 1' });
    expect(gate.asked).toEqual(['x + 1']);
  });

  it('checks nothing early once the reply is longer than a suggestion: an endless line costs one check, not one per chunk', async () => {
    const chunks = Array.from({ length: 40 }, () => 'word '.repeat(100));
    const { outcome, gate, end, log } = setup({ chunks });
    await vi.waitFor(() => expect(log.filter((line) => line.startsWith('chunk'))).toHaveLength(chunks.length));
    end.resolve();
    await outcome;
    // At most the few early checks a reply under 4 KB allows, then the final text's own.
    expect(gate.asked.slice(0, -1).every((text) => text.length <= 4096)).toBe(true);
    expect(gate.asked.length).toBeLessThanOrEqual(9);
  });

  it('shows nothing when the request is cancelled while the early verdict is pending', async () => {
    const { outcome, gate, end, cancel } = setup({ chunks: ['x + 1'], verdicts: new Map([['x + 1', new Promise<undefined>(() => undefined)]]) });
    await vi.waitFor(() => expect(gate.asked).toHaveLength(1));
    end.resolve();
    cancel();
    expect(await outcome).toMatchObject({ kind: 'empty' });
  });
});
