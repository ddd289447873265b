import { SecurityGate, type OffThreadGate } from '../actions/security-gate.js';
import { CompletionEngine } from '../completion/engine.js';
import type { OffThreadSyntax } from '../completion/syntax-checks.js';
import type { ContextProvider } from '../completion/types.js';
import type { Settings } from '../config/schema.js';
import { DocumentStore } from '../documents/document-store.js';
import type { ModelBackend } from '../model/backend.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import { sleep } from '../util/abort.js';
import { silentLogger, type Logger } from '../util/logger.js';

/** The scratch document's URI: no editor ever opens it, and no index holds it. */
const SCRATCH_URI = 'ghostline:warm-up/completion';
/** A model name whose fill-in-the-middle format is known from the name alone, so the scratch backend needs no template. */
const SCRATCH_MODEL = 'qwen2.5-coder:1.5b-base';
/** How long the warm-up waits for the syntax worker to load its grammars, so the questions it asks go where real ones go. */
const WORKER_WAIT_MS = 10_000;

/**
 * Two cursors in a block, each with the reply the scratch model streams: one at the end of a statement (single-line
 * suggestion, after a debounce; the model known by its template) and one on a fresh line (multi-line, no debounce;
 * known by its name). Plain code that reads much the same in every supported language (the header is Go's, and a
 * block in TypeScript); a syntax error in one of them only changes which rules the cut applies. The replies run on
 * past what is kept, so the stream is closed early.
 */
const SCRATCH_LINES = ['func run(first, second int) {', '\ttotal := compute(first, second)', '\t', '\tfinal := compute(total, "done")', '}', ''];
const SCRATCH_TEXT = SCRATCH_LINES.join('\n');
const QWEN_TEMPLATE = '<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>';
const CURSORS: ReadonlyArray<{ line: number; character: number; reply: readonly string[]; template?: string }> = [
  { line: 1, character: SCRATCH_LINES[1]!.length, reply: [' + first', ' * sec', 'ond\n\tthird', ' = 5\n', '\tfourth = 6\n', '\tfifth = 7\n'], template: QWEN_TEMPLATE },
  { line: 2, character: SCRATCH_LINES[2]!.length, reply: ['print(total)\n', '\tcheck(total, first)\n', '}\n', '\n', 'run(third) {\n'] },
];

export interface CompletionWarmUpDeps {
  languages: LanguageRegistry;
  settings: () => Settings;
  logger: Logger;
  /** The real repository context: asked about the scratch URI, which it does not know, so it reads nothing and keeps nothing. */
  context?: ContextProvider;
  /** The syntax worker, when the server has one: the scratch document is opened there for the warm-up's length, then closed. */
  worker?: OffThreadSyntax &
    OffThreadGate & {
      whenReady(timeoutMs: number): Promise<boolean>;
      open(uri: string, languageId: string, version: number, text: string): void;
      close(uri: string): void;
    };
}

/**
 * V8 compiles a function the first time it runs, and the completion path is some 100 KB of code, first run by the
 * first completion the editor asks for: ~14 ms of compilation in one turn of the event loop, while the user types.
 * This runs that path once per language, when its first document opens, on a scratch document with a scratch
 * engine and an in-memory model: the real engine's caches, typing rhythm and model health, the model server, the
 * index and the log see nothing of it. Awaits between the stages (debounce, worker, streamed chunks) spread the
 * compilation over several turns.
 */
export class CompletionWarmUp {
  private readonly warmed = new Set<string>();

  constructor(private readonly deps: CompletionWarmUpDeps) {}

  /** Runs the warm-up for `languageId` unless it has run already; never throws (a failure is logged at debug level). */
  async warm(languageId: string): Promise<void> {
    const { languages, settings, logger } = this.deps;
    const language = languages.byLanguageId(languageId);
    if (!language || this.warmed.has(language.id) || !settings().completion.enabled) return;
    this.warmed.add(language.id);
    try {
      await this.run(language.id);
    } catch (error) {
      logger.debug(`completion warm-up for ${language.id} failed: ${(error as Error).message}`);
    }
  }

  private async run(languageId: string): Promise<void> {
    const { languages, context } = this.deps;
    const worker = this.deps.worker && (await this.deps.worker.whenReady(WORKER_WAIT_MS)) ? this.deps.worker : undefined;
    const settings = (): Settings => {
      const real = this.deps.settings();
      // A short debounce (the sleep runs), the gate on (its check runs), and a model known by its name.
      return { ...real, model: { ...real.model, name: SCRATCH_MODEL, template: 'auto' }, completion: { ...real.completion, debounceMs: 1, securityGate: true } };
    };
    const documents = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => SCRATCH_TEXT.length + 1 });
    documents.open(SCRATCH_URI, languageId, 1, SCRATCH_TEXT);
    worker?.open(SCRATCH_URI, languageId, 1, SCRATCH_TEXT);
    try {
      for (const cursor of CURSORS) {
        const backend = scratchBackend(cursor);
        const gate = new SecurityGate({ documents, settings, offThread: worker });
        const engine = new CompletionEngine({ documents, settings, backend: () => backend, logger: silentLogger, context, syntax: worker, gate });
        await engine.complete({ uri: SCRATCH_URI, position: cursor, signal: new AbortController().signal, budgetMs: 5_000 });
        engine.dispose();
      }
    } finally {
      worker?.close(SCRATCH_URI);
    }
  }
}

/**
 * A model's time to its first token. The engine asks the syntax worker for the cursor analysis once the model
 * request is out; it is in by then, as for a real request, so the reply is read chunk by chunk as they come.
 */
const FIRST_TOKEN_MS = 20;

/** A model that streams `chunks` from memory, the first after FIRST_TOKEN_MS, then one per turn of the event loop; it has no server behind it. */
function scratchBackend({ reply: chunks, template }: { reply: readonly string[]; template?: string }): ModelBackend {
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return {
    promptFormat: 'client',
    async *generate({ signal }) {
      await sleep(FIRST_TOKEN_MS, signal);
      for (const chunk of chunks) {
        await turn();
        signal.throwIfAborted();
        yield chunk;
      }
    },
    // eslint-disable-next-line require-yield
    async *chat() {
      throw new Error('the warm-up model does not chat');
    },
    info: () => Promise.resolve({ present: true, template }),
    preload: () => Promise.resolve(),
  };
}
