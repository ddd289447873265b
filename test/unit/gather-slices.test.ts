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

/** Names enough that resolving them all in one turn is far more than a slice: the shape of go-stdlib's slowest lines. */
const NAMES = 120;
const lib = ['package lib', '', 'type Conn struct{ n int }', '', 'func (c *Conn) Close() error { return nil }', '']
  .concat(Array.from({ length: NAMES }, (_, i) => `// F${i} does step ${i}.\nfunc F${i}(c *Conn) *Conn { return c }\n`))
  .join('\n');
const main = ['package app', '', 'import "example.com/app/lib"', '', 'func run(c *lib.Conn) {']
  .concat(
    Array.from({ length: NAMES }, (_, i) => `\tc = lib.F${i}(c)`),
    ['\tc.Close()', '\t█', '}', ''],
  )
  .join('\n');

/**
 * The index behind a proxy that counts every call made to it from outside: the work a gather does,
 * turn by turn, without a clock.
 */
function counted(index: WorkspaceIndex): { index: WorkspaceIndex; calls: () => number } {
  let calls = 0;
  const proxy = new Proxy(index, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { index: proxy, calls: () => calls };
}

async function setUp() {
  const { text, offset } = splitAtCursor(main);
  const root = workspace({ 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'lib/lib.go': lib, 'app/main.go': text });
  const built = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 100 }));
  await built.build();
  const { index, calls } = counted(built);
  const settings = defaultSettings();
  // No time cap: the test counts work, not milliseconds.
  settings.context.gatherTimeoutMs = 60_000;
  const documents = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => 1_000_000 });
  const uri = pathToFileURL(join(root, 'app/main.go')).href;
  documents.open(uri, 'go', 1, text);
  // A clock that moves 1 ms each time it is read: the gather's turns are then a fixed number of steps long.
  let clock = 0;
  const provider = new RepositoryContextProvider({
    indexes: () => [index],
    documents,
    recent: new RecentRegions(),
    settings: () => settings,
    logger: silentLogger,
    slices: { sliceMs: 2, now: () => clock++ },
  });
  const request = (signal = new AbortController().signal) => ({ uri, text, offset, languageId: 'go' as const, budgetTokens: 1024, signal });
  return {
    provider,
    request,
    calls,
    fresh: () => new RepositoryContextProvider({ indexes: () => [built], documents, recent: new RecentRegions(), settings: () => settings, logger: silentLogger }),
  };
}

/** Counts, turn by turn of the event loop, the work `calls` reports, until `stop()` (which returns the counts). */
function perTurnOf(calls: () => number): { stop(): number[] } {
  const perTurn: number[] = [];
  let seen = calls();
  let ticking = true;
  const tick = () => {
    perTurn.push(calls() - seen);
    seen = calls();
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      ticking = false;
      perTurn.push(calls() - seen);
      return perTurn;
    },
  };
}

describe('a gather that names many declarations', () => {
  it('holds the event loop for a bounded share of its work at a time, and packs what gatherNow packs', async () => {
    const { provider, request, calls, fresh } = await setUp();
    const turns = perTurnOf(calls);
    const start = calls();
    const gathered = await provider.gather(request());
    const perTurn = turns.stop();
    const total = calls() - start;
    // Resolving 120 names is most of the index work; one source in one turn would make the longest turn most of it.
    // (Some 2.5 calls a name: the filter of what the file can reach asks the index once per file, no longer once per
    // candidate, and the file-wide scan counts only 64 of the 120 names again.)
    expect(total).toBeGreaterThan(2 * NAMES);
    expect(Math.max(...perTurn)).toBeLessThan(total / 4);
    const direct = fresh().gatherNow(request());
    expect(gathered).toEqual(direct);
    expect(gathered?.snippets.length).toBeGreaterThan(0);
  });

  it('stops at the next step once its request is cancelled, with nothing gathered', async () => {
    // The work of a whole gather, on an index of its own (nothing the cancelled one memoises is reused).
    const whole = await setUp();
    whole.provider.gatherNow(whole.request());
    const { provider, request, calls } = await setUp();
    const controller = new AbortController();
    const gathering = provider.gather(request(controller.signal));
    // The first turn runs up to its first pause; the cancellation arrives after the next.
    setImmediate(() => controller.abort());
    const gathered = await gathering;
    expect(gathered?.snippets).toEqual([]);
    expect(calls()).toBeLessThan(whole.calls() / 4);
  });

  it('warms up after indexing in slices too: no open document is gathered for in one turn', async () => {
    const { provider, calls } = await setUp();
    const turns = perTurnOf(calls);
    const start = calls();
    const warming = provider.warm();
    // The first slice runs before warm() returns; the rest wait for turns of the event loop.
    const first = calls() - start;
    await warming;
    const perTurn = turns.stop();
    const total = calls() - start;
    expect(total).toBeGreaterThan(2 * NAMES);
    expect(first).toBeLessThan(total / 4);
    expect(Math.max(...perTurn)).toBeLessThan(total / 4);
  });
});
