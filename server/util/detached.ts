/**
 * A copy of `text` that shares no memory with the string it was sliced from: V8 keeps a slice as a view of its
 * parent, so a slice kept in a cache keeps the whole file it came from alive.
 */
export function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
