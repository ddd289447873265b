import type Parser from 'tree-sitter';
import type { Language } from '../syntax/languages.js';
import type { SecurityLexicon as Lexicon } from '../syntax/security-lexicon.js';
import { isCredentialName, keyFormatOf, looksLikeSecret, mayHoldSecret } from './secrets.js';

/** The kinds of code a reviewer would block; each has patterns in grammars/<language>/security.scm. */
export type SecurityRule = 'secret' | 'sql' | 'shell' | 'eval' | 'tls' | 'path' | 'deserialize';

export interface SecurityFinding {
  rule: SecurityRule;
  /** Short, for an action title or a diagnostic: `SQL built by concatenation`. */
  message: string;
  startIndex: number;
  endIndex: number;
  start: Parser.Point;
  end: Parser.Point;
}

export interface ScanRequest {
  language: Language;
  tree: Parser.Tree;
  /** The inserted code's span in the tree's text; findings outside it are someone else's code. */
  startIndex: number;
  endIndex: number;
  /** Only these rules' findings (all rules when absent), read with `query`: the security query's patterns of those rules (security-patterns.ts). */
  only?: { rules: readonly SecurityRule[]; query: Parser.Query };
}

type Captures = Map<string, Parser.SyntaxNode>;

const SQL = /\b(?:select\b[\s\S]*?\bfrom|insert\s+into|update\s+\S+\s+set|delete\s+from|drop\s+table)\b|\bwhere\s+\w+\s*(?:=|<|>|like\b|in\b)/i;
const SHELLS = /^(?:(?:\/usr)?\/bin\/)?(?:sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|pwsh)$/;
/**
 * Lexical conditions no query can state, per rule: false only when `code` holds no finding of that rule,
 * whatever pattern matched (the security gate's pre-check, security-patterns.ts). A secret needs a
 * credential-like name or a key format in a literal, and both are in the code's text.
 */
export const RULE_HINTS: Partial<Record<SecurityRule, (code: string) => boolean>> = {
  secret: mayHoldSecret,
};

/**
 * Scans the inserted code (a span of a tree parsed from the edited file) with the language's
 * security queries, then applies the lexical checks a query cannot express.
 */
export function scanSecurity(request: ScanRequest): SecurityFinding[] {
  const { language, tree, startIndex, endIndex, only } = request;
  const lexicon = language.module.security;
  const rules = only ? RULES.filter((rule) => only.rules.includes(rule)) : RULES;
  // By position, from the smallest nodes at the span's ends (findings are kept to the span below): tree-sitter 0.22's
  // binding reads `startIndex` as a byte offset, so the query read the file from half way to the span's start.
  const range = {
    startPosition: tree.rootNode.descendantForIndex(startIndex).startPosition,
    endPosition: tree.rootNode.descendantForIndex(Math.max(startIndex, endIndex - 1)).endPosition,
  };
  const matches = (only?.query ?? language.security).matches(tree.rootNode, range).map((match): Captures => new Map(match.captures.map((capture) => [capture.name, capture.node])));
  // Names assigned from request input matter to the path rule alone.
  const tainted = rules.includes('path') ? requestDerivedNames(matches, lexicon) : new Set<string>();
  const findings: SecurityFinding[] = [];
  for (const captures of matches) {
    for (const rule of rules) {
      const node = captures.get(rule);
      if (!node || node.startIndex < startIndex || node.endIndex > endIndex) continue;
      const message = CHECKS[rule]({ node, captures, lexicon, tainted });
      if (message) findings.push({ rule, message, startIndex: node.startIndex, endIndex: node.endIndex, start: node.startPosition, end: node.endPosition });
    }
  }
  return withoutNested(findings);
}

/** The findings in one phrase, for a title or a message: `SQL built by concatenation; …`. */
export function describeFindings(findings: readonly SecurityFinding[]): string {
  return [...new Set(findings.map((finding) => finding.message))].join('; ');
}

const RULES: readonly SecurityRule[] = ['secret', 'sql', 'shell', 'eval', 'tls', 'path', 'deserialize'];

interface CheckInput {
  node: Parser.SyntaxNode;
  captures: Captures;
  lexicon: Lexicon;
  tainted: ReadonlySet<string>;
}

const CHECKS: Record<SecurityRule, (input: CheckInput) => string | undefined> = {
  secret({ node, captures }) {
    const name = captures.get('secret.name');
    const value = captures.get('secret.value');
    if (name && value) {
      const content = literalContent(value);
      return content !== undefined && isCredentialName(unquote(name.text)) && looksLikeSecret(content) ? `hard-coded secret in "${unquote(name.text)}"` : undefined;
    }
    const content = literalContent(node);
    const format = content === undefined ? undefined : keyFormatOf(content);
    return format ? `hard-coded secret (${format})` : undefined;
  },
  sql({ node, captures, lexicon }) {
    if (node.type === 'binary_operator' || (node.type === 'string' && node.namedChildren.some((child) => child.type === 'interpolation'))) return pythonSql(node, lexicon);
    const format = captures.get('sql.format');
    if (format) return SQL.test(format.text) && /%[-+# 0-9.]*[a-zA-Z]/.test(format.text) ? 'SQL built with a format string' : undefined;
    if (node.type === 'template_string') {
      const tagged = node.parent?.type === 'call_expression' && node.parent.childForFieldName('arguments')?.id === node.id;
      return !tagged && SQL.test(node.text) ? 'SQL built from a template literal' : undefined;
    }
    if (isConcatenation(node.parent)) return undefined; // the outermost `+` reports the whole chain
    const leaves = concatenationLeaves(node);
    const sqlText = leaves.some((leaf) => literalContent(leaf) !== undefined && SQL.test(leaf.text));
    return sqlText && leaves.some((leaf) => !isConstant(leaf, lexicon)) ? 'SQL built by concatenation' : undefined;
  },
  shell({ captures, lexicon }) {
    // Python's call node is `call` (Go and JS have `call_expression`); its shell rules differ.
    if (captures.get('shell')?.type === 'call') return pythonShell(captures, lexicon);
    const args = argumentsOf(captures.get('shell.args'));
    const fn = captures.get('shell.fn')?.text ?? '';
    const [program, ...rest] = fn === 'CommandContext' ? args.slice(1) : args;
    if (!program) return undefined;
    if (!isConstant(program, lexicon)) return fn.startsWith('exec') && !fn.startsWith('execFile') ? 'shell command built from a variable' : 'program name from a variable';
    const scriptArgs = rest.flatMap((arg) => (arg.type === 'array' ? arg.namedChildren : [arg]));
    return SHELLS.test(literalContent(program) ?? '') && scriptArgs.some((arg) => !isConstant(arg, lexicon)) ? 'shell command built from a variable' : undefined;
  },
  eval({ captures, lexicon }) {
    const fn = captures.get('eval.fn')?.text ?? 'eval';
    const args = argumentsOf(captures.get('eval.args'));
    return args.some((arg) => !isConstant(arg, lexicon)) ? `${fn === 'Function' ? 'new Function' : fn} on non-constant input` : undefined;
  },
  tls({ captures }) {
    const value = captures.get('tls.value');
    // Python's `verify=False` is the `false` node itself.
    if (value && value.type !== 'false' && (literalContent(value) ?? value.text) !== '0') return undefined;
    return 'TLS certificate verification disabled';
  },
  path({ captures, lexicon, tainted }) {
    const fn = captures.get('path.fn')?.text ?? '';
    const callee = captures.get('path')?.childForFieldName('function');
    const receiver = callee?.childForFieldName('object')?.text ?? '';
    // `join`/`resolve` are path operations only on the path module, not on arrays or promises.
    if ((fn === 'join' || fn === 'resolve') && !/(?:^|\.)(?:path|posix|win32)$/i.test(receiver)) return undefined;
    const fromRequest = argumentsOf(captures.get('path.args')).some((arg) => !lexicon.cleaning.test(arg.text) && (lexicon.requestInput.test(arg.text) || mentions(arg, tainted)));
    return fromRequest ? 'file path built from request input without cleaning' : undefined;
  },
  deserialize({ captures, lexicon }) {
    const pkg = captures.get('deserialize.pkg')?.text ?? '';
    const fn = captures.get('deserialize.fn')?.text ?? '';
    const args = argumentsOf(captures.get('deserialize.args'));
    if (pkg === 'yaml') {
      // yaml.load with an explicit safe loader is what Bandit recommends; full_load/unsafe_load are not safe.
      const loader = args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'Loader')?.text ?? '';
      return fn === 'load' && /Safe(?:Loader)?\b|CSafeLoader/.test(loader) ? undefined : `yaml.${fn} can build arbitrary objects`;
    }
    const positional = args.filter((arg) => arg.type !== 'keyword_argument');
    return positional.some((arg) => !isConstant(arg, lexicon)) ? `${pkg}.${fn} on data that may be untrusted` : undefined;
  },
};

/** Python SQL: `"… %s" % x`, `"…" + x` or an f-string, with SQL in the string part and a non-constant part. */
function pythonSql(node: Parser.SyntaxNode, lexicon: Lexicon): string | undefined {
  if (node.type === 'string') return SQL.test(node.text) ? 'SQL built from an f-string' : undefined;
  if (node.parent?.type === 'binary_operator') return undefined; // the outermost operator reports the whole expression
  const operator = node.childForFieldName('operator')?.type;
  const parts = pythonOperands(node);
  if (!parts.some((part) => part.type === 'string' && SQL.test(part.text))) return undefined;
  if (!parts.some((part) => !isConstant(part, lexicon))) return undefined;
  return operator === '%' ? 'SQL built with %-formatting' : 'SQL built by concatenation';
}

function pythonOperands(node: Parser.SyntaxNode): Parser.SyntaxNode[] {
  if (node.type === 'parenthesized_expression' && node.namedChildren.length === 1) return pythonOperands(node.namedChildren[0]!);
  if (node.type !== 'binary_operator') return [node];
  return [node.childForFieldName('left'), node.childForFieldName('right')].flatMap((child) => (child ? pythonOperands(child) : []));
}

/** `subprocess.…(cmd, shell=True)` and `os.system(cmd)`/`os.popen(cmd)` with a command that is not a literal. */
function pythonShell(captures: Captures, lexicon: Lexicon): string | undefined {
  const fn = captures.get('shell.fn')?.text ?? '';
  const call = captures.get('shell');
  const args = argumentsOf(captures.get('shell.args') ?? call?.childForFieldName('arguments') ?? undefined).filter((arg) => arg.type !== 'keyword_argument');
  const command = args[0];
  if (!command || isConstant(command, lexicon)) return undefined;
  return captures.has('shell.kw') ? `subprocess.${fn} with shell=True on a built command` : `os.${fn} on a built command`;
}

/** Local names assigned from request input (one level of data flow, enough for `name := r.FormValue("f")`). */
function requestDerivedNames(matches: Captures[], lexicon: Lexicon): Set<string> {
  const names = new Set<string>();
  for (const captures of matches) {
    const name = captures.get('input.name');
    const value = captures.get('input.value');
    if (name && value && !lexicon.cleaning.test(value.text) && (lexicon.requestInput.test(value.text) || mentions(value, names))) {
      names.add(name.text);
    }
  }
  return names;
}

function mentions(node: Parser.SyntaxNode, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  if (node.type === 'identifier') return names.has(node.text);
  return node.descendantsOfType('identifier').some((identifier) => names.has(identifier.text));
}

/** The content of a string literal without its quotes; undefined for anything else. */
function literalContent(node: Parser.SyntaxNode): string | undefined {
  switch (node.type) {
    case 'interpreted_string_literal':
    case 'raw_string_literal':
    case 'string':
      return node.text.slice(1, -1);
    case 'template_string':
      return node.namedChildren.some((child) => child.type === 'template_substitution') ? undefined : node.text.slice(1, -1);
    default:
      return undefined;
  }
}

function unquote(text: string): string {
  return /^(["'`]).*\1$/s.test(text) ? text.slice(1, -1) : text;
}

function isConcatenation(node: Parser.SyntaxNode | null): boolean {
  return node?.type === 'binary_expression' && node.childForFieldName('operator')?.type === '+';
}

function concatenationLeaves(node: Parser.SyntaxNode): Parser.SyntaxNode[] {
  if (node.type === 'parenthesized_expression' && node.namedChildren.length === 1) return concatenationLeaves(node.namedChildren[0]!);
  if (!isConcatenation(node)) return [node];
  return node.namedChildren.filter((child) => child.type !== 'comment').flatMap(concatenationLeaves);
}

/** Fixed when the code is written: literals, and concatenations or arrays of literals. */
function isConstant(node: Parser.SyntaxNode, lexicon: Lexicon): boolean {
  if (node.type === 'string' && node.namedChildren.some((child) => child.type === 'interpolation')) return false;
  if (lexicon.constants.has(node.type)) return true;
  if (node.type === 'template_string') return literalContent(node) !== undefined;
  if (isConcatenation(node)) return concatenationLeaves(node).every((leaf) => isConstant(leaf, lexicon));
  if (node.type === 'array' || node.type === 'parenthesized_expression') return node.namedChildren.every((child) => isConstant(child, lexicon));
  return false;
}

function argumentsOf(list: Parser.SyntaxNode | undefined): Parser.SyntaxNode[] {
  return list ? list.namedChildren.filter((child) => child.type !== 'comment') : [];
}

/** Drops a finding inside another of the same rule (a key-format literal inside a flagged assignment). */
function withoutNested(findings: SecurityFinding[]): SecurityFinding[] {
  return findings.filter(
    (inner, i) =>
      !findings.some(
        (outer, j) =>
          j !== i &&
          outer.rule === inner.rule &&
          outer.startIndex <= inner.startIndex &&
          outer.endIndex >= inner.endIndex &&
          (outer.endIndex - outer.startIndex > inner.endIndex - inner.startIndex || j < i),
      ),
  );
}
