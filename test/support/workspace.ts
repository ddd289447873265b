import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver-protocol';
import { CURSOR, parseMarked } from './marked.js';

/** test/fixtures/, from source (vitest) or from dist/. */
export const FIXTURES = fileURLToPath(new URL(import.meta.url.includes('/dist/test/') ? '../../../test/fixtures/' : '../fixtures/', import.meta.url));

/** A fixture workspace copied to a temporary folder, cursor markers removed and remembered. */
export interface TempWorkspace {
  root: string;
  uri: string;
  /** Files (workspace-relative) that held a `█`, with the cursor position and the text without it. */
  cursors: Map<string, { position: Position; offset: number; text: string }>;
  fileUri(path: string): string;
  read(path: string): string;
  write(path: string, text: string): void;
  remove(): void;
}

/** Copies `test/fixtures/<name>` to `<tmp>/<random>/<folder>`: the folder name becomes the prompt's repository name. */
export function copyFixture(name: string, folder = name): TempWorkspace {
  const parent = mkdtempSync(join(tmpdir(), 'ghostline-ws-'));
  const root = join(parent, folder);
  cpSync(join(FIXTURES, name), root, { recursive: true });
  const cursors = new Map<string, { position: Position; offset: number; text: string }>();
  for (const file of walk(root)) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes(CURSOR)) continue;
    const marked = parseMarked(text);
    writeFileSync(file, marked.text);
    cursors.set(relative(root, file).split('\\').join('/'), marked);
  }
  return {
    root,
    uri: pathToFileURL(root).toString(),
    cursors,
    fileUri: (path) => pathToFileURL(join(root, path)).toString(),
    read: (path) => readFileSync(join(root, path), 'utf8'),
    write: (path, text) => writeFileSync(join(root, path), text),
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
