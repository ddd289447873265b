import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../server/config/settings.js';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { RepositoryContextProvider } from '../../server/context/retrieval/repository-context.js';
import { RecentRegions } from '../../server/context/retrieval/sources/recent.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { splitAtCursor } from '../support/cursor.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

const LIB = 'package lib\n\n// Scale multiplies.\nfunc Scale(x int) int { return x * 2 }\n\n// Clamp bounds.\nfunc Clamp(x int) int { return x }\n';
const MAIN = 'package app\n\nimport "example.com/app/lib"\n\nfunc run(x int) int {\n\tx = lib.Scale(x)\n\t█\n}\n\nfunc other() int {\n\treturn lib.Clamp(1)\n}\n';

async function setUp() {
  const { text, offset } = splitAtCursor(MAIN);
  const root = workspace({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'lib/lib.go': LIB, 'app/main.go': text });
  const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
  await index.build();
  const documents = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => 1_000_000 });
  const uri = pathToFileURL(join(root, 'app/main.go')).href;
  documents.open(uri, 'go', 1, text);
  const settings = defaultSettings();
  const provider = new RepositoryContextProvider({ indexes: () => [index], documents, recent: new RecentRegions(), settings: () => settings, logger: silentLogger });
  const request = (at: number, timeoutMs: number) => ({ uri, text, offset: at, languageId: 'go' as const, budgetTokens: 1024, signal: new AbortController().signal, timeoutMs });
  return { provider, request, uri, offset, other: text.indexOf('return lib.Clamp') };
}

describe("a gather's fallback", () => {
  it("is the last finished gather for the place the document's latest request asks about, even one its time cap cut short", async () => {
    const { provider, request, uri, offset, other } = await setUp();
    expect(provider.fallback(uri)).toBeUndefined();
    // A cap of 0 ms: the first source (definitions of what the function names) runs, the later ones are skipped.
    const cut = provider.gatherNow(request(offset, 0));
    expect(cut?.snippets.map((snippet) => snippet.content).join('\n')).toContain('func Scale(');
    expect(provider.fallback(uri)).toBe(cut);
    // A result cut short is no hit: the next request for the place gathers again, and its whole result replaces it.
    const whole = provider.gatherNow(request(offset, 60_000));
    expect(whole).not.toBe(cut);
    expect(provider.fallback(uri)).toBe(whole);
    // Once the document's latest request asks about another place, the earlier place's result is not its fallback.
    const elsewhere = request(other, 60_000);
    const found = await provider.gather(elsewhere);
    expect(found?.snippets.map((snippet) => snippet.content).join('\n')).toContain('func Clamp(');
    expect(provider.fallback(uri)).toBe(found);
  });
});
