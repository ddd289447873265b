/**
 * The quality part's cases replayed in-process, without the language server: the same files, spans
 * and scripted replies, through the same mode decision, prompt windows, stream filter and
 * post-processing the engine runs. Seconds instead of minutes, so a cut rule can be tried case by
 * case; the figures the report gives come from `npm run bench -- quality`, not from here.
 *
 *   npm run build && node dist/bench/quality/diagnose.js --corpus=python-stdlib [--kind=block-body] [--mode=suffix] [--show=20]
 */
import { defaultSettings } from '../../server/config/settings.js';
import { cutContext, cutWindowStart, modeAt } from '../../server/completion/cut-window.js';
import { decideMode } from '../../server/completion/mode.js';
import { postprocess } from '../../server/completion/postprocess.js';
import { analyzeCursor, createStreamFilterFor } from '../../server/completion/stream-filters.js';
import type { CursorContext } from '../../server/completion/types.js';
import { planChunks } from '../../test/support/fake-http.js';
import { Random } from '../random.js';
import { parserFor, prepareFiles, sampleCases, type QualityCase } from './cases.js';
import { SIZES } from '../quality.js';
import { chooseFiles, selectCorpora, type CorpusName } from './corpus.js';
import { scoreCase } from './metrics.js';
import { REPLY_MODES, scriptReply } from './replies.js';
import { failureExample } from './summary.js';

// The quality part's settings (bench/quality.ts); kept in step by hand, the part being the reference.
const SEED = 3;
const PER_KIND = 250;

/** The engine's view of a cursor in a document `text` (span removed): its mode and the cut's windows, read once for every reply. */
function cursorAt(text: string, offset: number, language: 'go' | 'typescript' | 'python', parser: ReturnType<typeof parserFor>): CursorContext {
  const tree = parser.parse(text);
  const mode = decideMode({ tree, offset, text, languageId: language });
  // The cut reads its own windows of the document, with the lexer's mode at their start from the tree, as the engine does.
  const start = cutWindowStart(text, offset);
  return cutContext({ text, offset, mode, languageId: language, prefixMode: start === 0 ? undefined : modeAt(tree, text, start, language) });
}

/** What the engine would show for one scripted reply at a cursor. */
function shownFor(context: CursorContext, reply: string): string {
  const completion = defaultSettings().completion;
  const limit = context.mode === 'single' ? completion.singleLineMaxTokens : completion.maxTokens;
  const filter = createStreamFilterFor(analyzeCursor(context));
  for (const chunk of planChunks({ text: reply }, limit, []).chunks) if (filter.push(chunk)) break;
  if (process.argv.includes('--facts')) {
    const facts = analyzeCursor(context);
    console.log(`facts: mode=${context.mode} start=${facts.start.mode} owed=${JSON.stringify(facts.owed)} dedent=${JSON.stringify(facts.dedent)}`);
    console.log(`streamed: ${JSON.stringify(filter.text())}`);
  }
  return postprocess(filter.text(), context);
}

function main(): void {
  const flag = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const corpus = (flag('corpus') ?? 'python-stdlib') as CorpusName;
  const spec = selectCorpora(corpus)[0]!;
  const settings = { ...SIZES[corpus], language: spec.language };
  const root = spec.root(console.log);
  const parser = parserFor(settings.language);
  const chosen = chooseFiles({ corpus, root, count: settings.files, seed: SEED, minBytes: settings.minBytes, maxBytes: settings.maxBytes });
  const { prepared } = prepareFiles(chosen, settings.language, parser);
  const { cases } = sampleCases({ files: prepared, parser, perKind: PER_KIND, seed: SEED });
  const failures: ReturnType<typeof failureExample>[] = [];
  let total = 0;
  const only = flag('at');
  const picked = cases.filter((x: QualityCase) => (!flag('kind') || x.span.kind === flag('kind')) && (!only || `${x.file.path}:${x.span.start}` === only));
  for (const c of picked) {
    const text = c.file.text.slice(0, c.span.start) + c.file.text.slice(c.span.end);
    const context = cursorAt(text, c.span.start, settings.language, parser);
    for (const [m, mode] of REPLY_MODES.entries()) {
      if (flag('mode') && mode !== flag('mode')) continue;
      const random = new Random(SEED * 1_000_003 + c.id * 31 + m);
      const reply = scriptReply(mode, { text: c.file.text, start: c.span.start, end: c.span.end, language: settings.language, otherFunction: c.otherFunction, random });
      const shown = shownFor(context, reply.text);
      const score = scoreCase({ shown, expected: reply.expected, text: c.file.text, start: c.span.start, end: c.span.end, parser, originalErrors: c.file.errors });
      total++;
      const result = { caseId: c.id, path: c.file.path, start: c.span.start, end: c.span.end, kind: c.span.kind, shape: c.span.shape, mode, variant: reply.variant };
      if (!score.exact) failures.push(failureExample({ ...result, reply: reply.text, expected: reply.expected, shown, modelRequests: 1, promptMatched: true, score }));
    }
  }
  const show = Number(flag('show') ?? '10');
  for (const f of failures.slice(0, show)) {
    const before = prepared.find((p) => p.path === f.path)?.text.slice(Math.max(0, f.start - 160), f.start) ?? '';
    console.log(`--- ${f.path}:${f.start}-${f.end} ${f.kind}/${f.shape} ${f.mode} (${f.variant}) ${f.problems.join(' + ')}`);
    console.log(`before:   ${JSON.stringify(before)}`);
    console.log(`expected: ${JSON.stringify(f.expected)}`);
    console.log(`shown:    ${JSON.stringify(f.shown)}`);
  }
  const byProblem = new Map<string, number>();
  for (const f of failures) byProblem.set(f.problems.join(' + '), (byProblem.get(f.problems.join(' + ')) ?? 0) + 1);
  console.log(`\n${corpus}: ${total} completions, ${failures.length} not exact`, Object.fromEntries(byProblem));
  // Per kind, the three figures the targets name: not exact, overlap, syntax-breaking (counts over all modes).
  const byKind = new Map<string, number[]>();
  for (const c of picked) byKind.set(c.span.kind, [(byKind.get(c.span.kind)?.[0] ?? 0) + 1, 0, 0, 0]);
  for (const f of failures) {
    const row = byKind.get(f.kind) ?? [0, 0, 0, 0];
    row[1] = (row[1] ?? 0) + 1;
    if (f.problems.includes('overlap')) row[2] = (row[2] ?? 0) + 1;
    if (f.problems.includes('syntax-breaking')) row[3] = (row[3] ?? 0) + 1;
  }
  for (const [kind, row] of byKind) console.log(`  ${kind} (${row[0]} spans): not exact ${row[1]}, overlap ${row[2]}, syntax-breaking ${row[3]}`);
}

main();
