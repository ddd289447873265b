/** Small SVG charts written as strings: no dependency, readable in any browser and on code hosts. */

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';
const COLORS = ['#3b6ea5', '#e08a2b', '#4e9a5b', '#b04a4a'];

export interface BarGroup {
  label: string;
  /** One value per series, in the order of `series`. */
  values: number[];
}

/** Grouped vertical bars, e.g. exact recovery (%) per span kind, one bar per corpus. */
export function groupedBarChart(input: { title: string; series: string[]; groups: BarGroup[]; min: number; max: number; unit: string }): string {
  const { groups, series, min, max } = input;
  const width = 80 + groups.length * (series.length * 22 + 24);
  const height = 260;
  const top = 40;
  const bottom = height - 50;
  const y = (v: number): number => bottom - ((Math.max(min, Math.min(max, v)) - min) / (max - min)) * (bottom - top);
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = min + ((max - min) * t) / 4;
    parts.push(`<line x1="60" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="55" y="${y(v) + 4}" text-anchor="end">${fmt(v)}${input.unit}</text>`);
  }
  groups.forEach((group, g) => {
    const x0 = 70 + g * (series.length * 22 + 24);
    group.values.forEach((v, s) => {
      const x = x0 + s * 22;
      parts.push(
        `<rect x="${x}" y="${y(v)}" width="18" height="${bottom - y(v)}" fill="${COLORS[s % COLORS.length]}"><title>${esc(series[s] ?? '')} ${esc(group.label)}: ${fmt(v)}${input.unit}</title></rect>`,
      );
      parts.push(`<text x="${x + 9}" y="${y(v) - 4}" text-anchor="middle" font-size="9">${fmt(v)}</text>`);
    });
    parts.push(`<text x="${x0 + (series.length * 22) / 2 - 2}" y="${bottom + 16}" text-anchor="middle">${esc(group.label)}</text>`);
  });
  series.forEach((name, s) => {
    parts.push(`<rect x="${70 + s * 120}" y="${height - 22}" width="12" height="12" fill="${COLORS[s % COLORS.length]}"/>`);
    parts.push(`<text x="${86 + s * 120}" y="${height - 12}">${esc(name)}</text>`);
  });
  return svg(width, height, input.title, parts);
}

export interface Distribution {
  label: string;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One row per distribution: a line from min to max, a box from p50 to p95, a tick at p99 (log-free, linear axis). */
export function distributionChart(input: { title: string; rows: Distribution[]; unit: string }): string {
  const { rows } = input;
  const width = 640;
  const left = 150;
  const right = width - 20;
  const top = 40;
  const rowHeight = 28;
  const height = top + rows.length * rowHeight + 40;
  const max = niceCeiling(Math.max(1, ...rows.map((r) => r.max)));
  const x = (v: number): number => left + (Math.min(v, max) / max) * (right - left);
  const parts: string[] = [];
  for (let t = 0; t <= 5; t++) {
    const v = (max * t) / 5;
    parts.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${top - 8}" y2="${top + rows.length * rowHeight}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(v)}" y="${top + rows.length * rowHeight + 16}" text-anchor="middle">${fmt(v)} ${input.unit}</text>`);
  }
  rows.forEach((r, i) => {
    const cy = top + i * rowHeight + rowHeight / 2;
    const tip = `${r.label}: min ${fmt(r.min)}, p50 ${fmt(r.p50)}, p95 ${fmt(r.p95)}, p99 ${fmt(r.p99)}, max ${fmt(r.max)} ${input.unit}`;
    parts.push(`<text x="${left - 8}" y="${cy + 4}" text-anchor="end">${esc(r.label)}</text>`);
    parts.push(`<line x1="${x(r.min)}" x2="${x(r.max)}" y1="${cy}" y2="${cy}" stroke="#888"/>`);
    parts.push(`<rect x="${x(r.p50)}" y="${cy - 8}" width="${Math.max(1.5, x(r.p95) - x(r.p50))}" height="16" fill="${COLORS[0]}" opacity="0.8"><title>${esc(tip)}</title></rect>`);
    parts.push(`<line x1="${x(r.p99)}" x2="${x(r.p99)}" y1="${cy - 9}" y2="${cy + 9}" stroke="${COLORS[1]}" stroke-width="2"/>`);
  });
  parts.push(`<text x="${left}" y="${height - 6}" font-size="10">box: p50–p95, orange tick: p99, line: min–max</text>`);
  return svg(width, height, input.title, parts);
}

function svg(width: number, height: number, title: string, parts: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function niceCeiling(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v));
  return Math.ceil(v / step) * step;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1);
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
