import type { RecordedRequest } from '../../test/support/fake-ollama.js';
import { within, type BenchServer } from '../harness.js';
import { positionOf, type QualityCase } from './cases.js';
import { pct } from '../stats.js';

/** How much of each prompt a model server can reuse from the previous keystroke's prompt. */
export interface StabilityResult {
  corpus: string;
  /** Statements retyped, one per function. */
  functions: number;
  keystrokes: number;
  /** Consecutive prompt pairs compared. */
  pairs: number;
  /**
   * Σ longest common prefix(previous, next) / Σ length(next): the share of prompt bytes a prefix
   * KV cache (Ollama, llama-server) reuses while typing. The target is on this one.
   */
  prefixReuse: number;
  /** The same per keystroke: mean and the 10th percentile (the worst keystrokes). */
  prefixReuseMean: number;
  prefixReuseP10: number;
  /** Σ (common prefix + common suffix) / Σ length(next): bytes unchanged anywhere, what a diff sees. */
  unchangedBytes: number;
  /** Mean prompt length in characters. */
  meanPromptChars: number;
}

/**
 * Retypes one statement per chosen function, one character per keystroke, as an editor sends it
 * (didChange, then an inline request), and compares the FIM prompts the model server receives.
 * The scripted model answers nothing, so every keystroke reaches it.
 */
export async function measureStability(input: { server: BenchServer; corpus: string; statements: readonly QualityCase[] }): Promise<StabilityResult> {
  const { client, fake } = input.server;
  const prompts: string[] = [];
  fake.reply((request: RecordedRequest) => {
    prompts.push(String((request.body as { prompt?: unknown } | undefined)?.prompt ?? ''));
    return { text: '' };
  });
  const ratios: number[] = [];
  let shared = 0;
  let unchanged = 0;
  let total = 0;
  let keystrokes = 0;
  let promptChars = 0;
  for (const c of input.statements) {
    const { file, span } = c;
    const uri = `file:///quality-typing/${input.corpus}/${file.path}`;
    const statement = file.text.slice(span.start, span.end);
    const start = positionOf(file, span.start);
    await client.open(uri, file.language, file.text.slice(0, span.start) + file.text.slice(span.end));
    prompts.length = 0;
    let position = start;
    await within(client.inline(uri, position), { ms: 30_000, what: `typing replay in ${file.path}` });
    for (const key of statement) {
      await client.type(uri, position, key);
      position = key === '\n' ? { line: position.line + 1, character: 0 } : { line: position.line, character: position.character + 1 };
      await within(client.inline(uri, position), { ms: 30_000, what: `typing replay in ${file.path}` });
      keystrokes++;
    }
    for (let i = 1; i < prompts.length; i++) {
      const previous = prompts[i - 1] ?? '';
      const next = prompts[i] ?? '';
      const prefix = commonPrefix(previous, next);
      const suffix = commonSuffix(previous, next, prefix);
      ratios.push(next.length ? prefix / next.length : 1);
      shared += prefix;
      unchanged += prefix + suffix;
      total += next.length;
      promptChars += next.length;
    }
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    fake.resetStats();
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  return {
    corpus: input.corpus,
    functions: input.statements.length,
    keystrokes,
    pairs: ratios.length,
    prefixReuse: share(shared, total),
    prefixReuseMean: share(
      ratios.reduce((a, b) => a + b, 0),
      ratios.length,
    ),
    prefixReuseP10: round(sorted[Math.floor(sorted.length * 0.1)] ?? Number.NaN),
    unchangedBytes: share(unchanged, total),
    meanPromptChars: ratios.length ? Math.round(promptChars / ratios.length) : 0,
  };
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Common suffix length, not reaching into the common prefix of either string. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

function share(part: number, whole: number): number {
  return whole > 0 ? round(part / whole) : Number.NaN;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** The prompt-stability table's columns, in the console and in the report alike. */
export const STABILITY_COLUMNS = ['corpus', 'statements', 'keystrokes', 'prefix reuse %', 'per keystroke mean %', 'per keystroke p10 %', 'unchanged bytes %', 'mean prompt chars'];

/** What the prompt-stability table shows of a corpus's result (the results JSON holds the same fields). */
export type StabilityRow = Pick<
  StabilityResult,
  'corpus' | 'functions' | 'keystrokes' | 'prefixReuse' | 'prefixReuseMean' | 'prefixReuseP10' | 'unchangedBytes' | 'meanPromptChars'
>;

/** One corpus's row of the prompt-stability table. */
export function stabilityRow(s: StabilityRow): Array<string | number> {
  return [s.corpus, s.functions, s.keystrokes, pct(s.prefixReuse), pct(s.prefixReuseMean), pct(s.prefixReuseP10), pct(s.unchangedBytes), s.meanPromptChars];
}
