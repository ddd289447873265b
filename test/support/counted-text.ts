/**
 * A string that counts the characters its methods read, for tests that check work does not grow with
 * where the cursor is in a file (a count, not a time). Scans (`indexOf`, `lastIndexOf`) count the
 * characters between where they start and where they stop; `slice` and `substring` count the characters
 * they return; an index (`text[i]`) counts one; any other method counts the whole text, so an unexpected whole-text read shows.
 */
export function countedText(text: string): { text: string; read(): number } {
  let read = 0;
  const cheap = new Set(['charCodeAt', 'charAt', 'codePointAt', 'at', 'toString', 'valueOf']);
  const proxy = new Proxy(Object(text) as object, {
    get(_target, property) {
      if (property === 'length') return text.length;
      if (property === Symbol.toPrimitive) return () => text;
      if (typeof property === 'string' && /^\d+$/.test(property)) {
        read++;
        return text[Number(property)];
      }
      const value: unknown = Reflect.get(String.prototype, property);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = Reflect.apply(value, text, args);
        read += cost(property, args, result);
        return result;
      };
    },
  });
  const cost = (property: string | symbol, args: unknown[], result: unknown): number => {
    if (property === 'indexOf') {
      const from = Math.max(0, Number(args[1] ?? 0));
      return (typeof result === 'number' && result >= 0 ? result : text.length) - from;
    }
    if (property === 'lastIndexOf') {
      const from = Math.min(text.length, args[1] === undefined ? text.length : Number(args[1]));
      return from - (typeof result === 'number' && result >= 0 ? result : 0);
    }
    if (property === 'slice' || property === 'substring') return typeof result === 'string' ? result.length : 0;
    return typeof property === 'string' && cheap.has(property) ? 1 : text.length;
  };
  return { text: proxy as unknown as string, read: () => read };
}
