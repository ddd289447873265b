import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Settings } from '../config/schema.js';
import { redactSecrets } from '../context/index/secrets.js';
import { cacheDirectory } from '../context/index/persist.js';
import type { Logger } from '../util/logger.js';
import { detached } from '../util/detached.js';

/** A suggestion the editor was given. */
export interface ShownEvent {
  kind: 'shown';
  id: string;
  at: number;
  language: string;
  model: string;
  latencyMs: number;
  chars: number;
}

/** The editor reported that the user took a suggestion, or `chars` of it when partial. */
export interface AcceptedEvent {
  kind: 'accepted';
  id: string;
  at: number;
  chars: number;
  partial: boolean;
}

export type StatsEvent = ShownEvent | AcceptedEvent;

/** What the editor shows, with the code around the cursor for the opt-in training data. */
export interface ShownSuggestion {
  language: string;
  model: string;
  latencyMs: number;
  text: string;
  prefix: string;
  suffix: string;
}

/** The files statistics go to: beside the index cache, named for what they hold. */
export function statsFiles(settings: Settings): { events: string; training: string } {
  const directory = cacheDirectory(settings.context.cacheDir);
  return { events: join(directory, 'stats.jsonl'), training: join(directory, 'accepted-completions.jsonl') };
}

// Suggestions remembered for their training pair until accepted; older ones are forgotten.
const REMEMBERED = 200;
// Enough code on each side for a fill-in-the-middle pair without storing whole files.
const CONTEXT_CHARS = 4000;
// Records wait this long and are then written together: one append per second of typing, not one per suggestion.
const FLUSH_MS = 1000;

/** Appends shown and accepted events to local JSONL files; never blocks or fails a request. */
export class AcceptanceLog {
  private readonly pending = new Map<string, ShownSuggestion>();
  private writes: Promise<void> = Promise.resolve();
  /** Lines not yet written, per file, in order. */
  private readonly buffered = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;
  private readonly madeDirectories = new Set<string>();

  constructor(private readonly deps: { settings: () => Settings; logger: Logger }) {}

  /** Records a suggestion given to the editor; the id goes into the item's accept command. */
  shown(suggestion: ShownSuggestion): string | undefined {
    const settings = this.deps.settings();
    if (!settings.stats.enabled) return undefined;
    const id = randomUUID();
    const event: ShownEvent = {
      kind: 'shown',
      id,
      at: Date.now(),
      language: suggestion.language,
      model: suggestion.model,
      latencyMs: Math.round(suggestion.latencyMs),
      chars: suggestion.text.length,
    };
    this.append(statsFiles(settings).events, event);
    // Only the code a training pair uses, copied: a slice of the document would keep that version's whole text alive.
    this.pending.set(id, { ...suggestion, prefix: detached(suggestion.prefix.slice(-CONTEXT_CHARS)), suffix: detached(suggestion.suffix.slice(0, CONTEXT_CHARS)) });
    if (this.pending.size > REMEMBERED) this.pending.delete(this.pending.keys().next().value!);
    return id;
  }

  /** Records an accept the client reported through the item's command. */
  accepted(id: string, chars: number | undefined): void {
    const settings = this.deps.settings();
    if (!settings.stats.enabled) return;
    const suggestion = this.pending.get(id);
    const taken = chars ?? suggestion?.text.length ?? 0;
    const partial = suggestion !== undefined && taken < suggestion.text.length;
    this.append(statsFiles(settings).events, { kind: 'accepted', id, at: Date.now(), chars: taken, partial } satisfies AcceptedEvent);
    if (settings.stats.trainingData && suggestion) {
      const completion = suggestion.text.slice(0, taken);
      this.append(statsFiles(settings).training, {
        prompt: redactSecrets(suggestion.prefix.slice(-CONTEXT_CHARS)),
        suffix: redactSecrets(suggestion.suffix.slice(0, CONTEXT_CHARS)),
        completion: redactSecrets(completion),
        language: suggestion.language,
        model: suggestion.model,
      });
    }
    this.pending.delete(id);
  }

  /** Writes what is buffered now; resolves when every record so far is on disk (shutdown, tests). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [file, lines] of this.buffered) this.write(file, lines.join(''));
    this.buffered.clear();
    return this.writes;
  }

  private append(file: string, record: object): void {
    const lines = this.buffered.get(file) ?? [];
    lines.push(JSON.stringify(record) + '\n');
    this.buffered.set(file, lines);
    // unref: a pending flush must not keep the CLI alive; shutdown flushes explicitly.
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  private write(file: string, text: string): void {
    // One write at a time keeps lines whole and in order.
    this.writes = this.writes
      .then(async () => {
        const directory = dirname(file);
        if (!this.madeDirectories.has(directory)) await mkdir(directory, { recursive: true });
        this.madeDirectories.add(directory);
        await appendFile(file, text, { mode: 0o600 });
      })
      .catch((error: unknown) => {
        this.madeDirectories.clear();
        this.deps.logger.warn(`could not record statistics in ${file}: ${(error as Error).message}`);
      });
  }
}
