import { describe, expect, it } from 'vitest';
import { applyToWorkingTree } from '../../server/task/git-apply.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const workspace = workspacesRemovedAfterEach();
const lines = (n: number, change: Record<number, string> = {}) => Array.from({ length: n }, (_, i) => change[i] ?? `line ${i}`).join('\n') + '\n';

describe('applyToWorkingTree when the file changed after the patch was made', () => {
  it("merges three-way when the changes are apart: the user's line and the patch both land", async () => {
    const before = lines(20);
    const root = workspace({ 'notes.txt': lines(20, { 17: 'the user wrote this meanwhile' }) });
    const outcome = await applyToWorkingTree({ root, files: [{ path: 'notes.txt', before, after: lines(20, { 2: 'the patch' }) }] });
    expect(outcome).toEqual({ ok: true, written: ['notes.txt'], merged: ['notes.txt'] });
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe(lines(20, { 2: 'the patch', 17: 'the user wrote this meanwhile' }));
  });

  it('refuses and writes nothing when they overlap', async () => {
    const mine = lines(20, { 2: 'the user wrote this meanwhile' });
    const root = workspace({ 'notes.txt': mine, 'other.txt': 'a\n' });
    const outcome = await applyToWorkingTree({
      root,
      files: [
        { path: 'other.txt', before: 'a\n', after: 'b\n' },
        { path: 'notes.txt', before: lines(20), after: lines(20, { 2: 'the patch' }) },
      ],
    });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toContain('uncommitted changes in: notes.txt');
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe(mine);
    expect(readFileSync(join(root, 'other.txt'), 'utf8')).toBe('a\n');
  });
});
