import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../server/config/settings.js';
import { AcceptanceLog, statsFiles } from '../../server/stats/acceptance-log.js';
import { silentLogger } from '../../server/util/logger.js';

let cacheDir: string;

afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

function newLog(): { log: AcceptanceLog; events: string } {
  cacheDir = mkdtempSync(join(tmpdir(), 'ghostline-acceptance-'));
  const base = defaultSettings();
  const settings = { ...base, context: { ...base.context, cacheDir }, stats: { enabled: true, trainingData: true } };
  return { log: new AcceptanceLog({ settings: () => settings, logger: silentLogger }), events: statsFiles(settings).events };
}

/** A full collection, without starting vitest with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('acceptance log', () => {
  it('writes every event, in order, when flushed', async () => {
    const { log, events } = newLog();
    const ids = Array.from({ length: 50 }, (_, i) => log.shown({ language: 'go', model: 'm', latencyMs: i, text: `x${i}`, prefix: 'a', suffix: 'b' }));
    log.accepted(ids[3]!, undefined);
    await log.flush();
    const lines = readFileSync(events, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(51);
    expect(lines.slice(0, 50).map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(ids);
    expect(JSON.parse(lines[50]!)).toMatchObject({ kind: 'accepted', id: ids[3], chars: 2 });
  });

  it('keeps only the code a training pair needs, not each document version it was shown in', async () => {
    const { log } = newLog();
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    // Every keystroke is a new version of the document; a suggestion is shown for each.
    for (let i = 0; i < 100; i++) {
      const text = `// version ${i}\n` + 'x'.repeat(500_000);
      const offset = 400_000;
      log.shown({ language: 'go', model: 'm', latencyMs: 1, text: 'y', prefix: text.slice(0, offset), suffix: text.slice(offset) });
    }
    collectGarbage();
    const grownMB = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    // 100 versions of 500 KB would be 50 MB; 100 × 8 KB of context is under 2 MB.
    expect(grownMB).toBeLessThan(10);
    await log.flush();
  });
});
