/**
 * `fn` with its last call remembered: called again with the same arguments (each `===` the last ones), it
 * returns the last result without running. For pure functions whose last input often comes back, as the
 * cut of a reply's final text that was already cut for the security gate's early check.
 */
export function rememberLast<A extends readonly unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | undefined;
  return (...args: A): R => {
    if (last && last.args.length === args.length && last.args.every((arg, i) => arg === args[i])) return last.result;
    const result = fn(...args);
    last = { args, result };
    return result;
  };
}
