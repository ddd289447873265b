/** A changed span: [start, oldEnd) of an earlier text became [start, newEnd) of the current one (UTF-16 offsets). */
export interface Span {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * One span covering two consecutive edits: `next` is in the coordinates of the text after `done`. Text
 * before the earlier start and after the later end is unchanged, so the union is a valid single edit.
 */
export function mergeSpans(done: Span, next: Span): Span {
  const end = Math.max(done.newEnd, next.oldEnd);
  return {
    start: Math.min(done.start, next.start),
    // Past done's new end, the current text is the parsed text shifted by done's length change.
    oldEnd: next.oldEnd > done.newEnd ? done.oldEnd + (next.oldEnd - done.newEnd) : done.oldEnd,
    newEnd: end + (next.newEnd - next.oldEnd),
  };
}
