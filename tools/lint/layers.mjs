// The layers of server/, lowest first, and what each may import. A folder may import itself and
// the folders listed for it; an import of any other layer is an error. Keep in step with
// docs/layers.md.
export const LAYERS = {
  core: [],
  util: [],
  config: [],
  syntax: ['core', 'util'],
  model: ['core', 'util', 'config'],
  documents: ['core', 'util', 'config', 'syntax'],
  context: ['core', 'util', 'config', 'syntax', 'documents'],
  completion: ['core', 'util', 'config', 'syntax', 'documents', 'model'],
  actions: ['core', 'util', 'config', 'syntax', 'documents', 'model'],
  task: ['core', 'util', 'config', 'syntax', 'documents', 'model', 'context', 'completion', 'actions'],
  mcp: ['core', 'util', 'config', 'syntax', 'documents', 'model', 'context', 'completion', 'actions', 'task'],
  app: ['core', 'util', 'config', 'syntax', 'documents', 'model', 'context', 'completion', 'actions', 'task', 'mcp'],
  lsp: ['core', 'util', 'config', 'syntax', 'documents', 'model', 'context', 'completion', 'actions', 'task', 'mcp', 'app'],
  cli: ['core', 'util', 'config', 'syntax', 'documents', 'model', 'context', 'completion', 'actions', 'task', 'mcp', 'app', 'lsp'],
};

/** One config block per layer (under each root given) forbidding imports of the layers it may not use. */
export function layerBoundaries(roots) {
  const names = Object.keys(LAYERS);
  return names.flatMap((layer) => {
    const forbidden = names.filter((other) => other !== layer && !LAYERS[layer].includes(other));
    if (forbidden.length === 0) return [];
    const pattern = {
      // Relative specifiers that climb out of the folder into a forbidden layer: `../lsp/x.js`, `../../server/cli/x.js`.
      regex: `^(?:\\.\\./)+(?:server/)?(?:${forbidden.join('|')})/`,
      message: `server/${layer} is below these layers and may not import them: ${forbidden.join(', ')} (see tools/lint/layers.mjs).`,
    };
    return [{ files: roots.map((root) => `${root}/${layer}/**/*.ts`), rules: { 'no-restricted-imports': ['error', { patterns: [pattern] }] } }];
  });
}
