import { isSecretPath } from '../../index/secrets.js';
import type { Candidate } from './types.js';

/** Lines kept around an edited or viewed line (llama.vim keeps chunks of similar size). */
const BEFORE = 8;
const AFTER = 16;
const CAPACITY = 16;
const RECENT_BASE = 0.3;

/** Reads lines [from, to) of a document, joined, without the last one's line end ('' past the end). */
export type LinesReader = (from: number, to: number) => string;

interface Region {
  id: number;
  path: string;
  startLine: number;
  content: string;
  kind: 'edit' | 'view';
}

/**
 * A small ring buffer of recently edited and viewed regions of files, newest first. A new region
 * that overlaps one of the same file replaces it, so typing in one place keeps one entry.
 */
export class RecentRegions {
  private regions: Region[] = [];
  private nextId = 1;

  /**
   * Remembers the lines around `line` of `text` (workspace-relative `path`); never of a file that looks like a secret.
   * `text` may instead read the lines [from, to) itself (without the last line end), when the caller can do that without the whole text.
   */
  record(path: string, text: string | LinesReader, line: number, kind: Region['kind']): void {
    if (isSecretPath(path)) return;
    const startLine = Math.max(0, line - BEFORE);
    const content = typeof text === 'string' ? linesBetween(text, startLine, line + AFTER) : text(startLine, line + AFTER);
    if (content.trim() === '') return;
    const overlapping = this.regions.find((region) => region.path === path && Math.abs(region.startLine - startLine) < BEFORE + AFTER);
    // A view of an already remembered region changes nothing, so the prompts of other files stay the same.
    if (overlapping && kind === 'view') return;
    if (overlapping?.content === content) return;
    this.regions = [{ id: this.nextId++, path, startLine, content, kind }, ...this.regions.filter((region) => region !== overlapping)].slice(0, CAPACITY);
  }

  /** Drops the regions of a file, or of every file under a folder (deleted, or now excluded). */
  forget(path: string): void {
    this.regions = this.regions.filter((region) => region.path !== path && !region.path.startsWith(`${path}/`));
  }

  /** Changes whenever the regions other files would see change; part of the packed context's cache key. */
  signature(exceptPath: string): string {
    return this.regions
      .filter((region) => region.path !== exceptPath)
      .map((region) => region.id)
      .join(',');
  }

  /** Regions of files other than the current one, edits above views, newer above older. */
  candidates(exceptPath: string): Candidate[] {
    return this.regions
      .filter((region) => region.path !== exceptPath)
      .map((region, i) => ({
        key: `recent:${region.path}:${region.startLine}`,
        path: region.path,
        line: region.startLine,
        content: region.content,
        score: (RECENT_BASE * (region.kind === 'edit' ? 1 : 0.6)) / (1 + i / 4),
        source: 'recent' as const,
      }));
  }
}

/** Lines [from, to) of a text, found without splitting the whole of it (this runs on every keystroke). */
function linesBetween(text: string, from: number, to: number): string {
  let start = 0;
  for (let line = 0; line < from; line++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  let end = start;
  for (let line = from; line < to; line++) {
    const next = text.indexOf('\n', end);
    if (next < 0) return text.slice(start);
    end = next + 1;
  }
  return text.slice(start, end - 1);
}
