import type Parser from 'tree-sitter';
import type { VerificationRules } from './verification.js';
import type { TextEdit } from 'vscode-languageserver';
import type { RepoSnippet } from '../core/prompt.js';
import type { LanguageId } from '../core/language.js';
import type { Declaration, DeclarationKind } from './declarations.js';
import type { Environment as IndexEnvironment } from './environment.js';
import type { FoundImport, ImportSpec } from './import-edits.js';
import type { FileLookup, ImportRecord } from './imports.js';
import type { ManifestReader } from './manifests.js';
import type { Environment as ProjectEnvironment, TestFramework } from './project-environment.js';
import type { SecurityLexicon } from './security-lexicon.js';
import type { TestPlan, TestPlanRequest } from './test-files.js';
import type { AsciiFastPattern } from '../util/ascii-pattern.js';

/**
 * Everything Ghostline knows about one language (or one family of languages sharing a grammar's
 * conventions, as TS/TSX/JS do), behind one interface. Code outside server/syntax/<module>/ asks
 * the module instead of testing the language id; a new language is one folder implementing this,
 * its queries under grammars/, and one entry in grammars/registry.ts (see docs/languages.md).
 */
/** How far back from a member a language's receiverChain reads at most. */
export const RECEIVER_CHAIN_CHARS = 240;

export interface LanguageModule {
  /** The module's folder under server/syntax/, also its name in logs: `go`, `ecma`. */
  readonly name: string;
  /** The language's name in prompts: `Go`, `TypeScript (TSX)`. */
  displayName(id: LanguageId): string;
  readonly comments: CommentRules;
  readonly cut: CutRules;
  readonly packages: PackageRules;
  readonly imports: ImportRules;
  readonly environment: EnvironmentRules;
  readonly tests: TestRules;
  /** Words the security queries' matches are checked against (grammars/<folder>/security.scm holds the patterns). */
  readonly security: SecurityLexicon;
  readonly declarations: DeclarationRules;
  /** How `ghostline task` builds and tests a patch in its scratch copy; a language without it is parse- and security-checked only. */
  readonly verification?: VerificationRules;
}

/** `docstring`: a string literal opening the body (Python), not a comment above the declaration. */
export type CommentStyle = 'line' | 'block' | 'docstring';

export interface CommentRules {
  /**
   * The doc-comment convention named in prompts (`GoDoc`, `TSDoc`), how it is written, and one sentence of
   * guidance for the model; `text`, the file being documented, lets a language follow the style it already uses.
   */
  doc(id: LanguageId, text?: string): { convention: string; style: CommentStyle; guidance: string };
  /** Whether the comments directly above a declaration (nearest last) are its doc comment; `declaration` for docstrings inside it. */
  isDocComment(comments: readonly Parser.SyntaxNode[], declaration?: Parser.SyntaxNode): boolean;
}

/** What the completion cut's lexer (completion/code-scanner.ts) must know about the language's tokens. */
export interface CutRules {
  /** A `/` after an operator may open a regular-expression literal (JavaScript). */
  regexLiterals: boolean;
  /** Backtick strings take escapes and `${…}` substitutions (JavaScript); otherwise they are raw (Go). */
  templateStrings: boolean;
  /** The line-comment token (`//`, `#`). */
  lineComment: string;
  /** `/* … *\/` comments exist (C family); in Python `//` is floor division and `/*` never starts a comment. */
  blockComments: boolean;
  /** `"""…"""` and `'''…'''` strings that span lines (Python docstrings). */
  tripleQuotes: boolean;
  /**
   * A line that always starts outside strings and brackets (Python's `def`/`class` headers). The prompt's
   * window may begin inside a multi-line string, where every later quote would read inverted: the lexer
   * state at the cursor is then scanned from the last such line before it.
   */
  resyncLine?: RegExp;
  /** Letters that may prefix a string literal (`f'…'`, `rb"…"`); a quote after other letters is an apostrophe. */
  stringPrefix?: RegExp;
  /** Blocks end by dedent, not by a closing brace: a multi-line completion stops where indentation returns to the enclosing level. */
  indentBlocks: boolean;
  /** Node types whose inside is text, not code (comments, strings): completing there finishes one line at most. */
  textNodes: ReadonlySet<string>;
  /** Node types that are a body (`{ … }`, an indented block); empty, they invite a multi-line completion. */
  bodyNodes: ReadonlySet<string>;
}

/** How files group into packages, which decides where names are looked up. */
export interface PackageRules {
  /** The package a file declares (Go's package clause); undefined where each file is its own module. */
  packageName(root: Parser.SyntaxNode): string | undefined;
  /** Where a method's container type is found: the package directory (Go) or the file (TS/JS). */
  containerScope(path: string): string;
  /** Unqualified names may mean declarations in other files of the same package (Go). */
  readonly sharedPackageScope: boolean;
  /** Imports bind exactly the names a file uses (TS/JS named imports), so each binding is a strong hint. */
  readonly importsNameUses: boolean;
  /** The local name an import is used through: Go's package name or alias, a TS namespace import. */
  qualifierOf(record: ImportRecord): string | undefined;
  /**
   * An import names a package (a directory of files, Go) rather than one file: its API is ranked by
   * use across the workspace, and its files declare every name it exports (no re-exports to follow).
   */
  readonly importsPackages: boolean;
  /** A namespace may be a dotted path (Python's `import a.b`, used as `a.b.f(`): references keep the whole chain as their qualifier. */
  readonly dottedNamespaces?: boolean;
  /** Names a module imports are attributes of it (Python): a lookup through a module follows its `from … import` too. */
  readonly importsReexport?: boolean;
  /**
   * Whether a file is its package's front door, passing on everything it imports as the package's API
   * (Python's `__init__.py`), as `export … from` does in TS/JS: task localization ranks it as a barrel.
   */
  reexportsImports?(path: string): boolean;
  /** Whether a variable spanning several lines has a body whose calls count (not so for a Go `var ( … )` block). */
  readonly multiLineVariablesHaveBodies: boolean;
  /**
   * Names that look like calls but say nothing about a function, besides the shared list (Go's and
   * TS's keywords and builtins): a keyword before a parenthesis (Python's `except (`), a builtin
   * every function calls (`isinstance`).
   */
  readonly notCalls?: ReadonlySet<string>;
  /**
   * Method names of the language's built-in types (Python's `append`, `join`, `get`): called on a
   * value of no known type, such a name says nothing about which workspace class is meant.
   */
  readonly builtinMembers?: ReadonlySet<string>;
  /**
   * Every public top-level name of a module is its API (Python has no `export`): the declarations of a
   * file the current one takes names from (`from m import a`), in order, say little of what else it
   * will use, so they are not offered as a TS file's exports are.
   */
  readonly exportsEveryName?: boolean;
  /** Methods the language calls itself (Python's `__init__`, `__eq__`): code rarely writes `x.name(` for them. */
  readonly implicitMember?: (name: string) => boolean;
  /**
   * Unqualified names a file's code (comments and strings blanked) uses as types without calling them
   * (Go's `T{`, `*T`, `x T`), so a package's types get a popularity as its functions do.
   */
  typeUses?(code: string): readonly string[];
  /** The build constraint a file's header states (Go's `//go:build` expression), kept in its index record. */
  buildConstraint?(text: string): string | undefined;
  /**
   * Whether one build can hold both files, from their paths and constraints (Go: `x_plan9.go` and
   * `x_windows.go` never can): a declaration the current file can never be built with is no context for it.
   */
  readonly buildTogether?: (a: { path: string; constraint?: string }, b: { path: string; constraint?: string }) => boolean;
}

/** What a resolver may consult: the indexed files and the manifests. */
export interface ResolveContext {
  files: FileLookup;
  manifests: ManifestReader;
}

/** The names one import binds: a qualifier (`fmt`, `import * as ns`) and named bindings (`local` → `imported`, `default`). */
export interface ImportBinding {
  namespace?: string;
  names: Array<{ local: string; imported: string }>;
}

export interface ImportRules {
  /** What an import puts in the importing file's scope; undefined when it binds nothing usable (Go's `_`, a re-export). */
  bind(record: ImportRecord, targetPackage: string | undefined, targets?: readonly string[]): ImportBinding | undefined;
  /** One import (or several: Python's `from m import a, b`) from a match of grammars/<folder>/imports.scm: `@source`, `@import` (the statement), maybe `@alias`. */
  record(source: Parser.SyntaxNode, statement: Parser.SyntaxNode, alias: Parser.SyntaxNode | undefined): ImportRecord | ImportRecord[];
  /** Imports from two files resolve alike when their scopes are equal (Go: module-wide; TS: per directory). */
  resolutionScope(fromFile: string): string;
  /** The workspace files an import means; [] for anything outside the workspace. */
  resolve(fromFile: string, source: string, context: ResolveContext): string[];
  /** The imports a file already has, with the nodes edits attach to. */
  find(tree: Parser.Tree): FoundImport[];
  /** Whether a spec is written in this language (specs are tagged by module name). */
  owns(spec: ImportSpec): boolean;
  /** Import lines for a new file. */
  render(specs: readonly ImportSpec[], quote: string): string;
  /** Edits that give an existing file the imports it lacks. */
  edits(input: { text: string; tree: Parser.Tree; existing: FoundImport[]; needed: readonly ImportSpec[]; quote: string }): TextEdit[];
  /** Generated code may start with a header the file already has (Go's package clause): strip it. */
  stripHeader(body: string): string;
  /** How deep in the tree an import may start (4 when unset): Python imports inside functions, under `if` and `try` too. */
  readonly maxDepth?: number;
}

export interface EnvironmentRules {
  /** Manifest file names; the index re-reads them when one changes. */
  readonly manifests: ReadonlyArray<string | RegExp>;
  /** Globs for the editor to watch the manifests named by pattern above (every tsconfig*.json), so it reports their changes. */
  readonly manifestGlobs?: readonly string[];
  /** Folders of the language's tooling, never indexed by name: dependencies, virtual environments, caches, test inputs. */
  readonly toolingDirs: readonly string[];
  /** A file that makes the folder holding it tooling whatever its name (Python's `pyvenv.cfg`: a virtual environment). */
  readonly toolingMarkers?: readonly string[];
  /** File names that mark generated or bundled code by convention (`.pb.go`, `.min.js`, `_pb2.py`). */
  readonly generatedFiles?: RegExp;
  /** The environment of the project holding a workspace-relative directory, from the index's manifests. */
  forIndex(manifests: ManifestReader, dir: string): IndexEnvironment | undefined;
  /** A manifest-shaped snippet (trimmed go.mod, package.json) for the completion prompt. */
  snippet(environment: IndexEnvironment): RepoSnippet | undefined;
  /** The environment of a file on disk (code actions may run on files outside the workspace). */
  forFile(filePath: string): Promise<ProjectEnvironment>;
  /** The environment as prompt lines for code actions. */
  describe(environment: ProjectEnvironment, testFramework?: TestFramework): string[];
}

export interface TestRules {
  /** Files that are themselves tests: no "generate tests" there. */
  isTestFile(path: string): boolean;
  /** Where tests for a source file go and with what framework, following the project. */
  plan(request: TestPlanRequest): Promise<TestPlan>;
  /** The imports generated tests need, from what the model declared and what the body uses. */
  imports(plan: TestPlan, body: string, declared: readonly ImportSpec[]): ImportSpec[];
  /** What the test prompt calls the package under test, if the language has one. */
  packageName(plan: TestPlan): string | undefined;
}

/** Reads one file's declarations: the index and the prompts show these. */
export type DeclarationReader = (node: Parser.SyntaxNode, name: string, kind: DeclarationKind) => Declaration | undefined;

export interface DeclarationRules {
  /** A reader for one parsed file (it may first collect file-wide facts such as `export { a }` clauses). */
  reader(root: Parser.SyntaxNode, text: string): DeclarationReader;
  /** A method's declaration text opens with its class's header line (TS/JS), not with its own signature (Go). */
  readonly methodTextOpensWithContainer: boolean;
  /** A class's text is its header and docstring line (Python), not an outline listing its methods (TS): its methods are shown apart. */
  readonly classTextIsHeader?: boolean;
  /**
   * A local name the function assigns a call's result (`done = locks.Event()`) brings the members
   * of the type the call makes even before the code calls one on it: where values carry no declared
   * types (Python), that assignment is the only place the type shows.
   */
  readonly assignedValuesBringMembers?: boolean;
  /**
   * How deep below the file's root a declaration the index records may start (4 when unset): Python
   * declares classes inside module-level `if`/`try` blocks (os.py's `_wrap_close` under `if
   * sys.platform != …`), and their methods sit two levels deeper still.
   */
  readonly maxDepth?: number;
  /**
   * The type a function's declaration text says it returns, and the type a struct's text gives one of
   * its fields: what a value made by `x := f()`, `a.b()` or `s.field` is, read without a type checker.
   */
  resultType?(declarationText: string): NamedType | undefined;
  fieldType?(typeText: string, field: string): NamedType | undefined;
  /**
   * The short form a declaration (its text without the doc comment) takes in a prompt where the code
   * near the cursor does not name it, when the language has one: what the next line needs of it is
   * mostly that it exists. Undefined keeps the text.
   */
  brief?(declaration: Declaration, text: string): string | undefined;
  /**
   * How the file's text says what type a value has, where the language has no reader of local values (see localValues):
   * patterns whose group 1 is the value's name and group 2 its type's (see server/syntax/declared-type-patterns.ts),
   * matched in order around the cursor, and whether a callback over a collection (`items.forEach((item) =>`) takes an
   * element of it. Only the language's own: Python's text never shows TS's callbacks, nor TS's `self.x = T(`.
   */
  readonly declaredTypes?: { readonly patterns: readonly AsciiFastPattern[]; readonly elementCallbacks: boolean };
  /** What each local name of a function's code (comments and strings blanked) holds; declarations past `until` (the cursor) count only for names not declared before it. */
  localValues?: (code: string, until: number) => Map<string, LocalValue>;
  /**
   * The selector chain a member at `at` (just after its dot) is selected from (`c.config.time()` in `c.config.time().After`), in code with comments and strings blanked.
   * It reads no further back than RECEIVER_CHAIN_CHARS (a file's scan of names is patched after an edit on that promise).
   */
  receiverChain?: (code: string, at: number) => ChainLink[] | undefined;
  /** A type's text with its members in order of `worth`, where their order means nothing (a Go interface's methods): a cut snippet then keeps the likeliest. */
  membersByWorth?: (typeText: string, worth: (name: string) => number) => string;
  /** The types code (comments and strings blanked) tells a value apart by (Go's type switch cases and assertions): the next case is often their sibling. */
  switchedTypes?: (code: string) => NamedType[];
}

/** One step of a selector chain, from its first name on: a name (a local value, a package, a field) or a call's result. */
export interface ChainLink {
  name: string;
  called: boolean;
}

/** What a local name holds as the code says: a type, a call's result, a field of another value, another name's value, or what a longer chain (`a.b.C()`) gives. */
export type LocalValue = { type: NamedType } | { call: NamedType } | { field: { qualifier: string; name: string } } | { alias: string } | { chain: ChainLink[] };

/** A type as source names it: `T`, or `q.T` through an import. */
export interface NamedType {
  qualifier?: string;
  name: string;
}
