import type { NamedType } from '../language-module.js';

/** `def name(…) -> T:`, the return annotation up to the colon closing the header (the text may carry decorators and a docstring line). */
const RETURN_ANNOTATION = /\)\s*->\s*([^\n]+?)\s*:\s*(?:\n|$)/;
/** Wrappers that say the value may be missing: the type inside is what methods are called on. */
const OPTIONAL = /^(?:typing\.)?Optional\[(.*)\]$/s;
const DOTTED_NAME = /^(?:([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.)?([A-Za-z_]\w*)$/;

/**
 * The type a Python function's header says it returns (`-> T`, `-> mod.T`, `-> 'T'`,
 * `-> Optional[T]`, `-> T | None`): what `x = f()` holds, so `x.name(` is a method of T. A
 * generic's outer name is kept (`list[T]` is a list); `None` returns nothing.
 */
export function pythonResultType(declarationText: string): NamedType | undefined {
  const annotation = RETURN_ANNOTATION.exec(declarationText)?.[1];
  if (annotation === undefined) return undefined;
  let type = annotation.replace(/^(['"])(.*)\1$/s, '$2').trim();
  type = OPTIONAL.exec(type)?.[1]?.trim() ?? type;
  // `T | None`, `None | T`: the alternative that is not None (the first one otherwise).
  type =
    type
      .split('|')
      .map((part) => part.trim())
      .find((part) => part !== 'None') ?? 'None';
  type = type.replace(/^(['"])(.*)\1$/s, '$2');
  const outer = type.split('[')[0]!.trim();
  const named = DOTTED_NAME.exec(outer);
  if (!named || named[2] === 'None') return undefined;
  return named[1] === undefined ? { name: named[2]! } : { qualifier: named[1], name: named[2]! };
}
