import type { CompletionMode, CursorContext, LanguageId } from '../../server/completion/types.js';

/** The visible cursor marker used in test fixtures. */
export const CURSOR = '█';

/** A fixture split at its cursor marker; `offset` is the cursor's UTF-16 index in `text`. */
export interface CursorFixture {
  prefix: string;
  suffix: string;
  text: string;
  offset: number;
}

/** Splits fixture source text at its single `█` marker, so tests never hand-count offsets. */
export function splitAtCursor(fixture: string): CursorFixture {
  const offset = fixture.indexOf(CURSOR);
  if (offset < 0 || fixture.indexOf(CURSOR, offset + 1) >= 0) {
    throw new Error(`fixture needs exactly one ${CURSOR} marker:\n${fixture}`);
  }
  const prefix = fixture.slice(0, offset);
  const suffix = fixture.slice(offset + CURSOR.length);
  return { prefix, suffix, text: prefix + suffix, offset };
}

/** The stream filters' and post-processing's view of a fixture's cursor. */
export function cursorContext(fixture: string, mode: CompletionMode, languageId: LanguageId): CursorContext {
  const { prefix, suffix } = splitAtCursor(fixture);
  return { prefix, suffix, mode, languageId };
}
