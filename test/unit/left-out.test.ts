import { describe, expect, it } from 'vitest';
import { LeftOut } from '../../server/context/index/left-out.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

describe('LeftOut', () => {
  it('answers every question when git cannot (the folder is no work tree any more), however many, and admits them', async () => {
    // Listed by git once; its .git since removed. git then exits at once, before reading the paths: the pipe breaks.
    const leftOut = new LeftOut(workspace({ 'a.py': '' }));
    leftOut.remember({ source: 'git', toolingFolders: [] });
    const paths = Array.from({ length: 50_000 }, (_, i) => `package/with/a/long/name/module_${i}.py`);
    const answers = await Promise.all(paths.map((path) => leftOut.leavesOut(path)));
    expect(answers).toHaveLength(50_000);
    expect(answers.some(Boolean)).toBe(false);
  });

  it('leaves out what lies in a marked folder, and nothing before its first listing', async () => {
    const leftOut = new LeftOut(workspace({ 'a.py': '' }));
    expect(await leftOut.leavesOut('env/lib/six.py')).toBe(false);
    leftOut.remember({ source: 'walk', toolingFolders: ['env/'] });
    expect(await leftOut.leavesOut('env/lib/six.py')).toBe(true);
    expect(await leftOut.leavesOut('envy.py')).toBe(false);
    leftOut.markerChanged('env/pyvenv.cfg', false);
    expect(await leftOut.leavesOut('env/lib/six.py')).toBe(false);
  });
});
