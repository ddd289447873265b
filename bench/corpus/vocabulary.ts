import type { Random } from '../random.js';

/** Domain words the generated code is written about; varied enough that no two declarations read alike. */
export const NOUNS = [
  'order',
  'invoice',
  'account',
  'session',
  'token',
  'record',
  'entry',
  'route',
  'packet',
  'shard',
  'tenant',
  'report',
  'ticket',
  'payment',
  'message',
  'channel',
  'segment',
  'profile',
  'schedule',
  'bucket',
  'lease',
  'snapshot',
  'metric',
  'job',
  'batch',
  'cursor',
  'policy',
  'region',
  'device',
  'upload',
] as const;

export const VERBS = [
  'load',
  'parse',
  'validate',
  'merge',
  'flush',
  'encode',
  'resolve',
  'fetch',
  'apply',
  'compute',
  'collect',
  'prune',
  'rebuild',
  'sync',
  'archive',
  'schedule',
  'render',
  'normalize',
  'index',
  'count',
  'split',
  'retry',
  'drain',
  'persist',
  'compare',
] as const;

export const QUALIFIERS = [
  'pending',
  'active',
  'stale',
  'expired',
  'primary',
  'cached',
  'remote',
  'local',
  'failed',
  'recent',
  'total',
  'max',
  'min',
  'next',
  'last',
  'first',
  'current',
  'previous',
  'default',
  'raw',
] as const;

/** Field names by the kind of value they hold. */
export const FIELDS = {
  text: ['name', 'label', 'owner', 'status', 'region', 'kind', 'source', 'target', 'title', 'path'],
  count: ['size', 'count', 'retries', 'limit', 'offset', 'weight', 'priority', 'version', 'capacity', 'depth'],
  flag: ['enabled', 'dirty', 'archived', 'locked', 'visible', 'verified', 'paused', 'shared'],
  time: ['createdAt', 'updatedAt', 'expiresAt', 'startedAt', 'deadline'],
} as const;

export const COMMENT_PHRASES = [
  'keep the order stable so callers can diff two runs',
  'skip entries that expired before the cutoff',
  'the store may return duplicates after a failover',
  'a zero limit means no limit',
  'retry once: the first attempt often hits a cold cache',
  'callers hold the lock while this runs',
  'empty input is valid and yields an empty result',
  'sizes are in bytes, not in items',
  'the remote side rejects batches larger than this',
  'normalise before comparing, names are case-insensitive',
  'this path is hot; avoid allocating per item',
  'errors here are reported once and then only logged',
  'the deadline is checked between items, never mid-write',
  'older clients still send the legacy field',
  'keep in sync with the schema in the migration',
] as const;

/** `order` → `Order`. */
export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A fresh identifier built from domain words, e.g. `pendingOrders` or `mergeInvoices`. */
export function compound(random: Random, parts: Array<readonly string[]>): string {
  return parts.map((words, i) => (i === 0 ? random.pick(words) : capitalize(random.pick(words)))).join('');
}

/**
 * Hands out names that have not been used yet in this file, adding a number only when the word
 * combinations run out, so declarations never collide.
 */
export class NamePool {
  private readonly used = new Set<string>();

  unique(make: () => string): string {
    for (let attempt = 0; attempt < 20; attempt++) {
      const name = make();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    const base = make();
    for (let n = 2; ; n++) {
      const name = `${base}${n}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}

/** Collects source lines at an indentation depth. */
export class SourceWriter {
  readonly lines: string[] = [];
  depth = 0;

  constructor(private readonly unit: string) {}

  line(text = ''): void {
    this.lines.push(text === '' ? '' : this.unit.repeat(this.depth) + text);
  }

  /** Writes `open`, the body one level deeper, then `close`. */
  block(open: string, body: () => void, close = '}'): void {
    this.line(open);
    this.depth++;
    body();
    this.depth--;
    this.line(close);
  }
}
