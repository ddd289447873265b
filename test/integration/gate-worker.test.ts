import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gateVerdict } from '../../server/actions/security-gate.js';
import { SyntaxWorker } from '../../server/app/syntax-worker/client.js';
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

  it('says stale when its copy is not at the asked version, so the main thread checks the text it has', async () => {
    const { uri, offset } = openFixture({ language: 'go', fixture: GO_FUNC });
    expect(await worker.gate({ uri, version: 2, offset, suggestion: 'return nil, nil', signal: new AbortController().signal })).toBe('stale');
  });

  it('rejects with the reason when the request is over its budget before the verdict', async () => {
    const { uri, offset } = openFixture({ language: 'go', fixture: GO_FUNC });
    const reason = new DOMException('over budget', 'TimeoutError');
    await expect(worker.gate({ uri, version: 1, offset, suggestion: 'return nil, nil', signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});
