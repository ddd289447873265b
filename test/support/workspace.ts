import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative as relativePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver-protocol';
import { closedAfterEach } from './cleanup.js';
import { CURSOR, parseMarked } from './marked.js';

/** A throwaway project on disk (go.mod, package.json, sources), for actions that read project files. */
export interface Workspace {
  root: string;
  path(relative: string): string;
  uri(relative: string): string;
  read(relative: string): string;
  exists(relative: string): boolean;
  write(relative: string, text: string): void;
  remove(): void;
}

/** `folder` names the workspace's own directory (inside a fresh temporary one): the prompt's repository name comes from it. */
export function makeWorkspace(files: Record<string, string>, options: { folder?: string } = {}): Workspace {
  const parent = mkdtempSync(join(tmpdir(), 'ghostline-ws-'));
  const root = options.folder ? join(parent, options.folder) : parent;
  const workspace: Workspace = {
    root,
    path: (relative) => join(root, relative),
    uri: (relative) => pathToFileURL(join(root, relative)).href,
    read: (relative) => readFileSync(join(root, relative), 'utf8'),
    exists: (relative) => existsSync(join(root, relative)),
    write: (relative, text) => {
      mkdirSync(dirname(join(root, relative)), { recursive: true });
      writeFileSync(join(root, relative), text);
    },
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
  mkdirSync(root, { recursive: true });
  for (const [relative, text] of Object.entries(files)) workspace.write(relative, text);
  return workspace;
}

/** For a test file: a function that makes a temporary workspace of `files` (returning its root), each removed after its test. */
export function workspacesRemovedAfterEach(): (files: Record<string, string>) => string {
  const track = closedAfterEach();
  return (files) => {
    const created = makeWorkspace(files);
    track({ close: async () => created.remove() });
    return created.root;
  };
}

/** test/fixtures/, from source (vitest) or from dist/. */
export const FIXTURES = fileURLToPath(new URL(import.meta.url.includes('/dist/test/') ? '../../../test/fixtures/' : '../fixtures/', import.meta.url));

/** A fixture workspace whose `█` cursor markers were removed and remembered, by workspace-relative path. */
export interface FixtureWorkspace extends Workspace {
  cursors: Map<string, { position: Position; offset: number; text: string }>;
}

/** Copies `test/fixtures/<name>` into a temporary folder named `folder`, cursor markers taken out. */
export function copyFixture(name: string, folder = name): FixtureWorkspace {
  const source = join(FIXTURES, name);
  const files: Record<string, string> = {};
  const cursors: FixtureWorkspace['cursors'] = new Map();
  for (const file of walk(source)) {
    const relative = relativePath(source, file).split('\\').join('/');
    const text = readFileSync(file, 'utf8');
    if (text.includes(CURSOR)) {
      const marked = parseMarked(text);
      cursors.set(relative, marked);
      files[relative] = marked.text;
    } else {
      files[relative] = text;
    }
  }
  return { ...makeWorkspace(files, { folder }), cursors };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
