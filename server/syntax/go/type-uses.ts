const NAME = '([\\p{L}_][\\p{L}\\p{N}_]*)';
/** Not part of a longer name, nor selected from a package or value (`pkg.T` is counted as a qualified use). */
const START = '(?<![\\p{L}\\p{N}_.])';

/**
 * Places where Go code names a type without calling anything: `T{` (a literal), `*T`, `&T{`, `[]T`,
 * `map[K]T`, `chan T`, `.(T)` and `.(*T)` (assertions, type switches), `x T` in parameters, fields
 * and `var`, and a result type before a body (`) T {`). Each pattern captures the type's name.
 */
const TYPE_POSITIONS = [
  new RegExp(`${START}${NAME}(?=\\{)`, 'gu'),
  new RegExp(`(?:[*&]|\\[\\]|\\]|\\bchan\\s+|\\.\\(\\*?)\\s*${NAME}(?![\\p{L}\\p{N}_.(])`, 'gu'),
  new RegExp(`${START}[\\p{L}_][\\p{L}\\p{N}_]*[ \\t]+${NAME}[ \\t]*(?=[,)=]|$)`, 'gmu'),
  new RegExp(`\\)[ \\t]*${NAME}[ \\t]*\\{`, 'gu'),
];

/** Keywords and predeclared types: never a declaration of the package, so not worth keeping. */
const PREDECLARED = new Set(
  (
    'break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var ' +
    'any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr true false nil iota'
  ).split(' '),
);

/**
 * The unqualified names a Go file (comments and strings blanked) uses as types. A package's type is
 * rarely called like a function, so counting calls alone left every type of the package at the
 * popularity floor: `Labels{…}`, `case *gauge:` and `opts CounterOpts` are what make a type popular.
 */
export function goTypeUses(code: string): string[] {
  const names = new Set<string>();
  for (const pattern of TYPE_POSITIONS) {
    for (const match of code.matchAll(pattern)) {
      const name = match[1]!;
      if (!PREDECLARED.has(name)) names.add(name);
    }
  }
  return [...names];
}
