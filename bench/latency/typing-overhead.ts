import { performance } from 'node:perf_hooks';
import type { Position } from 'vscode-languageserver-protocol';
import type { CorpusFile } from '../corpus.js';
import { generatedSince, lastRequestId, within, type BenchServer } from '../harness.js';
import type { CursorPosition } from '../positions.js';
import { round, summarize, type Summary } from '../stats.js';
import { advance, keystrokes } from './keys.js';

export interface SlowKeystroke {
  /** The cursor's line up to the cursor, just after the keystroke. */
  linePrefix: string;
  overheadMs: number;
}

export interface TypingOverheadResult {
  language: string;
  lines: number;
  keystrokes: number;
  /** Keystrokes whose request made exactly one model request. */
  samples: number;
  /** Keystroke sent → answer, minus the scripted model time: includes the server's work on the didChange. */
  overheadMs: Summary;
  /** Answered from memory (the keystroke matched the suggestion on screen). */
  fromMemory: number;
  slowest: SlowKeystroke[];
}

/**
 * Types `script` on a new line after a statement (`cursor`, a line end), one keystroke at a time, and after each sends a request
 * and waits for its answer; the clock starts before the didChange, so the server's work on the edit
 * (the incremental reparse) is in the figure, which the misses on an unchanged file leave out.
 * The typed text is removed afterwards.
 */
export async function measureTypingOverhead(input: {
  server: BenchServer;
  file: CorpusFile;
  cursor: CursorPosition;
  script: string;
  scriptedModelMs: number;
}): Promise<TypingOverheadResult> {
  const { server, file, cursor, scriptedModelMs } = input;
  const { client, fake } = server;
  const indent = /^[ \t]*/.exec(file.text.split('\n')[cursor.position.line] ?? '')?.[0] ?? '';
  const keys = keystrokes(input.script, { indent, start: 'line-end' });
  const overheads: number[] = [];
  const slow: SlowKeystroke[] = [];
  let fromMemory = 0;
  let position: Position = cursor.position;
  let line = '';
  for (const key of keys) {
    const since = lastRequestId(fake);
    const sentAt = performance.now();
    await client.type(file.uri, position, key);
    position = advance(position, key);
    line = key.includes('\n') ? key.slice(key.lastIndexOf('\n') + 1) : line + key;
    await within(client.inline(file.uri, position), { ms: 10_000, what: 'inline completion while typing' });
    const wallMs = performance.now() - sentAt;
    const generated = generatedSince(fake, since).length;
    if (generated === 0) fromMemory++;
    if (generated !== 1) continue;
    overheads.push(wallMs - scriptedModelMs);
    slow.push({ linePrefix: line, overheadMs: round(wallMs - scriptedModelMs) });
  }
  await client.change(file.uri, [{ range: { start: cursor.position, end: position }, text: '' }]);
  return {
    language: file.language,
    lines: file.lines,
    keystrokes: keys.length,
    samples: overheads.length,
    overheadMs: summarize(overheads),
    fromMemory,
    slowest: slow.sort((a, b) => b.overheadMs - a.overheadMs).slice(0, 5),
  };
}
