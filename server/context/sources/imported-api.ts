import { dirOf } from '../manifests.js';
import type { Declaration } from '../declarations.js';
import { candidateOf, importScope } from './import-scope.js';
import type { Candidate, SourceInput } from './types.js';

const IMPORTED_BASE = 0.3;
const PACKAGE_BASE = 0.25;
/** Score left to a declaration no file uses, so declaration order still breaks ties among them. */
const UNUSED_FLOOR = 0.08;
/** Functions and types first: they are what a completion calls or constructs. */
const KIND_WEIGHT: Record<string, number> = { function: 1, type: 0.9, interface: 0.9, class: 1, method: 0.6, enum: 0.7, constant: 0.4, variable: 0.5 };

/**
 * The exported API of the files the current file imports, below the definitions the cursor's
 * function names. Go packages are large, so their declarations are ranked by how many files of
 * the workspace use them (`fmt.Sprintf` before `fmt.Sscan`); TS/JS files by declaration order.
 */
export function importedApiCandidates(input: SourceInput): Candidate[] {
  const { index, file } = input;
  const out: Candidate[] = [];
  const scope = importScope(index, file);
  const qualifierOf = new Map<string, string>();
  for (const [qualifier, files] of scope.namespaces) for (const target of files) qualifierOf.set(target, qualifier);
  scope.files.forEach((target, fileRank) => {
    const record = index.file(target);
    if (!record || target === file) return;
    const qualifier = qualifierOf.get(target);
    record.declarations
      .filter((declaration) => declaration.exported && !declaration.container)
      .forEach((declaration, i) => {
        const order = 1 / (1 + i / 16) / (1 + fileRank / 8);
        const popularity = input.languageId === 'go' && qualifier ? usedBy(index.usage.qualifiedUses(qualifier, declaration.name)) : order;
        out.push(candidateOf({ file: target, declaration }, IMPORTED_BASE * kindWeight(declaration) * Math.max(popularity, UNUSED_FLOOR * order), 'imports'));
      });
  });
  return out;
}

/** Go: declarations of the other (non-test) files of the current package, ranked by how many of its files call them. */
export function samePackageCandidates(input: SourceInput): Candidate[] {
  if (input.languageId !== 'go') return [];
  const { index, file } = input;
  const dir = dirOf(file);
  const out: Candidate[] = [];
  const siblings = index.filesInDir(dir).filter((path) => path !== file && !path.endsWith('_test.go'));
  for (const sibling of siblings) {
    index.file(sibling)?.declarations.forEach((declaration, i) => {
      const popularity = usedBy(index.usage.usesInDir(dir, declaration.name));
      const score = PACKAGE_BASE * kindWeight(declaration) * Math.max(popularity, UNUSED_FLOOR / (1 + i / 16));
      out.push(candidateOf({ file: sibling, declaration }, score, 'package'));
    });
  }
  return out;
}

/** 0 for no users, rising towards 1 with more. */
function usedBy(files: number): number {
  return files / (files + 4);
}

function kindWeight(declaration: Declaration): number {
  return KIND_WEIGHT[declaration.kind] ?? 0.5;
}
