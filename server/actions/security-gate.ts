import type Parser from 'tree-sitter';
import type { GateInput, GateRequest, SuggestionGate } from '../core/suggestion-gate.js';
import type { Settings } from '../config/schema.js';
import type { DocumentStore } from '../documents/document-store.js';
import type { Language } from '../syntax/languages.js';
import { describeFindings, scanSecurity, type SecurityFinding, type SecurityRule } from './security.js';
import { findingPossible, rulesQuery } from './security-patterns.js';

/**
 * Findings that keep a suggestion from being shown: what gosec and Bandit rate high (a hard-coded
 * credential, certificate checks off, a shell running a built command). The others (SQL or a path
 * built from input, eval, unsafe deserialisation) depend on where the data comes from, which a
 * few lines cannot tell; they are shown, and flagged like any code once accepted.
 */
const HIGH: readonly SecurityRule[] = ['secret', 'tls', 'shell'];
/** The shell rule's milder finding, a program run by name from a variable (`exec.Command(os.Args[0], …)`, gosec G204: medium): shown. */
const PROGRAM_FROM_VARIABLE = /^program name from a variable$/;
/** The code parsed around the cursor: the enclosing top-level declaration, cut to this much on each side. */
const BEFORE = 4096;
const AFTER = 2048;

/** The syntax worker's verdict: held back (why) or not; `stale` when its copy is not at the asked version; undefined when it gave none. */
export type GateAnswer = { held: string | undefined } | 'stale' | undefined;

/** A suggestion for the worker to check: at `offset` of its copy at `version`, or of `excerpt` (a window of the request's text) when given. */
export interface OffThreadGateQuestion {
  uri: string;
  version: number;
  offset: number;
  suggestion: string;
  excerpt?: string;
  signal: AbortSignal;
}

/** Runs the gate's parse and queries off the main thread (the syntax worker), on its own copy of the document. */
export interface OffThreadGate {
  gate(input: OffThreadGateQuestion): Promise<GateAnswer>;
}

/**
 * Holds back a completion that introduces a high-severity finding of the language's security
 * queries. Only the suggestion in its context is read: a bounded window of the document around
 * the cursor is parsed with the suggestion inserted, and only findings that overlap the inserted
 * text and were not there without it count. With a syntax worker, that parse happens there: on the
 * worker's copy at the request's version, or, when its copy has moved past it, on the window of the
 * request's text (as the main thread would read it without a tree). The main thread checks only when
 * there is no worker answer (none started, not ready yet, or failed).
 */
export class SecurityGate implements SuggestionGate {
  constructor(private readonly deps: { documents: DocumentStore; settings: () => Settings; offThread?: OffThreadGate }) {}

  async check(input: GateRequest): Promise<string | undefined> {
    if (!this.deps.settings().completion.securityGate) return undefined;
    const entry = this.deps.documents.get(input.uri);
    const language = entry?.language;
    if (!language) return undefined;
    const { uri, version, text, offset, suggestion, signal } = input;
    if (!mayIntroduce({ language, text, offset, suggestion })) return undefined;
    // Rejects when the signal aborts first (cancelled, or over the request's budget): the suggestion is then not shown.
    const answer = await this.deps.offThread?.gate({ uri, version, offset, suggestion, signal });
    if (answer === 'stale') {
      // Typed into while the reply streamed: the worker checks the window of the text this request has (a few KB, no tree).
      const { start, end } = windowAround(undefined, text, offset);
      const again = await this.deps.offThread?.gate({ uri, version, offset: offset - start, suggestion, excerpt: text.slice(start, end), signal });
      if (again && again !== 'stale') return again.held;
    } else if (answer) return answer.held;
    // A tree already parsed for this very text narrows the window to the declaration; none is parsed for it here.
    const tree = entry.document.version === version ? entry.parsedTree : undefined;
    return gateVerdict({ language, tree, text, offset, suggestion, uri });
  }
}

/**
 * False only when no high-severity finding can be in the code the gate would parse, so its verdict is
 * known without a parse (the main thread may not parse for a completion, and the worker's round trip is
 * most of the gate's time after the reply). The code read is the widest window any path parses (the
 * worker's and the tree's windows lie inside it), with the suggestion inserted: every finding, the
 * suggestion's or the user's, would have its predicates' words and its rule's lexical marks in it.
 */
export function mayIntroduce(input: { language: Language; text: string; offset: number; suggestion: string }): boolean {
  const { language, text, offset, suggestion } = input;
  const { start, end } = windowAround(undefined, text, offset);
  return findingPossible(language, HIGH)(text.slice(start, offset) + suggestion + text.slice(offset, end));
}

/** Why the suggestion is held back, or undefined: the same verdict on the main thread and on the syntax worker. */
export function gateVerdict(input: GateInput & { language: Language; tree: Parser.Tree | undefined }): string | undefined {
  const found = introducedFindings(input);
  return found.length > 0 ? `held back by the security gate (${describeFindings(found)})` : undefined;
}

/** The high-severity findings the suggestion adds at the cursor (exported for the benchmark, which scans without a server). */
export function introducedFindings(input: GateInput & { language: Language; tree: Parser.Tree | undefined }): SecurityFinding[] {
  const { language, text, offset, suggestion } = input;
  const { start, end } = windowAround(input.tree, text, offset);
  const before = text.slice(start, offset);
  const found = highFindings(language, before + suggestion + text.slice(offset, end));
  const added = found.filter((finding) => finding.endIndex > before.length && finding.startIndex < before.length + suggestion.length);
  if (added.length === 0) return [];
  // A finding the user's own code already had (the suggestion only sits inside it) is not the suggestion's.
  const without = highFindings(language, before + text.slice(offset, end));
  return added.filter((finding) => !without.some((old) => old.rule === finding.rule && old.startIndex === finding.startIndex && finding.startIndex < before.length));
}

function highFindings(language: Language, code: string): SecurityFinding[] {
  const tree = language.parser.parse(code);
  const only = { rules: HIGH, query: rulesQuery(language, HIGH) };
  return scanSecurity({ language, tree, startIndex: 0, endIndex: code.length, only }).filter((finding) => !PROGRAM_FROM_VARIABLE.test(finding.message));
}

/**
 * The code to parse: the top-level declaration around the cursor, so a field or an argument is read
 * in its literal or call, but never more than BEFORE/AFTER characters from the cursor, from a line start to a line end.
 */
function windowAround(tree: Parser.Tree | undefined, text: string, offset: number): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let start = Math.max(0, offset - BEFORE);
  let end = Math.min(text.length, offset + AFTER);
  let declaration = tree?.rootNode.descendantForIndex(Math.max(0, offset - 1));
  while (declaration?.parent?.parent) declaration = declaration.parent;
  if (declaration?.parent) {
    start = Math.max(start, Math.min(declaration.startIndex, lineStart));
    end = Math.min(end, Math.max(declaration.endIndex, offset));
  }
  if (start > 0 && start < lineStart && text[start - 1] !== '\n') start = Math.min(lineStart, text.indexOf('\n', start) + 1);
  const lineEnd = text.indexOf('\n', end);
  return { start, end: lineEnd < 0 ? text.length : lineEnd };
}
