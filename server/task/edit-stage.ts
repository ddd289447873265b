import { performance } from 'node:perf_hooks';
import { runChat, type ChatRunOptions, type Verdict } from '../actions/chat-runner.js';
import type { PromptSpec } from '../actions/prompts/sections.js';
import type { LanguageRegistry } from '../syntax/languages.js';
import { applyBlocks, type ChangedFile } from './apply-edits.js';
import type { ParsedTexts } from './parsed-texts.js';
import { editPrompt, type RetryFeedback, type ShownFile } from './edit-prompt.js';
import { parseEditReply } from './edit-format.js';
import { readProjectFile } from './read-project.js';
import type { Localization } from './types.js';

/** The model call every stage makes: the actions' chat runner with the actions' settings. */
export type AskModel = <T>(spec: PromptSpec, accept: (reply: string) => Verdict<T> | Promise<Verdict<T>>) => Promise<T>;

/** Builds `AskModel` from the chat runner's options; each call gets its own time limit. */
export function modelAsker(options: Omit<ChatRunOptions, 'budget'>, timeoutMs: number): AskModel {
  // Each model call gets the whole time budget: the edit, its retries and the test are separate calls.
  return (spec, accept) =>
    runChat({ ...options, signal: AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]), budget: { ms: timeoutMs, startedAt: performance.now() } }, spec, accept);
}

export interface EditRequest {
  root: string;
  localization: Localization;
  environment: string[];
  languages: LanguageRegistry;
  ask: AskModel;
  feedback?: RetryFeedback;
  /** Diffs of patches already found, for a different alternative. */
  avoid?: readonly string[];
  /** Lines shown around each chosen declaration of a long file. */
  contextLines: number;
  /** The run's trees (see ParsedTexts). */
  parsed?: ParsedTexts;
}

export interface EditResult {
  files: ChangedFile[];
  explanation: string;
}

/** Files up to this many lines are shown whole: the model then sees imports and neighbours too. */
const WHOLE_FILE_LINES = 250;
const SHOWN_FILES = 3;
const OUTLINE_ENTRIES = 12;

/**
 * Asks the model for the change and applies its blocks in memory. A reply that does not parse or
 * does not apply (a SEARCH block that matches nowhere) goes back to the model once with the reason.
 */
export async function runEditStage(request: EditRequest): Promise<EditResult> {
  const { root, localization, languages } = request;
  const files = shownFiles(root, localization, languages, request.contextLines);
  const shown = new Set(files.map((file) => file.path));
  const outline = localization.declarations
    .filter((declaration) => !shown.has(declaration.path))
    .slice(0, OUTLINE_ENTRIES)
    .map((declaration) => `${declaration.path}:${declaration.line}: ${declaration.kind} ${declaration.name}`);
  const spec = editPrompt({ task: localization.task, environment: request.environment, files, outline, feedback: request.feedback, avoid: request.avoid });
  return request.ask(spec, (reply): Verdict<EditResult> => {
    const parsed = parseEditReply(reply);
    if (!parsed.ok) return { ok: false, kind: 'invalid-output', reason: parsed.reason, feedback: `Your answer could not be used: ${parsed.reason}.` };
    const applied = applyBlocks({ blocks: parsed.reply.blocks, read: (path) => readProjectFile(root, path), languages, parsed: request.parsed });
    if (!applied.ok) return { ok: false, kind: 'invalid-output', reason: applied.reason, feedback: `Your answer could not be applied: ${applied.reason}.` };
    if (applied.files.length === 0) return { ok: false, kind: 'invalid-output', reason: 'the blocks change nothing', feedback: 'Your blocks leave every file as it was.' };
    return { ok: true, value: { files: applied.files, explanation: parsed.reply.explanation } };
  });
}

/** The best-ranked files, whole when short, else their chosen declarations with surroundings. */
function shownFiles(root: string, localization: Localization, languages: LanguageRegistry, contextLines: number): ShownFile[] {
  const out: ShownFile[] = [];
  for (const located of localization.files) {
    if (out.length >= SHOWN_FILES) break;
    const text = readProjectFile(root, located.path);
    if (text === undefined) continue;
    const declarations = localization.declarations.filter((declaration) => declaration.path === located.path);
    const languageName = languages.byPath(located.path)?.entry.folder ?? 'text';
    const lines = text.split(/\r?\n/);
    if (lines.length <= WHOLE_FILE_LINES || declarations.length === 0) {
      out.push({ path: located.path, languageName, view: 'whole', body: lines.slice(0, WHOLE_FILE_LINES * 2).join('\n'), declarations: declarations.map((d) => d.name) });
      continue;
    }
    out.push({ path: located.path, languageName, view: 'excerpts', body: excerpts(lines, declarations, contextLines), declarations: declarations.map((d) => d.name) });
  }
  return out;
}

/** The chosen declarations (1-based, inclusive lines) with `around` lines each side, overlapping spans merged. */
function excerpts(lines: readonly string[], spans: ReadonlyArray<{ line: number; endLine: number }>, around: number): string {
  const sorted = spans.map((span) => ({ from: Math.max(0, span.line - 1 - around), to: Math.min(lines.length - 1, span.endLine - 1 + around) })).sort((a, b) => a.from - b.from);
  const merged: Array<{ from: number; to: number }> = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.from <= last.to + 1) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged.map((span) => lines.slice(span.from, span.to + 1).join('\n')).join('\n…\n');
}
