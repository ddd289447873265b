import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { settingLeaves } from './settings.js';

/** One `contributes.configuration.properties` entry of a VS Code extension manifest. */
export type VscodeProperty = Record<string, unknown>;

/**
 * Settings of the VS Code extension itself (how to start the server), never sent to the server.
 * No server settings section may be called `server`, so the two cannot collide.
 */
export const CLIENT_ONLY_PREFIX = 'ghostline.server.';

/**
 * Settings whose default depends on the environment: VS Code must not send a fixed default, or
 * it would override the server's own ($OLLAMA_HOST). null means "unset" to the server.
 */
const ENVIRONMENT_DEFAULTS = new Set(['model.url']);

/** Every server setting as a VS Code configuration property, named `ghostline.<dotted key>`. */
export function vscodeConfigurationProperties(): Record<string, VscodeProperty> {
  const properties: Record<string, VscodeProperty> = {};
  settingLeaves().forEach((leaf, order) => {
    const { $schema: _schema, ...schema } = z.toJSONSchema(leaf.schema) as Record<string, unknown>;
    const property: VscodeProperty = { ...schema, order };
    if (ENVIRONMENT_DEFAULTS.has(leaf.key)) {
      property.type = [schema.type, 'null'];
      property.default = null;
    }
    properties[`ghostline.${leaf.key}`] = property;
  });
  return properties;
}

interface Manifest {
  contributes?: { configuration?: { title?: string; properties?: Record<string, VscodeProperty> } };
}

/** The manifest with its server settings regenerated; the extension's own settings are kept. */
export function withServerSettings(manifest: Manifest): Manifest {
  const current = manifest.contributes?.configuration?.properties ?? {};
  const clientOnly = Object.fromEntries(Object.entries(current).filter(([key]) => key.startsWith(CLIENT_ONLY_PREFIX)));
  return {
    ...manifest,
    contributes: {
      ...manifest.contributes,
      configuration: { title: 'Ghostline', ...manifest.contributes?.configuration, properties: { ...vscodeConfigurationProperties(), ...clientOnly } },
    },
  };
}

// `node dist/server/config/vscode-configuration.js clients/vscode/package.json` rewrites that manifest.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const path = process.argv[2];
  if (!path) {
    process.stdout.write(JSON.stringify(vscodeConfigurationProperties(), null, 2) + '\n');
  } else {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    writeFileSync(path, JSON.stringify(withServerSettings(manifest), null, 2) + '\n');
  }
}
