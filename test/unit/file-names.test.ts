import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../../server/core/language.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { focusAt, QUALIFIER_CHARS } from '../../server/context/retrieval/focus.js';
import { fileNamesSteps, type FileNames } from '../../server/context/retrieval/sources/file-names.js';
import { fileWideReferences } from '../../server/context/retrieval/sources/file-wide.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankings, warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { RECEIVER_CHAIN_CHARS } from '../../server/syntax/language-module.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { runSteps } from '../../server/util/steps.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

/** What the file imports as packages: a member not called counts only of these (`fmt.Stringer`, `self.x` where a module is `self`). */
const SCOPE = { namespaces: new Map<string, string[]>(['fmt', 'c', 'self', 'this.settings', 'util'].map((name) => [name, []])) };

/** The names of `text` read afresh, with nothing kept. */
function fresh(text: string, languageId: LanguageId, scope = SCOPE): FileNames {
  return runSteps(fileNamesSteps({ file: 'f', languageId, scope }, text));
}

/** The names of `text` for `file` of `index`: patched from what that file's last text left, when there is one. */
function kept(index: object, text: string, languageId: LanguageId, scope = SCOPE): FileNames {
  return runSteps(fileNamesSteps({ index: index as WorkspaceIndex, file: 'f', languageId, scope }, text));
}

const plain = ({ offsets, lines, uses }: FileNames) => ({ offsets: [...offsets], lines: [...lines], uses });

/** A seeded generator, so a failure names the edit that made it. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** What an edit may write: calls, members, chains, opening parentheses after blank lines, dots before them, quotes. */
const PIECES = ['(', ')', '.', ' ', '\n', '\t', 'x', 'foo.bar(', 'self.', '.Name(', '\n\n   ', '"', '#', '()', 'a.B().C(', ' (', '\n(', '.\n', 'φ', '\r\n', '\u3000'];

const SOURCES: Array<[string, LanguageId]> = [
  ['server/context/retrieval/sources/definitions.ts', 'typescript'],
  ['server/completion/engine.ts', 'typescript'],
  ['test/fixtures/greet.go', 'go'],
];

describe('a file’s names patched after an edit', () => {
  it.each(SOURCES)('are the names a whole scan of the edited text finds (%s, 200 random edits)', (path, languageId) => {
    const next = random(path.length);
    const index = {};
    let text = readFileSync(path, 'utf8');
    kept(index, text, languageId);
    for (let edit = 0; edit < 200; edit++) {
      const at = Math.floor(next() * text.length);
      const removed = next() < 0.4 ? Math.floor(next() * (next() < 0.3 ? 600 : 20)) : 0;
      const copiedFrom = Math.floor(next() * text.length);
      const written = next() < 0.2 ? text.slice(copiedFrom, copiedFrom + Math.floor(next() * 2000)) : (PIECES[Math.floor(next() * PIECES.length)] ?? '');
      text = text.slice(0, at) + written + text.slice(at + removed);
      expect(plain(kept(index, text, languageId)), `edit ${edit}: ${JSON.stringify(written)} at ${at}, ${removed} removed`).toEqual(plain(fresh(text, languageId)));
    }
  });

  const go = (lines: string[]) => `package x\n\nfunc f() {\n${lines.join('\n')}\n}\n`;

  it.each([
    ['a `(` written below a name and blank lines makes it a call', go(['\tcompute', '', '', '\tx := 1']), '\tcompute\n\n\n', '('],
    ['a dot written far above a name, across blank lines, makes it a chain’s member', go(['\tobj', '\n'.repeat(300) + '\tName()']), '\tobj', '.'],
    ['a call written into a long chain changes how its member is read', go([`\tc.${'field.'.repeat(30)}Name()`]), '\tc', '.Get()'],
  ])('%s', (_, before, where, written) => {
    const index = {};
    kept(index, before, 'go');
    const at = before.indexOf(where) + where.length;
    const after = before.slice(0, at) + written + before.slice(at);
    expect(plain(kept(index, after, 'go'))).toEqual(plain(fresh(after, 'go')));
    expect(plain(fresh(after, 'go'))).not.toEqual(plain(fresh(before, 'go')));
  });

  it('reads back at least as far as the chain readers do', () => {
    const longest = Math.max(RECEIVER_CHAIN_CHARS, QUALIFIER_CHARS);
    // A chain of 50 calls, one a line: each member's chain is read back to its start while that is within RECEIVER_CHAIN_CHARS.
    const chain = `\tc.${'Get().\n\t\t'.repeat(50)}Name()`;
    expect(chain.length).toBeGreaterThan(longest);
    const before = go([chain]);
    const index = {};
    kept(index, before, 'go');
    const after = before.replace('\tc.', '\tc().');
    expect(plain(kept(index, after, 'go'))).toEqual(plain(fresh(after, 'go')));
    // The members up to RECEIVER_CHAIN_CHARS on read the edited start: the chain `c().Get()…`, not `c.Get()…`.
    const far = fresh(after, 'go').uses.filter(({ key }) => key.startsWith('c().'));
    expect(far.length).toBeGreaterThan(20);
  });

  it('keeps the uses the edit did not reach, and reads again only what it did', () => {
    const text = readFileSync('server/completion/engine.ts', 'utf8');
    const index = {};
    const before = kept(index, text, 'typescript');
    const middle = text.indexOf('\n', text.length >> 1) + 1;
    const after = kept(index, `${text.slice(0, middle)}x${text.slice(middle)}`, 'typescript');
    // The same objects at both ends: kept, not made again by a whole scan (which makes every use anew).
    expect(after.uses[0]).toBe(before.uses[0]);
    expect(after.uses.at(-1)).toBe(before.uses.at(-1));
    expect(after.offsets.at(-1)).toBe(before.offsets.at(-1)! + 1);
    expect(fresh(text, 'typescript').uses.at(-1)).not.toBe(before.uses.at(-1));
  });

  it('reads only the lines asked for when nothing is kept, and keeps nothing of them', () => {
    const text = go(Array.from({ length: 100 }, (_, i) => `\tcall${i}(x)`));
    const index = {};
    const within = () => ({ from: text.indexOf('\tcall10('), to: text.indexOf('\tcall20('), line: 13 });
    const part = runSteps(fileNamesSteps({ index: index as WorkspaceIndex, file: 'f', languageId: 'go', scope: SCOPE }, text, within));
    expect(part.uses.map(({ reference }) => reference.name)).toEqual(Array.from({ length: 10 }, (_, i) => `call${i + 10}`));
    expect([...part.lines]).toEqual(Array.from({ length: 10 }, (_, i) => 13 + i));
    expect(kept(index, text, 'go').uses).toHaveLength(fresh(text, 'go').uses.length);
  });

  it('keeps nothing of a text longer than the index reads by default: its gathers read their own lines', () => {
    const text = go(Array.from({ length: 80_000 }, (_, i) => `\tcall${i}(x)`));
    expect(text.length).toBeGreaterThan(1_000_000);
    const index = {};
    expect(kept(index, text, 'go').uses).toHaveLength(fresh(text, 'go').uses.length);
    const within = () => ({ from: text.indexOf('\tcall10('), to: text.indexOf('\tcall20('), line: 13 });
    expect(runSteps(fileNamesSteps({ index: index as WorkspaceIndex, file: 'f', languageId: 'go', scope: SCOPE }, text, within)).uses).toHaveLength(10);
  });

  it('does not reuse what a text read in another language found', () => {
    const text = 'import { a } from "./a";\nexport const v = a.run(x).then(done);\n';
    const index = {};
    kept(index, text, 'python');
    expect(plain(kept(index, `${text} `, 'typescript'))).toEqual(plain(fresh(`${text} `, 'typescript')));
  });

  it('does not reuse what a text read for other imports found: a package’s member not called counts, a value’s does not', () => {
    const text = go(['\tvar s fmt.Stringer', '\tn := req.Header']);
    const index = {};
    const names = (read: FileNames) => read.uses.map(({ key }) => key);
    expect(names(kept(index, text, 'go'))).toEqual(['.f', 'fmt.Stringer']);
    const withReq = { namespaces: new Map([['req', []]]) };
    expect(names(kept(index, `${text} `, 'go', withReq))).toEqual(['.f', 'req.Header']);
  });
});

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

describe('a file’s names read in the re-rank turn', () => {
  it('are there for the next gather, which counts the same names as a scan of its own', async () => {
    const main = `package app\n\nimport "example.com/app/util"\n\nfunc run() {\n\tutil.Start()\n\t\n\tutil.Stop(util.Config())\n}\n`;
    const root = workspace({
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'main.go': main,
      'util/util.go': 'package util\n\nfunc Start() {}\nfunc Stop(c int) {}\nfunc Config() int { return 0 }\n',
    });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
    await index.build();
    await warmRankings(index);
    const edited = main.replace('\t\n', '\tutil.Re\n');
    index.update('main.go', edited);
    warmRankingsFor(index, 'main.go', edited);
    // Asked for one line: the whole file's names come back, as the re-rank turn kept them.
    const oneLine = () => ({ from: edited.indexOf('\tutil.Re'), to: edited.indexOf('\tutil.Stop'), line: 6 });
    const scope = importScope(index, 'main.go');
    expect(plain(runSteps(fileNamesSteps({ index, file: 'main.go', languageId: 'go', scope }, edited, oneLine)))).toEqual(plain(fresh(edited, 'go', scope)));
    expect(fresh(edited, 'go', scope).uses.length).toBeGreaterThan(2);
    const focus = focusAt({ text: edited, offset: edited.indexOf('Re\n') + 2, tree: languages.byPath('main.go')!.parser.parse(edited), languageId: 'go' });
    const input = { index, file: 'main.go', languageId: 'go' as const, focus, scope: importScope(index, 'main.go') };
    const counted = fileWideReferences(input, input.scope);
    expect(counted.map(({ name }) => name)).toEqual(expect.arrayContaining(['Start', 'Stop', 'Config']));
    expect(counted).toEqual(fileWideReferences({ ...input, index: undefined as unknown as WorkspaceIndex }, input.scope));
  });
});
