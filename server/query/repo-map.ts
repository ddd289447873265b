import { languageModule } from '../syntax/modules.js';
import { estimateTokens } from '../context/retrieval/packing.js';
import { redactSecrets } from '../context/index/secrets.js';
import type { FileRecord, WorkspaceIndex } from '../context/index/workspace-index.js';
import { qualifiedName } from '../syntax/declarations.js';
import { isTestFile } from '../syntax/test-files.js';
import { isUnder } from './workspace-guard.js';

export interface MapFile {
  path: string;
  /** How central the file is: files importing it, and calls into its exported names. */
  score: number;
  /** `line: signature's first line` of its main declarations, exported first. */
  declarations: Array<{ line: number; name: string; kind: string; signature: string }>;
}

export interface RepoMap {
  files: MapFile[];
  /** Files under the path that did not fit the budget. */
  omitted: number;
  tokens: number;
}

const MAX_DECLARATIONS_PER_FILE = 12;
const centralityCache = new WeakMap<WorkspaceIndex, { generation: number; scores: Map<string, number> }>();

/**
 * An outline of the workspace (or a folder of it) under a token budget: files most depended on
 * first, each with its exported declarations' first signature lines, as aider's repository map
 * shows a model the shape of a codebase before it reads any file.
 */
export function repoMap(input: { index: WorkspaceIndex; under: string; budgetTokens: number }): RepoMap {
  const { index, under, budgetTokens } = input;
  const scores = centrality(index);
  const records = [...index.records()].filter((record) => isUnder(record.path, under) && record.declarations.length > 0);
  records.sort((a, b) => (scores.get(b.path) ?? 0) - (scores.get(a.path) ?? 0) || a.path.localeCompare(b.path));
  const files: MapFile[] = [];
  let tokens = 0;
  for (const record of records) {
    const file = outline(record, scores.get(record.path) ?? 0);
    const cost = estimateTokens(`${file.path}\n${file.declarations.map((d) => `  ${d.line}: ${d.signature}`).join('\n')}\n`);
    if (tokens + cost > budgetTokens) continue; // a smaller file further down may still fit
    tokens += cost;
    files.push(file);
  }
  return { files, omitted: records.length - files.length, tokens };
}

function outline(record: FileRecord, score: number): MapFile {
  const declarations = [...record.declarations]
    .sort((a, b) => Number(b.exported) - Number(a.exported) || a.line - b.line)
    .slice(0, MAX_DECLARATIONS_PER_FILE)
    .sort((a, b) => a.line - b.line)
    .map((d) => ({
      line: d.line + 1,
      name: qualifiedName(d),
      kind: d.kind,
      signature: redactSecrets(firstCodeLine(d.text, (languageModule(record.languageId)?.declarations.methodTextOpensWithContainer ?? false) && d.kind === 'method')),
    }));
  return { path: record.path, score: Math.round(score * 100) / 100, declarations };
}

/** The signature's first line; a TS/JS method's text opens with its class's header, which is skipped. */
function firstCodeLine(text: string, inClass: boolean): string {
  const lines = text.split('\n').slice(inClass ? 1 : 0);
  const line = lines.find((l) => !/^\s*(\/\/|\/\*|\*|\*\/)/.test(l)) ?? text;
  return line
    .trim()
    .replace(/\s*\{$/, '')
    .slice(0, 160);
}

/** Per file: how many files import it, plus a little for every function calling its exported names; tests count for nothing. */
function centrality(index: WorkspaceIndex): Map<string, number> {
  const known = centralityCache.get(index);
  if (known && known.generation === index.generation) return known.scores;
  const scores = new Map<string, number>();
  for (const record of index.records()) {
    if (isTestFile(record.path)) continue;
    for (const { targets } of index.importsOf(record.path)) {
      for (const target of targets) if (target !== record.path) scores.set(target, (scores.get(target) ?? 0) + 1);
    }
  }
  for (const record of index.records()) {
    let calls = 0;
    for (const declaration of record.declarations) if (declaration.exported) calls += Math.min(index.callersOf(declaration.name).length, 20);
    if (calls > 0) scores.set(record.path, (scores.get(record.path) ?? 0) + calls / 10);
    if (isTestFile(record.path)) scores.set(record.path, 0);
  }
  centralityCache.set(index, { generation: index.generation, scores });
  return scores;
}
