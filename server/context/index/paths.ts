import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The path of a file URI or path relative to `root` (forward slashes), or undefined when it lies outside it or is not a file. */
export function relativeIn(root: string, uriOrPath: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]+:/i.test(uriOrPath) && !uriOrPath.startsWith('file:')) return undefined; // untitled:, git:, …
  let absolute: string;
  try {
    absolute = uriOrPath.startsWith('file:') ? fileURLToPath(uriOrPath) : uriOrPath;
  } catch {
    return undefined;
  }
  const rel = relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || /^[a-zA-Z]:/.test(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
