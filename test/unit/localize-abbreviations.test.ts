import { describe, expect, it } from 'vitest';
import { locateTask } from '../../server/task/localize.js';
import { abbreviationTerms } from '../../server/task/localize/abbreviations.js';
import { bm25Documents } from '../../server/task/localize/lexical.js';
import { codeWords } from '../../server/task/localize/terms.js';
import { fixtureIndexer } from '../support/localize-fixtures.js';

const indexOf = fixtureIndexer();

/** BM25 documents holding the code words of each text. */
function docs(...texts: string[]) {
  return bm25Documents(texts.map((text) => new Map(codeWords(text).map((word) => [word, 1]))));
}

describe('abbreviations: task words the code spells shorter or longer', () => {
  it('meets a code word the task spells longer, and one it spells shorter', () => {
    const vocabulary = docs('readConfig(path)', 'unsubscribe(subscriber)', 'unsubscribeAll()', 'initialValue');
    const added = abbreviationTerms(
      new Map([
        ['configuration', 1],
        ['unsub', 2],
        ['initialization', 1],
      ]),
      vocabulary,
      0.5,
    );
    expect(added.get('config')).toBe(0.5);
    expect(added.get('initial')).toBe(0.5);
    expect(added.get(codeWords('unsubscribe')[0]!)).toBe(1);
  });

  it('leaves short words and words the code already holds alone', () => {
    const vocabulary = docs('mapper(value)', 'mapValues(table)', 'scheduler.flush()');
    const added = abbreviationTerms(
      new Map([
        ['map', 1],
        ['flush', 1],
      ]),
      vocabulary,
      0.5,
    );
    expect([...added.keys()]).toEqual([]);
  });

  it('finds the declaration a task names in prose longer than its identifiers', async () => {
    const index = await indexOf({
      'package.json': '{"name":"tool","type":"module"}',
      'src/config.ts': '/** Reads the settings file at a path. */\nexport function readConfig(path: string): string {\n  return path;\n}\n',
      'src/log.ts': '/** Writes a line to the log. */\nexport function writeLog(line: string): void {\n  console.error(line);\n}\n',
      'src/open.ts': '/** Opens a file for reading. */\nexport function openFile(path: string): number {\n  return path.length;\n}\n',
    });
    const task = 'complain about a missing configuration';
    const names = (tuning?: { abbreviationWeight: number }) => locateTask({ index, task, tuning }).declarations.map((d) => d.name);
    expect(names()[0]).toBe('readConfig');
    expect(names({ abbreviationWeight: 0 })).not.toContain('readConfig');
  });
});
