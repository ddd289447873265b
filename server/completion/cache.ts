import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { plainText, type EditedText } from '../core/position.js';
import type { CompletionMode } from './types.js';

/** Everything that changes the model's answer; two requests with equal keys get the same text. */
export interface CacheKeyParts {
  model: string;
  family: string;
  mode: string;
  maxTokens: number;
  temperature: number;
  prompt: string;
}

/** Remembers finished completions by the exact request that produced them. */
export class CompletionCache {
  private lru: LRUCache<string, string> | undefined;

  constructor(size: number) {
    this.resize(size);
  }

  resize(size: number): void {
    this.lru = size > 0 ? new LRUCache<string, string>({ max: size }) : undefined;
  }

  get(parts: CacheKeyParts): string | undefined {
    return this.lru?.get(cacheKey(parts));
  }

  set(parts: CacheKeyParts, text: string): void {
    this.lru?.set(cacheKey(parts), text);
  }

  clear(): void {
    this.lru?.clear();
  }
}

function cacheKey(parts: CacheKeyParts): string {
  const hash = createHash('sha1');
  hash.update(`${parts.model}\u0000${parts.family}\u0000${parts.mode}\u0000${parts.maxTokens}\u0000${parts.temperature}\u0000`);
  hash.update(parts.prompt);
  return hash.digest('base64');
}

/** A suggestion on screen: the text around the cursor it was made for (of document version `version`), and the suggestion. */
export interface Shown {
  prefix: string;
  suffix: string;
  /** The document version the prefix and suffix were read from (-1: unknown, the whole text is compared). */
  version: number;
  text: string;
  mode: CompletionMode;
}

/**
 * Typed-ahead reuse: when the user types the first characters of the suggestion on screen, the
 * rest is still the answer, so it is served from memory without asking the model again.
 */
export class TypedAhead {
  private readonly shown = new Map<string, Shown>();

  /** `mode` is the suggestion's single/multi-line decision, kept so a typed-ahead answer needs no syntax tree. */
  remember(uri: string, shown: Shown): void {
    if (shown.text) this.shown.set(uri, shown);
  }

  /** The remainder of the shown suggestion if the text now reads prefix + typed part of it + suffix (plain strings: tests). */
  lookup(uri: string, prefix: string, suffix: string): string | undefined {
    return this.match(uri, plainText(prefix + suffix), prefix.length)?.rest;
  }

  /**
   * The remainder, with the mode the suggestion was made in, when the document now reads as the shown
   * prefix + a typed start of the suggestion + the shown suffix, with the cursor at `offset` after the typing.
   */
  match(uri: string, current: EditedText, offset: number): { rest: string; mode: CompletionMode } | undefined {
    const entry = this.shown.get(uri);
    if (!entry) return undefined;
    const typed = current.insertedSince({ before: entry.prefix, after: entry.suffix, version: entry.version });
    if (typed === undefined || offset !== entry.prefix.length + typed.length || !entry.text.startsWith(typed)) return undefined;
    const rest = entry.text.slice(typed.length);
    return rest.trim() ? { rest, mode: entry.mode } : undefined;
  }

  forget(uri: string): void {
    this.shown.delete(uri);
  }

  clear(): void {
    this.shown.clear();
  }
}
