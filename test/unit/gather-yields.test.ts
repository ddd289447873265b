import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Parser from 'tree-sitter';
import { describe, expect, it } from 'vitest';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { splitAtCursor } from '../support/cursor.js';
import { contextServicesDisposedAfterEach } from '../support/context-services.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();
const contextService = contextServicesDisposedAfterEach();

const CASES: Array<{ name: string; languageId: 'go' | 'typescript'; file: string; files: Record<string, string>; cursor: string }> = [
  {
    name: 'Go',
    languageId: 'go',
    file: 'main.go',
    files: { 'go.mod': 'module example.com/m\n\ngo 1.21\n', 'util.go': 'package main\n\n// Weigh weighs.\nfunc Weigh(v int) int { return v * 2 }\n' },
    cursor: 'package main\n\nfunc main() {\n\ttotal := Weigh(3)\n\t█\n}\n',
  },
  {
    name: 'TypeScript',
    languageId: 'typescript',
    file: 'main.ts',
    files: { 'package.json': '{"name":"m"}\n', 'util.ts': '/** Weighs. */\nexport function weigh(v: number): number {\n  return v * 2;\n}\n' },
    cursor: "import { weigh } from './util';\n\nexport function main(): number {\n  const total = weigh(3);\n  █\n}\n",
  },
];

/** A context service over a workspace of `files`, indexed; `documents` holds what the editor opened. */
async function started(files: Record<string, string>, documents = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => 1_000_000 })) {
  const root = workspace(files);
  // No time cap in the way: these tests count turns of the event loop and parses, not milliseconds.
  const { service } = contextService({ documents, settings: (settings) => (settings.context.gatherTimeoutMs = 60_000) });
  await service.start([root]);
  return { service, root, documents };
}

describe('repository context gather', () => {
  for (const c of CASES) {
    it(`warms up after indexing without parsing an open document whose tree is out of date: ${c.name}`, async () => {
      const { text, offset } = splitAtCursor(c.cursor);
      const { service, root, documents } = await started({ ...c.files, [c.file]: text });
      const uri = pathToFileURL(join(root, c.file)).href;
      documents.open(uri, c.languageId, 1, text);
      const at = documents.get(uri)!.document.positionAt(offset);
      documents.change(uri, 2, [{ range: { start: at, end: at }, text: 'x' }]);
      const parse = Parser.prototype.parse;
      let parses = 0;
      Parser.prototype.parse = function counted(this: Parser, ...args: Parameters<Parser['parse']>) {
        parses++;
        return parse.apply(this, args);
      };
      try {
        await service.provider.warm();
      } finally {
        Parser.prototype.parse = parse;
      }
      expect(parses).toBe(0);
    });
  }

  for (const c of CASES) {
    // How the gather gives the event loop turns is tested in gather-slices.test.ts, with a clock of its own.
    it(`packs what gatherNow packs: ${c.name}`, async () => {
      const { text, offset } = splitAtCursor(c.cursor);
      const { service, root } = await started({ ...c.files, [c.file]: text });
      const request = { uri: pathToFileURL(join(root, c.file)).href, text, offset, languageId: c.languageId, budgetTokens: 1024, signal: new AbortController().signal };
      const gathered = await service.provider.gather(request);
      // The packed result is cached; a different budget makes gatherNow gather afresh.
      const direct = service.provider.gatherNow({ ...request, budgetTokens: 1023 });
      expect(gathered?.snippets.map((s) => s.content)).toEqual(direct?.snippets.map((s) => s.content));
      expect(gathered?.snippets.length).toBeGreaterThan(0);
    });
  }
});
