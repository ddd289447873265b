import type { NamedType } from '../../../syntax/language-module.js';
import type { DeclarationRef } from '../../index/workspace-index.js';
import type { SourceInput } from './types.js';
import type { Focus } from '../focus.js';
import { findExported } from './import-scope.js';
import { isType, resultTypes } from './value-types.js';

/** How far above the cursor the function's code is searched for the value's assignment: the keystroke path reads no more. */
const ASSIGNMENT_CHARS = 6000;
const NAME = '[A-Za-z_$][\\w$]*';

/** `name = callee(`, `name := q.callee(`, `name = await callee(`: a value and the call whose result it holds. */
const ASSIGNED_CALL = new RegExp(`(?<![\\w$.])(${NAME})\\s*:?=\\s*(?:await\\s+)?(?:(${NAME}(?:\\.${NAME})*)\\.)?(${NAME})\\s*\\(`, 'g');
/**
 * `with q.callee(…) as name`, `async with callee(…) as name` (arguments with one level of
 * parentheses): the value the call gives, entered. A context manager's `__enter__` mostly returns
 * itself (`contextlib.ExitStack()`, `open(…)`, a lock).
 */
const WITH_CALL = new RegExp(`(?<![\\w$.])with\\s+(?:(${NAME}(?:\\.${NAME})*)\\.)?(${NAME})\\s*\\([^()\\n]*(?:\\([^()\\n]*\\)[^()\\n]*)*\\)\\s+as\\s+(${NAME})\\b`, 'g');
/** The calls each value was last assigned above the cursor, read once per gather (the focus is made once per gather). */
const assigned = new WeakMap<Focus, Map<string, NamedType>>();

/**
 * The call whose result the cursor's function last assigned to `value` above the cursor (`x = f(…)`,
 * `x = mod.f(…)`, `x := self.make(…)`, `const x = await load(…)`, `with f(…) as x`), or undefined. One scan of the
 * function's code before the cursor serves every value.
 */
export function assignedCall(input: Pick<SourceInput, 'focus'>, value: string): NamedType | undefined {
  const { focus } = input;
  let calls = assigned.get(focus);
  if (!calls) {
    assigned.set(focus, (calls = new Map<string, NamedType>()));
    const code = focus.text.slice(Math.max(focus.start, focus.cursorLineStart - ASSIGNMENT_CHARS), focus.cursorLineStart);
    const found = [...code.matchAll(ASSIGNED_CALL)].map((match) => ({ at: match.index, value: match[1]!, qualifier: match[2], name: match[3]! }));
    for (const match of code.matchAll(WITH_CALL)) found.push({ at: match.index, value: match[3]!, qualifier: match[1], name: match[2]! });
    // The last assignment above the cursor wins, whichever form it took.
    found.sort((a, b) => a.at - b.at);
    for (const { value, qualifier, name } of found) calls.set(value, qualifier === undefined ? { name } : { qualifier, name });
  }
  return calls.get(value);
}

/**
 * The type of the value a call gives, read from what the index knows of the callee: a class called
 * makes one of its instances (`_Private(…)` too), a function or method gives the type its signature
 * returns (`-> T`, `: T`). The callee is an imported name, a name the file declares, a function of an
 * imported module, or a method of the type `typeOf` gives the qualifier (`self.make(…)`).
 */
export function callResultType(input: SourceInput, call: NamedType, methodsOf: (qualifier: string, name: string) => readonly DeclarationRef[]): string | undefined {
  const { index, file, scope } = input;
  const { qualifier, name } = call;
  let callees: readonly DeclarationRef[];
  if (qualifier === undefined) {
    const binding = scope.bindings.get(name);
    callees = binding
      ? findExported(index, binding.files, binding.imported)
      : index.declarationsNamed(name).filter((ref) => !ref.declaration.container && (ref.file === file || index.inSamePackage(file, ref.file)));
  } else {
    const namespace = scope.namespaces.get(qualifier);
    callees = namespace ? findExported(index, namespace, name) : methodsOf(qualifier, name);
  }
  for (const ref of callees.slice(0, 4)) {
    if (isType(ref.declaration)) return ref.declaration.name;
    const result = resultTypes(index, ref)[0];
    if (result) return result.declaration.name;
  }
  return undefined;
}

/** The type of the value the call last assigned to `value` gives (see assignedCall, callResultType). */
export function assignedType(input: SourceInput, value: string, methodsOf: (qualifier: string, name: string) => readonly DeclarationRef[]): string | undefined {
  const call = assignedCall(input, value);
  return call && callResultType(input, call, methodsOf);
}
