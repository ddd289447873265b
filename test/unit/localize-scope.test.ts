import { describe, expect, it } from 'vitest';
import { locateTask } from '../../server/task/localize.js';
import { fixtureIndexer } from '../support/localize-fixtures.js';

const indexOf = fixtureIndexer();

/**
 * A package whose scheduler actions live in `src/scheduler/`, while the words of a task about them
 * ("throwing", "error", "scheduled function") are those of files elsewhere.
 */
const PACKAGE: Record<string, string> = {
  'package.json': '{"name":"streams","type":"module"}',
  'src/scheduler/AsyncAction.ts': [
    'export class AsyncAction {',
    '  private pending = false;',
    '  run(work: (state: unknown) => void, state: unknown): unknown {',
    '    this.pending = false;',
    '    try {',
    '      work(state);',
    '    } catch (e) {',
    '      return e;',
    '    }',
    '    return undefined;',
    '  }',
    '}',
  ].join('\n'),
  'src/scheduler/QueueAction.ts': 'export class QueueAction {\n  flush(actions: Array<() => void>): void {\n    for (const action of actions) action();\n  }\n}\n',
  'src/observable/throwError.ts':
    '/** An observable that throws the given error to every subscriber. */\nexport function throwError(error: unknown): () => never {\n  return () => {\n    throw error;\n  };\n}\n',
  'src/util/createErrorClass.ts':
    '/** Makes an error class whose instances are real errors with a stack. */\nexport function createErrorClass(name: string): ErrorConstructor {\n  return Error;\n}\n',
  'src/scheduled/scheduled.ts': '/** Runs a function on a scheduler: the scheduled function gets the state. */\nexport function scheduled(run: () => void): void {\n  run();\n}\n',
};

const TASK = 'throwing a falsy error in a scheduled function no longer results in strange error objects';

describe('a Conventional Commits scope that names a folder', () => {
  it('ranks the files of that folder when the scope names no file or declaration', async () => {
    const index = await indexOf(PACKAGE);
    const result = locateTask({ index, task: `fix(schedulers): ${TASK}` });
    const paths = result.files.map((file) => file.path);
    // Behind the file the task's prose names (scheduled.ts) and the best match of its words, ahead of the rest.
    expect(paths.slice(0, 3)).toContain('src/scheduler/AsyncAction.ts');
    expect(paths.indexOf('src/scheduler/QueueAction.ts')).toBeLessThan(paths.indexOf('src/util/createErrorClass.ts'));
    expect(result.files.find((file) => file.path === 'src/scheduler/AsyncAction.ts')?.why).toBe("the task's scope (schedulers) names its folder src/scheduler/");
  });

  it('leaves the folder alone without a scope, or when the scope names a file', async () => {
    const index = await indexOf(PACKAGE);
    expect(locateTask({ index, task: TASK }).files[0]?.path).not.toMatch(/^src\/scheduler\//);
    expect(locateTask({ index, task: `fix(throwError): ${TASK}` }).files[0]?.path).toBe('src/observable/throwError.ts');
  });
});
