import { describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { reachOf } from '../../server/context/retrieval/sources/member-resolver.js';
import { warmRankings, warmRankingsFor } from '../../server/context/retrieval/sources/rankings-warm.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

const READER = 'package app\n\ntype Reader struct{}\n\nfunc (r *Reader) Close() error { return nil }\n';
const WRITER = 'package app\n\ntype Writer struct{}\n\nfunc (w *Writer) Close() error { return nil }\n';
const USE = 'package app\n\nfunc use(r *Reader, v any) {\n\tr.Close()\n\tv.Close()\n}\n';

async function indexed(): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(workspace({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'reader.go': READER, 'writer.go': WRITER, 'use.go': USE }), languages, () => ({
    maxFileBytes: 1_000_000,
    maxFiles: 100,
  }));
  await index.build();
  await warmRankings(index);
  return index;
}

const reachIn = (index: WorkspaceIndex, file = 'use.go') => reachOf({ index, file, languageId: 'go', scope: importScope(index, file) });
const names = (refs: ReadonlyArray<{ file: string; declaration: { container?: string; name: string } }>) =>
  refs.map((ref) => `${ref.file}:${ref.declaration.container}.${ref.declaration.name}`).sort();

/** Counts the index's lookups by name while `run` runs. */
function lookupsDuring(index: WorkspaceIndex, run: () => void): number {
  const byName = index.declarationsNamed.bind(index);
  const byMember = index.containersOfMember.bind(index);
  let lookups = 0;
  index.declarationsNamed = (name) => (lookups++, byName(name));
  index.containersOfMember = (name) => (lookups++, byMember(name));
  try {
    run();
  } finally {
    index.declarationsNamed = byName;
    index.containersOfMember = byMember;
  }
  return lookups;
}

describe("what `x.name` means in a file, kept for one state of the index (the file's Reach)", () => {
  it('is worked out once per state: the same answers to a second gather, with no lookup', async () => {
    const index = await indexed();
    const reach = reachIn(index);
    expect(names(reach.methods('Close'))).toEqual(['reader.go:Reader.Close', 'writer.go:Writer.Close']);
    expect(reach.untyped('Close')).toHaveLength(2);
    expect(reachIn(index)).toBe(reach);
    expect(lookupsDuring(index, () => (reachIn(index).methods('Close'), reachIn(index).untyped('Close')))).toBe(0);
    // Another file reaches other things: its own Reach.
    expect(reachIn(index, 'reader.go')).not.toBe(reach);
    expect(names(reachIn(index, 'reader.go').methods('Close'))).toEqual(['writer.go:Writer.Close']);
  });

  it('is worked out again once the index changes: a method added in another file is found by the next gather', async () => {
    const index = await indexed();
    expect(reachIn(index).methods('Flush')).toEqual([]);
    index.update('writer.go', `${WRITER}\nfunc (w *Writer) Flush() error { return nil }\n`);
    expect(names(reachIn(index).methods('Flush'))).toEqual(['writer.go:Writer.Flush']);
    index.remove('writer.go');
    expect(names(reachIn(index).methods('Close'))).toEqual(['reader.go:Reader.Close']);
  });

  it('is filled by the re-rank turn after an update, for the member names the file calls: the gather only reads it', async () => {
    const index = await indexed();
    index.update('use.go', `${USE}\nfunc more(r *Reader) { r.Close() }\n`);
    warmRankingsFor(index, 'use.go');
    expect(lookupsDuring(index, () => (reachIn(index).methods('Close'), reachIn(index).untyped('Close')))).toBe(0);
    // A name the file does not call is worked out when a gather first asks.
    expect(lookupsDuring(index, () => reachIn(index).methods('Open'))).toBe(1);
  });
});
