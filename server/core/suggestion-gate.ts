/** A finished suggestion in its place in the document, as the editor would show it. */
export interface GateInput {
  uri: string;
  /** The document's text, and the cursor's offset in it, where the suggestion would be inserted. */
  text: string;
  offset: number;
  suggestion: string;
}

/** A suggestion to check for one request: the document version `text` is, and the request's signal (cancellation and budget). */
export interface GateRequest extends GateInput {
  version: number;
  signal: AbortSignal;
}

/**
 * A last check before a suggestion is shown: the security gate, built in actions/ and handed to the
 * completion engine by the composition root (app/services.ts), so neither engine imports the other.
 */
export interface SuggestionGate {
  /**
   * Why the suggestion must not be shown, or undefined when it may. Bounded work: it runs once per model
   * reply, off the main thread when it can. Rejects with the signal's reason when the signal aborts first:
   * a suggestion whose check did not finish within the request's budget is not shown.
   */
  check(input: GateRequest): Promise<string | undefined>;
}
