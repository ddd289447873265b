import { readFile } from 'node:fs/promises';
import type { ShownEvent, StatsEvent } from './acceptance-log.js';

/** Counts for one slice of the suggestions (all, one language, one model). */
export interface StatsRow {
  shown: number;
  accepted: number;
  /** accepted / shown, 0 when nothing was shown. */
  rate: number;
  charsAccepted: number;
  latencyP50Ms: number | undefined;
  latencyP95Ms: number | undefined;
}

export interface StatsReport {
  since: string | undefined;
  total: StatsRow;
  byLanguage: Record<string, StatsRow>;
  byModel: Record<string, StatsRow>;
}

/** `7d`, `12h`, `30m` → milliseconds; undefined when the text is not such a duration. */
export function parseSince(text: string): number | undefined {
  const match = /^(\d+)([dhm])$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
}

/** The events of a stats file; a missing file is no events, a torn last line is skipped. */
export async function readEvents(file: string): Promise<StatsEvent[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const events: StatsEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const event = JSON.parse(line) as StatsEvent;
      if ((event.kind === 'shown' || event.kind === 'accepted') && typeof event.id === 'string') events.push(event);
    } catch {
      // A line cut short by a crash: the rest of the file still counts.
    }
  }
  return events;
}

/** Shown, accepted, rate, characters and latency, overall and per language and model. */
export function summarize(events: readonly StatsEvent[], options: { sinceMs?: number; now?: number; since?: string } = {}): StatsReport {
  const from = options.sinceMs === undefined ? -Infinity : (options.now ?? Date.now()) - options.sinceMs;
  const shown = new Map<string, ShownEvent>();
  const accepted = new Map<string, number>();
  for (const event of events) {
    if (event.kind === 'shown' && event.at >= from) shown.set(event.id, event);
  }
  for (const event of events) {
    // Partial accepts of one suggestion add up; the suggestion counts as accepted once.
    if (event.kind === 'accepted' && shown.has(event.id)) accepted.set(event.id, (accepted.get(event.id) ?? 0) + event.chars);
  }
  const slice = (keep: (event: ShownEvent) => boolean): StatsRow => row([...shown.values()].filter(keep), accepted);
  const groups = (key: (event: ShownEvent) => string) =>
    Object.fromEntries([...new Set([...shown.values()].map(key))].sort().map((name) => [name, slice((event) => key(event) === name)]));
  return { since: options.since, total: slice(() => true), byLanguage: groups((event) => event.language), byModel: groups((event) => event.model) };
}

function row(shown: readonly ShownEvent[], accepted: ReadonlyMap<string, number>): StatsRow {
  const taken = shown.filter((event) => accepted.has(event.id));
  const latencies = shown.map((event) => event.latencyMs).sort((a, b) => a - b);
  return {
    shown: shown.length,
    accepted: taken.length,
    rate: shown.length ? taken.length / shown.length : 0,
    charsAccepted: taken.reduce((sum, event) => sum + (accepted.get(event.id) ?? 0), 0),
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/** The report as the aligned table `ghostline stats` prints. */
export function formatReport(report: StatsReport): string {
  const header = ['', 'shown', 'accepted', 'rate', 'chars', 'p50 ms', 'p95 ms'];
  const rows: string[][] = [header, cells('all', report.total)];
  for (const [name, stats] of Object.entries(report.byLanguage)) rows.push(cells(`language ${name}`, stats));
  for (const [name, stats] of Object.entries(report.byModel)) rows.push(cells(`model ${name}`, stats));
  const widths = header.map((_, column) => Math.max(...rows.map((cellsOfRow) => cellsOfRow[column]!.length)));
  const lines = rows.map((cellsOfRow) =>
    cellsOfRow
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
  const scope = report.since ? `last ${report.since}` : 'all recorded';
  return `Ghostline suggestions, ${scope}:\n${lines.join('\n')}\n`;
}

function cells(name: string, stats: StatsRow): string[] {
  const ms = (value: number | undefined) => (value === undefined ? '-' : String(value));
  return [name, String(stats.shown), String(stats.accepted), `${(stats.rate * 100).toFixed(1)} %`, String(stats.charsAccepted), ms(stats.latencyP50Ms), ms(stats.latencyP95Ms)];
}
