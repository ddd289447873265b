import { performance } from 'node:perf_hooks';
import type { Position } from 'vscode-languageserver-protocol';
import type { CorpusFile } from '../corpus.js';
import { generatedSince, lastRequestId, within, type BenchServer } from '../harness.js';
import type { CursorPosition } from '../positions.js';
import { summarize, type Summary } from '../stats.js';
import { indentAfter } from './keys.js';

export interface TypedAheadResult {
  language: string;
  lines: number;
  /** Suggestions shown by the model, each then typed into character by character. */
  suggestions: number;
  samples: number;
  latencyMs: Summary;
  /** Generate requests made while typing into shown suggestions; 0 when all came from memory. */
  modelRequestsWhileTyping: number;
  /** Answers that were not exactly the untyped rest of the shown suggestion. */
  wrongAnswers: number;
  /** Cursors where the model's first suggestion came back empty, so there was nothing to type into. */
  skipped: number;
}

/**
 * At each blank line in a body: indent it, get a suggestion from the model, then type its first
 * `typed` characters one by one, asking again after each; those answers must come from memory.
 * The line is emptied again afterwards, so the file is unchanged for the next cursor.
 */
export async function measureTypedAhead(input: { server: BenchServer; file: CorpusFile; cursors: readonly CursorPosition[]; typed: number }): Promise<TypedAheadResult> {
  const { server, file } = input;
  const { client, fake } = server;
  const latencies: number[] = [];
  let modelRequests = 0;
  let wrong = 0;
  let skipped = 0;
  let suggestions = 0;
  for (const cursor of input.cursors) {
    const { line } = cursor.position;
    const indent = indentAfter(file.text, line);
    await client.type(file.uri, { line, character: 0 }, indent);
    const first = await within(client.inline(file.uri, { line, character: indent.length }), { ms: 10_000, what: 'first suggestion' });
    const shown = first?.items[0]?.insertText;
    // Only the first line is typed (positions stay on one line), and the rest must stay non-blank to be served.
    const count = typeof shown === 'string' ? Math.min(input.typed, (shown.split('\n')[0] ?? '').trimEnd().length - 2) : 0;
    let typedChars = 0;
    if (typeof shown !== 'string' || count < 1) skipped++;
    else {
      suggestions++;
      const since = lastRequestId(fake);
      for (let k = 1; k <= count; k++) {
        const at: Position = { line, character: indent.length + k - 1 };
        await client.type(file.uri, at, shown.charAt(k - 1));
        typedChars = k;
        // Request → answer; the didChange went out just before, as an editor sends it.
        const sentAt = performance.now();
        const answer = await within(client.inline(file.uri, { line, character: at.character + 1 }), { ms: 10_000, what: 'typed-ahead answer' });
        latencies.push(performance.now() - sentAt);
        if (answer?.items[0]?.insertText !== shown.slice(k)) wrong++;
      }
      modelRequests += generatedSince(fake, since).length;
    }
    const end = { line, character: indent.length + typedChars };
    await client.change(file.uri, [{ range: { start: { line, character: 0 }, end }, text: '' }]);
  }
  return {
    language: file.language,
    lines: file.lines,
    suggestions,
    samples: latencies.length,
    latencyMs: summarize(latencies),
    modelRequestsWhileTyping: modelRequests,
    wrongAnswers: wrong,
    skipped,
  };
}
