/**
 * Budgets are in tokens, estimated from characters, because tokenising on every keystroke would
 * cost more than it saves. The prompt windows and the context packing share this one estimate.
 */
export const CHARS_PER_TOKEN = 3.5;

/** Estimated tokens of a text. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}
