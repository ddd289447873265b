import { join, posix } from 'node:path';
import { importersOf } from './importers.js';
import { nearestWith, seenFrom, type VerificationRules, type VerifyCommand } from '../verification.js';

/**
 * go build and go vet per module of the changed files; go test on their packages (the generated test's among them) and
 * on the packages that import them. A module whose go.mod lies above the project (`above`: the project is one folder of
 * it) is built from there, the project's packages alone.
 */
export const GO_VERIFICATION: VerificationRules = {
  build(dir, paths, above) {
    const commands: VerifyCommand[] = [];
    for (const [module, packages] of goPackages(dir, paths, above)) {
      commands.push({ step: 'build', argv: ['go', 'build', projectPart(dir, module)], cwd: module, explain: notDownloaded(module) });
      commands.push({ step: 'vet', argv: ['go', 'vet', ...packages], cwd: module, explain: notDownloaded(module) });
    }
    return commands;
  },
  // The packages that import a changed one are tested too (the nearest few), on their own: a patch can break them while
  // its own tests pass, and one that cannot be built here (a requirement never downloaded) leaves the changed ones' verdict.
  test(dir, paths, above) {
    return [...goPackages(dir, paths, above)].flatMap(([module, packages]) => {
      const importers = importersOf(join(dir, module), packages, projectPart(dir, module));
      return [packages, ...(importers.length > 0 ? [importers] : [])].map((tested): VerifyCommand => ({
        step: 'test',
        argv: ['go', 'test', '-count=1', ...tested],
        cwd: module,
        explain: notDownloaded(module),
      }));
    });
  },
};

/** The module's packages that are the project's: all of them (`./...`), or those below the project when the module lies above it (`./api/...`). */
function projectPart(dir: string, module: string): string {
  const own = module.startsWith('..') ? seenFrom(dir, module, '') : '';
  return own ? `./${own}/...` : './...';
}

/**
 * The checks run with GOPROXY=off (verification sends nothing over the network), so a module the project requires that
 * was never downloaded fails every check, with or without the patch: said once, with the command that fetches them.
 */
function notDownloaded(module: string): (output: string) => string | undefined {
  return (output) =>
    /module lookup disabled by GOPROXY=off|missing go\.sum entry/.test(output)
      ? `The Go modules this project requires are not all downloaded, and verification downloads nothing: run \`go mod download\`${module ? ` in ${module.startsWith('..') ? 'the folder of its go.mod' : module}` : ''}, then ask again.`
      : undefined;
}

/** Go packages (as `./dir` relative to their module) of the given files, by module folder (root-relative). */
function goPackages(dir: string, paths: readonly string[], above: string | undefined): Map<string, string[]> {
  const byModule = new Map<string, Set<string>>();
  for (const path of paths) {
    const module = nearestWith(dir, path, 'go.mod', above);
    if (module === undefined) continue;
    const pkg = seenFrom(dir, module, posix.dirname(path));
    const set = byModule.get(module) ?? new Set<string>();
    set.add(pkg === '' ? '.' : `./${pkg}`);
    byModule.set(module, set);
  }
  return new Map([...byModule].map(([module, set]) => [module, [...set].sort()]));
}
