/**
 * `node dist/bench/locate/model-steps.js [--root=DIR] [--files=N] [--padded=LINES] [--rounds=N]`: how long each step of
 * the localization model's build takes (the BM25 documents, then the graph), as the language server runs them in
 * slices for `ghostline.task`, `ask` and the MCP search: steps, their total, how many took over 8 ms and the five
 * longest. `--padded=LINES` indexes a scratch Go module instead: one file of LINES lines of small functions beside 20
 * small files (the task-thread benchmark's padding), where one large file's steps show. Wall time on this thread,
 * collections included (a large repository's longest steps are mostly those).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { graphSteps } from '../../server/task/localize/graph.js';
import { lexicalModelSteps } from '../../server/task/localize/lexical.js';
import type { Steps } from '../../server/util/steps.js';

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
const PADDED = option('padded') === undefined ? undefined : Number(option('padded'));
const ROUNDS = Number(option('rounds') ?? 3);
const LONG_STEP_MS = 8;

/** Small Go functions, `lines` long in all. */
function padding(lines: number, from = 0): string {
  const one = (i: number) => `\n// pad${i} folds a and b.\nfunc pad${i}(a, b int) int {\n\tif a > b {\n\t\treturn a - b + ${i}\n\t}\n\treturn a + b\n}\n`;
  return Array.from({ length: Math.ceil(lines / 8) }, (_, i) => one(from + i)).join('');
}

function scratchModule(lines: number): string {
  const root = mkdtempSync(join(tmpdir(), 'ghostline-model-steps-'));
  writeFileSync(join(root, 'go.mod'), 'module example.com/p\n\ngo 1.19\n');
  writeFileSync(join(root, 'big.go'), `package p\n${padding(lines)}`);
  for (let f = 0; f < 20; f++) writeFileSync(join(root, `small${f}.go`), `package p\n${padding(160, 1_000_000 + f * 100)}`);
  return root;
}

/** Runs the steps to the end, timing each. */
function timed<T>(steps: Steps<T>, label: string): T {
  const times: number[] = [];
  for (;;) {
    const started = performance.now();
    const step = steps.next();
    times.push(performance.now() - started);
    if (step.done) {
      const longest = [...times].sort((a, b) => b - a).slice(0, 5);
      const total = times.reduce((sum, ms) => sum + ms, 0);
      const over = times.filter((ms) => ms > LONG_STEP_MS).length;
      console.log(`${label.padEnd(9)}${String(times.length).padEnd(8)}${total.toFixed(0).padEnd(9)}${String(over).padEnd(10)}${longest.map((ms) => ms.toFixed(1)).join(' ')}`);
      return step.value;
    }
  }
}

const root = PADDED === undefined ? (option('root') ?? '/usr/lib/go-1.19/src') : scratchModule(PADDED);
const index = new WorkspaceIndex(root, new LanguageRegistry(), () => ({ maxFileBytes: 1_000_000, maxFiles: Number(option('files') ?? 3000) }));
await index.build();
console.log(`localization model of ${PADDED === undefined ? root : `a scratch module with a ${PADDED}-line file`} (${index.fileCount} files), ${ROUNDS} rounds`);
console.log(`part     steps   total ms over ${LONG_STEP_MS} ms longest (ms)`);
for (let round = 0; round < ROUNDS; round++) timed(graphSteps(index, timed(lexicalModelSteps(index), 'lexical')), 'graph');
if (PADDED !== undefined) rmSync(root, { recursive: true, force: true });
