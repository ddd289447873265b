/**
 * Python keywords that may stand before a parenthesis (`except (A, B):`, `not (x)`, `yield (a)`) and
 * the builtins nearly every function calls: read as calls they linked unrelated functions in the
 * call graph (a thousand callers of `isinstance`) and crowded out the calls that say what a function does.
 */
export const PYTHON_NOT_CALLS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'is',
  'elif',
  'except',
  'assert',
  'yield',
  'del',
  'with',
  'raise',
  'lambda',
  'isinstance',
  'issubclass',
  'getattr',
  'setattr',
  'hasattr',
  'str',
  'repr',
  'bool',
  'float',
  'list',
  'dict',
  'set',
  'tuple',
  'frozenset',
  'bytes',
  'type',
  'object',
  'range',
  'enumerate',
  'zip',
  'sorted',
  'reversed',
  'iter',
  'next',
  'id',
  'hash',
  'abs',
  'callable',
  'super',
  'ValueError',
  'TypeError',
  'KeyError',
  'IndexError',
  'AttributeError',
  'RuntimeError',
  'NotImplementedError',
  'OSError',
]);

/**
 * Methods of Python's built-in types (str, bytes, list, dict, set, tuple, int, float). A call such
 * as `parts.append(` or `d.get(` on a value whose type the code does not say means one of these far
 * more often than a workspace class's method of the name, which the name alone would guess.
 */
export const PYTHON_BUILTIN_METHODS: ReadonlySet<string> = new Set(
  (
    'add append as_integer_ratio bit_count bit_length capitalize casefold center clear conjugate copy count decode denominator difference ' +
    'difference_update discard encode endswith expandtabs extend find format format_map from_bytes fromhex fromkeys get hex imag index insert ' +
    'intersection intersection_update is_integer isalnum isalpha isascii isdecimal isdigit isdisjoint isidentifier islower isnumeric isprintable ' +
    'isspace issubset issuperset istitle isupper items join keys ljust lower lstrip maketrans numerator partition pop popitem real remove ' +
    'removeprefix removesuffix replace reverse rfind rindex rjust rpartition rsplit rstrip setdefault sort split splitlines startswith strip ' +
    'swapcase symmetric_difference symmetric_difference_update title to_bytes translate union update upper values zfill'
  ).split(' '),
);
