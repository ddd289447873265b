import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

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

export function makeWorkspace(files: Record<string, string>): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'ghostline-ws-'));
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
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [relative, text] of Object.entries(files)) workspace.write(relative, text);
  return workspace;
}
