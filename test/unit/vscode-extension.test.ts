import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveServerCommand } from '../../clients/vscode/src/server-command.js';
import { CLIENT_ONLY_SECTION, serverSettings } from '../../clients/vscode/src/settings.js';
import { settingLeaves } from '../../server/config/settings.js';
import { CLIENT_ONLY_PREFIX, vscodeConfigurationProperties } from '../../server/config/vscode-configuration.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const EXTENSION = join(REPO, 'clients/vscode');

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
}
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const manifest = readJson<Manifest>(join(EXTENSION, 'package.json'));

describe('VS Code extension settings', () => {
  it('declares every server setting as in the schema (regenerate with: npm run vscode:configuration)', () => {
    const declared = manifest.contributes.configuration.properties;
    const serverDeclared = Object.fromEntries(Object.entries(declared).filter(([key]) => !key.startsWith(CLIENT_ONLY_PREFIX)));
    expect(serverDeclared).toEqual(vscodeConfigurationProperties());
  });

  it('names each setting ghostline.<dotted key> with its type, default and description', () => {
    const properties = vscodeConfigurationProperties();
    for (const leaf of settingLeaves()) {
      const property = properties[`ghostline.${leaf.key}`];
      expect(property, leaf.key).toBeDefined();
      expect(property!.description).toBe(leaf.description);
      if (leaf.key !== 'model.url') expect(property!.default).toEqual(leaf.defaultValue);
    }
    // The URL default follows $OLLAMA_HOST on the server, so VS Code must not send a fixed one.
    expect(properties['ghostline.model.url']).toMatchObject({ default: null, type: ['string', 'null'] });
    expect(properties['ghostline.log.level']).toMatchObject({ type: 'string', enum: ['error', 'warn', 'info', 'debug'] });
  });

  it("keeps the extension's own settings apart from the server's, and never sends them", () => {
    expect(CLIENT_ONLY_PREFIX).toBe(`ghostline.${CLIENT_ONLY_SECTION}.`);
    expect(settingLeaves().some((leaf) => leaf.key.startsWith(`${CLIENT_ONLY_SECTION}.`))).toBe(false);
    expect(serverSettings({ server: { path: '/x' }, model: { name: 'm' } })).toEqual({ model: { name: 'm' } });
    expect(serverSettings(null)).toBeNull();
  });
});

describe('VS Code extension server command', () => {
  const base = { configuredPath: '', node: 'node', extensionPath: join(REPO, 'clients/vscode'), home: '/home/u', exists: existsSync };

  it('runs a configured main.js with the configured node, or a configured executable directly', () => {
    expect(resolveServerCommand({ ...base, configuredPath: '/opt/g/dist/server/cli/main.js', node: '/usr/bin/node' })).toEqual({
      command: '/usr/bin/node',
      args: ['/opt/g/dist/server/cli/main.js'],
      source: 'setting',
    });
    expect(resolveServerCommand({ ...base, configuredPath: '/usr/local/bin/ghostline' })).toMatchObject({ command: '/usr/local/bin/ghostline', args: [] });
    expect(resolveServerCommand({ ...base, configuredPath: ' ~/g/dist/server/cli/main.js ' }).args).toEqual(['/home/u/g/dist/server/cli/main.js']);
  });

  it("uses the checkout's compiled server from clients/vscode or a staged copy below it, else ghostline on PATH", () => {
    const main = join(REPO, 'dist/server/cli/main.js');
    expect(resolveServerCommand(base)).toEqual({ command: 'node', args: [main], source: 'repository' });
    expect(resolveServerCommand({ ...base, extensionPath: join(REPO, 'clients/vscode/vsix') }).args).toEqual([main]);
    expect(resolveServerCommand({ ...base, extensionPath: '/nowhere/extension' })).toEqual({ command: 'ghostline', args: [], source: 'PATH' });
  });
});

describe('VS Code extension package', () => {
  it('shares the server’s exact protocol version, so one copy is installed', () => {
    const root = readJson<Manifest>(join(REPO, 'package.json'));
    const client = readJson<Manifest>(join(REPO, 'node_modules/vscode-languageclient/package.json'));
    expect(client.dependencies?.['vscode-languageserver-protocol']).toBe(root.dependencies?.['vscode-languageserver-protocol']);
  });

  it('stages a .vsix-ready folder: one esbuild bundle needing only vscode and Node, with LICENSE and .vscodeignore', () => {
    const target = mkdtempSync(join(tmpdir(), 'ghostline-vsix-'));
    try {
      const staged = spawnSync(process.execPath, [join(EXTENSION, 'scripts/stage.mjs'), target], { encoding: 'utf8' });
      expect(staged.status, staged.stderr).toBe(0);
      const stagedManifest = readJson<Manifest & { main: string; scripts?: unknown; license?: string }>(join(target, 'package.json'));
      expect(stagedManifest.devDependencies).toBeUndefined();
      expect(stagedManifest.dependencies).toBeUndefined();
      expect(stagedManifest.scripts).toBeUndefined();
      expect(stagedManifest.license).toBe('MIT');
      for (const file of ['README.md', 'LICENSE', '.vscodeignore']) expect(existsSync(join(target, file)), file).toBe(true);
      expect(existsSync(join(target, 'node_modules'))).toBe(false);
      const bundle = readFileSync(join(target, stagedManifest.main), 'utf8');
      // The language client is inside the bundle; what is still required comes from the host.
      const required = new Set([...bundle.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]!));
      const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
      expect([...required].filter((name) => name !== 'vscode' && !builtins.has(name))).toEqual([]);
      expect(bundle).toContain('LanguageClient');
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});
