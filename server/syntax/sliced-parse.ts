import Parser from 'tree-sitter';
import type { Language } from './languages.js';

/**
 * Longest one slice of a parse holds the thread (tree-sitter looks at its clock every hundred or so steps). Fewer,
 * longer slices resume less often: on 120 broken edits of the Go standard library's forty largest files, a resumed
 * parse differed from a whole one 4 times with 2 ms slices, 3 with 4 ms, 1 with 8 ms.
 */
const SLICE_MICROS = 5000;

/**
 * The tree of `text`, parsed from scratch by a parser of its own, a slice of at most 5 ms at a time, with a turn of the
 * event loop between slices: tree-sitter halts a parse at its time limit and resumes it where it stopped on the next
 * call with the same input. For the code that waits for a model anyway (running a code action, a hover that asks the
 * model): a whole parse of a 5,000-line file after an edit that leaves a bracket open held the thread 15-100 ms, and
 * with it every keystroke the editor sent meanwhile.
 *
 * The tree is the caller's alone; the document's own tree (LazyTree) is left as it was. Completions never read a tree
 * parsed this way: where error recovery kept several stack versions, a resumed parse can differ from an uninterrupted
 * one, and the single/multi-line decision must be repeatable. For an action the difference is where error recovery
 * drew a node's edges in broken code, except when recovery gave up on the whole file (an ERROR root): that tree would
 * hide every declaration, so the file is then parsed again at once, as before. Undefined when `signal` aborts first.
 */
export function parseInSlices(language: Language, text: string): Promise<Parser.Tree>;
export function parseInSlices(language: Language, text: string, signal: AbortSignal | undefined): Promise<Parser.Tree | undefined>;
export async function parseInSlices(language: Language, text: string, signal?: AbortSignal): Promise<Parser.Tree | undefined> {
  const parser = new Parser();
  parser.setLanguage(language.parser.getLanguage());
  parser.setTimeoutMicros(SLICE_MICROS);
  for (;;) {
    if (signal?.aborted) return undefined;
    // Null when the slice ran out: the parser keeps its place for the next call.
    const tree = parser.parse(text) as Parser.Tree | null;
    if (tree) return tree.rootNode.type === 'ERROR' ? language.parser.parse(text) : tree;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
