/**
 * A keystroke replay driven identically against every server: a didChange and a completion request per
 * keystroke at a steady pace, the previous request cancelled when a newer one is sent (as VS Code
 * does), never waiting for answers. The scripted model answers with the rest of the line being typed,
 * and once the script's last Enter is typed, with the next line; the figure is the time from that
 * last keystroke to a non-empty suggestion.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { Position } from 'vscode-languageserver-protocol';
import type { CorpusFile } from '../corpus.js';
import { advance, indentAfter, keystrokes } from '../latency/keys.js';
import { round } from '../stats.js';
import { CancellationTokenSource, firstSuggestion } from './peer-client.js';
import { ask } from './measure.js';
import type { Served } from './servers.js';

export interface ReplayRun {
  keystrokes: number;
  requestsSent: number;
  /** Requests with any response (a result or an error) by the end of the grace period. */
  answered: number;
  unanswered: number;
  modelRequestsStarted: number;
  /** Model requests whose HTTP connection the server closed before the answer: cancellation reaching the model. */
  modelRequestsAborted: number;
  maxInFlight: number;
  /** Last keystroke → a non-empty answer to the last request; NaN when that answer was empty or missing. */
  lastKeyToSuggestionMs: number;
  /** Largest event-loop delay inside the server's process during the replay (from the probe). */
  eventLoopMaxMs: number;
  eventLoopP99Ms: number;
}

interface Sent {
  source: CancellationTokenSource;
  settled: boolean;
  nonEmpty: boolean;
  answeredAt: number;
}

/** Replays `script` (ending with a newline) into the blank line `at`; the file is restored afterwards. */
export async function replay(input: { s: Served; file: CorpusFile; at: Position; script: string; continuation: string; intervalMs: number; graceMs: number }): Promise<ReplayRun> {
  const { s, file, at, intervalMs } = input;
  const text = s.client.text(file.uri);
  const keys = keystrokes(input.script, { indent: indentAfter(text, at.line), start: 'blank-line' });
  const typed = (count: number): string => keys.slice(0, count).join('');
  const full = typed(keys.length) + input.continuation;
  const lineStart = text
    .split('\n')
    .slice(0, at.line)
    .reduce((n, l) => n + l.length + 1, 0);
  // The text before the blank line: a prompt holding anchor + typed(k) was built after k keystrokes.
  const anchor = text.slice(Math.max(0, lineStart - 40), lineStart);
  let keysTyped = 0;
  s.model.resetStats();
  s.model.reply((request) => {
    const prompt = s.promptOf(request);
    let k = keysTyped;
    while (k > 0 && !prompt.includes(anchor + typed(k))) k--;
    const rest = full.slice(typed(k).length);
    const end = rest.indexOf('\n', 1);
    return { text: end < 0 ? rest : rest.slice(0, end) };
  });
  await s.client.probe();

  const sent: Sent[] = [];
  let position = at;
  const start = performance.now();
  let lastKeyAt = start;
  for (const [i, key] of keys.entries()) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await delay(wait);
    lastKeyAt = performance.now();
    await s.client.type(file.uri, position, key);
    keysTyped = i + 1;
    position = advance(position, key);
    const previous = sent.at(-1);
    if (previous && !previous.settled) previous.source.cancel();
    const entry: Sent = { source: new CancellationTokenSource(), settled: false, nonEmpty: false, answeredAt: Number.NaN };
    sent.push(entry);
    ask(s, file.uri, position, entry.source).then(
      (answer) => settle(entry, firstSuggestion(answer).trim() !== ''),
      () => settle(entry, false),
    );
  }
  const deadline = performance.now() + input.graceMs;
  while (sent.some((x) => !x.settled) && performance.now() < deadline) await delay(10);
  const probe = await s.client.probe();
  const generated = s.model.generateRequests();
  const last = sent.at(-1);
  await s.client.change(file.uri, [{ range: { start: at, end: position }, text: '' }]);
  return {
    keystrokes: keys.length,
    requestsSent: sent.length,
    answered: sent.filter((x) => x.settled).length,
    unanswered: sent.filter((x) => !x.settled).length,
    modelRequestsStarted: generated.length,
    modelRequestsAborted: generated.filter((r) => r.abortedByClient).length,
    maxInFlight: s.model.maxInFlight,
    lastKeyToSuggestionMs: last?.nonEmpty ? round(last.answeredAt - lastKeyAt) : Number.NaN,
    eventLoopMaxMs: probe.loop.maxMs,
    eventLoopP99Ms: probe.loop.p99Ms,
  };
}

function settle(entry: Sent, nonEmpty: boolean): void {
  entry.settled = true;
  entry.nonEmpty = nonEmpty;
  entry.answeredAt = performance.now();
}
