/**
 * `node dist/bench/task/harmless-patches.js [--corpus=chi,python] [--packages=3] [--seed=N]`: how `ghostline task`'s
 * verification judges a patch that cannot break anything, on real code nobody here wrote. In each corpus (a git work
 * tree made from the benchmark's copy of it), a few packages drawn at random each get a candidate that adds an unused
 * function to one of their files and a test that calls it, verified as a task's candidate is (scratch copy, build, vet,
 * tests). Such a patch should be verified wherever the project's own checks pass, and never blamed: a check that fails
 * is either the project's (`as before`: it fails the same way without the patch) or a false blame of the patch. The
 * verdict the checks gave before a failure was compared with the unpatched project is derived from the same run: the
 * first check that failed as before would have been the patch's failure.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import type { ChangedFile } from '../../server/task/apply-edits.js';
import { verifyCandidate, type Verification } from '../../server/task/verify.js';
import { selectCorpora, type CorpusSpec } from '../quality/corpus.js';
import { Random } from '../random.js';
import { renderTable } from '../table.js';

const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
/** The Go libraries and the Python ones: the standard libraries are trees a task's copy is not made for, and TypeScript's corpora ship no tsconfig. */
const CORPORA = option('corpus') ?? 'urfave-cli,chi,prometheus,python-requests,python-attr';
const PACKAGES = Number(option('packages') ?? 3);
const SEED = Number(option('seed') ?? 1);

interface Probe {
  pkg: string;
  verification: Verification;
  ms: number;
}

/** Folders (relative, '' for the top) holding a source file of the language that is not a test, not under testdata or examples. */
function packagesOf(root: string, extension: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !/^(\.|_|testdata$|examples?$|tests?$)/.test(entry.name)) walk(path);
      else if (entry.isFile() && entry.name.endsWith(extension) && !/(_test\.go|^test_.*\.py|^__init__\.py)$/.test(entry.name) && !found.has(rel)) found.set(rel, path);
    }
  };
  walk('');
  return found;
}

/** The harmless candidate for one source file: an unused function appended, and a test beside it that calls it. */
function candidate(root: string, source: string, language: CorpusSpec['language']): { files: ChangedFile[]; testPath: string } {
  const before = readFileSync(join(root, source), 'utf8');
  const folder = dirname(source) === '.' ? '' : `${dirname(source)}/`;
  if (language === 'go') {
    const pkg = /^package\s+(\w+)/m.exec(before)?.[1] ?? 'main';
    const testPath = `${folder}ghostline_probe_test.go`;
    const test = `package ${pkg}\n\nimport "testing"\n\nfunc TestGhostlineProbe(t *testing.T) {\n\tif ghostlineProbe() != 1 {\n\t\tt.Fatal("probe")\n\t}\n}\n`;
    const after = `${before}\n// ghostlineProbe is a harmless addition.\nfunc ghostlineProbe() int { return 1 }\n`;
    return {
      files: [
        { path: source, before, after },
        { path: testPath, before: undefined, after: test },
      ],
      testPath,
    };
  }
  const module = source.replace(/\.py$/, '').split('/').join('.');
  const testPath = `${folder}test_ghostline_probe.py`;
  const test = `from ${module} import _ghostline_probe\n\n\ndef test_probe():\n    assert _ghostline_probe() == 1\n`;
  const after = `${before}\n\ndef _ghostline_probe():\n    return 1\n`;
  return {
    files: [
      { path: source, before, after },
      { path: testPath, before: undefined, after: test },
    ],
    testPath,
  };
}

/** The corpus copied (links followed) into a fresh git work tree with one commit, as a user's checkout is. */
function checkout(corpus: CorpusSpec): string {
  const root = join(mkdtempSync(join(tmpdir(), 'ghostline-harmless-')), corpus.name);
  cpSync(
    corpus.root((line) => process.stderr.write(`${line}\n`)),
    root,
    { recursive: true, dereference: true },
  );
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'corpus');
  return root;
}

async function probeCorpus(corpus: CorpusSpec): Promise<Probe[]> {
  const root = checkout(corpus);
  const packages = [...packagesOf(root, corpus.language === 'go' ? '.go' : '.py')];
  const random = new Random(SEED);
  const drawn = packages.length <= PACKAGES ? packages : random.sample(packages, PACKAGES);
  const probes: Probe[] = [];
  try {
    for (const [pkg, source] of drawn.sort(([a], [b]) => a.localeCompare(b))) {
      const { files, testPath } = candidate(root, source, corpus.language);
      const start = performance.now();
      const verification = await verifyCandidate({ root, files, testPath, languages: new LanguageRegistry(), signal: new AbortController().signal, timeoutMs: 300_000 });
      probes.push({ pkg: pkg || basename(root), verification, ms: performance.now() - start });
    }
  } finally {
    rmSync(dirname(root), { recursive: true, force: true });
  }
  return probes;
}

const stepsWhere = (probe: Probe, test: (step: Verification['steps'][number]) => boolean | undefined) =>
  probe.verification.steps.filter((step) => test(step)).map((step) => step.step);

async function main(): Promise<void> {
  const rows: string[][] = [];
  const detail: string[] = [];
  for (const corpus of selectCorpora(CORPORA)) {
    const probes = await probeCorpus(corpus);
    const verified = probes.filter((probe) => probe.verification.verified).length;
    const blamed = probes.filter((probe) => stepsWhere(probe, (step) => !step.ok).length > 0).length;
    const blamedBefore = probes.filter((probe) => stepsWhere(probe, (step) => !step.ok || step.failsWithoutPatch).length > 0).length;
    const ms = probes.map((probe) => probe.ms).sort((a, b) => a - b);
    rows.push([
      corpus.label,
      String(probes.length),
      String(verified),
      String(blamed),
      String(blamedBefore),
      `${Math.round(ms[Math.floor(ms.length / 2)] ?? 0)}`,
      `${Math.round(ms.at(-1) ?? 0)}`,
    ]);
    for (const probe of probes) {
      const failed = stepsWhere(probe, (step) => !step.ok);
      const before = stepsWhere(probe, (step) => step.failsWithoutPatch);
      detail.push(
        `  ${corpus.name} ${probe.pkg}: ${probe.verification.verified ? 'verified' : 'NOT verified'}${failed.length ? `; FAILED ${failed.join(', ')}` : ''}${before.length ? `; as before ${before.join(', ')}` : ''} (${Math.round(probe.ms)} ms)`,
      );
    }
  }
  process.stdout.write(`harmless patches (an unused function and a test calling it), ${PACKAGES} packages per corpus, seed ${SEED}\n`);
  process.stdout.write(`${renderTable(['corpus', 'patches', 'verified', 'blamed', 'blamed, no comparison', 'verify p50 ms', 'max ms'], rows)}\n${detail.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
