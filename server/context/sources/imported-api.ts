import { dirOf } from '../manifests.js';
import { candidateOf, importScope } from './import-scope.js';
import type { Candidate, SourceInput } from './types.js';

const IMPORTED_BASE = 0.2;
const PACKAGE_BASE = 0.12;
/** Functions and types first: they are what a completion calls or constructs. */
const KIND_WEIGHT: Record<string, number> = { function: 1, type: 0.9, interface: 0.9, class: 1, method: 0.6, enum: 0.7, constant: 0.4, variable: 0.5 };

/** The exported API of the files the current file imports, in declaration order, below direct definitions. */
export function importedApiCandidates(input: SourceInput): Candidate[] {
  const { index, file } = input;
  const out: Candidate[] = [];
  importScope(index, file).files.forEach((target, fileRank) => {
    const record = index.file(target);
    if (!record || target === file) return;
    record.declarations
      .filter((declaration) => declaration.exported)
      .forEach((declaration, i) => {
        const score = (IMPORTED_BASE * (KIND_WEIGHT[declaration.kind] ?? 0.5)) / (1 + i / 16) / (1 + fileRank / 8);
        out.push(candidateOf({ file: target, declaration }, score, 'imports'));
      });
  });
  return out;
}

/** Go: declarations of the other (non-test) files of the current package, which it uses unqualified. */
export function samePackageCandidates(input: SourceInput): Candidate[] {
  if (input.languageId !== 'go') return [];
  const { index, file } = input;
  const out: Candidate[] = [];
  const siblings = index.filesInDir(dirOf(file)).filter((path) => path !== file && !path.endsWith('_test.go'));
  for (const sibling of siblings) {
    const record = index.file(sibling);
    record?.declarations.forEach((declaration, i) => {
      const score = (PACKAGE_BASE * (KIND_WEIGHT[declaration.kind] ?? 0.5)) / (1 + i / 16);
      out.push(candidateOf({ file: sibling, declaration }, score, 'package'));
    });
  }
  return out;
}
