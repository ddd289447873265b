import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { readText } from '../verification.js';

/** A file pytest or unittest runs (`test_*.py`, `*_test.py`); conftest.py and helpers under tests/ are not. */
export const RUNNABLE_TEST = /^test_.*\.py$|_test\.py$/;

/** Folders never searched for tests: environments, caches, dependencies and build output. */
const NEVER_SEARCHED = new Set(['node_modules', '__pycache__', 'site-packages', 'build', 'dist', 'venv', 'env']);
/** How many folder entries the search looks at, and how many test files it reads, at most. */
const MAX_ENTRIES = 20_000;
const MAX_TESTS = 500;

/**
 * The project's test files (in the copy `dir`) that import one of the changed modules: `from shop.cart import total`,
 * `import shop.cart`, `from shop import cart` (a `src/` layout's modules by their import name). They are what a patch to
 * those modules can break while its own new test passes.
 */
export function relatedTests(dir: string, changed: readonly string[]): string[] {
  const patterns = changed.filter((path) => path.endsWith('.py') && !RUNNABLE_TEST.test(posix.basename(path))).flatMap(importPatterns);
  if (patterns.length === 0) return [];
  return testFiles(dir).filter((test) => {
    if (changed.includes(test)) return false;
    const text = readText(join(dir, test));
    return patterns.some((pattern) => pattern.test(text));
  });
}

/** How a test imports the module at `path`, by each name it can be imported as. */
function importPatterns(path: string): RegExp[] {
  const parts = path.replace(/\.py$/, '').split('/');
  if (parts.at(-1) === '__init__') parts.pop();
  const names = [parts, ...(parts[0] === 'src' ? [parts.slice(1)] : [])].filter((name) => name.length > 0 && name.every((part) => /^\w+$/.test(part)));
  return names.flatMap((name) => {
    const module = name.join('\\.');
    const found = [new RegExp(`^\\s*(?:from\\s+${module}\\s+import\\b|import\\s+${module}\\b)`, 'm')];
    // `from shop import cart`, or `from shop import (\n    cart,\n)`.
    if (name.length > 1) found.push(new RegExp(`^\\s*from\\s+${name.slice(0, -1).join('\\.')}\\s+import\\s+(?:\\([^)]*|[^\\n]*)\\b${name.at(-1)!}\\b`, 'm'));
    return found;
  });
}

/** The runnable test files below `dir`, root-relative, in a bounded walk that skips hidden folders and NEVER_SEARCHED. */
function testFiles(dir: string): string[] {
  const found: string[] = [];
  const pending = [''];
  let seen = 0;
  while (pending.length > 0 && seen < MAX_ENTRIES && found.length < MAX_TESTS) {
    const folder = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(join(dir, folder), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen++;
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !entry.name.startsWith('.') && !NEVER_SEARCHED.has(entry.name)) pending.push(path);
      else if (entry.isFile() && RUNNABLE_TEST.test(entry.name)) found.push(path);
    }
  }
  return found.sort();
}
