import { generateCorpus, type CorpusFile, type CorpusLanguage } from './corpus.js';
import { openCorpus, withServer, within, type BenchServer } from './harness.js';
import { replayKeystrokes, type ReplayResult } from './latency/keystroke-replay.js';
import { measureMisses, MISS_REPLY, type MissResult } from './latency/overhead.js';
import { measureTypedAhead, type TypedAheadResult } from './latency/typed-ahead.js';
import { measureTypingOverhead, type TypingOverheadResult } from './latency/typing-overhead.js';
import { atMost, type BenchPart, type PartReport, type TargetCheck } from './part.js';
import { pickCursors, statementEnd } from './positions.js';
import { renderTable } from './table.js';

const SEED = 7;
const LANGUAGES: CorpusLanguage[] = ['go', 'typescript', 'python'];
const LINES = 5000;
/** A small file with the same generator, to see whether the server's cost grows with the file. */
const SMALL_LINES = 50;

const MISSES = { ttftMs: 20, perKind: 100, warmupPerKind: 10, smallPerKind: 20, smallRounds: 5 };
const TYPED_AHEAD = { cursors: 16, typed: 10 };
const TYPED_AHEAD_REPLY: Record<CorpusLanguage, string> = {
  go: 'merged := mergeEntries(current, pending)',
  typescript: 'const merged = mergeEntries(current, pending);',
  python: 'merged = merge_entries(current, pending)',
};
const REPLAY = { intervalMs: 100, ttftMs: 150, perTokenMs: 10, graceMs: 10_000 };
/** What the user types: a few lines of ordinary code, about 150 characters per file. */
const TYPED_CODE: Record<CorpusLanguage, string> = {
  go: [
    'count := 0',
    'for _, entry := range pending {',
    '\tif entry.Size > limit {',
    '\t\tcontinue',
    '\t}',
    '\tcount += entry.Size',
    '}',
    'log.Printf("kept %d of %d", count, len(pending))',
  ].join('\n'),
  typescript: [
    'let count = 0;',
    'for (const entry of pending) {',
    '  if (entry.size > limit) {',
    '    continue;',
    '  }',
    '  count += entry.size;',
    '}',
    'log(`kept ${count} of ${pending.length}`);',
  ].join('\n'),
  python: ['count = 0', 'for entry in pending:', '    if entry.size > limit:', '        continue', '    count += entry.size', 'log.info(f"kept {count} of {len(pending)}")'].join(
    '\n',
  ),
};
const TYPING_REPLY = 'quota += 1';
/** The replay ends with Enter and a pause; the model then suggests this line. */
const NEXT_LINE: Record<CorpusLanguage, string> = { go: 'return count', typescript: 'return count;', python: 'return count' };

const TARGETS = { overheadP50: 5, overheadP99: 20, typedAheadP50: 2, inFlight: 1, unanswered: 0 };

/** Latency: the server's own cost on cache misses, typed-ahead hits from memory, and a keystroke replay at 10 characters per second. */
export const latencyPart: BenchPart = {
  name: 'latency',
  description: 'server overhead on cache misses, typed-ahead hits, keystroke replay',
  async run(print) {
    const big = LANGUAGES.map((language) => generateCorpus({ language, lines: LINES, seed: SEED }));
    const small = LANGUAGES.map((language) => generateCorpus({ language, lines: SMALL_LINES, seed: SEED }));

    const { misses, typing, typedAhead } = await withServer({ latency: { ttftMs: MISSES.ttftMs, perTokenMs: 0 }, completion: { debounceMs: 0, cacheSize: 0 } }, async (server) => {
      for (const file of [...big, ...small]) await openCorpus(server.client, file);
      const misses: MissResult[] = [];
      for (const file of [...big, ...small]) misses.push(await missesFor(server, file));
      const typing: TypingOverheadResult[] = [];
      for (const file of [...big, ...small]) typing.push(await typingFor(server, file));
      const typedAhead: TypedAheadResult[] = [];
      for (const file of big) typedAhead.push(await typedAheadFor(server, file));
      return { misses, typing, typedAhead };
    });
    printMisses(print, misses);
    printTyping(print, typing);
    printTypedAhead(print, typedAhead);

    const replay = await withServer({ latency: { ttftMs: REPLAY.ttftMs, perTokenMs: REPLAY.perTokenMs }, completion: {} }, async (server) => {
      const results: ReplayResult[] = [];
      for (const file of big) {
        await openCorpus(server.client, file);
        const cursors = pickCursors(file.text, { perKind: 100, seed: SEED }).filter((c) => c.kind === 'blank-in-body');
        const cursor = cursors[Math.floor(cursors.length / 2)];
        const elsewhere = cursors[0];
        if (!cursor || !elsewhere) throw new Error(`${file.uri}: no blank line in a body to type into`);
        // One answered request first, far from the replay: the server has parsed the file and knows the model's format.
        server.fake.reply({ text: 'ready()' });
        await within(server.client.inline(file.uri, elsewhere.position), { ms: 10_000, what: 'warm-up before the replay' });
        const script = `${TYPED_CODE[file.language]}\n`;
        results.push(await replayKeystrokes({ server, file, cursor, script, continuation: NEXT_LINE[file.language], intervalMs: REPLAY.intervalMs, graceMs: REPLAY.graceMs }));
      }
      return results;
    });
    printReplay(print, replay);

    const targets = checkTargets(
      misses.filter((m) => m.lines === LINES),
      typedAhead,
      replay,
    );
    return report({ misses, typing, typedAhead, replay, targets });
  },
};

async function missesFor(server: BenchServer, file: CorpusFile): Promise<MissResult> {
  server.fake.reply({ chunks: [MISS_REPLY], ttftMs: MISSES.ttftMs, perTokenMs: 0 });
  const isBig = file.lines === LINES;
  const cursors = pickCursors(file.text, { perKind: isBig ? MISSES.perKind : MISSES.smallPerKind, seed: SEED });
  return measureMisses({
    server,
    file,
    // A small file has few cursors: go round them several times (never twice in a row, so each is still a miss).
    cursors: isBig ? cursors : Array.from({ length: MISSES.smallRounds }, () => cursors).flat(),
    warmup: pickCursors(file.text, { perKind: MISSES.warmupPerKind, seed: SEED + 1 }),
    scriptedModelMs: MISSES.ttftMs,
  });
}

async function typingFor(server: BenchServer, file: CorpusFile): Promise<TypingOverheadResult> {
  // A suggestion the typed code never continues, so no keystroke is served from memory and each one is measured.
  if (TYPED_CODE[file.language].includes(TYPING_REPLY.charAt(0))) throw new Error('the typing reply must not start with a character the script types');
  server.fake.reply({ chunks: [TYPING_REPLY], ttftMs: MISSES.ttftMs, perTokenMs: 0 });
  const cursor = statementEnd(file.text);
  if (!cursor) throw new Error(`${file.uri}: no statement line to type after`);
  return measureTypingOverhead({ server, file, cursor, script: TYPED_CODE[file.language], scriptedModelMs: MISSES.ttftMs });
}

async function typedAheadFor(server: BenchServer, file: CorpusFile): Promise<TypedAheadResult> {
  server.fake.reply({ chunks: [TYPED_AHEAD_REPLY[file.language]], ttftMs: MISSES.ttftMs, perTokenMs: 0 });
  const cursors = pickCursors(file.text, { perKind: TYPED_AHEAD.cursors, seed: SEED + 2 }).filter((c) => c.kind === 'blank-in-body');
  return measureTypedAhead({ server, file, cursors, typed: TYPED_AHEAD.typed });
}

function checkTargets(misses: MissResult[], typedAhead: TypedAheadResult[], replay: ReplayResult[]): TargetCheck[] {
  const targets: TargetCheck[] = [];
  for (const m of misses) {
    targets.push(atMost({ name: `overhead p50, ${m.language}`, measured: m.overheadMs.p50, limit: TARGETS.overheadP50, unit: 'ms' }));
    targets.push(atMost({ name: `overhead p99, ${m.language}`, measured: m.overheadMs.p99, limit: TARGETS.overheadP99, unit: 'ms' }));
  }
  for (const t of typedAhead) targets.push(atMost({ name: `typed-ahead p50, ${t.language}`, measured: t.latencyMs.p50, limit: TARGETS.typedAheadP50, unit: 'ms' }));
  targets.push(atMost({ name: 'most model requests in flight (replay)', measured: Math.max(...replay.map((r) => r.maxInFlight)), limit: TARGETS.inFlight }));
  targets.push(atMost({ name: 'unanswered requests (replay)', measured: replay.reduce((n, r) => n + r.unanswered, 0), limit: TARGETS.unanswered }));
  return targets;
}

/** Checks that make the figures trustworthy: every miss reached the model once, no typed-ahead answer did, every typing keystroke did. */
function sanityChecks({ misses, typing, typedAhead }: { misses: MissResult[]; typing: TypingOverheadResult[]; typedAhead: TypedAheadResult[] }): TargetCheck[] {
  return [
    atMost({ name: 'misses that did not make exactly 1 model request', measured: misses.reduce((n, m) => n + m.notOneModelRequest, 0), limit: 0 }),
    atMost({ name: 'model requests while typing into a suggestion', measured: typedAhead.reduce((n, t) => n + t.modelRequestsWhileTyping, 0), limit: 0 }),
    atMost({ name: 'typed-ahead answers other than the untyped rest', measured: typedAhead.reduce((n, t) => n + t.wrongAnswers, 0), limit: 0 }),
    atMost({ name: 'keystrokes answered from memory in the typing diagnostic', measured: typing.reduce((n, t) => n + t.fromMemory, 0), limit: 0 }),
  ];
}

function report(input: { misses: MissResult[]; typing: TypingOverheadResult[]; typedAhead: TypedAheadResult[]; replay: ReplayResult[]; targets: TargetCheck[] }): PartReport {
  return {
    results: {
      settings: {
        seed: SEED,
        lines: LINES,
        smallLines: SMALL_LINES,
        misses: { ...MISSES, reply: MISS_REPLY, typingReply: TYPING_REPLY, debounceMs: 0, cacheSize: 0 },
        typedAhead: { ...TYPED_AHEAD, replies: TYPED_AHEAD_REPLY },
        replay: { ...REPLAY, debounceMs: 'default (75)', cancelsSupersededRequests: true, typedCode: TYPED_CODE, endsWithEnter: true, nextLine: NEXT_LINE },
      },
      overhead: input.misses,
      overheadWhileTyping: input.typing,
      typedAhead: input.typedAhead,
      keystrokeReplay: input.replay,
    },
    targets: input.targets,
    sanity: sanityChecks(input),
  };
}

function printMisses(print: (text: string) => void, misses: MissResult[]): void {
  print(`\n1. Server overhead on cache misses: answer time minus the scripted model time (${MISSES.ttftMs} ms, one token); debounceMs 0, cacheSize 0; ms`);
  print(
    renderTable(
      ['file', 'lines', 'n', 'p50', 'p95', 'p99', 'mean', 'max', 'model req/miss', 'non-empty'],
      misses.map((m) => [
        m.language,
        m.lines,
        m.samples,
        m.overheadMs.p50,
        m.overheadMs.p95,
        m.overheadMs.p99,
        m.overheadMs.mean,
        m.overheadMs.max,
        m.modelRequestsPerMiss,
        m.nonEmptyAnswers,
      ]),
    ),
  );
  print(
    `\n   Where the time goes (ms): request → the model request arrives | the fake (scripted ${MISSES.ttftMs} from the request's last byte) | model done → answer; net = answer time minus the fake's whole time (request received → last byte)`,
  );
  print(
    `   (The fake keeps its ${MISSES.ttftMs} ms with a timer and then a blocking pause. Before session 13 a timer alone ran 0.5–1 ms late and the overhead counted that; net, the same definition then and now, did not.)`,
  );
  print(
    renderTable(
      ['file', 'lines', 'to model p50', 'p99', 'fake p50', 'after model p50', 'p99', 'net p50', 'net p99'],
      misses.map((m) => [
        m.language,
        m.lines,
        m.breakdownMs.toModel.p50,
        m.breakdownMs.toModel.p99,
        m.breakdownMs.model.p50,
        m.breakdownMs.afterModel.p50,
        m.breakdownMs.afterModel.p99,
        m.netOverheadMs.p50,
        m.netOverheadMs.p99,
      ]),
    ),
  );
  print('\n   By cursor kind (overhead, ms)');
  print(
    renderTable(
      ['file', 'lines', 'kind', 'n', 'p50', 'p99'],
      misses.flatMap((m) => Object.entries(m.byKind).map(([kind, k]) => [m.language, m.lines, kind, k.samples, k.overheadMs.p50, k.overheadMs.p99])),
    ),
  );
}

function printTyping(print: (text: string) => void, results: TypingOverheadResult[]): void {
  print('\n   Diagnostic: overhead while typing (keystroke → answer minus model time, one keystroke at a time, so the server also parses each edit); ms');
  print(
    renderTable(
      ['file', 'lines', 'keystrokes', 'n', 'p50', 'p95', 'p99', 'max', 'from memory'],
      results.map((t) => [t.language, t.lines, t.keystrokes, t.samples, t.overheadMs.p50, t.overheadMs.p95, t.overheadMs.p99, t.overheadMs.max, t.fromMemory]),
    ),
  );
  for (const t of results.filter((r) => r.lines === LINES)) {
    print(
      `   slowest ${t.language}: ${t.slowest
        .slice(0, 3)
        .map((k) => `${k.overheadMs} ms after ${JSON.stringify(k.linePrefix.trim())}`)
        .join('; ')}`,
    );
  }
}

function printTypedAhead(print: (text: string) => void, results: TypedAheadResult[]): void {
  print(`\n2. Typed-ahead hits: type the first ${TYPED_AHEAD.typed} characters of a shown suggestion one by one, asking after each; ms`);
  print(
    renderTable(
      ['file', 'lines', 'suggestions', 'n', 'p50', 'p95', 'p99', 'max', 'model requests', 'wrong answers'],
      results.map((t) => [
        t.language,
        t.lines,
        t.suggestions,
        t.samples,
        t.latencyMs.p50,
        t.latencyMs.p95,
        t.latencyMs.p99,
        t.latencyMs.max,
        t.modelRequestsWhileTyping,
        t.wrongAnswers,
      ]),
    ),
  );
}

function printReplay(print: (text: string) => void, results: ReplayResult[]): void {
  print(
    `\n3. Keystroke replay: ${1000 / REPLAY.intervalMs} keystrokes/s, then Enter and a pause; default debounce, model ttft ${REPLAY.ttftMs} ms + ${REPLAY.perTokenMs} ms/token; a newer request cancels the previous one`,
  );
  const rows: Array<[string, (r: ReplayResult) => number]> = [
    ['keystrokes', (r) => r.keystrokes],
    ['characters typed', (r) => r.characters],
    ['LSP requests sent', (r) => r.requestsSent],
    ['answered', (r) => r.answered],
    ['  of them RequestCancelled errors', (r) => r.answeredWithCancelError],
    [`unanswered after ${REPLAY.graceMs / 1000} s`, (r) => r.unanswered],
    ['model requests started', (r) => r.modelRequestsStarted],
    ['model requests aborted', (r) => r.modelRequestsAborted],
    ['  aborted before first token', (r) => r.abortedBeforeFirstToken],
    ['most in flight at once', (r) => r.maxInFlight],
    ['suggestions shown', (r) => r.shownSuggestions],
    ['non-empty answers', (r) => r.nonEmptyAnswers],
    ['last keystroke → its answer (ms)', (r) => r.lastAnswerMs],
  ];
  print(
    renderTable(
      ['', ...results.map((r) => `${r.language} (${r.lines} lines)`)],
      rows.map(([label, value]) => [label, ...results.map(value)]),
    ),
  );
}
