import type Parser from 'tree-sitter';
import type { Language } from '../syntax/languages.js';
import { commentAnchor, leadingComments, outline, type Declaration } from '../syntax/outline.js';

const NAME_NODES = new Set(['identifier', 'field_identifier', 'type_identifier', 'property_identifier', 'private_property_identifier']);

/**
 * What a hover at an offset explains: the name under the cursor (`nameStart`/`nameEnd`), and the same-file
 * declaration it names or refers to, whose source (leading comments included) is [from, to).
 */
export interface HoverTarget {
  nameStart: number;
  nameEnd: number;
  name: string;
  kind: Declaration['kind'];
  from: number;
  to: number;
}

/** `stale`: the worker's copy of the document is at another version. undefined: ask the main thread. */
export type HoverTargetAnswer = { target: HoverTarget | undefined } | 'stale' | undefined;

/** Finds hover targets off the main thread (the syntax worker); the explainer only needs this much of it. */
export interface OffThreadHover {
  hoverTarget(input: { uri: string; version: number; offset: number; signal: AbortSignal }): Promise<HoverTargetAnswer>;
}

/** The hover target at `offset` of one tree, or undefined; the main thread and the syntax worker both call this. */
export function hoverTarget(input: { tree: Parser.Tree; language: Language; offset: number }): HoverTarget | undefined {
  const node = input.tree.rootNode.descendantForIndex(input.offset);
  if (!NAME_NODES.has(node.type)) return undefined;
  const declaration = declarationNamed(outline(input.language, input.tree).declarations, node);
  if (!declaration) return undefined;
  const anchor = commentAnchor(declaration.node);
  const from = leadingComments(anchor)[0]?.startIndex ?? anchor.startIndex;
  return { nameStart: node.startIndex, nameEnd: node.endIndex, name: declaration.name.text, kind: declaration.kind, from, to: anchor.endIndex };
}

/** The declaration a name belongs to: the one it names, or a same-file declaration it refers to. */
function declarationNamed(declarations: readonly Declaration[], node: { startIndex: number; text: string }): Declaration | undefined {
  return declarations.find((declaration) => declaration.name.startIndex === node.startIndex) ?? declarations.find((declaration) => declaration.name.text === node.text);
}
