import Parser from 'tree-sitter';

const parse = Parser.prototype.parse;

/**
 * Counts every tree-sitter parse on this thread from now on (a worker thread loads its own copy of the module,
 * so its parses are not seen): `whole` those that ran without a time limit, all at once however long the text.
 * Call `restoreParses` after each test.
 */
export function countParses(): { readonly count: number; readonly whole: number } {
  const counter = { count: 0, whole: 0 };
  Parser.prototype.parse = function counted(this: Parser, ...args: Parameters<Parser['parse']>) {
    counter.count++;
    if (this.getTimeoutMicros() === 0) counter.whole++;
    return parse.apply(this, args);
  };
  return counter;
}

/** Stops counting. */
export function restoreParses(): void {
  Parser.prototype.parse = parse;
}
