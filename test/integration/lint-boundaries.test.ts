import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Lints files with the project's own configuration, as `npm run lint` does, fixtures included. */
async function lint(files: string[]): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: 'tools/lint/eslint.config.mjs', ignore: false });
  return eslint.lintFiles(files);
}

describe('the layer rule', () => {
  it('fails a lower layer importing a higher one (model/ importing lsp/), and only that', async () => {
    const [result] = await lint(['test/fixtures/lint/server/model/imports-up.ts']);
    const messages = result!.messages.map((message) => `${message.line}: ${message.ruleId}: ${message.message}`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^3: no-restricted-imports: .*server\/model is below these layers.*\blsp\b/);
  }, 300_000);

  it('lets a higher layer import a lower one', async () => {
    const [result] = await lint(['test/fixtures/lint/server/lsp/features.ts']);
    expect(result!.messages).toEqual([]);
  }, 300_000);
});
