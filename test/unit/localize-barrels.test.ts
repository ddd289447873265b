import { describe, expect, it } from 'vitest';
import { locateTask } from '../../server/task/localize.js';
import { hasExportIntent } from '../../server/task/localize/companions.js';
import { fixtureIndexer } from '../support/localize-fixtures.js';

const indexOf = fixtureIndexer();

const paths = (result: { files: Array<{ path: string }> }) => result.files.map((f) => f.path);

const operator = (name: string, doc: string) => `/** ${doc} */\nexport function ${name}<T>(source: T[]): T[] {\n  return source.slice();\n}\n`;

/**
 * A package whose operators reach users through two barrels (the package root and `operators/`),
 * beside operators whose words match a task about `retryWhen` almost as well as its own file.
 */
const PACKAGE: Record<string, string> = {
  'package.json': '{"name":"streams","type":"module"}',
  'src/index.ts': ["export { map } from './internal/operators/map';", "export { filter } from './internal/operators/filter';"].join('\n'),
  'src/operators/index.ts': [
    "export { map } from '../internal/operators/map';",
    "export { filter } from '../internal/operators/filter';",
    "export { retryWhen } from '../internal/operators/retryWhen';",
  ].join('\n'),
  'src/internal/operators/retryWhen.ts': operator('retryWhen', 'Resubscribes to the source when a notifier emits after an error.'),
  'src/internal/operators/retry.ts': operator('retry', 'Resubscribes to the source after an error, a number of times.'),
  'src/internal/operators/repeatWhen.ts': operator('repeatWhen', 'Resubscribes to the source when a notifier emits after completion.'),
  'src/internal/operators/catchError.ts': operator('catchError', 'Replaces the source with another after an error.'),
  'src/internal/operators/map.ts': operator('map', 'Applies a projection to each value.'),
  'src/internal/operators/filter.ts': operator('filter', 'Keeps the values a predicate accepts.'),
};

describe('a task about exports', () => {
  it('reads export wording, not every task', () => {
    expect(hasExportIntent('renamed `retryWhen` and exported from the top level')).toBe(true);
    expect(hasExportIntent('Expose `Connectable`, return type of `connectable`')).toBe(true);
    expect(hasExportIntent('remove sortActions from public API')).toBe(true);
    expect(hasExportIntent('retryWhen resubscribes after an error')).toBe(false);
  });

  it('ranks the barrels that pass the named file on right behind it', async () => {
    const index = await indexOf(PACKAGE);
    const result = locateTask({ index, task: 'renamed `retryWhen` and exported from the top level' });
    const top = paths(result);
    expect(result.files[1]?.why).toBe('it re-exports src/internal/operators/retryWhen.ts, and the task is about exports');
    expect(top[0]).toBe('src/internal/operators/retryWhen.ts');
    expect(top[1]).toBe('src/operators/index.ts');
    // The root barrel does not pass retryWhen on: it stays where its own words put it.
    expect(top.indexOf('src/index.ts')).not.toBe(2);
  });

  it('leaves the barrels where they were when the task does not talk about exports', async () => {
    const index = await indexOf(PACKAGE);
    const top = paths(locateTask({ index, task: 'renamed `retryWhen` and resubscribes after an error' })).slice(0, 3);
    expect(top[0]).toBe('src/internal/operators/retryWhen.ts');
    expect(top).not.toContain('src/operators/index.ts');
  });
});

const pyOperator = (name: string, doc: string) => `def ${name}(source):\n    """${doc}"""\n    return list(source)\n`;

/** The same package in Python: `streams/__init__.py` and `streams/operators/__init__.py` pass operators on by importing them. */
const PY_PACKAGE: Record<string, string> = {
  'pyproject.toml': '[project]\nname = "streams"\n',
  'streams/__init__.py': ['from .internal.map import map_values', 'from .internal.filter import keep'].join('\n'),
  'streams/operators/__init__.py': ['from ..internal.map import map_values', 'from ..internal.filter import keep', 'from ..internal.retry_when import retry_when'].join('\n'),
  'streams/internal/__init__.py': '',
  'streams/internal/retry_when.py': pyOperator('retry_when', 'Resubscribes to the source when a notifier emits after an error.'),
  'streams/internal/retry.py': pyOperator('retry', 'Resubscribes to the source after an error, a number of times.'),
  'streams/internal/repeat_when.py': pyOperator('repeat_when', 'Resubscribes to the source when a notifier emits after completion.'),
  'streams/internal/catch_error.py': pyOperator('catch_error', 'Replaces the source with another after an error.'),
  'streams/internal/map.py': pyOperator('map_values', 'Applies a projection to each value.'),
  'streams/internal/filter.py': pyOperator('keep', 'Keeps the values a predicate accepts.'),
};

describe('a task about exports, in Python', () => {
  it('ranks the __init__.py that imports the named module right behind it', async () => {
    const index = await indexOf(PY_PACKAGE);
    const result = locateTask({ index, task: 'renamed `retry_when` and exported from the top level' });
    const top = paths(result);
    expect(top[0]).toBe('streams/internal/retry_when.py');
    expect(top[1]).toBe('streams/operators/__init__.py');
    expect(result.files[1]?.why).toBe('it re-exports streams/internal/retry_when.py, and the task is about exports');
    // The package's own __init__.py does not import retry_when: it stays where its own words put it.
    expect(top.indexOf('streams/__init__.py')).not.toBe(2);
  });
});
