import { describe, expect, it } from 'vitest';
import { mergeReport, splitReport } from '../../bench/report-merge.js';

const HEAD = '# Ghostline benchmark report\n\nWritten by the benchmark.';

const section = (title: string, part: string, body: string): string => `## ${title} — \`npm run bench -- ${part}\`\n\n${body}\n`;

const EXISTING = [
  '# Ghostline benchmark report',
  '',
  'Old preamble.',
  '',
  section('Completion quality', 'quality', '### Targets\n\nexact 99.9 %'),
  section('Latency', 'latency', 'overhead p50 3 ms'),
  section('Repository context', 'context', 'recall 90.06 %'),
].join('\n');

describe('splitReport', () => {
  it('finds each part by the command named in its heading, keeping ### subsections inside it', () => {
    const { head, sections } = splitReport(EXISTING);
    expect(head.trim()).toBe('# Ghostline benchmark report\n\nOld preamble.');
    expect(sections.map((s) => s.part)).toEqual(['quality', 'latency', 'context']);
    expect(sections[0]?.text).toContain('### Targets');
  });
});

describe('mergeReport', () => {
  it('replaces only the part that ran and keeps the sections of parts whose results are absent', () => {
    const merged = mergeReport({ head: HEAD, existing: EXISTING, fresh: [{ part: 'latency', text: section('Latency', 'latency', 'overhead p50 2 ms') }] });
    expect(merged).toContain('recall 90.06 %');
    expect(merged).toContain('exact 99.9 %');
    expect(merged).toContain('overhead p50 2 ms');
    expect(merged).not.toContain('overhead p50 3 ms');
    expect(merged.startsWith(HEAD)).toBe(true);
  });

  it('keeps the usual part order, adding a new part in its place', () => {
    const merged = mergeReport({ head: HEAD, existing: EXISTING, fresh: [{ part: 'peers', text: section('Beside tabby-agent', 'peers', 'ratio 0.7') }] });
    expect(splitReport(merged).sections.map((s) => s.part)).toEqual(['quality', 'latency', 'context', 'peers']);
  });

  it('carries over a section whose heading names no part', () => {
    const existing = `${EXISTING}\n## Notes\n\nkept by hand\n`;
    const merged = mergeReport({ head: HEAD, existing, fresh: [] });
    expect(merged).toContain('## Notes\n\nkept by hand');
    expect(merged).toContain('recall 90.06 %');
  });

  it('with no report and no results says how to make one', () => {
    expect(mergeReport({ head: HEAD, existing: '', fresh: [] })).toContain('No results yet');
  });

  it('is stable: merging a report into itself changes nothing', () => {
    const once = mergeReport({ head: HEAD, existing: EXISTING, fresh: [] });
    expect(mergeReport({ head: HEAD, existing: once, fresh: [] })).toBe(once);
  });
});
