import { describe, expect, it } from 'vitest';
import { WATCHED_GLOBS } from '../../server/lsp/indexing.js';
import { allModules, isManifest } from '../../server/syntax/modules.js';

/** A file name a `**\/name*.ext` glob matches: the glob's last part with its wildcards taken out. */
const sampleOf = (glob: string) => glob.slice(glob.lastIndexOf('/') + 1).replace(/\*/g, '');

describe('the files the server asks the editor to watch', () => {
  it('cover every manifest of every language module, those named by pattern too', () => {
    for (const module of allModules()) {
      for (const manifest of module.environment.manifests) {
        if (typeof manifest === 'string') expect(WATCHED_GLOBS, `${module.name}: ${manifest}`).toContain(`**/${manifest}`);
        else
          expect(
            WATCHED_GLOBS.filter((glob) => manifest.test(sampleOf(glob))),
            `${module.name}: ${String(manifest)}`,
          ).not.toHaveLength(0);
      }
    }
    expect(WATCHED_GLOBS).toEqual(expect.arrayContaining(['**/go.mod', '**/package.json', '**/tsconfig*.json', '**/pyproject.toml', '**/requirements*.txt']));
  });

  it('name no manifest the index would not read again', () => {
    for (const glob of WATCHED_GLOBS.slice(1)) expect(isManifest(sampleOf(glob)), glob).toBe(true);
  });
});
