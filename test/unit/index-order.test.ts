import { describe, expect, it } from 'vitest';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { LexicalIndex } from '../../server/context/index/lexical-index.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

/** Three files that each declare `Run`, call `helper` and hold the same `Shared` chunk: every lookup below ties across them. */
function goFile(name: string): string {
  return `package app\n\n// Run starts ${name}.\nfunc Run() {\n\thelper()\n}\n\n// Shared answers the same in every file.\nfunc Shared() string {\n\treturn "same"\n}\n`;
}

async function built(): Promise<{ index: WorkspaceIndex; files: Record<string, string> }> {
  const files = { 'app/a.go': goFile('a'), 'app/b.go': goFile('b'), 'app/c.go': goFile('c'), 'app/helper.go': 'package app\n\nfunc helper() {}\n' };
  const index = new WorkspaceIndex(workspace(files), languages, () => ({ maxFileBytes: 200_000, maxFiles: 100 }));
  await index.build();
  return { index, files };
}

/** What rankings read where scores tie: the order of each lookup's entries, and which chunks a short search keeps. */
function orders(index: WorkspaceIndex) {
  return {
    named: index.declarationsNamed('Run').map((ref) => ref.file),
    callers: index.callersOf('helper').map((ref) => ref.file),
    inPackage: index.topLevelNamedIn('app', 'Shared').map((ref) => ref.file),
    search: index.searchChunks(['shared', 'answers'], 2).map((ref) => ref.file),
  };
}

describe('the index orders ties by place, not by history', () => {
  it('an edit and its undo leave every lookup as a fresh build has it', async () => {
    const { index, files } = await built();
    const fresh = orders(index);
    expect(fresh).toEqual({
      named: ['app/a.go', 'app/b.go', 'app/c.go'],
      callers: ['app/a.go', 'app/b.go', 'app/c.go'],
      inPackage: ['app/a.go', 'app/b.go', 'app/c.go'],
      search: ['app/a.go', 'app/b.go'],
    });
    // The middle file edited (its Shared changed, so its chunk is made again) and restored, as an undo does.
    index.update('app/b.go', files['app/b.go']!.replace('return "same"', 'return "other"'));
    index.update('app/b.go', files['app/b.go']!);
    expect(orders(index)).toEqual(fresh);
  });

  it('a file re-indexed after the others keeps its place among them', async () => {
    const { index, files } = await built();
    const fresh = orders(index);
    index.update('app/a.go', `${files['app/a.go']!}\n`);
    expect(orders(index)).toEqual(fresh);
  });
});

describe('BM25 scores after chunks come and go', () => {
  it('are the same, to the last bit, after edits and their undos', () => {
    const lexical = new LexicalIndex();
    // Chunks of many lengths, one in 250 with the rare word asked for (a common one is left out of queries).
    const word = (n: number) => `w${String.fromCharCode(97 + (n % 26))}${String.fromCharCode(97 + (Math.floor(n / 26) % 26))}x`;
    const text = (i: number) => [...Array.from({ length: 1 + ((i * 7919) % 97) }, (_, j) => word(i * 31 + j * 17)), ...(i % 250 === 0 ? ['needle'] : [])].join(' ');
    const count = 5000;
    const ids = Array.from({ length: count }, (_, i) => i);
    for (const i of ids) lexical.add(i, `name${i}`, text(i));
    const scores = () => lexical.query(['needle'], 50).map((hit) => hit.score);
    const before = scores();
    expect(before).toHaveLength(20);
    let next = count;
    for (let round = 0; round < 20; round++) {
      // An edit (the chunk made again with other text) and its undo (made again as it was), each under a new id.
      const k = (round * 37) % count;
      const edited = next++;
      lexical.discard(ids[k]!, `name${k}`, text(k));
      lexical.add(edited, `name${k}`, text(k + 1));
      scores();
      lexical.discard(edited, `name${k}`, text(k + 1));
      lexical.add((ids[k] = next++), `name${k}`, text(k));
    }
    // MiniSearch's running average of lengths drifted in its last bits here (from round 6 on), and every score with it.
    expect(scores()).toEqual(before);
  });
});
