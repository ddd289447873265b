import type { NamedType } from '../language-module.js';

/** `case *ast.IfStmt, *ast.ForStmt:`: a case clause's list, each item a type as source names it. */
const CASE_CLAUSE = /^[ \t]*case[ \t]+([^:\n]+):/gmu;
const CASE_ITEM = /^\s*\*?(?:([\p{L}_][\p{L}\p{N}_]*)\.)?([\p{L}_][\p{L}\p{N}_]*)\s*$/u;
/** `x.(*ir.Name)`, `x.(T)`: a type assertion. */
const ASSERTION = /\.\(\s*\*?(?:([\p{L}_][\p{L}\p{N}_]*)\.)?([\p{L}_][\p{L}\p{N}_]*)\s*\)/gu;

/**
 * The types Go code (comments and strings blanked) tells a value apart by: type switch cases and type
 * assertions. The next case is most often another type of the same family (an AST's node types, declared
 * one after the other). An expression switch's `case ir.OAS:` is read too: its names resolve to constants,
 * not types, and are dropped there.
 */
export function goSwitchedTypes(code: string): NamedType[] {
  const found = new Map<string, NamedType>();
  const keep = (qualifier: string | undefined, name: string) => found.set(`${qualifier ?? ''}.${name}`, qualifier === undefined ? { name } : { qualifier, name });
  for (const clause of code.matchAll(CASE_CLAUSE)) {
    for (const item of clause[1]!.split(',')) {
      const type = CASE_ITEM.exec(item);
      if (type) keep(type[1], type[2]!);
    }
  }
  // `x.(type)` opens a type switch: it names none.
  for (const assertion of code.matchAll(ASSERTION)) if (assertion[1] !== undefined || assertion[2] !== 'type') keep(assertion[1], assertion[2]!);
  return [...found.values()];
}
