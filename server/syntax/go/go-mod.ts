import { type ManifestReader } from '../manifests.js';

export interface GoModule {
  /** Workspace-relative directory holding go.mod. */
  dir: string;
  /** The module path (`module` line). */
  path: string;
  /** The `go` line, e.g. `1.21`. */
  goVersion?: string;
  requires: Array<{ path: string; version: string }>;
}

/** The go.mod governing a workspace-relative directory. */
export function goModule(manifests: ManifestReader, dir: string): GoModule | undefined {
  return manifests.nearest(dir, 'go.mod', (text, at) => parseGoMod(text, at));
}

/** The `module`, `go` and `require` directives of a go.mod; undefined when it names no module. */
export function parseGoMod(text: string, dir: string): GoModule | undefined {
  let module: string | undefined;
  let goVersion: string | undefined;
  const requires: GoModule['requires'] = [];
  let inRequire = false;
  // Line by line, so requirements keep the order the file gives them.
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/\/\/.*$/, '')
      .trim()
      .replace(/^require\s*\(/, 'require (');
    if (inRequire) {
      if (line === ')') inRequire = false;
      else addRequire(requires, line);
      continue;
    }
    const [directive, ...rest] = line.split(/\s+/);
    if (directive === 'module') module = rest[0]?.replace(/^"|"$/g, '');
    else if (directive === 'go') goVersion = rest[0];
    else if (directive === 'require' && rest[0] === '(') inRequire = true;
    else if (directive === 'require') addRequire(requires, rest.join(' '));
  }
  return module ? { dir, path: module, goVersion, requires } : undefined;
}

function addRequire(requires: GoModule['requires'], line: string): void {
  const [path, version] = line
    .replace(/\/\/.*$/, '')
    .trim()
    .split(/\s+/);
  if (path && version) requires.push({ path, version });
}
