import type { Declaration } from '../declarations.js';

/** `type Name struct {` or `type Name[T any] struct {`: a struct whose fields follow on lines of their own. */
const STRUCT_HEAD = /^type\s+[\p{L}_][\p{L}\p{N}_]*(?:\[.*\])?\s+struct\s*\{$/u;

/**
 * A Go declaration where the code near the cursor does not name it. A struct: its head alone
 * (`type BadExpr struct { … }`), as TS shows a long alias's head: where nothing near the cursor names
 * the type, the next line names it (a switch's next case, a literal, a parameter) rather than reads its
 * fields, and the fields of a few such types took the room of many signatures (go-stdlib recall@1024
 * 1,039 → 1,060 of 1,162 targets, every other Go corpus gaining too). Where the budget has room left,
 * packing gives the fields back. An interface keeps its methods: they are what a value of it is called with.
 */
export function goBrief(declaration: Declaration, text: string): string | undefined {
  const lineEnd = text.indexOf('\n');
  if (declaration.kind !== 'type' || lineEnd < 0) return undefined;
  // A long struct's text is already cut (capLines): its head is still its first line.
  const head = text.slice(0, lineEnd);
  return STRUCT_HEAD.test(head) ? `${head} … }` : undefined;
}
