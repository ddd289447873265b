import { describe, expect, it } from 'vitest';
import { runProcess } from '../../server/task/process-runner.js';

const run = (script: string, maxOutput: number) =>
  runProcess({ command: 'sh', args: ['-c', script], cwd: '.', timeoutMs: 30_000, signal: new AbortController().signal, maxOutput });

describe("a check's output as verification keeps it", () => {
  it('says when it was cut, however the cut fell (here the kept tail is exactly as long as the limit)', async () => {
    // One write of 255 bytes: cut on arrival to its last 100, which is all the limit keeps.
    const result = await run("printf '%0250d\\nEND\\n' 0", 100);
    expect(result.truncated).toBe(true);
    expect(result.output.startsWith('…')).toBe(true);
    expect(result.output.endsWith('END')).toBe(true);
    expect(result.output.length).toBeLessThanOrEqual(101);
  });

  it('keeps a short output whole, unmarked', async () => {
    const result = await run('echo one; echo two >&2; exit 3', 100);
    expect(result).toMatchObject({ ok: false, code: 3, truncated: false, timedOut: false, cancelled: false });
    expect(result.output.split('\n').sort()).toEqual(['one', 'two']);
  });
});
