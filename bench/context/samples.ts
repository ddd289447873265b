import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Parser from 'tree-sitter';
import type { RepoSnippet } from '../../server/core/prompt.js';
import type { LanguageId } from '../../server/core/language.js';
import type { Language } from '../../server/syntax/languages.js';
import type { Random } from '../random.js';

import { goJudge } from './go-targets.js';
import { escape, targetPlace, type Target } from './target.js';
import { tsJudge, tsMethodPattern } from './ts-targets.js';
import { pyJudge } from './py-targets.js';

export type { CaseClass, Target } from './target.js';

/** One masked line: the document as the editor would hold it, the cursor, and what the line called from other files. */
export interface Sample {
  file: string;
  languageId: LanguageId;
  text: string;
  offset: number;
  targets: Target[];
}

/** Go: body lines that use a function, type or method another file declares (see goJudge). */
export function goSamples(input: { root: string; files: readonly string[]; language: Language; random: Random; count: number }): Sample[] {
  return sampleLines(input, 'go', goJudge(input.root));
}

/** TS: body lines that use a name imported from another file, or call a method an imported file declares (see tsJudge). */
export function tsSamples(input: { root: string; files: readonly string[]; language: Language; random: Random; count: number }): Sample[] {
  return sampleLines(input, 'typescript', tsJudge(input.root));
}

/** Python: body lines that use a function or class another module declares, or call a method a module the file imports declares (see pyJudge). */
export function pySamples(input: { root: string; files: readonly string[]; language: Language; random: Random; count: number }): Sample[] {
  return sampleLines(input, 'python', pyJudge(input.root));
}

/** Whether the packed snippets show the target's declaration. */
export function targetPresent(target: Target, snippets: readonly RepoSnippet[]): boolean {
  return snippets.some((snippet) => declares(target, snippet.path, snippet.content));
}

/** Whether a text (the current file's prompt windows) shows the target's declaration. */
export function targetInText(target: Target, text: string): boolean {
  return declarationPattern(target).test(text);
}

function declares(target: Target, path: string, content: string): boolean {
  return targetPlace(target, path) && declarationPattern(target).test(content);
}

function declarationPattern(target: Target): RegExp {
  const name = escape(target.name);
  if (target.python) return new RegExp(`^\\s*(?:async\\s+)?(?:def|class)\\s+${name}\\b`, 'm');
  const go = target.dir !== undefined || target.dirs !== undefined;
  if (target.kind === 'method' || target.kind === 'chained')
    return go ? new RegExp(`^(func \\([^)]*\\) ${name}\\s*[[(]|\\s+${name}\\()`, 'm') : tsMethodPattern(target.name, '\\s+');
  return go
    ? new RegExp(`^(func ${name}\\s*[[(]|type ${name}\\b|\\s+${name}\\s+(struct|interface)\\b)`, 'm')
    : new RegExp(`\\b(function\\*?|const|let|class|interface|type|enum)\\s+${name}\\b`);
}

type LineJudge = (line: string) => Target[];

/** Picks files at random (seeded) and, in each, random body lines that use something from another file (one per file in a large corpus), `count` in all. */
function sampleLines(
  input: { root: string; files: readonly string[]; language: Language; random: Random; count: number },
  languageId: LanguageId,
  judgeFor: (file: string, text: string) => LineJudge,
): Sample[] {
  const samples: Sample[] = [];
  // A library of twenty files still gives `count` lines: several per file, as many in each.
  const perFile = Math.max(1, Math.ceil(input.count / Math.max(1, input.files.length)));
  const order = input.random.sample(input.files, input.files.length);
  // Shuffle (sample keeps the original order) so the first files are not all from one package.
  for (let i = order.length - 1; i > 0; i--) {
    const j = input.random.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const file of order) {
    if (samples.length >= input.count) break;
    const text = readFileSync(join(input.root, file), 'utf8');
    const judge = judgeFor(file, text);
    const lines = text.split('\n');
    const candidates: Array<{ row: number; targets: Target[] }> = [];
    for (const row of bodyRows(input.language.parser.parse(text))) {
      const line = lines[row] ?? '';
      if (/^\s*(\/\/|\*|\/\*|#)/.test(line) || line.trim() === '') continue;
      const targets = judge(line);
      if (targets.length > 0) candidates.push({ row, targets });
    }
    for (const chosen of input.random.sample(candidates, Math.min(perFile, input.count - samples.length))) {
      const line = lines[chosen.row]!;
      const indent = /^\s*/.exec(line)![0];
      const offset = lines.slice(0, chosen.row).reduce((sum, l) => sum + l.length + 1, 0) + indent.length;
      const masked = [...lines.slice(0, chosen.row), indent, ...lines.slice(chosen.row + 1)].join('\n');
      samples.push({ file, languageId, text: masked, offset, targets: chosen.targets });
    }
  }
  return samples;
}

/** Rows strictly inside the bodies of top-level functions and methods. */
function bodyRows(tree: Parser.Tree): number[] {
  const rows: number[] = [];
  const visit = (node: Parser.SyntaxNode, depth: number) => {
    for (const child of node.namedChildren) {
      const body = child.childForFieldName('body');
      const isFunction = /function_declaration|method_declaration|method_definition|generator_function_declaration|function_definition/.test(child.type);
      if (isFunction && body) {
        for (let row = body.startPosition.row + 1; row < body.endPosition.row; row++) rows.push(row);
      } else if (depth < 3) {
        visit(child, depth + 1);
      }
    }
  };
  visit(tree.rootNode, 0);
  return rows;
}
