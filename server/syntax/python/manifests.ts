/**
 * Readers for Python's project files, pure functions of their text: pyproject.toml (PEP 621 and Poetry),
 * setup.cfg, requirements*.txt and .python-version. Only the fields prompts need are read; a small
 * line-based TOML reading is enough for these tables and avoids a TOML dependency.
 */

/** What a Python manifest says about the project. */
export interface PythonManifest {
  name?: string;
  pythonVersion?: string;
  dependencies: Record<string, string>;
  /** pytest appears among the dependencies or configuration. */
  pytest: boolean;
}

/** `requests>=2.31 ; python_version>"3.8"` → [`requests`, `>=2.31`]. */
export function parseRequirement(line: string): [string, string] | undefined {
  const text =
    line
      .replace(/\s+#.*$/, '')
      .split(';')[0]
      ?.trim() ?? '';
  if (!text || text.startsWith('#') || text.startsWith('-')) return undefined;
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(text);
  if (!match?.[1]) return undefined;
  return [match[1].toLowerCase(), (match[3] ?? '').replace(/\s+/g, '')];
}

/** A requirements*.txt file: one requirement a line; options (`-r`, `-e`) and comments skipped. */
export function parseRequirements(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const requirement = parseRequirement(line);
    if (requirement) out[requirement[0]] = requirement[1];
  }
  return out;
}

/** The `[table]` sections of a TOML or INI file, each as its raw lines. */
function sections(text: string, header: RegExp): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] = [];
  out.set('', current);
  for (const line of text.split('\n')) {
    const name = header.exec(line.trim())?.[1];
    if (name !== undefined) out.set(name.trim(), (current = []));
    else current.push(line);
  }
  return out;
}

/** A TOML string value (`"x"` or `'x'`), or undefined. */
function tomlString(raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : /^\s*["']([^"']*)["']/.exec(raw)?.[1];
}

/** `key = value` pairs of a section; multi-line arrays joined onto their key. */
function keyValues(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  for (const line of lines) {
    const match = /^\s*([A-Za-z0-9_."-]+)\s*=\s*(.*)$/.exec(line);
    if (match?.[1] !== undefined && !(key && open(out.get(key) ?? ''))) {
      key = match[1].replace(/"/g, '');
      out.set(key, match[2] ?? '');
    } else if (key !== undefined) out.set(key, `${out.get(key) ?? ''}\n${line}`);
  }
  return out;
}

/** An array value still missing its `]`. */
function open(value: string): boolean {
  return value.trimStart().startsWith('[') && !/\]\s*(#.*)?$/.test(value.trimEnd());
}

/** The quoted strings of a TOML array. */
function tomlArray(raw: string | undefined): string[] {
  return [...(raw ?? '').matchAll(/["']([^"']+)["']/g)].map((match) => match[1] ?? '');
}

/** pyproject.toml: PEP 621 `[project]` or Poetry's `[tool.poetry]`, and whether pytest is configured. */
export function parsePyproject(text: string): PythonManifest {
  const tables = sections(text, /^\[([^[\]]+)\]$/);
  const project = keyValues(tables.get('project') ?? []);
  const poetry = keyValues(tables.get('tool.poetry') ?? []);
  const dependencies: Record<string, string> = {};
  for (const requirement of tomlArray(project.get('dependencies'))) {
    const parsed = parseRequirement(requirement);
    if (parsed) dependencies[parsed[0]] = parsed[1];
  }
  let pythonVersion = tomlString(project.get('requires-python'));
  for (const table of ['tool.poetry.dependencies', 'tool.poetry.group.dev.dependencies', 'tool.poetry.dev-dependencies']) {
    for (const [name, raw] of keyValues(tables.get(table) ?? [])) {
      const version = tomlString(raw) ?? /version\s*=\s*["']([^"']*)["']/.exec(raw)?.[1] ?? '';
      if (name === 'python') pythonVersion ??= version;
      else dependencies[name.toLowerCase()] = version;
    }
  }
  const pytest = 'pytest' in dependencies || tables.has('tool.pytest.ini_options') || /["']pytest[<>=~!\s"']/.test(text);
  return { name: tomlString(project.get('name')) ?? tomlString(poetry.get('name')), pythonVersion, dependencies, pytest };
}

/** setup.cfg: `[metadata] name`, `[options] python_requires` and `install_requires`, `[tool:pytest]`. */
export function parseSetupCfg(text: string): PythonManifest {
  const tables = sections(text, /^\[([^[\]]+)\]$/);
  const metadata = keyValues(tables.get('metadata') ?? []);
  const options = keyValues(tables.get('options') ?? []);
  const dependencies = parseRequirements(options.get('install_requires') ?? '');
  const pytest = 'pytest' in dependencies || tables.has('tool:pytest');
  return { name: metadata.get('name')?.trim() || undefined, pythonVersion: options.get('python_requires')?.trim() || undefined, dependencies, pytest };
}

/** .python-version (pyenv): the first non-comment line. */
export function parsePythonVersionFile(text: string): string | undefined {
  return text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'));
}
