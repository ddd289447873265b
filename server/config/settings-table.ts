import { settingLeaves } from './settings.js';

/** The README's configuration table, rendered from the schema so the two cannot drift apart. */
export function renderSettingsTable(): string {
  const rows = settingLeaves().map((leaf) => {
    // The URL default depends on the environment; show the rule, not this machine's value.
    const shown = leaf.key === 'model.url' ? '`$OLLAMA_HOST` or `http://127.0.0.1:11434`' : `\`${JSON.stringify(leaf.defaultValue)}\``;
    return `| \`${leaf.key}\` | ${shown} | ${leaf.description} |`;
  });
  return ['| setting | default | what it does |', '|---|---|---|', ...rows].join('\n');
}

// `node dist/server/config/settings-table.js` prints the table for pasting into the README.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  process.stdout.write(renderSettingsTable() + '\n');
}
