import type Parser from 'tree-sitter';
import type { Language } from '../syntax/languages.js';

/**
 * The trees of the texts one task run parses, each parsed once. The stages read the same texts again: the edit
 * stage finds a declaration in a file's text, the test stage reads the declarations of its old and new text, and
 * verification parses both again, with the test file's old text and the text the test stage checked it in. Whole
 * parses, on whichever thread runs the task (the editor's, for `ghostline.task`): this makes them fewer, not shorter.
 */
export class ParsedTexts {
  private readonly trees = new Map<Language, Map<string, Parser.Tree>>();

  /** The tree of `text`, parsed now unless this run parsed it already. */
  tree(language: Language, text: string): Parser.Tree {
    let byText = this.trees.get(language);
    if (!byText) this.trees.set(language, (byText = new Map<string, Parser.Tree>()));
    let tree = byText.get(text);
    if (!tree) byText.set(text, (tree = language.parser.parse(text)));
    return tree;
  }
}
