import { asciiFast, type AsciiFastPattern } from '../util/ascii-pattern.js';

/**
 * Patterns that read the type a value is declared with from a file's text, without a type checker: group 1 is the
 * value's name, group 2 the type's. A language module lists the ones its code (and prose: comments, docstrings) shows
 * (see DeclarationRules.declaredTypes), so a file runs only its own language's.
 */

/**
 * The value's name, taken whole at once (a lookahead and a back-reference make the group atomic):
 * what follows it is never a name character, so a shorter prefix can never match, and trying each
 * one cost a third more time.
 */
const IDENTIFIER = '(?<![\\p{L}\\p{N}_$.])(?=([\\p{L}_$][\\p{L}\\p{N}_$]*))\\1';

/**
 * `x: T`, `#x: T`, `x?: T` (TS), `x: T` annotations (Python). A collection's element type stands for the value:
 * `x: Array<T>`, `Set<T>`, `Map<K, T>` (its elements are what methods are called on).
 */
export const ANNOTATED = asciiFast(
  new RegExp(`${IDENTIFIER}\\s*[?!]?:\\s*(?:readonly\\s+)?(?:(?:Array|ReadonlyArray|Set|Promise)<\\s*|Map<[^<>,]*,\\s*)?([\\p{Lu}_$][\\p{L}\\p{N}_$]*)`, 'gu'),
);

/**
 * `x *T`, `x []T`, `var x T` (Go's declarations), and prose that reads alike in TS and Python comments and docstrings
 * ("the session Session"): without it the packed context of TS and Python lines changes.
 */
export const SPACED = asciiFast(new RegExp(`${IDENTIFIER}\\s+[*\\[\\]]*(?:[\\p{L}_][\\p{L}\\p{N}_]*\\.)?([\\p{Lu}][\\p{L}\\p{N}_]*)\\b(?!\\s*[:=(.])`, 'gu'));

/**
 * `x := &T{`, `x := NewT(`, `x = new T(`, `x = T(…)`. A type's name may start with underscores: a module's private
 * class (`_ModuleBrowser(…)`) is constructed as any other.
 */
export const ASSIGNED = asciiFast(new RegExp(`${IDENTIFIER}\\s*:?=\\s*(?:&|new\\s+)?(?:[\\p{L}_][\\p{L}\\p{N}_]*\\.)?(?:New)?(_*[\\p{Lu}][\\p{L}\\p{N}_$]*)\\s*[({<]`, 'gu'));

/** Python attributes of the instance: `self.x: T`, for `self.x.name(`. */
export const SELF_ANNOTATED: AsciiFastPattern = asciiFast(/(?<![\p{L}\p{N}_.])(self\.[\p{L}_][\p{L}\p{N}_]*)\s*:\s*(?:[\p{L}_][\p{L}\p{N}_]*\.)*(_*[\p{Lu}][\p{L}\p{N}_]*)/gu);

/** Python attributes of the instance: `self.x = T(…)` or `self.x = mod.T(…)`, for `self.x.name(`. */
export const SELF_ASSIGNED: AsciiFastPattern = asciiFast(/(?<![\p{L}\p{N}_.])(self\.[\p{L}_][\p{L}\p{N}_]*)\s*=\s*(?:[\p{L}_][\p{L}\p{N}_]*\.)*(_*[\p{Lu}][\p{L}\p{N}_]*)\s*\(/gu);
