import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { estimateTokens } from '../context/retrieval/packing.js';

/** One question and the answer given to it. */
export interface Turn {
  question: string;
  answer: string;
}

/** Session names become file names: letters, digits, `.`, `_`, `-`, nothing that climbs folders. */
const SESSION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
/** Turns kept on disk per session; older ones could never fit a prompt anyway. */
const MAX_STORED_TURNS = 50;

/** Whether a --session name is acceptable, with the reason when not. */
export function sessionNameProblem(name: string): string | undefined {
  return SESSION_NAME.test(name) ? undefined : `--session "${name}": use up to 64 letters, digits, ".", "_" or "-"`;
}

/** Where a workspace's session lives: beside the index cache, per workspace (a hash of its root), never in the workspace. */
export function sessionFile(cacheDir: string, root: string, name: string): string {
  const workspace = createHash('sha1').update(root).digest('hex').slice(0, 16);
  return join(cacheDir, 'sessions', workspace, `${name}.json`);
}

/** The turns stored so far, oldest first; none when the session is new or its file unreadable. */
export async function loadTurns(file: string): Promise<Turn[]> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { turns?: unknown };
    return Array.isArray(parsed.turns) ? parsed.turns.filter(isTurn) : [];
  } catch {
    return [];
  }
}

/** Appends a turn and writes the session atomically (temporary file, then rename). */
export async function appendTurn(file: string, turns: readonly Turn[], turn: Turn): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ turns: [...turns, turn].slice(-MAX_STORED_TURNS) }), { mode: 0o600 });
  await rename(temporary, file);
}

/** The most recent turns that fit the budget, oldest first: the oldest are dropped first. */
export function turnsWithin(turns: readonly Turn[], budgetTokens: number): Turn[] {
  const kept: Turn[] = [];
  let used = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    const cost = estimateTokens(turn.question) + estimateTokens(turn.answer);
    if (used + cost > budgetTokens) break;
    used += cost;
    kept.unshift(turn);
  }
  return kept;
}

function isTurn(value: unknown): value is Turn {
  const turn = value as Partial<Turn> | null;
  return typeof turn?.question === 'string' && typeof turn.answer === 'string';
}
