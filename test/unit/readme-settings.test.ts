import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSettingsTable } from '../../server/config/settings-table.js';

describe('README configuration table', () => {
  it('matches the settings schema (regenerate with: node dist/server/config/settings-table.js)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(renderSettingsTable());
  });
});
