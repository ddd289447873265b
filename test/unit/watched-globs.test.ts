import { describe, expect, it } from 'vitest';
import { LISTING_RULE_FILES } from '../../server/context/relist.js';
import { WATCHED_GLOBS } from '../../server/lsp/indexing.js';
import { allModules, isManifest, toolingMarkers } from '../../server/syntax/modules.js';

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

  it('name no file but manifests the index would read again, ignore rules and the markers of folders it leaves out', () => {
    for (const glob of WATCHED_GLOBS.slice(1)) expect(isManifest(sampleOf(glob)) || [...LISTING_RULE_FILES, ...toolingMarkers()].includes(sampleOf(glob)), glob).toBe(true);
    expect(WATCHED_GLOBS).toContain('**/.gitignore');
  });

  it('cover the markers of folders the index leaves out whatever their names (a virtual environment)', () => {
    expect(toolingMarkers()).toContain('pyvenv.cfg');
    for (const marker of toolingMarkers()) expect(WATCHED_GLOBS).toContain(`**/${marker}`);
  });
});
