import type { DeclarationRef } from '../../index/workspace-index.js';
import { blankCommentsAndStrings } from '../../index/usage.js';
import { languageModule } from '../../../syntax/modules.js';
import type { NamedType } from '../../../syntax/language-module.js';
import { dirOf } from '../../../syntax/manifests.js';
import { findExported } from './import-scope.js';
import type { SourceInput } from './types.js';

/** A sibling of a switched type, against the weight of the reference to that type. */
const SIBLING_FACTOR = 0.5;
/** How far from the switched type's declaration a sibling may be declared, and how many of the nearest are offered. */
const SIBLING_LINES = 100;
const MAX_SIBLINGS = 12;
/** Switched types read per gather: a long switch of an AST walker names dozens. */
const MAX_SWITCHED = 24;

/**
 * The types declared beside those the function tells a value apart by (Go: `case *ast.IfStmt:`,
 * `n.(*ir.Name)`): the next case is most often another type of the same family, and families are
 * declared together (go/ast's statement nodes, one after the other in ast.go). A file is taken for a
 * family's only when the function switches on two or more of its types: where each type has a file of
 * its own (urfave-cli's flag_int_slice.go), the types beside one are its helpers, not the next case.
 * Each sibling is scored by how near the cursor the switched types are named; the nearest twelve within
 * a hundred lines of each, of the same kind.
 */
export function switchedSiblings(input: SourceInput): Array<[DeclarationRef, number]> {
  const read = languageModule(input.languageId)?.declarations.switchedTypes;
  if (!read) return [];
  const { index, file, focus } = input;
  const byFile = new Map<string, Array<{ switched: DeclarationRef; weight: number }>>();
  for (const type of read(blankCommentsAndStrings(focus.text.slice(focus.start, focus.end), input.languageId)).slice(0, MAX_SWITCHED)) {
    const weight = Math.max(0, ...focus.references.filter((ref) => ref.name === type.name && ref.qualifier === type.qualifier).map((ref) => ref.weight));
    if (weight === 0) continue;
    for (const switched of resolveType(input, type)) {
      if (switched.declaration.kind !== 'type' || switched.file === file) continue;
      const family = byFile.get(switched.file) ?? [];
      family.push({ switched, weight });
      byFile.set(switched.file, family);
    }
  }
  const found: Array<[DeclarationRef, number]> = [];
  for (const [path, family] of byFile) {
    if (family.length < 2) continue;
    const declarations = index.file(path)?.declarations ?? [];
    for (const { switched, weight } of family) {
      const line = switched.declaration.line;
      const siblings = declarations.filter(
        (declaration) => declaration !== switched.declaration && declaration.kind === 'type' && !declaration.container && Math.abs(declaration.line - line) <= SIBLING_LINES,
      );
      siblings.sort((a, b) => Math.abs(a.line - line) - Math.abs(b.line - line) || a.line - b.line);
      for (const declaration of siblings.slice(0, MAX_SIBLINGS)) found.push([{ file: path, declaration }, weight * SIBLING_FACTOR]);
    }
  }
  return found;
}

/** A type as the code names it (`ast.IfStmt`, or `Interface` of the current package), resolved. */
function resolveType(input: SourceInput, type: NamedType): readonly DeclarationRef[] {
  const { index, file, scope } = input;
  if (type.qualifier === undefined) return index.topLevelNamedIn(dirOf(file), type.name).filter((ref) => index.inSamePackage(file, ref.file));
  const namespace = scope.namespaces.get(type.qualifier);
  return namespace ? findExported(index, namespace, type.name) : [];
}
