import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GRAMMARS } from '../../grammars/registry.js';
import { applySettings, defaultSettings } from '../../server/config/settings.js';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** `key = value` lines of one TOML table, values being TOML's JSON-compatible strings, numbers and booleans. */
function tomlTable(toml: string, table: string): Record<string, unknown> {
  const start = toml.indexOf(`[${table}]\n`);
  expect(start, `[${table}] present`).toBeGreaterThanOrEqual(0);
  const body = toml.slice(start + table.length + 3).split(/^\[/m)[0] ?? '';
  const entries: Record<string, unknown> = {};
  for (const line of body.split('\n')) {
    const match = /^([\w.]+)\s*=\s*(\S+)/.exec(line);
    if (match) entries[match[1]!] = JSON.parse(match[2]!) as unknown;
  }
  return entries;
}

describe('Helix languages.toml snippet', () => {
  const toml = read('clients/helix/languages.toml');

  it('passes only settings the server accepts', () => {
    const config = tomlTable(toml, 'language-server.ghostline.config');
    expect(Object.keys(config).length).toBeGreaterThan(0);
    const { warnings } = applySettings(defaultSettings(), config);
    expect(warnings).toEqual([]);
  });

  it('adds ghostline beside the usual servers for every language the server has a grammar for', () => {
    // Helix's names for the server's languages; a language added to the registry without one fails here.
    const HELIX_NAMES: Record<string, string[]> = {
      go: ['go'],
      typescript: ['typescript'],
      typescriptreact: ['tsx'],
      javascript: ['javascript'],
      javascriptreact: ['jsx'],
      python: ['python'],
    };
    const FIRST_SERVER: Record<string, string> = { go: 'gopls', python: 'ruff' };
    for (const id of GRAMMARS.flatMap((grammar) => grammar.languageIds)) {
      expect(HELIX_NAMES[id], `a Helix name for ${id}`).toBeDefined();
      for (const language of HELIX_NAMES[id]!) {
        const block = new RegExp(`name = "${language}"\\nlanguage-servers = \\[([^\\]]*)\\]`).exec(toml);
        expect(block, language).not.toBeNull();
        const servers = block![1]!.split(',').map((s) => s.trim());
        expect(servers.at(-1)).toBe('"ghostline"');
        expect(servers[0]).toBe(`"${FIRST_SERVER[language] ?? 'typescript-language-server'}"`);
      }
    }
  });
});
