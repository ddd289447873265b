import type { NamedType } from '../language-module.js';

/** A value's declared type (`const x: T =`, `const x: Array<T>`) or what made it (`const x = new T(`). */
const VARIABLE =
  /^[ \t]*(?:export\s+)?(?:declare\s+)?(?:const|let|var)\s+[\p{L}_$][\p{L}\p{N}_$]*\s*(?::\s*(?:readonly\s+)?(?:(?:Array|ReadonlyArray|Set)<)?([\p{L}_$][\p{L}\p{N}_$.]*)|=\s*new\s+([\p{L}_$][\p{L}\p{N}_$.]*))/mu;
/** A signature's result, after the parameters' closing parenthesis: `): T`, `): Promise<T>`, `): Array<T>`. */
const RESULT = /\)\s*:\s*(?:(?:Promise|Array|ReadonlyArray|Set)<)?([\p{L}_$][\p{L}\p{N}_$.]*)/gu;
/** Types no declaration of the workspace shows. */
const BUILT_IN = new Set(['void', 'never', 'unknown', 'any', 'string', 'number', 'boolean', 'object', 'undefined', 'null', 'this', 'Promise', 'Array']);

/**
 * The type a TS/JS declaration gives its value: a constant's annotation or `new T(` (the singleton
 * `export const focusManager = new FocusManager()`), a function's or method's declared result
 * (`findAll(…): Array<Query>` → Query). Read from the text without its doc comment; undefined
 * when the text says none or names a built-in type.
 */
export function ecmaResultType(declarationText: string): NamedType | undefined {
  const code = declarationText.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const variable = VARIABLE.exec(code);
  if (variable) return named(variable[1] ?? variable[2]);
  if (!/\bfunction\b|^\s*[^\s=]*\(/m.test(code)) return undefined;
  let last: string | undefined;
  for (const match of code.matchAll(RESULT)) last = match[1];
  return named(last);
}

function named(text: string | undefined): NamedType | undefined {
  if (text === undefined) return undefined;
  const dot = text.lastIndexOf('.');
  const name = text.slice(dot + 1);
  if (BUILT_IN.has(name) || !/^[\p{Lu}_$]/u.test(name)) return undefined;
  return dot > 0 ? { qualifier: text.slice(0, dot), name } : { name };
}
