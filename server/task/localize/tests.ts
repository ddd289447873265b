/** A test file's name: `foo_test.go`, `foo.test.ts`, `foo.spec.ts`, `foo-spec.ts`, `test_foo.py`. */
const TEST_NAME = /(?:[._-](?:test|spec)|_test)\.[a-z]+$|^test_[^/]+\.py$/i;
const TEST_DIR = /(?:^|\/)(?:__tests__|tests?|spec)\//;

/** Whether a path is a test file, by name or by a test folder on its path. */
export function isTestPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return TEST_NAME.test(name) || TEST_DIR.test(path);
}

/** The name a test's subject has: `map-spec.ts` → `map`, `store_test.go` → `store`. */
export function subjectStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name
    .replace(/^test_/, '')
    .replace(/\.[a-z]+$/i, '')
    .replace(/(?:[._-](?:test|spec))$/i, '')
    .toLowerCase();
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/**
 * Pairs each test file with the file it tests: the non-test file of the same stem in its folder,
 * else the one of that stem it imports, else the only one of that stem in the workspace. Tests
 * often sit in a mirrored tree (`spec/operators/map-spec.ts` for `src/internal/operators/map.ts`).
 */
export function testSubjects(files: readonly string[], imported: ReadonlyMap<string, ReadonlySet<string>>): Array<[string, string]> {
  const byStem = new Map<string, string[]>();
  for (const file of files) {
    if (isTestPath(file)) continue;
    const stem = subjectStem(file);
    byStem.set(stem, [...(byStem.get(stem) ?? []), file]);
  }
  const pairs: Array<[string, string]> = [];
  for (const test of files) {
    if (!isTestPath(test)) continue;
    const candidates = byStem.get(subjectStem(test)) ?? [];
    const subject =
      candidates.find((file) => dirOf(file) === dirOf(test)) ?? candidates.find((file) => imported.get(test)?.has(file)) ?? (candidates.length === 1 ? candidates[0] : undefined);
    if (subject) pairs.push([test, subject]);
  }
  return pairs;
}
