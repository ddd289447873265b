/**
 * Latency of the action features as the editor sees it, over stdio against a scripted model
 * server that answers at once: textDocument/codeAction (which never calls the model), a hover
 * answered from the cache, and a resolve whose model time is zero (the server's own share).
 * `npm run build && node dist/bench/actions.js` writes bench/results/actions.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { ACTION_MODEL, startActionClient, startActionFake } from '../test/support/actions.js';
import { generateCorpus, type CorpusFile } from './corpus.js';

const ROUNDS = 200;

interface Summary {
  p50: number;
  p95: number;
  max: number;
}

function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2));
  return { p50: at(0.5), p95: at(0.95), max: at(1) };
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Cursor positions on every tenth line, inside functions and out. */
function positions(file: CorpusFile): Array<{ line: number; character: number }> {
  const lines = file.text.split('\n');
  return lines.flatMap((text, line) => (line % 10 === 5 ? [{ line, character: Math.min(4, text.length) }] : []));
}

async function main(): Promise<void> {
  const fake = await startActionFake();
  const client = await startActionClient(fake);
  const results: Record<string, unknown> = { rounds: ROUNDS, model: ACTION_MODEL };
  try {
    for (const language of ['go', 'typescript'] as const) {
      const file = generateCorpus({ language, lines: 2000, seed: 7 });
      await client.open(file.uri, language, file.text);
      const spots = positions(file);
      const codeAction: number[] = [];
      let offered = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const position = spots[i % spots.length]!;
        let actions: unknown[] | null = null;
        codeAction.push(await time(async () => (actions = await client.codeActions(file.uri, { start: position, end: position }))));
        offered += (actions as unknown[] | null)?.length ?? 0;
      }
      const modelRequests = fake.generateRequests().length;

      // Hover: first a model call (zero model time), then cache hits on the same name.
      const fn = file.text.split('\n').findIndex((line) => /^(export )?(async )?func(tion)? \w/.test(line));
      const name = /func(?:tion)?\s+(?:\([^)]*\)\s*)?(\w+)/.exec(file.text.split('\n')[fn]!)!;
      const at = { line: fn, character: file.text.split('\n')[fn]!.indexOf(name[1]!) + 1 };
      fake.reply({ text: 'Explains it.</explanation>' });
      const firstHover = await time(() => client.hover(file.uri, at));
      const hoverHits: number[] = [];
      for (let i = 0; i < ROUNDS; i++) hoverHits.push(await time(() => client.hover(file.uri, at)));

      // Resolve with an instant model: what the server itself adds (prompt, checks, edit).
      const document = ((await client.codeActions(file.uri, { start: at, end: at })) ?? []).find((a) => a.title.startsWith('Ghostline: Explain')) as CodeAction;
      const resolve: number[] = [];
      for (let i = 0; i < 20; i++) {
        fake.reply({ text: 'Explains it.</comment>' });
        resolve.push(await time(() => client.resolveAction(document)));
      }
      results[language] = {
        lines: file.lines,
        codeActionMs: summarise(codeAction),
        actionsPerRequest: Number((offered / ROUNDS).toFixed(2)),
        modelRequestsDuringCodeAction: modelRequests,
        hoverFirstMs: Number(firstHover.toFixed(2)),
        hoverCacheHitMs: summarise(hoverHits),
        resolveWithInstantModelMs: summarise(resolve),
      };
      fake.resetStats();
    }
  } finally {
    await client.stop();
    await fake.close();
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/actions.json', JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
}

await main();
