import { describe, expect, it } from 'vitest';
import { walkFolder } from '../../server/context/index/folder-walk.js';
import { MAX_COPIED_FILES, TooLargeToCopy } from '../../server/task/scratch-copy.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const workspace = workspacesRemovedAfterEach();

describe('a walk with a limit', () => {
  it('stops after the folder where it passed the limit, leaving the folders not read yet', async () => {
    const files: Record<string, string> = {};
    for (const folder of ['a', 'b', 'c']) for (let i = 0; i < 4; i++) files[`${folder}/${i}.txt`] = '';
    const root = workspace(files);
    const walked = await walkFolder(root, { skipDirs: new Set(), maxFiles: 5 });
    // Breadth-first: a/ (4 files, within the limit), then b/ (8, past it): c/ is never read.
    expect(walked.files.length).toBe(8);
    expect(walked.files.some((path) => path.startsWith('c/'))).toBe(false);
    expect((await walkFolder(root, { skipDirs: new Set() })).files.length).toBe(12);
  });

  it('gives the copy a refusal that says what it knows: the count git gave, or only that a walk passed the limit', () => {
    expect(new TooLargeToCopy(21003).message).toBe(`the project lists 21003 files, more than the ${MAX_COPIED_FILES} a scratch copy takes, so it was not copied`);
    expect(new TooLargeToCopy(undefined).message).toBe(`the project lists more than the ${MAX_COPIED_FILES} files a scratch copy takes, so it was not copied`);
  });
});
