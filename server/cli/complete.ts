import type { CompletionOutcome } from '../completion/engine.js';
import type { Settings } from '../config/schema.js';
import { createStderrLogger } from '../util/logger.js';
import { readRegularFile } from '../util/safe-read.js';
import { inCliWords } from './arguments.js';
import { createEngineHost } from './engine-host.js';
import { workspaceRootOf } from './workspace-root.js';

/** Parses `FILE:LINE[:COL]` (1-based; COL counts characters, as an editor's status line does). */
export function parseTarget(target: string): { path: string; line: number; column?: number } | undefined {
  const match = /^(.*?):(\d+)(?::(\d+))?$/.exec(target);
  if (!match?.[1] || !match[2]) return undefined;
  const line = Number(match[2]);
  const column = match[3] === undefined ? undefined : Number(match[3]);
  if (line < 1 || (column !== undefined && column < 1)) return undefined;
  return { path: match[1], line, column };
}

/** How long a silent wait for the model lasts before the CLI says what it waits for. */
const NOTICE_AFTER_MS = 2000;

/**
 * `ghostline complete FILE:LINE:COL`: prints the completion the language server would show there.
 * Exit 0 only when a completion was printed; otherwise 1 (2 for a bad target), with the reason on
 * one line of stderr, in the CLI's words.
 */
export async function runComplete(settings: Settings, target: string, options: { timeoutMs?: number } = {}): Promise<number> {
  const cursor = await readCursor(target, settings.completion.maxFileBytes);
  if (typeof cursor === 'string') {
    process.stderr.write(`ghostline: ${cursor}\n`);
    return 2;
  }
  // No debounce: nobody is typing. A generous budget: the first request may load the model, and a
  // fresh process gathers context more slowly than a warm server, so the gathering cap is lifted too.
  const cliSettings: Settings = {
    ...settings,
    completion: { ...settings.completion, debounceMs: 0 },
    context: { ...settings.context, gatherTimeoutMs: 1000 },
  };
  // Errors only: each problem is said once below, in the CLI's words, not also as a log line.
  const host = createEngineHost(cliSettings, createStderrLogger('error'));
  if (!host.languages.byPath(cursor.path)) {
    process.stderr.write(`ghostline: cannot complete ${cursor.path}: Ghostline completes ${host.languages.loadAll().loaded.join(', ')} files\n`);
    return 1;
  }
  const budgetMs = options.timeoutMs ?? Math.max(60_000, settings.completion.timeoutMs);
  let notice: NodeJS.Timeout | undefined;
  let outcome: CompletionOutcome;
  let elapsed: number;
  try {
    // The same repository context the editor would send, from the workspace the file belongs to.
    await host.index(workspaceRootOf(cursor.path));
    notice = setTimeout(() => {
      process.stderr.write(
        `ghostline: waiting for ${settings.model.name} at ${settings.model.url} (loading a model can take a while; giving up after ${Math.round(budgetMs / 1000)} s, see --timeout)\n`,
      );
    }, NOTICE_AFTER_MS);
    const started = performance.now();
    outcome = await host.completeAt({ ...cursor, budgetMs });
    elapsed = Math.round(performance.now() - started);
  } finally {
    clearTimeout(notice);
    await host.dispose();
  }
  if (outcome.kind === 'empty') {
    const reason = outcome.problem ? inCliWords(outcome.problem.message) : `no completion (${outcome.reason}) after ${elapsed} ms`;
    process.stderr.write(`ghostline: ${reason.replace(/^Ghostline:\s*/, '')}\n`);
    return 1;
  }
  process.stdout.write(outcome.text + '\n');
  process.stderr.write(`ghostline: ${outcome.mode}-line completion from ${settings.model.name} in ${elapsed} ms\n`);
  return 0;
}

/**
 * The file and 0-based UTF-16 position a target names, or what is wrong with it. Only a regular
 * file is opened: a FIFO would block the read forever.
 */
async function readCursor(target: string, maxBytes: number): Promise<{ path: string; text: string; line: number; character: number } | string> {
  const parsed = parseTarget(target);
  if (!parsed) return `expected FILE:LINE[:COL] with 1-based numbers, got "${target}"`;
  const read = await readRegularFile(parsed.path, { maxBytes });
  if (!read.ok) return `cannot read ${parsed.path}: ${read.reason === 'not-regular' ? `it is ${read.detail}, not a regular file` : read.detail}`;
  const { text } = read;
  const lines = text.split('\n');
  if (parsed.line > lines.length) return `${parsed.path} has ${lines.length} lines`;
  // Columns count characters (code points); LSP positions count UTF-16 code units.
  const codePoints = [...(lines[parsed.line - 1] ?? '').replace(/\r$/, '')];
  const column = parsed.column ?? codePoints.length + 1;
  if (column > codePoints.length + 1) return `line ${parsed.line} has ${codePoints.length} characters`;
  return { path: parsed.path, text, line: parsed.line - 1, character: codePoints.slice(0, column - 1).join('').length };
}
