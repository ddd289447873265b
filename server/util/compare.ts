/** Orders strings by UTF-16 code units, as `<` does (not by locale): a tie-break that never depends on the platform. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
