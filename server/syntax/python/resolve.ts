import type { FileLookup } from '../imports.js';

/** Directories absolute imports are looked up from, besides the importing file's own directory. */
const SOURCE_ROOTS = ['', 'src', 'lib'];

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function join(dir: string, rest: string): string {
  return dir === '' ? rest : rest === '' ? dir : `${dir}/${rest}`;
}

/** The module file of a dotted path under `base`: `a/b.py`, else the package `a/b/__init__.py`. */
function moduleFile(base: string, parts: readonly string[], files: FileLookup): string | undefined {
  const path = join(base, parts.join('/'));
  if (parts.length > 0 && files.hasFile(`${path}.py`)) return `${path}.py`;
  const init = join(path, '__init__.py');
  return files.hasFile(init) ? init : undefined;
}

/**
 * The workspace file a Python import names. `source` is the module as written: dotted (`pkg.mod`) or
 * relative (`.`, `..pkg.mod`). A last segment that is no module is a name defined in its parent
 * package (`from . import helper` recorded as `.helper`), so the parent's `__init__.py` answers.
 * Absolute imports are tried from the workspace root, `src/` and `lib/` layouts, then beside the file
 * (scripts importing their neighbours); anything else (the standard library, site-packages) is [].
 */
export function resolvePythonImport(fromFile: string, source: string, files: FileLookup): string[] {
  const dots = /^\.*/.exec(source)?.[0].length ?? 0;
  const parts = source
    .slice(dots)
    .split('.')
    .filter((part) => part !== '');
  let bases: string[];
  if (dots > 0) {
    let base = dirOf(fromFile);
    for (let up = 1; up < dots; up++) {
      if (base === '') return [];
      base = dirOf(base);
    }
    bases = [base];
  } else {
    bases = [...SOURCE_ROOTS, dirOf(fromFile)];
  }
  for (const base of bases) {
    const found = moduleFile(base, parts, files) ?? (parts.length > (dots > 0 ? 0 : 1) ? moduleFile(base, parts.slice(0, -1), files) : undefined);
    if (found) return [found];
  }
  return [];
}
