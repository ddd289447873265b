import { lstat, readFile } from 'node:fs/promises';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import type { ChatMessage, ModelBackend } from '../model/backend.js';
import { assertInsideOnDisk } from '../query/workspace-guard.js';
import { gatherAskContext, renderSnippet, type ContextSnippet } from './ask-context.js';
import { checkCitations, citedPaths, indexChecker, uniqueCitations, type Citation } from './citations.js';
import { turnsWithin, type Turn } from './session.js';

export interface AskRequest {
  index: WorkspaceIndex;
  backend: ModelBackend;
  question: string;
  /** Earlier turns of the conversation, oldest first; those over the history budget are dropped, oldest first. */
  history?: readonly Turn[];
  selection?: ContextSnippet;
  contextTokens: number;
  historyTokens: number;
  maxTokens: number;
  temperature: number;
  signal: AbortSignal;
  /** Each checked piece of the answer (whole lines) as it streams; invented citations already marked. */
  onText?: (text: string) => void;
}

export interface AskResult {
  /** The markdown answer, invented citations marked. */
  answer: string;
  /** Real `path:line` citations of the answer, each once, in order. */
  citations: Citation[];
  /** Citations that named no real line. */
  invented: string[];
  /** What the model was shown. */
  context: Array<{ path: string; line: number; name: string }>;
}

const SYSTEM = [
  'You answer questions about a code repository, from the code shown to you.',
  'Answer in concise markdown. Cite the code you rely on as path:line (for example src/server.ts:42), using the paths and line numbers shown; never invent a file or line.',
  'When the code shown does not answer the question, say so and say where to look instead of guessing.',
].join('\n');

/**
 * Answers a question about the workspace: gathers the code it is about, asks the instruct model
 * with earlier turns of the conversation, and streams the answer line by line, each line's
 * `path:line` citations checked against the workspace before it is passed on.
 */
export async function askQuestion(request: AskRequest): Promise<AskResult> {
  const snippets = await gatherAskContext({ index: request.index, question: request.question, budgetTokens: request.contextTokens, selection: request.selection });
  const messages = buildMessages(request, snippets);
  const lineCounts = new Map<string, number>();
  const checker = indexChecker(request.index, lineCounts);
  const citations: Citation[] = [];
  const invented: string[] = [];
  let answer = '';
  let pending = '';
  const flush = async (text: string) => {
    for (const path of citedPaths(text)) if (!lineCounts.has(path)) lineCounts.set(path, await lineCount(request.index, path));
    const checked = checkCitations(text, checker, request.index);
    citations.push(...checked.citations);
    invented.push(...checked.invented);
    answer += checked.text;
    request.onText?.(checked.text);
  };
  for await (const chunk of request.backend.chat({ messages, maxTokens: request.maxTokens, stop: [], temperature: request.temperature, signal: request.signal })) {
    pending += chunk;
    const end = pending.lastIndexOf('\n');
    if (end < 0) continue;
    await flush(pending.slice(0, end + 1));
    pending = pending.slice(end + 1);
  }
  if (pending !== '') await flush(pending);
  return {
    answer,
    citations: uniqueCitations(citations),
    invented: [...new Set(invented)],
    context: snippets.map((s) => ({ path: s.path, line: s.line, name: s.name })),
  };
}

/** System prompt, prior turns within their budget, then the code and the question. */
export function buildMessages(request: Pick<AskRequest, 'question' | 'history' | 'historyTokens'>, snippets: readonly ContextSnippet[]): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: SYSTEM }];
  for (const turn of turnsWithin(request.history ?? [], request.historyTokens)) {
    messages.push({ role: 'user', content: turn.question }, { role: 'assistant', content: turn.answer });
  }
  const code = snippets.length > 0 ? snippets.map(renderSnippet).join('\n\n') : '(no code of the workspace matched the question)';
  messages.push({ role: 'user', content: `Code from the repository (line numbers before "|"):\n\n${code}\n\nQuestion: ${request.question}` });
  return messages;
}

/** Lines of an indexed workspace file, 0 when it cannot be read (so every citation of it fails). */
async function lineCount(index: WorkspaceIndex, path: string): Promise<number> {
  if (!index.hasFile(path)) return 0;
  try {
    const real = await assertInsideOnDisk(index, path);
    if (!(await lstat(real)).isFile()) return 0;
    const text = await readFile(real, 'utf8');
    return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  } catch {
    return 0;
  }
}
