import { posix } from 'node:path';
import { nearestWith, type VerificationRules, type VerifyCommand } from '../verification.js';

/** go build and go vet per module of the changed files; go test on their packages (the generated test's among them). */
export const GO_VERIFICATION: VerificationRules = {
  build(dir, paths) {
    const commands: VerifyCommand[] = [];
    for (const [module, packages] of goPackages(dir, paths)) {
      commands.push({ step: 'build', argv: ['go', 'build', './...'], cwd: module });
      commands.push({ step: 'vet', argv: ['go', 'vet', ...packages], cwd: module });
    }
    return commands;
  },
  test(dir, paths) {
    return [...goPackages(dir, paths)].map(([module, packages]) => ({ step: 'test', argv: ['go', 'test', '-count=1', ...packages], cwd: module }));
  },
};

/** Go packages (as `./dir` relative to their module) of the given files, by module folder. */
function goPackages(dir: string, paths: readonly string[]): Map<string, string[]> {
  const byModule = new Map<string, Set<string>>();
  for (const path of paths) {
    const module = nearestWith(dir, path, 'go.mod');
    if (module === undefined) continue;
    const pkg = posix.relative(module, posix.dirname(path));
    const set = byModule.get(module) ?? new Set<string>();
    set.add(pkg === '' ? '.' : `./${pkg}`);
    byModule.set(module, set);
  }
  return new Map([...byModule].map(([module, set]) => [module, [...set].sort()]));
}
