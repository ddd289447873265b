import { afterAll, beforeAll } from 'vitest';
import { runTaskCommand } from '../../server/cli/task-run.js';
import type { Settings } from '../../server/config/schema.js';
import { applySettings, defaultSettings } from '../../server/config/settings.js';
import { ACTION_MODEL, startActionFake } from './actions.js';
import type { FakeOllama } from './fake-ollama.js';
import { makeTaskRepo, type TaskRepo, taskInput, TEST_CACHE_DIR } from './task-repo.js';

/** One `ghostline task` run as the CLI would make it, with what it printed. */
export interface TaskRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

/** What a task test file shares: the scripted model, fresh fixture repositories and the task runner. */
export interface TaskSuite {
  fake(): FakeOllama;
  settings(): Settings;
  repo(): TaskRepo;
  run(root: string, ...args: string[]): Promise<TaskRun>;
}

/**
 * Registers the file's hooks (a fake model server started once; every repository made is removed at
 * the end) and returns the helpers its tests use to run `task` on copies of one fixture.
 */
export function taskSuite(fixture: string, task: string, options: { linkNodeModules?: boolean } = {}): TaskSuite {
  let fake: FakeOllama | undefined;
  const repos: TaskRepo[] = [];
  beforeAll(async () => {
    fake = await startActionFake();
  });
  afterAll(async () => {
    await fake?.close();
    for (const repo of repos) repo.remove();
  });
  const started = (): FakeOllama => {
    if (!fake) throw new Error('the fake model server starts in beforeAll');
    return fake;
  };
  const settings = (): Settings =>
    applySettings(defaultSettings(), { model: { url: started().url }, actions: { model: ACTION_MODEL }, context: { cacheDir: TEST_CACHE_DIR } }).settings;
  return {
    fake: started,
    settings,
    repo: () => {
      const made = makeTaskRepo(fixture, options);
      repos.push(made);
      return made;
    },
    run: async (root, ...args) => {
      let stdout = '';
      let stderr = '';
      const code = await runTaskCommand(settings(), taskInput([task, '--root', root, ...args]), { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
      return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
    },
  };
}
