import { basename, relative, sep } from 'node:path';
import type Parser from 'tree-sitter';
import type { Settings } from '../config/schema.js';
import type { Language } from '../syntax/languages.js';
import type { Verdict } from './chat-runner.js';
import { describeEnvironment, detectEnvironment, type Environment, type TestFramework } from '../syntax/project-environment.js';
import type { CodeContext, PromptSpec } from './prompts/sections.js';
import type { RepositoryLookup } from './repository.js';
import { outline, signatureOf, type Outline } from '../syntax/outline.js';
import type { ActionData, ActionOffer, ActionOutcome, DiagnosticData } from './types.js';

/** A document as it was at one version: the text an action is computed against. */
export interface DocSnapshot {
  uri: string;
  version: number;
  text: string;
  language: Language;
  tree: Parser.Tree;
  /** Filesystem path for file: URIs; undefined for untitled buffers. */
  path: string | undefined;
}

/** What the client can apply, decided from its capabilities. */
export interface EditCapabilities {
  /** documentChanges with a `create` resource operation. */
  createFiles: boolean;
}

/** Everything an action needs to decide whether it is offered: no I/O, no model. */
export interface OfferContext {
  doc: DocSnapshot;
  /** The selection as offsets, widened so it cuts no token in half; start === end for a cursor. */
  start: number;
  end: number;
  outline: Outline;
  diagnostics: DiagnosticData[];
}

/** An offer as an action module makes it; the engine adds the data that travels with it. */
export type OfferDraft = Omit<ActionOffer, 'action' | 'data'>;

/** Everything an action needs to compute its edit. */
export interface RunContext {
  data: ActionData;
  doc: DocSnapshot;
  start: number;
  end: number;
  outline: Outline;
  settings: Settings;
  capabilities: EditCapabilities;
  /** Asks the action model (tags, prefill, stop, one retry on a rejected reply). */
  chat<T>(spec: PromptSpec, accept: (reply: string) => Verdict<T> | Promise<Verdict<T>>): Promise<T>;
  progress(message: string): void;
  environment(): Promise<Environment>;
  /** An open document's current text and version (for test files open in the editor), and its tree when that is not stale. */
  openDocument(uri: string): { text: string; version: number; tree?: Parser.Tree } | undefined;
  /** Definitions from other files that code in the document uses, from the workspace index. */
  repository: RepositoryLookup;
}

export interface ActionDefinition {
  action: ActionData['action'];
  /** Fast and synchronous: titles and kinds only. */
  offer(context: OfferContext): OfferDraft[];
  run(context: RunContext): Promise<ActionOutcome>;
}

/** Reads go.mod or package.json once per run. */
export function memoizedEnvironment(path: string | undefined, language: Language): () => Promise<Environment> {
  let pending: Promise<Environment> | undefined;
  return () => (pending ??= path ? detectEnvironment(path, language.module.name) : Promise.resolve({ kind: 'none' } as Environment));
}

/**
 * The context sections for a prompt about [start, end): the file's imports, the signatures of
 * same-file declarations the code calls, definitions from other files it uses (when the workspace
 * is indexed), and the environment from go.mod / package.json.
 */
export async function codeContext(
  run: Pick<RunContext, 'doc' | 'outline' | 'environment' | 'repository'>,
  focus: { start: number; end: number },
  testFramework?: TestFramework,
): Promise<CodeContext> {
  const { doc } = run;
  const environment = await run.environment();
  const root = environment.kind === 'none' ? undefined : environment.root;
  const path = doc.path ? (root ? relative(root, doc.path).split(sep).join('/') : basename(doc.path)) : doc.uri;
  const called = outline(doc.language, doc.tree, doc.tree.rootNode.descendantForIndex(focus.start, Math.max(focus.start, focus.end - 1))).calls;
  const words = new Set(doc.text.slice(focus.start, focus.end).match(/[A-Za-z_$][\w$]*/g) ?? []);
  const related = run.outline.declarations
    .filter((declaration) => (declaration.kind === 'type' ? words : called).has(declaration.name.text))
    .filter((declaration) => declaration.node.endIndex <= focus.start || declaration.node.startIndex >= focus.end)
    .slice(0, 8)
    .map((declaration) => signatureOf(declaration.node));
  return {
    languageName: doc.language.module.displayName(doc.language.id),
    path,
    environment: describeEnvironment(environment, testFramework),
    imports: run.outline.imports.map((node) => node.text).join('\n'),
    related: [...new Set(related)],
    repository: run.repository(focus),
  };
}

/** Up to `lines` whole lines before and after [start, end), for the model to see where code goes. */
export function surroundings(text: string, start: number, end: number, lines: number): { before: string; after: string } {
  let from = text.lastIndexOf('\n', start - 1) + 1;
  for (let i = 0; i < lines && from > 0; i++) from = text.lastIndexOf('\n', from - 2) + 1;
  let to = text.indexOf('\n', end);
  for (let i = 0; i < lines && to >= 0; i++) to = text.indexOf('\n', to + 1);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end) < 0 ? text.length : text.indexOf('\n', end);
  return { before: text.slice(from, lineStart), after: text.slice(Math.min(lineEnd + 1, text.length), to < 0 ? text.length : to) };
}
