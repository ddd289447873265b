import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TASK_OPTIONS, type TaskInput } from '../../server/cli/task-options.js';
import type { FakeOllama, RecordedRequest } from './fake-ollama.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** The repository, from test/support or from its compiled copy in dist/test/support (benchmarks, scripts). */
const REPOSITORY = HERE.includes(`${sep}dist${sep}`) ? join(HERE, '..', '..', '..') : join(HERE, '..', '..');
const FIXTURES = join(REPOSITORY, 'test', 'fixtures', 'task');
/** This repository's node_modules (vitest, typescript), as a project's installed ones. */
export const OWN_NODE_MODULES = join(REPOSITORY, 'node_modules');

/** A fixture project copied into a fresh git repository with one commit, as a user's checkout would be. */
export interface TaskRepo {
  root: string;
  read(path: string): string;
  write(path: string, text: string): void;
  git(...args: string[]): string;
  /** A hash of every file (outside .git and node_modules) with its content: equal hashes, byte-identical trees. */
  hash(): string;
  remove(): void;
}

const GIT_ENV = { GIT_AUTHOR_NAME: 'Test User', GIT_AUTHOR_EMAIL: 'user@example.com', GIT_COMMITTER_NAME: 'Test User', GIT_COMMITTER_EMAIL: 'user@example.com' };

/** Copies test/fixtures/task/<name> into a temporary git repository; `linkNodeModules` gives it Ghostline's own vitest and tsc. */
export function makeTaskRepo(name: string, options: { linkNodeModules?: boolean } = {}): TaskRepo {
  const root = mkdtempSync(join(tmpdir(), `ghostline-task-${name}-`));
  cpSync(join(FIXTURES, name), root, { recursive: true });
  if (options.linkNodeModules) symlinkSync(OWN_NODE_MODULES, join(root, 'node_modules'), 'dir');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test User');
  git('config', 'user.email', 'user@example.com');
  git('add', '-A');
  git('commit', '-q', '-m', 'initial');
  return {
    root,
    read: (path) => readFileSync(join(root, path), 'utf8'),
    write: (path, text) => writeFileSync(join(root, path), text),
    git,
    hash: () => hashTree(root),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function hashTree(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const path = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${path}/`);
      else
        hash
          .update(`${path}\0`)
          .update(readFileSync(join(dir, entry.name)))
          .update('\0');
    }
  };
  walk(root, '');
  return hash.digest('hex');
}

type Chat = RecordedRequest & { body: { messages: Array<{ role: string; content: string }> } };

/** Which stage a chat request is from: the edit prompt asks for <patch>, the test prompt for <code>, the optional rerank for <ranking>. */
export function stageOf(request: RecordedRequest): 'edit' | 'test' | 'rank' {
  const opening = (request.body as Chat['body']).messages.at(-1)?.content ?? '';
  return opening.startsWith('<patch>') ? 'edit' : opening.startsWith('<ranking>') ? 'rank' : 'test';
}

/**
 * Scripts the instruct model of a task run: the n-th edit request gets `edits[n]` and the n-th
 * test request `tests[n]` (the last reply repeats), whatever order the pipeline asks in; a rerank
 * request (task.rerank) gets `ranking`, by default "1".
 */
export function scriptTaskModel(fake: FakeOllama, script: { edits: string[]; tests: string[]; ranking?: string }): void {
  const served = { edit: 0, test: 0, rank: 0 };
  fake.reply((request) => {
    const stage = stageOf(request);
    const replies = stage === 'edit' ? script.edits : stage === 'rank' ? [script.ranking ?? '1'] : script.tests;
    const text = replies[Math.min(served[stage]++, replies.length - 1)] ?? '';
    return { text };
  });
}

/** The chat requests of one stage, in order, with their user message. */
export function stageRequests(fake: FakeOllama, stage: ReturnType<typeof stageOf>): string[] {
  return fake
    .generateRequests()
    .filter((request) => request.path === '/api/chat' && stageOf(request) === stage)
    .map((request) => (request.body as Chat['body']).messages.find((message) => message.role === 'user')?.content ?? '');
}

/** Command-line words after `task` as main.ts hands them to runTaskCommand: the task's words and its flags. */
export function taskInput(args: readonly string[]): TaskInput {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: TASK_OPTIONS });
  return { words: positionals, flags: values };
}

/** Where task runs in tests keep their index caches: never the user's own cache folder. */
export const TEST_CACHE_DIR = join(tmpdir(), 'ghostline-test-cache');
