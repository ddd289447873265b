/**
 * Fill-in-the-middle prompt formats, one table entry per model family.
 *
 * Ordering rule for every family: stable content (repository snippets, file path) first, the
 * volatile prefix last, because Ollama reuses its KV cache for the longest common token prefix
 * with the previous request. Prompts are pure string concatenation, so identical input gives a
 * byte-identical prompt.
 */

import type { PromptParts, RepoSnippet } from '../core/prompt.js';

// Re-exported only so branches written against the old place still merge; the types live in core/.
export type { PromptParts, RepoSnippet } from '../core/prompt.js';

export type FimFamily = 'qwen' | 'deepseek' | 'codellama' | 'starcoder' | 'codestral' | 'codegemma';

export const FIM_FAMILIES: readonly FimFamily[] = ['qwen', 'deepseek', 'codellama', 'starcoder', 'codestral', 'codegemma'];

/** PromptParts after sanitising, with defaults filled in. */
interface SafeParts {
  prefix: string;
  suffix: string;
  filePath: string | undefined;
  repoName: string | undefined;
  snippets: RepoSnippet[];
  lineComment: string;
}

interface FimTemplate {
  build(parts: SafeParts): string;
  stop: readonly string[];
}

// DeepSeek's tokens use U+FF5C (full-width vertical bar) and U+2581 (lower one-eighth block);
// escapes keep them from being "fixed" to ASCII by an editor or a reviewer.
const DS_BEGIN = '<\uFF5Cfim\u2581begin\uFF5C>';
const DS_HOLE = '<\uFF5Cfim\u2581hole\uFF5C>';
const DS_END = '<\uFF5Cfim\u2581end\uFF5C>';
const DS_EOS = '<\uFF5Cend\u2581of\u2581sentence\uFF5C>';
const DS_BOS = '<\uFF5Cbegin\u2581of\u2581sentence\uFF5C>';

const QWEN_FIM = ['<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>'] as const;
const QWEN_STOP = ['<|endoftext|>', ...QWEN_FIM, '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>', '<|im_start|>', '<|im_end|>'];
const STARCODER_FIM = ['<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>'] as const;
const CODELLAMA_TOKENS = ['<PRE>', '<SUF>', '<MID>', '<EOT>'] as const;
const CODESTRAL_TOKENS = ['[PREFIX]', '[SUFFIX]', '[MIDDLE]'] as const;
const GEMMA_FILE_SEP = '<|file_separator|>';

/** Every control string any family's tokenizer treats specially; user text must never contain one. */
const ALL_SPECIAL_TOKENS: readonly string[] = [
  ...new Set([
    ...QWEN_STOP,
    DS_BEGIN,
    DS_HOLE,
    DS_END,
    DS_EOS,
    DS_BOS,
    ...CODELLAMA_TOKENS,
    ...STARCODER_FIM,
    '<repo_name>',
    '<file_sep>',
    '<reponame>',
    '<filename>',
    ...CODESTRAL_TOKENS,
    GEMMA_FILE_SEP,
    '<eos>',
  ]),
  // Longest first, so a token that contains another is removed whole.
].sort((a, b) => b.length - a.length);

const SPECIAL_TOKEN_RE = new RegExp(ALL_SPECIAL_TOKENS.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

/**
 * Removes every FIM/control token of every family from `text`. Without this, a user editing a
 * file that mentions the tokens (this one, say) would inject control tokens into the prompt.
 * Repeats until stable because removing one token can join its neighbours into another
 * (`<|fim_<|fim_pad|>prefix|>`).
 */
export function sanitizeForPrompt(text: string): string {
  let current = text;
  for (;;) {
    const next = current.replace(SPECIAL_TOKEN_RE, '');
    if (next === current) return current;
    current = next;
  }
}

/** Comment-family snippets are separated by lines, so each must end with a line break. */
function withTrailingNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * Renders snippets as path-labelled line comments, for families that have no repository-level
 * format: commenting the code out keeps the model from reading it as part of the current file.
 */
export function commentSnippets(snippets: RepoSnippet[], lineComment: string): string {
  return snippets
    .map((snippet) => {
      const body = snippet.content.endsWith('\n') ? snippet.content.slice(0, -1) : snippet.content;
      const lines = body === '' ? [] : body.split(/\r\n|\r|\n/);
      const commented = lines.map((line) => (line === '' ? lineComment : `${lineComment} ${line}`));
      return [`${lineComment} Path: ${snippet.path}`, ...commented].join('\n') + '\n';
    })
    .join('');
}

/** Whether there is any repository context to render; without it every family uses its bare format. */
function hasContext(p: SafeParts): boolean {
  return p.snippets.length > 0 || p.filePath !== undefined || p.repoName !== undefined;
}

/** Commented snippets plus a path label for the current file, placed at the start of the prefix. */
function commentHeader(p: SafeParts): string {
  const current = p.filePath === undefined ? '' : `${p.lineComment} Path: ${p.filePath}\n`;
  return commentSnippets(p.snippets, p.lineComment) + current;
}

const TEMPLATES: Record<FimFamily, FimTemplate> = {
  // Repository level (Qwen2.5-Coder README): <|repo_name|>, then one <|file_sep|> per file,
  // the current file last with the FIM tokens after its path line.
  qwen: {
    build(p) {
      let header = '';
      if (hasContext(p)) {
        header += p.repoName === undefined ? '' : `<|repo_name|>${p.repoName}\n`;
        header += p.snippets.map((s) => `<|file_sep|>${s.path}\n${s.content}\n`).join('');
        header += `<|file_sep|>${p.filePath ?? ''}\n`;
      }
      return `${header}<|fim_prefix|>${p.prefix}<|fim_suffix|>${p.suffix}<|fim_middle|>`;
    },
    stop: QWEN_STOP,
  },
  // No repository tokens; DeepSeek-Coder was trained on files concatenated under a comment
  // header naming each path, so snippets stay raw code under such a header, inside fim_begin.
  deepseek: {
    build(p) {
      const c = p.lineComment;
      let header = p.snippets.map((s) => `${c} ${s.path}\n${withTrailingNewline(s.content)}`).join('');
      if (p.filePath !== undefined) header += `${c} ${p.filePath}\n`;
      return `${DS_BEGIN}${header}${p.prefix}${DS_HOLE}${p.suffix}${DS_END}`;
    },
    stop: [DS_EOS, DS_BEGIN, DS_HOLE, DS_END],
  },
  // The spaces around the tokens are part of the trained format.
  codellama: {
    build: (p) => `<PRE> ${commentHeader(p)}${p.prefix} <SUF>${p.suffix} <MID>`,
    stop: ['<EOT>', '<PRE>', '<SUF>', '<MID>'],
  },
  // StarCoder2 paper (sec. 5.1): <repo_name>name<file_sep>path\ncode ... and, for the file being
  // filled, <file_sep><fim_prefix>path\nprefix<fim_suffix>suffix<fim_middle>. StarCoder 1 has no
  // <file_sep> token; there it is plain text and still marks the file boundary.
  starcoder: {
    build(p) {
      let header = '';
      let pathLine = '';
      if (hasContext(p)) {
        header += p.repoName === undefined ? '' : `<repo_name>${p.repoName}`;
        header += p.snippets.map((s) => `<file_sep>${s.path}\n${s.content}`).join('');
        header += '<file_sep>';
        pathLine = p.filePath === undefined ? '' : `${p.filePath}\n`;
      }
      return `${header}<fim_prefix>${pathLine}${p.prefix}<fim_suffix>${p.suffix}<fim_middle>`;
    },
    stop: ['<|endoftext|>', '<file_sep>', '<repo_name>', ...STARCODER_FIM],
  },
  // Suffix first (Mistral's FIM order); context therefore goes after [PREFIX], before the prefix.
  codestral: {
    build: (p) => `[SUFFIX]${p.suffix}[PREFIX]${commentHeader(p)}${p.prefix}`,
    stop: ['[PREFIX]', '[SUFFIX]'],
  },
  // CodeGemma separates files with <|file_separator|> and continues with "path\n" after one
  // (seen in its own generations), so each file is "path\ncontent" and the current path
  // comes right before <|fim_prefix|>.
  codegemma: {
    build(p) {
      let header = p.snippets.map((s) => `${s.path}\n${s.content}${GEMMA_FILE_SEP}`).join('');
      if (p.filePath !== undefined) header += `${p.filePath}\n`;
      return `${header}<|fim_prefix|>${p.prefix}<|fim_suffix|>${p.suffix}<|fim_middle|>`;
    },
    stop: [GEMMA_FILE_SEP, '<eos>', ...QWEN_FIM],
  },
};

/**
 * Builds the raw prompt for `family` (to be sent with Ollama's `raw: true`). Prefix and suffix
 * are passed through unchanged except for removal of control tokens; snippets, path and
 * repository name are sanitised the same way since they also come from user files.
 */
export function buildFimPrompt(family: FimFamily, parts: PromptParts): string {
  const safe: SafeParts = {
    prefix: sanitizeForPrompt(parts.prefix),
    suffix: sanitizeForPrompt(parts.suffix),
    filePath: parts.filePath === undefined ? undefined : sanitizeForPrompt(parts.filePath),
    repoName: parts.repoName === undefined ? undefined : sanitizeForPrompt(parts.repoName),
    snippets: (parts.snippets ?? []).map((s) => ({
      path: sanitizeForPrompt(s.path),
      content: sanitizeForPrompt(s.content),
    })),
    lineComment: parts.lineComment ?? '//',
  };
  return TEMPLATES[family].build(safe);
}

/** Stop strings for `family`; a fresh array so callers may append their own. */
export function stopTokens(family: FimFamily): string[] {
  return [...TEMPLATES[family].stop];
}
