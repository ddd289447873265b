import { describe, expect, it, vi } from 'vitest';
import { CompletionEngine } from '../../server/completion/engine.js';
import type { ContextProvider, ContextRequest, RepositoryContext } from '../../server/core/context-provider.js';
import type { Settings } from '../../server/config/schema.js';
import { defaultSettings } from '../../server/config/settings.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import type { GenerateRequest, ModelBackend } from '../../server/model/backend.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { parseMarked } from '../support/marked.js';

/** A backend that records prompts and answers at once. */
function recordingBackend(): ModelBackend & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    prompts,
    promptFormat: 'client',
    async *generate(request: GenerateRequest) {
      prompts.push(request.prompt);
      yield 'fmt.Println(x)';
    },
    async *chat() {},
    info: async () => ({ present: true }),
    preload: async () => undefined,
  };
}

function setup(provider: ContextProvider, adjust: (settings: Settings) => void = () => undefined, marked = 'package main\n\nfunc main() {\n\tx := 1\n\t█\n}\n') {
  const settings = defaultSettings();
  settings.model.template = 'qwen';
  adjust(settings);
  const documents = new DocumentStore({ languages: new LanguageRegistry(), logger: silentLogger, maxFileBytes: () => 1_000_000 });
  const backend = recordingBackend();
  const engine = new CompletionEngine({ documents, settings: () => settings, backend: () => backend, logger: silentLogger, context: provider });
  const { text, position } = parseMarked(marked);
  documents.open('file:///w/main.go', 'go', 1, text);
  const complete = () => engine.complete({ uri: 'file:///w/main.go', position, signal: new AbortController().signal, budgetMs: 5000 });
  return { backend, complete };
}

const CONTEXT: RepositoryContext = { snippets: [{ path: 'util/log.go', content: 'func Log(x int)' }], filePath: 'main.go', repoName: 'w' };

describe('repository context in the engine', () => {
  it('passes the context budget and puts the snippets before the prefix', async () => {
    const requests: ContextRequest[] = [];
    const { backend, complete } = setup({ gather: async (request) => (requests.push(request), CONTEXT) }, (s) => (s.context.budgetTokens = 300));
    await complete();
    expect(requests[0]?.budgetTokens).toBe(300);
    expect(backend.prompts[0]).toMatch(/^<\|repo_name\|>w\n<\|file_sep\|>util\/log.go\nfunc Log\(x int\)\n<\|file_sep\|>main.go\n<\|fim_prefix\|>package main/);
  });

  it('sends the current file alone when gathering outlasts context.gatherTimeoutMs', async () => {
    const { backend, complete } = setup({ gather: () => new Promise(() => undefined) }, (s) => (s.context.gatherTimeoutMs = 20));
    const outcome = await complete();
    expect(outcome.kind).toBe('completion');
    expect(backend.prompts[0]).toMatch(/^<\|fim_prefix\|>package main/);
  });

  it("sends the provider's last context for the same place when gathering outlasts context.gatherTimeoutMs", async () => {
    const asked: string[] = [];
    const provider: ContextProvider = { gather: () => new Promise(() => undefined), fallback: (uri) => (asked.push(uri), CONTEXT) };
    const { backend, complete } = setup(provider, (s) => (s.context.gatherTimeoutMs = 20));
    expect((await complete()).kind).toBe('completion');
    expect(asked).toEqual(['file:///w/main.go']);
    expect(backend.prompts[0]).toMatch(/^<\|repo_name\|>w\n<\|file_sep\|>util\/log.go\nfunc Log\(x int\)\n<\|file_sep\|>main.go\n<\|fim_prefix\|>package main/);
  });

  it('sends the current file alone when the provider fails', async () => {
    const { backend, complete } = setup({ gather: async () => Promise.reject(new Error('index broken')) });
    await complete();
    expect(backend.prompts[0]).toMatch(/^<\|fim_prefix\|>/);
  });

  it('gathers after the debounce: a keystroke superseded during the wait costs no parse and no context work', async () => {
    // Fake timers make the debounce a step we take, not a wall-clock wait: a busy machine can
    // neither stretch nor shrink it, and each broken order still fails one of the checks below.
    vi.useFakeTimers();
    try {
      let asked = false;
      // Mid-line: on a line of indentation alone the request starts without a debounce (keystroke-path.test.ts).
      const midLine = 'package main\n\nfunc main() {\n\tx := 1\n\ty := █\n}\n';
      const { backend, complete } = setup({ gather: async () => ((asked = true), CONTEXT) }, (s) => (s.completion.debounceMs = 300), midLine);
      const done = complete();
      await vi.advanceTimersByTimeAsync(299);
      expect(asked).toBe(false);
      expect(backend.prompts).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      // Past the debounce the request runs on (the model's reply and the stream filter's pacing use timers too).
      await vi.advanceTimersByTimeAsync(1000);
      expect((await done).kind).toBe('completion');
      expect(asked).toBe(true);
      expect(backend.prompts[0]).toContain('<|file_sep|>util/log.go');
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks no provider when context.enabled is false', async () => {
    let asked = false;
    const { backend, complete } = setup({ gather: async () => ((asked = true), CONTEXT) }, (s) => (s.context.enabled = false));
    await complete();
    expect(asked).toBe(false);
    expect(backend.prompts[0]).toMatch(/^<\|fim_prefix\|>/);
  });
});
