import { isAbsolute, relative, sep } from 'node:path';

/** The folders not inside another of them. */
export function outermost(folders: readonly string[]): string[] {
  return folders.filter((folder) => !folders.some((other) => other !== folder && contains(other, folder)));
}

/** Whether `path` is `folder` or lies inside it. */
export function contains(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
