import { join } from 'node:path';
import { binary, nearestWith, readText, seenFrom, type VerificationRules, type VerifyCommand } from '../verification.js';

/** A file the project's test runner runs (`*.test.ts`, `*.spec.js` …); a helper under `__tests__/` is not one. */
const RUNNABLE_TEST = /\.(test|spec)\.[cm]?[jt]sx?$/;

/**
 * What keeps a type check from writing: a project that is `composite` or `incremental` writes its .tsbuildinfo even
 * with --noEmit, into its outDir, which may be the user's own folder when the tsconfig lies above the project (the copy
 * links the folders beside it).
 */
const WRITES_NOTHING = ['--incremental', 'false', '--composite', 'false'];

/** tsc --noEmit per tsconfig.json of the changed TypeScript files; the runner each changed test file is written for. */
export const ECMA_VERIFICATION: VerificationRules = {
  build(dir, paths, above) {
    const scripts = paths.filter((path) => /\.[cm]?tsx?$/.test(path));
    const projects = new Set(scripts.map((path) => nearestWith(dir, path, 'tsconfig.json', above)).filter((found): found is string => found !== undefined));
    return [...projects].map((project): VerifyCommand => {
      const tsc = binary(dir, project, 'tsc', above);
      return tsc
        ? { step: 'build', argv: [tsc, '--noEmit', ...WRITES_NOTHING, '-p', project || '.'], cwd: '' }
        : { step: 'build', argv: [], cwd: '', skip: `typescript is not installed for ${project || '.'}` };
    });
  },
  test(dir, paths, above) {
    const commands = [...new Set(paths.filter((path) => RUNNABLE_TEST.test(path)))].map((test) => scriptTest(dir, test, above));
    return withRelated(dir, commands, { paths, above });
  },
};

/** A file TypeScript or JavaScript: what a test may import. */
const SCRIPT = /\.[cm]?[jt]sx?$/;

/**
 * vitest's runs in one project made one `vitest related --run` over the project's changed files: the tests that import
 * a changed module run too (its existing spec, which a patch can break while the new test passes), besides the test files
 * named. A project where no test imports them fails with "No test files found", as it does without the patch.
 */
function withRelated(dir: string, commands: VerifyCommand[], changed: { paths: readonly string[]; above: string | undefined }): VerifyCommand[] {
  const merged = new Map<string, VerifyCommand>();
  const out: VerifyCommand[] = [];
  for (const command of commands) {
    if (command.argv[1] !== 'related') {
      out.push(command);
      continue;
    }
    const key = `${command.cwd}\0${command.argv[0]}`;
    const known = merged.get(key);
    if (known) {
      known.argv.push(...command.argv.slice(3));
      continue;
    }
    const sources = changed.paths
      .filter((path) => SCRIPT.test(path) && !RUNNABLE_TEST.test(path) && (nearestWith(dir, path, 'package.json', changed.above) ?? '') === command.cwd)
      .map((path) => seenFrom(dir, command.cwd, path));
    const made = { ...command, argv: [...command.argv, ...sources] };
    merged.set(key, made);
    out.push(made);
  }
  return out;
}

/** The runner a test file is written for, from its imports and the package.json around it. */
function scriptTest(dir: string, test: string, above: string | undefined): VerifyCommand {
  const text = readText(join(dir, test));
  const project = nearestWith(dir, test, 'package.json', above) ?? '';
  const pkg = readText(join(dir, project, 'package.json'));
  const relative = seenFrom(dir, project, test);
  if (/from\s+['"]vitest['"]/.test(text) || (/"vitest"/.test(pkg) && !/from\s+['"](node:)?test['"]/.test(text))) {
    const vitest = binary(dir, project, 'vitest', above);
    return vitest ? { step: 'test', argv: [vitest, 'related', '--run', relative], cwd: project } : { step: 'test', argv: [], cwd: '', skip: 'vitest is not installed' };
  }
  if (/@jest\/globals/.test(text) || /"jest"/.test(pkg)) {
    const jest = binary(dir, project, 'jest', above);
    return jest ? { step: 'test', argv: [jest, relative], cwd: project } : { step: 'test', argv: [], cwd: '', skip: 'jest is not installed' };
  }
  if (/\.[cm]?js$/.test(test)) return { step: 'test', argv: [process.execPath, '--test', relative], cwd: project };
  return { step: 'test', argv: [], cwd: '', skip: `no runner for ${test} (use --test-cmd)` };
}
