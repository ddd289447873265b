import { qualifiedName, type Declaration } from '../syntax/declarations.js';
import { redactSecrets } from '../context/index/secrets.js';

/** A declaration as the query tools return it: where it is, what it looks like, why it was chosen. */
export interface DeclarationView {
  /** Workspace-relative, forward slashes. */
  path: string;
  /** 1-based first and last line. */
  line: number;
  endLine: number;
  /** `Receiver.Method`, `Class.member` or `name`. */
  name: string;
  kind: string;
  exported: boolean;
  /** The signature (type bodies and class outlines whole up to the index's limit), redacted. */
  signature: string;
  /** The doc comment's first lines, redacted; empty when there is none. */
  doc: string;
  score: number;
  why: string;
}

const COMMENT_LINE = /^\s*(\/\/|\/\*|\*|\*\/)/;

/** Builds the view of an indexed declaration; every text in it has passed the redaction. */
export function viewOf(input: { path: string; declaration: Declaration; score: number; why: string }): DeclarationView {
  const { declaration } = input;
  const lines = declaration.text.split('\n');
  const doc = lines
    .filter((line) => COMMENT_LINE.test(line))
    .map((line) => line.trim())
    .join('\n');
  const signature = lines.filter((line) => !COMMENT_LINE.test(line)).join('\n');
  return {
    path: input.path,
    line: declaration.line + 1,
    endLine: declaration.endLine + 1,
    name: qualifiedName(declaration),
    kind: declaration.kind,
    exported: declaration.exported,
    signature: redactSecrets(signature),
    doc: redactSecrets(doc),
    score: Math.round(input.score * 1000) / 1000,
    why: input.why,
  };
}

/** `path:line`, the form editors and terminals turn into a link. */
export function location(view: Pick<DeclarationView, 'path' | 'line'>): string {
  return `${view.path}:${view.line}`;
}
