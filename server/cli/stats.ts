import type { Settings } from '../config/schema.js';
import { statsFiles } from '../stats/acceptance-log.js';
import { formatReport, parseSince, readEvents, summarize } from '../stats/stats-report.js';

/**
 * `ghostline stats [--since 7d] [--json]`: how many suggestions were shown and accepted, from the
 * local file the language server writes. Reads only; nothing leaves the machine.
 */
export async function runStats(settings: Settings, options: { since?: string; json?: boolean }): Promise<number> {
  const sinceMs = options.since === undefined ? undefined : parseSince(options.since);
  if (options.since !== undefined && sinceMs === undefined) {
    process.stderr.write(`ghostline: --since ${JSON.stringify(options.since)}: expected a duration such as 7d, 12h or 30m\n`);
    return 2;
  }
  const file = statsFiles(settings).events;
  const report = summarize(await readEvents(file), { sinceMs, since: options.since });
  if (options.json) {
    process.stdout.write(JSON.stringify({ file, ...report }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(formatReport(report));
  if (report.total.shown === 0) {
    const off = settings.stats.enabled ? '' : ' (recording is off: the setting ghostline stats.enabled)';
    process.stderr.write(`ghostline: no suggestions recorded in ${file}${off}\n`);
  }
  return 0;
}
