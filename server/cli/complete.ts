import { readFileSync } from 'node:fs';
import type { Settings } from '../config/schema.js';
import { createStderrLogger } from '../util/logger.js';
import { createEngineHost } from './engine-host.js';

/** Parses `FILE:LINE[:COL]` (1-based; COL counts characters, as an editor's status line does). */
export function parseTarget(target: string): { path: string; line: number; column?: number } | undefined {
  const match = /^(.*?):(\d+)(?::(\d+))?$/.exec(target);
  if (!match?.[1] || !match[2]) return undefined;
  const line = Number(match[2]);
  const column = match[3] === undefined ? undefined : Number(match[3]);
  if (line < 1 || (column !== undefined && column < 1)) return undefined;
  return { path: match[1], line, column };
}

/** `ghostline complete FILE:LINE:COL`: prints the completion the language server would show there. */
export async function runComplete(settings: Settings, target: string): Promise<number> {
  const parsed = parseTarget(target);
  if (!parsed) {
    process.stderr.write(`ghostline: expected FILE:LINE[:COL] with 1-based numbers, got "${target}"\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(parsed.path, 'utf8');
  } catch (error) {
    process.stderr.write(`ghostline: cannot read ${parsed.path}: ${(error as Error).message}\n`);
    return 2;
  }
  const lines = text.split('\n');
  const lineText = (lines[parsed.line - 1] ?? '').replace(/\r$/, '');
  if (parsed.line > lines.length) {
    process.stderr.write(`ghostline: ${parsed.path} has ${lines.length} lines\n`);
    return 2;
  }
  // Columns count characters (code points); LSP positions count UTF-16 code units.
  const codePoints = [...lineText];
  const column = parsed.column ?? codePoints.length + 1;
  if (column > codePoints.length + 1) {
    process.stderr.write(`ghostline: line ${parsed.line} has ${codePoints.length} characters\n`);
    return 2;
  }
  const character = codePoints.slice(0, column - 1).join('').length;

  // No debounce: nobody is typing. A generous budget: the first request may load the model.
  const cliSettings: Settings = { ...settings, completion: { ...settings.completion, debounceMs: 0 } };
  const host = createEngineHost(cliSettings, createStderrLogger('warn'));
  const started = performance.now();
  const outcome = await host.completeAt({ path: parsed.path, text, line: parsed.line - 1, character, budgetMs: Math.max(60_000, settings.completion.timeoutMs) });
  const elapsed = Math.round(performance.now() - started);
  if (outcome.kind === 'empty') {
    process.stderr.write(`ghostline: no completion (${outcome.reason}) [${elapsed} ms]\n`);
    if (outcome.problem) process.stderr.write(`${outcome.problem.message}\n`);
    return outcome.problem ? 1 : 0;
  }
  process.stdout.write(outcome.text + '\n');
  process.stderr.write(`ghostline: ${outcome.mode}-line completion from ${settings.model.name} in ${elapsed} ms\n`);
  return 0;
}
