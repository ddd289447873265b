import type { CompletionMode, LanguageId } from '../../server/completion/types.js';

/** A reply to a fixture's cursor (`█`), and what post-processing must make of it. */
export interface PostprocessCase {
  name: string;
  fixture: string;
  mode: CompletionMode;
  lang: LanguageId;
  raw: string;
  want: string;
}

/**
 * Cut classes found by replaying the quality cases on the Go, TypeScript and Python corpora
 * (bench/quality/diagnose.ts), each written again as a small snippet; postprocess.test.ts runs them.
 */
export const REPLAY_CASES: PostprocessCase[] = [
  // A text line at column 0 in a raw string below the cursor is no block end: the function's `}` is not owed.
  {
    name: 'go: a raw string below the cursor does not make the function brace owed',
    fixture: 'package main\n\nfunc run(t *testing.T) {\n\tcheck(█\n\twant := `line one\nat column 0\n`\n\tif got != want {\n\t\tt.Fatal(got)\n\t}\n}\n',
    mode: 'multi',
    lang: 'go',
    raw: 't, got)\n}',
    want: 't, got)',
  },
  {
    name: 'python: a triple-quoted string below the cursor does not make the outer call owed',
    fixture: 'x = dict(\n    a=f(█\n    b="""\ntext\n""",\n)\n',
    mode: 'multi',
    lang: 'python',
    raw: '1),\n)',
    want: '1),',
  },
  // The body's last line ends in a line comment: the closer after it is the body's own, not the suffix re-typed.
  {
    name: 'go: a closer after a line comment closes the block the completion opened',
    fixture: 'package main\n\nfunc f(x int) bool {\n\tsign := false\n\tif x < 0 {\n\t\t█\n\t}\n\treturn sign\n}\n',
    mode: 'multi',
    lang: 'go',
    raw: 'x = -x\n\t\tif x&1 == 1 {\n\t\t\tsign = true // odd and negative\n\t\t}',
    want: 'x = -x\n\t\tif x&1 == 1 {\n\t\t\tsign = true // odd and negative\n\t\t}',
  },
  // The line above the cursor restated, up to the closer it ends with: the whole line goes, not all but its closer.
  {
    name: 'go: the line above restated up to its foreign closer is dropped whole',
    fixture: 'package main\n\nfunc h(w io.Writer, r *Request) {\n\ts := fmt.Sprintf("%s %s", a,\n\t\tb(r))\n\t█\n}\n',
    mode: 'multi',
    lang: 'go',
    raw: 'w.Write([]byte(s))\n\tb(r))\n',
    want: 'w.Write([]byte(s))',
  },
  {
    name: 'ts: a body closed by the same brackets that end the line above the cursor keeps its own brace',
    fixture: 'function f(p: Promise<number>) {\n  return p\n    .then((r) => {\n      return r\n    })\n    .finally(█),\n}\n',
    mode: 'multi',
    lang: 'typescript',
    raw: '() => {\n      unsubscribe()\n    })',
    want: '() => {\n      unsubscribe()\n    }',
  },
  // A doc comment's `*/` equals the `*/` above the cursor, but it is punctuation, not a restated line.
  {
    name: 'ts: a doc comment closed inside an object literal under a doc comment',
    fixture: '/**\n * The manager.\n */\nexport const manager = {█\n}\n',
    mode: 'multi',
    lang: 'typescript',
    raw: '\n  isServer,\n  /**\n   * Overrides the check.\n   */\n  setIsServer(v: boolean): void {\n    flag = v\n  },',
    want: '\n  isServer,\n  /**\n   * Overrides the check.\n   */\n  setIsServer(v: boolean): void {\n    flag = v\n  },',
  },
  {
    name: 'python: a decorator equal to the one below the cursor decorates a new method',
    fixture: 'class Response:\n    @property\n    def ok(self):\n        return True\n\n    █\n\n    @property\n    def next(self):\n        return self._next\n',
    mode: 'multi',
    lang: 'python',
    raw: '@property\n    def is_redirect(self):\n        return "location" in self.headers',
    want: '@property\n    def is_redirect(self):\n        return "location" in self.headers',
  },
  {
    name: 'python: a decorator followed by the method below the cursor is the suffix re-typed',
    fixture: 'class Response:\n    def ok(self):\n        return True\n\n    █\n\n    @property\n    def next(self):\n        return self._next\n',
    mode: 'multi',
    lang: 'python',
    raw: 'def fine(self):\n        return 1\n\n    @property\n    def next(self):\n        return self._next\n',
    want: 'def fine(self):\n        return 1',
  },
  {
    name: "ts: the suffix's next function re-typed and cut off by the token limit inside its second line",
    fixture: 'function run() {\n  let last = null;\n  █\n  function emitWhenIdle(this: Action) {\n    // This is called after the due time.\n    emit();\n  }\n}\n',
    mode: 'multi',
    lang: 'typescript',
    raw: 'const emit = () => {\n    last = null;\n  };\n  function emitWhenIdle(this: Action) {\n    // This is called af',
    want: 'const emit = () => {\n    last = null;\n  };',
  },
  // The docstring's closing quotes above the cursor restated: a lone `"""` opens a new string.
  {
    name: 'python: the closing quotes of the docstring above, restated after the completion, are dropped',
    fixture: 'def rewind(req):\n    """Move the body back.\n    """\n    seek = getattr(█)\n',
    mode: 'multi',
    lang: 'python',
    raw: 'req.body, "seek", None\n    """\n',
    want: 'req.body, "seek", None',
  },
  {
    name: 'ts: the doc comment end above the cursor restated after the body is dropped',
    fixture: '/**\n * Sets the focus.\n */\nfunction setFocused(focused?: boolean): void {█\n}\n',
    mode: 'multi',
    lang: 'typescript',
    raw: '\n  const changed = current !== focused\n  */\n',
    want: '\n  const changed = current !== focused',
  },
  {
    name: "python: the completion's own docstring ends with the quotes that also end the docstring above",
    fixture: 'class MockResponse:\n    """Wraps headers.\n    """\n\n    def __init__(self, headers):█\n',
    mode: 'multi',
    lang: 'python',
    raw: '\n        """Make a MockResponse.\n\n        :param headers: the headers\n        """\n        self._headers = headers',
    want: '\n        """Make a MockResponse.\n\n        :param headers: the headers\n        """\n        self._headers = headers',
  },
  // The token limit cut a repeat (or a restatement of the line above the cursor) in its middle.
  {
    name: 'ts: a long line repeated and cut off by the token limit',
    fixture: 'export function race(...sources: Source[]): Observable<any> {█\n}\n',
    mode: 'multi',
    lang: 'typescript',
    raw: '\n  sources = argsOrArray(sources);\n  return new Observable(raceInit(sources, scheduler));\n  return new Observable(raceInit(sou',
    want: '\n  sources = argsOrArray(sources);\n  return new Observable(raceInit(sources, scheduler));',
  },
  {
    name: 'python: a last line cut off by the token limit that starts like the line above the cursor is parallel code, kept',
    fixture: 'def _read_long(file):\n    try:\n        return unpack(file)\n    except struct.error:\n        raise EOFError from None\n\ndef _read_ulong(file):█\n',
    mode: 'multi',
    lang: 'python',
    raw: '\n    try:\n        return unpack_unsigned(file)\n    except struct.error:\n        raise EOFError from N',
    want: '\n    try:\n        return unpack_unsigned(file)\n    except struct.error:\n        raise EOFError from N',
  },
  // Inside brackets the lines go on at the cursor line's indentation: one restating the line above is no nested block.
  {
    name: 'python: inside brackets, the line above restated at the cursor line indentation is dropped',
    fixture: 'def serve(self):\n    return self.wrap(\n        conn, protocol, server_side=True,\n        extra={█},\n    )\n',
    mode: 'multi',
    lang: 'python',
    raw: "'peername': addr\n        conn, protocol, server_side=True,\n",
    want: "'peername': addr",
  },
  {
    name: 'go: a short last line that starts like the line above is kept (a cut, not a repeat)',
    fixture: 'package main\n\nfunc f() {\n\t█\n}\n',
    mode: 'multi',
    lang: 'go',
    raw: 'release(a)\n\trel',
    want: 'release(a)\n\trel',
  },
  // A repeated line that opens a block is nested code when its body follows; alone at the end it is still a repeat.
  {
    name: 'go: a nested go func() { under the same line above the cursor is code',
    fixture: 'package main\n\nfunc f(c Collector) {\n\tfor i := 0; i < 4; i++ {\n\t\tgo func() {\n\t\t\t█\n\t\t}()\n\t}\n}\n',
    mode: 'multi',
    lang: 'go',
    raw: 'ch := make(chan Metric)\n\t\t\tgo func() {\n\t\t\t\tfor range ch {\n\t\t\t\t}\n\t\t\t}()\n\t\t\tc.Collect(ch)',
    want: 'ch := make(chan Metric)\n\t\t\tgo func() {\n\t\t\t\tfor range ch {\n\t\t\t\t}\n\t\t\t}()\n\t\t\tc.Collect(ch)',
  },
  {
    name: 'go: the block-opening line above restated at the end, with no body, is dropped',
    fixture: 'package main\n\nfunc f(c Collector) {\n\tgo func() {\n\t\t█\n\t}()\n}\n',
    mode: 'multi',
    lang: 'go',
    raw: 'c.Collect(ch)\n\t\tgo func() {\n',
    want: 'c.Collect(ch)',
  },
  {
    name: 'python: a nested else: under the else: above the cursor is code',
    fixture: "def paths():\n    if 'A' in env:\n        p = env['A']\n    else:\n        █\n    return p\n",
    mode: 'multi',
    lang: 'python',
    raw: "if 'HOME' in env:\n            home = env['HOME']\n        else:\n            home = '.'\n        p = [home]",
    want: "if 'HOME' in env:\n            home = env['HOME']\n        else:\n            home = '.'\n        p = [home]",
  },
  {
    name: "ts: a try { equal to the suffix's next line, with a body of its own, is code",
    fixture: 'function f(a: Action) {\n  if (a.ok) {\n    █\n    try {\n      opts.onSettled?.(a.data)\n    } catch (e) {\n      void Promise.reject(e)\n    }\n  }\n}\n',
    mode: 'multi',
    lang: 'typescript',
    raw: 'try {\n      opts.onSuccess?.(a.data)\n    } catch (e) {\n      void Promise.reject(e)\n    }',
    want: 'try {\n      opts.onSuccess?.(a.data)\n    } catch (e) {\n      void Promise.reject(e)\n    }',
  },
  {
    name: "ts: a try { followed by the suffix's own next line is the suffix re-typed",
    fixture: 'function f(a: Action) {\n  if (a.ok) {\n    █\n    try {\n      opts.onSettled?.(a.data)\n    } catch (e) {\n      void Promise.reject(e)\n    }\n  }\n}\n',
    mode: 'multi',
    lang: 'typescript',
    raw: 'log(a)\n    try {\n      opts.onSettled?.(a.data)\n    } catch (e) {\n      void Promise.reject(e)\n    }\n',
    want: 'log(a)',
  },
];
