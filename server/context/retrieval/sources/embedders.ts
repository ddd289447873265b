import { dirOf } from '../../../syntax/manifests.js';
import type { DeclarationRef, WorkspaceIndex } from '../../index/workspace-index.js';

/** Per index: for each directory, the types its files declare by the names of the types they embed; rebuilt when the generation changes. */
const TABLES = new WeakMap<WorkspaceIndex, { generation: number; byDir: Map<string, Map<string, DeclarationRef[]>> }>();

/**
 * The types of the interface's package that embed it (Go's `type RequiredFlag interface { Flag; … }`):
 * what code holding a value of the interface asserts it to (`f.(RequiredFlag)`). One pass over the
 * package's declarations per index generation.
 */
export function embeddersOf(index: WorkspaceIndex, type: DeclarationRef): readonly DeclarationRef[] {
  let table = TABLES.get(index);
  if (!table || table.generation !== index.generation) TABLES.set(index, (table = { generation: index.generation, byDir: new Map() }));
  const dir = dirOf(type.file);
  let byName = table.byDir.get(dir);
  if (!byName) {
    byName = new Map();
    for (const file of index.filesInDir(dir)) {
      for (const declaration of index.file(file)?.declarations ?? []) {
        for (const embedded of declaration.supertypes ?? []) {
          const list = byName.get(embedded) ?? [];
          list.push({ file, declaration });
          byName.set(embedded, list);
        }
      }
    }
    table.byDir.set(dir, byName);
  }
  return (byName.get(type.declaration.name) ?? []).filter((ref) => ref.declaration.kind === 'interface' && index.inSamePackage(type.file, ref.file));
}
