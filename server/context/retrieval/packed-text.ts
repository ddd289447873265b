import { LRUCache } from 'lru-cache';
import type { RepoSnippet } from '../../core/prompt.js';
import { CHARS_PER_TOKEN, estimateTokens } from '../../core/tokens.js';
import { redactSecrets } from '../index/secrets.js';
import type { Candidate } from './sources/types.js';
import { compareStrings as compare } from '../../util/compare.js';

/*
 * The text packing chooses and sends: each snippet cut to its cap, and a file's chosen snippets rendered as one,
 * a class's members merged under its header, redacted (packing.ts decides which candidates fit).
 */

/**
 * Cut texts by cap, then by the text cut: the same declarations are cut on every gather (a large
 * type's text, to the same few caps), and cutting one line by line cost a sixth of the packing.
 */
const CUTS = new Map<number, LRUCache<string, string>>();

/** A snippet cut at a line boundary to `cap` tokens, ending with an ellipsis comment (and its closing brace when it had one). */
export function truncate(candidate: Candidate, cap: number): Candidate {
  if (estimateTokens(candidate.content) <= cap) return candidate;
  let byText = CUTS.get(cap);
  if (!byText) CUTS.set(cap, (byText = new LRUCache<string, string>({ max: 2048 })));
  let content = byText.get(candidate.content);
  if (content === undefined) byText.set(candidate.content, (content = cut(candidate, cap).content));
  return { ...candidate, content };
}

function cut(candidate: Candidate, cap: number): Candidate {
  if (estimateTokens(candidate.content) <= cap) return candidate;
  // The members' signatures are worth more than the first member's long comment: an interface
  // cut after its first method's doc showed none of the methods the code was about to call.
  const bare = withoutInnerComments(candidate.content);
  if (bare !== candidate.content) return cut({ ...candidate, content: bare }, cap);
  const lines = candidate.content.split('\n');
  const closing = lines[lines.length - 1] === '}' ? '}' : '';
  const kept: string[] = [];
  let size = closing.length + 8;
  for (const line of lines) {
    if (Math.ceil((size + line.length + 1) / CHARS_PER_TOKEN) > cap) break;
    kept.push(line);
    size += line.length + 1;
  }
  if (kept.length === 0) return { ...candidate, content: '' };
  const indent = /^\s*/.exec(kept[kept.length - 1] ?? '')?.[0] || '\t';
  return { ...candidate, content: [...kept, `${indent}// …`, ...(closing ? [closing] : [])].join('\n') };
}

/** A snippet without its comment lines after the first line (`//`, and `/* … *\/` blocks on lines of their own). */
function withoutInnerComments(content: string): string {
  const lines = content.split('\n');
  let inBlock = false;
  const kept = lines.filter((line, i) => {
    const trimmed = line.trim();
    if (i === 0) return true;
    if (inBlock) {
      inBlock = !trimmed.includes('*/');
      return false;
    }
    if (trimmed.startsWith('/*')) {
      inBlock = !trimmed.includes('*/');
      return false;
    }
    return !trimmed.startsWith('//');
  });
  return kept.length === lines.length ? content : kept.join('\n');
}

export function renderFiles(chosen: Candidate[]): RepoSnippet[] {
  const byFile = new Map<string, Candidate[]>();
  for (const candidate of chosen) {
    const parts = byFile.get(candidate.path);
    if (parts) parts.push(candidate);
    else byFile.set(candidate.path, [candidate]);
  }
  const files = [...byFile.entries()].map(([path, parts]) => ({
    path,
    best: Math.max(...parts.map((part) => part.score)),
    environment: parts.some((part) => part.source === 'environment'),
    content: mergeParts(parts.sort((a, b) => a.line - b.line || compare(a.key, b.key)).map((part) => part.content)),
  }));
  files.sort((a, b) => Number(b.environment) - Number(a.environment) || a.best - b.best || compare(a.path, b.path));
  return files.map((file) => ({ path: file.path, content: redactSecrets(file.content) }));
}

/**
 * Joins a file's parts; consecutive members of one class (each rendered as `class X {`, member,
 * `}`) are merged under one header.
 */
function mergeParts(parts: string[]): string {
  const merged: string[] = [];
  // The lines of the last merged part, kept up to date as members join it: split again for each member, a
  // large class's text was split and hashed once per method packed from it (most of packing's allocation on TS).
  let known: Set<string> | undefined;
  for (const part of parts) {
    const previous = merged[merged.length - 1];
    // Whether `part` opens with the `class X {` line `previous` opens with, compared without cutting it out.
    const headerEnd = part.indexOf('\n');
    if (
      previous !== undefined &&
      headerEnd > 0 &&
      part.charCodeAt(headerEnd - 1) === OPEN_BRACE &&
      previous.charCodeAt(headerEnd) === NEWLINE &&
      samePrefix(part, previous, headerEnd) &&
      previous.endsWith('\n}') &&
      part.endsWith('\n}')
    ) {
      const lines = (known ??= new Set(previous.split('\n')));
      const added = innerLines(part)
        .split('\n')
        .filter((line) => !lines.has(line) || line.trim().startsWith('/'));
      // The merged text's lines are the previous ones and those added (its closing brace was there before).
      for (const line of added) lines.add(line);
      merged[merged.length - 1] = added.length > 0 ? `${previous.slice(0, -2)}\n${added.join('\n')}\n}` : previous;
    } else {
      merged.push(part);
      known = undefined;
    }
  }
  return merged.join('\n');
}

/**
 * The length of what a candidate adds to its file's snippet: a class member whose `class X {` header a
 * part already packed from the file opens costs only its own lines, as mergeParts renders it (a long
 * generic header counted once per method kept half the methods of a class out of the budget). Worked
 * out without cutting any text: the pack order asks it again for a file's candidates each time one of
 * them is taken, and those strings were much of what packing allocated.
 */
export function shownLength(candidate: Candidate, sameFile: readonly string[] | undefined): number {
  const { content } = candidate;
  // The cheap test first: most candidates (Go's methods among them) do not end with a brace line.
  if (!sameFile || !content.endsWith('\n}') || !isMember(candidate)) return content.length;
  const headerEnd = content.indexOf('\n');
  if (headerEnd < 1 || content.charCodeAt(headerEnd - 1) !== OPEN_BRACE) return content.length;
  // A loop, not some(): its closure was made each time, and the pack order asks this hundreds of times a gather.
  for (const other of sameFile) {
    // innerLines' length.
    if (other.charCodeAt(headerEnd) === NEWLINE && samePrefix(content, other, headerEnd)) return Math.max(0, content.length - 3 - headerEnd);
  }
  return content.length;
}

const OPEN_BRACE = 0x7b;
const NEWLINE = 0x0a;

/** Whether two texts begin with the same `length` characters. */
function samePrefix(a: string, b: string, length: number): boolean {
  for (let i = 0; i < length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** A wrapped member's lines without its `class X {` header and closing brace. */
export function innerLines(content: string): string {
  if (!content.endsWith('\n}')) return content;
  const firstBreak = content.indexOf('\n');
  return firstBreak < 0 ? content : content.slice(firstBreak + 1, -2);
}

/** Whether the key names a class member (`file#12:Stack.close`). */
export function isMember(candidate: Candidate): boolean {
  // What /#\d+:[^.]+\./ tests, by hand: a tenth of the packing's time went to that pattern.
  const { key } = candidate;
  for (let at = key.indexOf('#'); at >= 0; at = key.indexOf('#', at + 1)) {
    let colon = at + 1;
    while (colon < key.length && key[colon]! >= '0' && key[colon]! <= '9') colon++;
    if (colon === at + 1 || key[colon] !== ':') continue;
    const dot = key.indexOf('.', colon + 1);
    if (dot > colon + 1) return true;
  }
  return false;
}
