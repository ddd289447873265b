import type { LocalizationModel } from './model.js';
import { nameMatches, pathMatches } from './names.js';

/** Folders of more files than this say too little about which file a scope means. */
const MAX_FOLDER_FILES = 40;

/**
 * The files of the folders a Conventional Commits scope names (`fix(schedulers): …` → every file of
 * `scheduler/`), when the scope names no file or declaration itself: a scope is the author's own
 * word for the part of the code they changed, and a part is often a folder. The folder's name
 * matches the scope as written, lower-case, with a plural `s` ignored on either side.
 */
export function scopeFolderFiles(model: LocalizationModel, scope: string): Map<string, string> {
  const files = model.graph.files;
  const key = new Set([scope.toLowerCase()]);
  if (pathMatches(files, key).size > 0 || nameMatches(model.lexical.nodes, key, [scope]).size > 0) return new Map();
  const wanted = singular(scope.toLowerCase());
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = file.slice(0, Math.max(0, file.lastIndexOf('/')));
    const name = folder.slice(folder.lastIndexOf('/') + 1);
    if (name.length === 0 || singular(name.toLowerCase()) !== wanted) continue;
    const inside = byFolder.get(folder);
    if (inside) inside.push(file);
    else byFolder.set(folder, [file]);
  }
  const found = new Map<string, string>();
  for (const [folder, inside] of byFolder) if (inside.length <= MAX_FOLDER_FILES) for (const file of inside) found.set(file, folder);
  return found;
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}
