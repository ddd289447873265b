/** A finished suggestion in its place in the document, as the editor would show it. */
export interface GateInput {
  uri: string;
  /** The document's text, and the cursor's offset in it, where the suggestion would be inserted. */
  text: string;
  offset: number;
  suggestion: string;
}

/**
 * A last check before a suggestion is shown: the security gate, built in actions/ and handed to the
 * completion engine by the composition root (app/services.ts), so neither engine imports the other.
 */
export interface SuggestionGate {
  /** Why the suggestion must not be shown, or undefined when it may. Bounded work: it runs once per model reply. */
  check(input: GateInput): string | undefined;
}
