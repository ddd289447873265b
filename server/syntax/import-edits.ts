import type Parser from 'tree-sitter';
import type { TextEdit } from 'vscode-languageserver';
import type { Language } from './languages.js';

/**
 * One import a file needs, tagged with the language module that writes it: a Go package path, or
 * an ES module with the names taken from it. A new language adds its variant here.
 */
export type ImportSpec =
  | { lang: 'go'; path: string; name?: string }
  | { lang: 'ecma'; source: string; named: string[]; defaultName?: string; namespace?: string }
  | { lang: 'python'; source: string; named: string[]; defaultName?: undefined; namespace?: string };

/** An import a file already has, with the nodes an edit attaches to. */
export interface FoundImport {
  spec: ImportSpec;
  node: Parser.SyntaxNode;
  /** ES imports: the `{ a, b }` node names can be added to; Go: the parenthesised spec list. */
  list?: Parser.SyntaxNode;
  typeOnly: boolean;
}

/** The imports a file already has. */
export function findImports(language: Language, tree: Parser.Tree): FoundImport[] {
  return language.module.imports.find(tree);
}

/** Splits generated code into the imports it declares and the rest (`tree`: the code's, when the caller parsed it). */
export function splitImports(language: Language, code: string, tree: Parser.Tree = language.parser.parse(code)): { imports: ImportSpec[]; body: string } {
  const found = findImports(language, tree);
  let body = code;
  for (const node of [...new Set(found.map((f) => f.node))].sort((a, b) => b.startIndex - a.startIndex)) {
    body = body.slice(0, node.startIndex) + body.slice(node.endIndex);
  }
  body = language.module.imports.stripHeader(body);
  return {
    imports: found.map((f) => f.spec),
    body: body
      .replace(/^\s*\n/, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  };
}

/** Merges specs: one entry per Go path or ES module source, named imports united. */
export function mergeSpecs(specs: readonly ImportSpec[]): ImportSpec[] {
  const merged: ImportSpec[] = [];
  for (const spec of specs) {
    const same = merged.find((other) => keyOf(other) === keyOf(spec));
    if (!same) merged.push('named' in spec ? { ...spec, named: [...spec.named] } : { ...spec });
    else if ('named' in same && 'named' in spec) {
      for (const name of spec.named) if (!same.named.includes(name)) same.named.push(name);
      same.defaultName ??= spec.defaultName;
      same.namespace ??= spec.namespace;
    }
  }
  return merged;
}

/** Import lines for a new file, written by the language module the specs belong to. */
export function renderImports(language: Language, specs: readonly ImportSpec[], quote: string): string {
  return language.module.imports.render(
    specs.filter((spec) => language.module.imports.owns(spec)),
    quote,
  );
}

/**
 * Edits that give an existing file the imports it lacks: names added to an existing
 * `import { … } from 'x'`, new import lines after the last import, Go specs into the import block.
 */
export function importEdits(language: Language, text: string, tree: Parser.Tree, needed: readonly ImportSpec[]): TextEdit[] {
  const existing = findImports(language, tree);
  const quote = /^import[^'"\n]*(['"])/m.exec(text)?.[1] ?? "'";
  const owned = mergeSpecs(needed).filter((spec) => language.module.imports.owns(spec));
  return language.module.imports.edits({ text, tree, existing, needed: owned, quote });
}

function keyOf(spec: ImportSpec): string {
  return `${spec.lang}:${'path' in spec ? spec.path : spec.source}`;
}
