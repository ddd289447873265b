/**
 * `node dist/bench/context/busy-machine.js [corpus] [--burners=N]`: how many completions carry repository
 * context while other processes keep every core busy (a build, a test run), as on a developer's machine.
 *
 * The real server (`ghostline --stdio`, spawned) indexes a corpus; in each of a dozen of its files the last
 * characters of a line inside a function are deleted and typed again at 10 keys/s, with an inline completion
 * after every key against a scripted model that records the prompts, while N processes spin (default: one per
 * core). A prompt carries repository context when it holds another file's snippet (`<|file_sep|>` before the
 * current file's). Figures: the share per key of the line (the first key after a pause re-reads the index, so
 * its place is new) and in all, and the same without the burners.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeOllama } from '../../test/support/fake-ollama.js';
import { TestClient } from '../../test/support/lsp-client.js';
import { chooseFiles, CORPORA, type CorpusName } from '../quality/corpus.js';
import { Random } from '../random.js';

const FILES = 12;
const RETYPED = 8;
const KEY_INTERVAL_MS = 100;
/** Longer than the index's settle time after an edit (300 ms): each line starts on a new index generation. */
const PAUSE_MS = 600;

interface Run {
  burners: number;
  /** Per key of the retyped line: completions answered, and those whose prompt carried repository context. */
  perKey: Array<{ asked: number; withContext: number }>;
}

function burn(count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

/** A line inside a function body with at least RETYPED characters after its indentation, or undefined. */
function pickLine(text: string, random: Random): { line: number; end: number } | undefined {
  const lines = text.split('\n');
  const inside = lines.map((line, i) => ({ line: i, text: line })).filter(({ text: t }) => /^[\t ]+\S/.test(t) && t.trim().length > RETYPED + 2 && !/^\s*(\/\/|#|\*)/.test(t));
  if (inside.length === 0) return undefined;
  const { line, text: chosen } = random.pick(inside);
  return { line, end: chosen.length };
}

async function measure(corpus: CorpusName, burners: number): Promise<Run> {
  const spec = CORPORA.find((c) => c.name === corpus)!;
  const root = spec.root((line) => process.stderr.write(`${line}\n`));
  const fake = await startFakeOllama();
  fake.reply({ text: 'x' });
  const client = await TestClient.start({
    rootUri: pathToFileURL(root).href,
    initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0 } },
  });
  await client.waitFor(() => client.logs.some((entry) => entry.message.includes('indexed ')), 300_000);
  const random = new Random(11);
  const files = chooseFiles({ corpus, root, count: FILES, seed: 11, minBytes: 2_000, maxBytes: 60_000 });
  const perKey = Array.from({ length: RETYPED }, () => ({ asked: 0, withContext: 0 }));
  const spinning = burn(burners);
  try {
    for (const file of files) {
      const place = pickLine(file.text, random);
      if (!place) continue;
      const uri = pathToFileURL(join(root, file.path)).href;
      await client.open(uri, spec.language, file.text);
      const start = { line: place.line, character: place.end - RETYPED };
      const typed = file.text.split('\n')[place.line]!.slice(place.end - RETYPED);
      await client.change(uri, [{ range: { start, end: { line: place.line, character: place.end } }, text: '' }]);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      for (const [key, char] of [...typed].entries()) {
        const at = { line: place.line, character: start.character + key };
        await client.change(uri, [{ range: { start: at, end: at }, text: char }]);
        const before = fake.generateRequests().length;
        await client.inline(uri, { line: place.line, character: at.character + 1 });
        const request = fake.generateRequests()[before];
        if (request) {
          const prompt = (request.body as { prompt?: string }).prompt ?? '';
          perKey[key]!.asked++;
          if (prompt.split('<|file_sep|>').length > 2) perKey[key]!.withContext++;
        }
        await new Promise((resolve) => setTimeout(resolve, KEY_INTERVAL_MS));
      }
      await client.close(uri);
    }
  } finally {
    for (const child of spinning) child.kill('SIGKILL');
    await client.stop();
    await fake.close();
  }
  return { burners, perKey };
}

function report(corpus: string, run: Run): string {
  const share = (asked: number, withContext: number) => (asked === 0 ? '-' : `${withContext}/${asked} (${((100 * withContext) / asked).toFixed(0)} %)`);
  const total = run.perKey.reduce((sum, k) => ({ asked: sum.asked + k.asked, withContext: sum.withContext + k.withContext }), { asked: 0, withContext: 0 });
  const keys = run.perKey.map((k, i) => `key ${i + 1}: ${share(k.asked, k.withContext)}`).join(', ');
  return `${corpus}, ${run.burners} burners: with repository context ${share(total.asked, total.withContext)}; ${keys}`;
}

async function main(): Promise<void> {
  const corpus = (process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 'chi') as CorpusName;
  const flag = process.argv.find((arg) => arg.startsWith('--burners='));
  const burners = flag ? Number(flag.slice('--burners='.length)) : availableParallelism();
  for (const count of [0, burners]) process.stdout.write(`${report(corpus, await measure(corpus, count))}\n`);
}

await main();
