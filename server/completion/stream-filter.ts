/**
 * A stream filter for one request, fed each chunk once. It keeps no copy of the text it has to
 * look at again: each line is scanned as it arrives, the line rules read only the line's head
 * while it is unfinished, and the whole line once when its newline comes, so the work is linear in
 * the reply however it is chunked (a 5 MB line with no newline costs one pass, not one per chunk).
 */
export interface StreamFilter {
  /** Feeds the next chunk; true once the rest of the generation is known to be junk (stop reading, close the request). */
  push(chunk: string): boolean;
  /** The verdict is final: nothing pushed from now on is kept. */
  readonly done: boolean;
  /** The text to keep: everything pushed so far, or the prefix the rules cut it to. */
  text(): string;
  /** Characters the filter has examined so far (for tests: a small multiple of the text's length). */
  readonly examined: number;
  /** The reply is complete: settles what waited for a next line that will not come. */
  end(): void;
}
