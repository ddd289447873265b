import Parser from 'tree-sitter';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gateVerdict, SecurityGate } from '../../server/actions/security-gate.js';
import { SyntaxWorker } from '../../server/app/syntax-worker/client.js';
import { defaultSettings } from '../../server/config/settings.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { COMPILED_SYNTAX_WORKER } from '../support/in-process-server.js';
import { parseMarked } from '../support/marked.js';
import { GO_FUNC, PLANTED } from '../support/planted-suggestions.js';

// The security gate's check runs on the syntax worker when there is one: its verdict must be the one the main
// thread gives on the same text, with the same tree or none (the fallback when the worker gives no answer).
const languages = new LanguageRegistry();
let worker: SyntaxWorker;
let opened = 0;

beforeAll(async () => {
  worker = new SyntaxWorker(silentLogger, COMPILED_SYNTAX_WORKER);
  expect(await worker.whenReady()).toBe(true);
});
afterAll(async () => {
  await worker.dispose();
});
const parse = Parser.prototype.parse;
afterEach(() => {
  Parser.prototype.parse = parse;
});

/** Comment lines that push the cursor past the gate's window (4 KB before it), so the excerpt is a real cut. */
const PADDING: Record<string, (line: number) => string> = { go: (n) => `// filler line ${n}\n`, typescript: (n) => `// filler line ${n}\n`, python: (n) => `# filler line ${n}\n` };

/** Opens the fixture in the worker as version 1; the suggestion goes at its cursor. */
function openFixture(c: { language: string; fixture: string }): { uri: string; text: string; offset: number } {
  const { text, offset } = parseMarked(c.fixture);
  const uri = `file:///gate-worker/f${opened++}.${{ go: 'go', typescript: 'ts', python: 'py' }[c.language]}`;
  worker.open(uri, c.language, 1, text);
  return { uri, text, offset };
}

describe('the security gate on the syntax worker', () => {
  for (const c of PLANTED) {
    it(`gives the main thread's verdict: ${c.name}`, async () => {
      const { uri, text, offset } = openFixture(c);
      const language = languages.byLanguageId(c.language);
      if (!language) throw new Error(`no grammar for ${c.language}`);
      const input = { uri, text, offset, suggestion: c.reply, language };
      const withTree = gateVerdict({ ...input, tree: language.parser.parse(text) });
      const withoutTree = gateVerdict({ ...input, tree: undefined });
      const answer = await worker.gate({ uri, version: 1, offset, suggestion: c.reply, signal: new AbortController().signal });
      expect(answer).toEqual({ held: withTree });
      expect(withoutTree).toBe(withTree);
      expect(withTree === undefined).toBe(c.shown);
    });
  }

  it("checks the window of the request's text when its copy has moved past the request's version, as the main thread would without a tree", async () => {
    for (const c of PLANTED) {
      const { uri, text, offset } = openFixture(c);
      const signal = new AbortController().signal;
      expect(await worker.gate({ uri, version: 2, offset, suggestion: c.reply, signal })).toBe('stale');
      // The whole fixture is shorter than the window, so the excerpt is the text itself.
      const language = languages.byLanguageId(c.language);
      if (!language) throw new Error(`no grammar for ${c.language}`);
      const mainThread = gateVerdict({ uri, text, offset, suggestion: c.reply, language, tree: undefined });
      expect(await worker.gate({ uri, version: 2, offset, suggestion: c.reply, excerpt: text, signal })).toEqual({ held: mainThread });
    }
  });

  it("checks through the gate with no parse on the main thread, also when the worker's copy moved past the request's version", async () => {
    const documents = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => Number.POSITIVE_INFINITY });
    const gate = new SecurityGate({ documents, settings: defaultSettings, offThread: worker });
    for (const c of PLANTED) {
      const padded = { ...c, fixture: Array.from({ length: 300 }, (_, n) => PADDING[c.language]!(n)).join('') + c.fixture };
      const { uri, text, offset } = openFixture(padded);
      documents.open(uri, c.language, 1, text);
      const language = languages.byLanguageId(c.language);
      if (!language) throw new Error(`no grammar for ${c.language}`);
      const expected = gateVerdict({ uri, text, offset, suggestion: c.reply, language, tree: undefined });
      // The user typed a space at the top while the reply streamed: the worker's copy is at version 2.
      worker.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }]);
      let parses = 0;
      Parser.prototype.parse = function counted(this: Parser, ...args: Parameters<Parser['parse']>) {
        parses++;
        return parse.apply(this, args);
      };
      const held = await gate.check({ uri, version: 1, text, offset, suggestion: c.reply, signal: new AbortController().signal });
      Parser.prototype.parse = parse;
      expect(parses).toBe(0);
      expect(held).toBe(expected);
      expect(held === undefined).toBe(c.shown);
    }
  });

  it('rejects with the reason when the request is over its budget before the verdict', async () => {
    const { uri, offset } = openFixture({ language: 'go', fixture: GO_FUNC });
    const reason = new DOMException('over budget', 'TimeoutError');
    await expect(worker.gate({ uri, version: 1, offset, suggestion: 'return nil, nil', signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});
