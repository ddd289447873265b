/**
 * Applies stop strings on the client, for servers that cap how many they accept (the OpenAI API
 * takes at most four). Text that might be the start of a stop string is held back until the
 * next chunk shows whether it is, so no part of a stop string ever reaches the editor.
 */
export class StopScanner {
  private held = '';
  private stopped = false;

  constructor(private readonly stops: readonly string[]) {}

  /** True once a stop string was seen; everything after it is dropped. */
  get done(): boolean {
    return this.stopped;
  }

  /** Takes the next chunk and returns the text that is safe to pass on. */
  push(chunk: string): string {
    if (this.stopped) return '';
    const text = this.held + chunk;
    let cut = -1;
    for (const stop of this.stops) {
      const at = text.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      this.stopped = true;
      this.held = '';
      return text.slice(0, cut);
    }
    const keep = this.partialStopLength(text);
    this.held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** The text held back at the end of the stream: it turned out not to be a stop string. */
  flush(): string {
    const rest = this.stopped ? '' : this.held;
    this.held = '';
    return rest;
  }

  /** Length of the longest end of `text` that is a proper start of some stop string. */
  private partialStopLength(text: string): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
        if (text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}

/**
 * Splits stop strings into those the server is sent (at most `limit`, in order: the first ones
 * of each family's list are its end-of-text tokens, the ones that matter most) and those applied
 * on the client.
 */
export function splitStops(stops: readonly string[], limit: number): { server: string[]; client: string[] } {
  const unique = [...new Set(stops.filter((stop) => stop !== ''))];
  return { server: unique.slice(0, limit), client: unique.slice(limit) };
}
