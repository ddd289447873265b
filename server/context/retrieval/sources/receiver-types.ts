import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';
import { memberKey, useSet } from '../../index/usage.js';
import { dirOf } from '../../../syntax/manifests.js';
import { findExported } from './import-scope.js';
import { languageModule } from '../../../syntax/modules.js';

/** How deep `extends` / `implements` chains are followed: a few levels cover real hierarchies. */
const SUPERTYPE_DEPTH = 3;
/** A method the current file already calls counts as this many files of the workspace calling it. */
const HERE_USES = 8;
const TYPE_KINDS = new Set(['class', 'interface', 'type']);

/**
 * What a value of type `type` can be asked for, declared outside the current file, most used
 * first: a class's methods and an interface (or type literal) itself, whose text lists its
 * members, then the same for every supertype (`extends`, `implements`), so an inherited method or
 * one declared by an interface a class implements is found too. The type is looked up among the
 * declarations of that name in `near` files (imported or same package) and the current file.
 */
export function typeMembers(index: WorkspaceIndex, file: string, type: string, near: ReadonlySet<string>): DeclarationRef[] {
  const here = useSet(index.file(file)?.uses);
  const worth = (ref: DeclarationRef) => index.usage.memberUses(ref.declaration.name) + (here.has(memberKey(ref.declaration.name)) ? HERE_USES : 0);
  const found: DeclarationRef[] = [];
  const seen = new Set<string>();
  const implicit = languageModule(index.file(file)?.languageId ?? '')?.packages.implicitMember;
  const visit = (name: string, depth: number, within: ReadonlySet<string>, imported: readonly string[]) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const ref of typesNamed(index, file, name, within, imported)) {
      const methods = index
        .methodsOf(ref.file, name)
        .filter((method) => method.file !== file && !implicit?.(method.declaration.name))
        .map((method) => ({ method, worth: worth(method) }))
        .sort((a, b) => b.worth - a.worth || a.method.declaration.line - b.method.declaration.line)
        .map(({ method }) => method);
      if (ref.file !== file && ref.declaration.kind !== 'class') found.push(ref);
      found.push(...methods);
      if (depth === 0 || !ref.declaration.supertypes) continue;
      // A supertype is within reach of the file that names it, not necessarily of the current one.
      const imported = index.importsOf(ref.file).flatMap((entry) => entry.targets);
      const reach = new Set([ref.file, ...imported, ...index.filesInDir(dirOf(ref.file))]);
      for (const supertype of ref.declaration.supertypes) visit(supertype, depth - 1, reach, imported);
    }
  };
  visit(type, SUPERTYPE_DEPTH, near, []);
  return found;
}

/**
 * Classes, interfaces and type aliases named `name` in the current file or the files within reach,
 * else re-exported by an imported file (`from distutils.core import Command`, declared in cmd.py).
 */
function typesNamed(index: WorkspaceIndex, file: string, name: string, near: ReadonlySet<string>, imported: readonly string[]): DeclarationRef[] {
  const isType = (ref: DeclarationRef) => TYPE_KINDS.has(ref.declaration.kind) && !ref.declaration.container;
  const found = index
    .declarationsNamed(name)
    .filter((ref) => isType(ref) && (ref.file === file || near.has(ref.file)))
    .slice(0, 4);
  return found.length > 0 || imported.length === 0 ? found : findExported(index, imported, name).filter(isType).slice(0, 4);
}
