import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../server/context/index/lexical-index.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { lexicalCandidates } from '../../server/context/retrieval/sources/lexical.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankings, warmRankingsFor } from '../../server/context/retrieval/sources/imported-api.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

describe('BM25 chunks warmed after an update, off the keystroke path', () => {
  it('indexes a few pending chunks at once, and leaves a build’s thousands to the sliced warm-up', () => {
    const lexical = new LexicalIndex();
    lexical.add(1, 'parseHeader', 'func parseHeader(line string) Header');
    lexical.add(2, 'writeHeader', 'func writeHeader(w io.Writer, h Header)');
    lexical.warmNow(1);
    expect(lexical.unindexed).toBe(2);
    lexical.warmNow(2);
    expect(lexical.unindexed).toBe(0);
    expect(lexical.query(['parseheader'], 5).map((hit) => hit.id)).toEqual([1]);
  });

  it('re-ranking an edited file indexes its new declarations, and the next gather finds them', async () => {
    const root = workspace({
      'go.mod': 'module example.com/app\n\ngo 1.22\n',
      'a.go': 'package app\n\nfunc Alpha() int { return 1 }\n',
      'b.go': 'package app\n\nfunc useIt() {\n\tx := 1\n\t_ = x\n}\n',
    });
    const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
    await index.build();
    await warmRankings(index);
    await index.warmSearch();
    index.update('a.go', 'package app\n\nfunc Alpha() int { return 1 }\n\n// zebraQuux counts stripes.\nfunc zebraQuux(stripes int) int { return stripes }\n');
    warmRankingsFor(index, 'a.go');
    const text = 'package app\n\nfunc useIt() {\n\tn := zebraQuux(3)\n\t_ = n\n}\n';
    const offset = text.indexOf('_ = n');
    const focus = focusAt({ text, offset, tree: languages.byPath('b.go')!.parser.parse(text), languageId: 'go' });
    const found = lexicalCandidates({ index, file: 'b.go', languageId: 'go', focus, scope: importScope(index, 'b.go') });
    expect(found.map((candidate) => candidate.key)).toContain('a.go#5:.zebraQuux');
  });
});
