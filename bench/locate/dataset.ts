import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository's root, whether this runs from dist/bench/locate/ or bench/locate/. */
const REPO_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../../' : '../../', import.meta.url));

/**
 * The dataset lives in `../shared/datasets/` beside the clone (as CI has it), never inside it. A
 * worktree one folder deeper finds it further up; GHOSTLINE_LOCALIZATION_DATASET overrides both.
 */
export function datasetPath(): string {
  const override = process.env.GHOSTLINE_LOCALIZATION_DATASET;
  if (override) return override;
  const relativePath = join('shared', 'datasets', 'localization', 'rxjs.json');
  for (let dir = dirname(REPO_ROOT.replace(/\/$/, '')); ; dir = dirname(dir)) {
    if (existsSync(join(dir, relativePath))) return join(dir, relativePath);
    if (dirname(dir) === dir) return join(dirname(REPO_ROOT.replace(/\/$/, '')), relativePath);
  }
}

/** bench/.cache in the repository, whether this runs from dist/bench/locate/ or bench/locate/. */
const CACHE_DIR = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../../bench/.cache/locate/' : '../.cache/locate/', import.meta.url));

const TruthDeclaration = z.object({ file: z.string(), name: z.string(), kind: z.string(), base_start_line: z.number(), base_end_line: z.number() });
const Task = z.object({
  id: z.string(),
  task: z.string(),
  base: z.string(),
  base_is_prerelease: z.boolean(),
  files: z.array(z.string()).min(1),
  declarations: z.array(TruthDeclaration),
  leak: z.object({ task_names_declaration: z.boolean(), task_names_file: z.boolean() }),
});
const Dataset = z.object({ tasks: z.array(Task) });

export type LocalizationTask = z.infer<typeof Task>;

/** The dataset's tasks, validated: a changed format fails here rather than as odd figures later. */
export function readTasks(path = datasetPath()): LocalizationTask[] {
  return Dataset.parse(JSON.parse(readFileSync(path, 'utf8'))).tasks;
}

/**
 * The root to index for an rxjs version (its package folder, holding `src/`), packed from the npm
 * registry into bench/.cache on first use. Only `src/` is unpacked: the tarball's compiled `dist/`
 * is build output a repository would not hold, and it would only repeat every declaration.
 */
export function rxjsPackageRoot(version: string, log: (line: string) => void): string {
  if (!/^\d+\.\d+\.\d+(-[a-z]+\.\d+)?$/.test(version)) throw new Error(`not an rxjs version: ${version}`);
  const dir = join(CACHE_DIR, `rxjs-${version}`);
  const root = join(dir, 'package');
  if (existsSync(join(root, 'src', 'index.ts'))) return root;
  log(`   fetching rxjs@${version} with npm pack into ${dir} …`);
  mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `rxjs@${version}`, '--silent', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .trim()
    .split('\n')
    .at(-1);
  if (!tarball) throw new Error(`npm pack rxjs@${version} printed no file name`);
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, 'package/src']);
  rmSync(join(dir, tarball), { force: true });
  if (!existsSync(join(root, 'src', 'index.ts'))) throw new Error(`rxjs@${version} has no src/index.ts`);
  return root;
}
