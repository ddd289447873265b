import { generateGo } from './corpus/go.js';
import { generatePython } from './corpus/python.js';
import { generateTypeScript } from './corpus/typescript.js';
import { Random } from './random.js';

export type CorpusLanguage = 'go' | 'typescript' | 'python';

export interface CorpusFile {
  language: CorpusLanguage;
  uri: string;
  text: string;
  lines: number;
}

/**
 * A realistic source file of exactly `lines` lines, the same for the same seed on every machine:
 * types, interfaces, functions and methods with loops, error handling and comments, never one line repeated.
 */
export function generateCorpus(options: { language: CorpusLanguage; lines: number; seed: number }): CorpusFile {
  const random = new Random(options.seed);
  const generate = { go: generateGo, typescript: generateTypeScript, python: generatePython }[options.language];
  const text = generate(random, options.lines);
  const extension = { go: 'go', typescript: 'ts', python: 'py' }[options.language];
  return {
    language: options.language,
    uri: `file:///bench/${options.language}-${options.lines}.${extension}`,
    text,
    lines: text.split('\n').length - 1,
  };
}
