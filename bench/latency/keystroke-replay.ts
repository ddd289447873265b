import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Position } from 'vscode-languageserver-protocol';
import type { RecordedRequest } from '../../test/support/fake-ollama.js';
import { CancellationTokenSource } from '../../test/support/lsp-client.js';
import type { CorpusFile } from '../corpus.js';
import type { BenchServer } from '../harness.js';
import { advance, indentAfter, keystrokes } from './keys.js';
import type { CursorPosition } from '../positions.js';
import { round } from '../stats.js';

export interface ReplayResult {
  language: string;
  lines: number;
  intervalMs: number;
  keystrokes: number;
  characters: number;
  requestsSent: number;
  /** Requests that got a response of any kind (a result, or a RequestCancelled error). */
  answered: number;
  /** Of those, answered with a RequestCancelled error instead of a result. */
  answeredWithCancelError: number;
  /** Requests with no response within the grace period after the replay ended. */
  unanswered: number;
  modelRequestsStarted: number;
  modelRequestsAborted: number;
  abortedBeforeFirstToken: number;
  maxInFlight: number;
  /** Non-empty answers to the newest request at the time they arrived: what an editor would display. */
  shownSuggestions: number;
  /** Non-empty answers, displayed or not. */
  nonEmptyAnswers: number;
  /** Last keystroke → the answer to its request. */
  lastAnswerMs: number;
}

interface Sent {
  source: CancellationTokenSource;
  settled: boolean;
  cancelError: boolean;
  nonEmpty: boolean;
  shown: boolean;
  answeredAt?: number;
}

/**
 * Types `script` into a blank line of a body at a steady pace, as an editor would send it: a didChange
 * and an inline-completion request after each keystroke, never waiting for answers, and cancelling the
 * previous request when a newer one is sent (what VS Code does). Newline plus the next line's
 * indentation is one keystroke (editors auto-indent). The model replies with the rest of the line
 * being typed (then `continuation`), as a good model would. The server must be idle at the start
 * (the file parsed and the model's format known), or the first keystrokes measure start-up instead.
 */
export async function replayKeystrokes(input: {
  server: BenchServer;
  file: CorpusFile;
  cursor: CursorPosition;
  script: string;
  /** What the model knows comes next after the script, and suggests once the script is typed. */
  continuation: string;
  intervalMs: number;
  graceMs: number;
}): Promise<ReplayResult> {
  const { server, file, cursor, intervalMs } = input;
  const { client, fake } = server;
  const base = indentAfter(file.text, cursor.position.line);
  const keys = keystrokes(input.script, { indent: base, start: 'blank-line' });
  const typed = (count: number): string => keys.slice(0, count).join('');
  const full = typed(keys.length) + input.continuation;
  // Text just before the blank line, to find how much of the script a prompt already holds.
  const anchor = file.text.slice(Math.max(0, cursor.offset - 40), cursor.offset);
  let keysTyped = 0;
  fake.resetStats();
  fake.reply((request: RecordedRequest) => {
    const prompt = String((request.body as { prompt?: unknown } | undefined)?.prompt ?? '');
    let k = keysTyped;
    while (k > 0 && !prompt.includes(anchor + typed(k))) k--;
    const rest = full.slice(typed(k).length);
    const end = rest.indexOf('\n', 1);
    return { text: end < 0 ? rest : rest.slice(0, end) };
  });

  const sent: Sent[] = [];
  let position: Position = cursor.position;
  const start = performance.now();
  let lastKeyAt = start;
  for (const [i, key] of keys.entries()) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await delay(wait);
    lastKeyAt = performance.now();
    await client.type(file.uri, position, key);
    keysTyped = i + 1;
    position = advance(position, key);
    const previous = sent.at(-1);
    if (previous && !previous.settled) previous.source.cancel();
    const entry: Sent = { source: new CancellationTokenSource(), settled: false, cancelError: false, nonEmpty: false, shown: false };
    sent.push(entry);
    client.inline(file.uri, position, entry.source).then(
      (answer) => {
        entry.nonEmpty = (answer?.items[0]?.insertText ?? '') !== '';
        entry.shown = entry.nonEmpty && sent.at(-1) === entry;
        settle(entry);
      },
      (error: unknown) => {
        entry.cancelError = (error as { code?: unknown }).code === -32800;
        settle(entry);
      },
    );
  }
  const deadline = performance.now() + input.graceMs;
  while (sent.some((s) => !s.settled) && performance.now() < deadline) await delay(10);
  const generated = fake.generateRequests();
  const last = sent.at(-1);
  return {
    language: file.language,
    lines: file.lines,
    intervalMs,
    keystrokes: keys.length,
    characters: typed(keys.length).length,
    requestsSent: sent.length,
    answered: sent.filter((s) => s.settled).length,
    answeredWithCancelError: sent.filter((s) => s.cancelError).length,
    unanswered: sent.filter((s) => !s.settled).length,
    modelRequestsStarted: generated.length,
    modelRequestsAborted: generated.filter((r) => r.abortedByClient).length,
    abortedBeforeFirstToken: generated.filter((r) => r.abortedBeforeFirstToken).length,
    maxInFlight: fake.maxInFlight,
    shownSuggestions: sent.filter((s) => s.shown).length,
    nonEmptyAnswers: sent.filter((s) => s.nonEmpty).length,
    lastAnswerMs: last?.answeredAt === undefined ? Number.NaN : round(last.answeredAt - lastKeyAt),
  };
}

function settle(entry: Sent): void {
  entry.settled = true;
  entry.answeredAt = performance.now();
}
