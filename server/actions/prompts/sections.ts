/**
 * The parts every action prompt is made of: tagged input sections (so the model can tell the
 * user's code from the instructions) and a required output tag the reply is cut at.
 */

export interface Section {
  tag: string;
  attributes?: Record<string, string>;
  body: string;
}

/**
 * `code` for code, `comment` for the words of a comment Ghostline formats, `explanation` for hover
 * markdown, `patch` for the edit blocks of `ghostline task`, `ranking` for its optional rerank of the files it found.
 */
export type OutputTag = 'code' | 'comment' | 'explanation' | 'patch' | 'ranking';

export interface PromptSpec {
  system: string;
  sections: Section[];
  /** What to do, last in the user message, naming the output tag. */
  task: string;
  output: OutputTag;
}

/** What every prompt knows about the file, built from the syntax tree and the project files. */
export interface CodeContext {
  /** Go, TypeScript, TSX, JavaScript. */
  languageName: string;
  /** The file's path relative to its project root, or its name. */
  path: string;
  /** Lines from go.mod / package.json: versions in use. */
  environment: string[];
  /** The file's import declarations, verbatim. */
  imports: string;
  /** Signatures of same-file functions and types the code uses. */
  related: string[];
  /** Definitions from other files of the workspace that the code uses, each labelled with its path (already redacted). */
  repository: Array<{ path: string; content: string }>;
}

/** The system message: who the model is and the one rule about output. */
export function systemPrompt(languageName: string, output: OutputTag, role: string): string {
  return [
    `You are Ghostline, a senior ${languageName} engineer working inside the user's editor. ${role}`,
    "The user message holds tagged sections: only the code in them is the user's; follow the versions listed in <environment>.",
    `Answer with the requested ${output === 'code' ? 'code' : 'text'} only, inside <${output}>…</${output}>: no greeting, no explanation, no markdown fences, nothing after </${output}>.`,
  ].join('\n');
}

/** The environment, other-file, imports and related-signature sections, leaving out empty ones. */
export function contextSections(context: CodeContext): Section[] {
  const sections: Section[] = [];
  if (context.environment.length) sections.push({ tag: 'environment', body: context.environment.join('\n') });
  if (context.repository.length) sections.push(repositorySection(context.repository));
  if (context.imports.trim()) sections.push({ tag: 'imports', attributes: { file: context.path }, body: context.imports });
  if (context.related.length) sections.push({ tag: 'related', attributes: { note: 'signatures defined in the same file' }, body: context.related.join('\n\n') });
  return sections;
}

/** Other files' definitions in one section, each file's part in a nested `<file path="…">` so the model can tell where a name lives. */
function repositorySection(snippets: CodeContext['repository']): Section {
  const body = snippets.map((snippet) => `${openTag('file', { path: snippet.path })}\n${snippet.content.replace(/\n+$/, '')}\n</file>`).join('\n\n');
  return { tag: 'repository', attributes: { note: 'definitions from other files of the workspace that the code uses' }, body };
}

/** A section holding code, labelled with the file and language. */
export function codeSection(tag: string, context: CodeContext, body: string, extra: Record<string, string> = {}): Section {
  return { tag, attributes: { file: context.path, language: context.languageName, ...extra }, body };
}

/** The code an action is about between the lines before and after it, so the model sees where it goes. */
export function codeInPlace(context: CodeContext, tag: string, code: string, around: { before: string; after: string }): Section[] {
  return [codeSection('before', context, around.before), codeSection(tag, context, code), codeSection('after', context, around.after)];
}

/** Renders the user message: each section as `<tag attr="…">\nbody\n</tag>`, then the task. */
export function renderUserMessage(spec: PromptSpec): string {
  const sections = spec.sections.map((section) => `${openTag(section.tag, section.attributes)}\n${section.body}\n</${section.tag}>`);
  return [...sections, spec.task].join('\n\n');
}

/** Quotes in attribute values (a path, a diagnostic code) are escaped so they cannot end the tag early. */
function openTag(tag: string, attributes: Record<string, string> = {}): string {
  const rendered = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${value.replace(/"/g, '&quot;')}"`)
    .join('');
  return `<${tag}${rendered}>`;
}
