import type Parser from 'tree-sitter';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import type { RecordedRequest } from '../../test/support/fake-ollama.js';
import { within, type BenchServer } from '../harness.js';
import { Random } from '../random.js';
import { positionOf, type PreparedFile, type QualityCase } from './cases.js';
import { scoreCase, type CaseScore } from './metrics.js';
import { REPLY_MODES, scriptReply, type ReplyMode, type ScriptedReply } from './replies.js';
import type { CursorShape, SpanKind } from './spans.js';

/** What the server showed for one case in one reply mode, and how it scored. */
export interface CaseResult {
  caseId: number;
  path: string;
  /** Where the span starts and ends in the original file. */
  start: number;
  end: number;
  kind: SpanKind;
  shape: CursorShape;
  mode: ReplyMode;
  variant: string;
  reply: string;
  expected: string;
  shown: string;
  /** Model requests the inline request caused; exactly 1 unless something short-circuited. */
  modelRequests: number;
  /** The FIM prompt ended its prefix with the document's text before the cursor. */
  promptMatched: boolean;
  score: CaseScore;
}

const FIM_SUFFIX = '<|fim_suffix|>';

/**
 * Runs every case in every reply mode through the real server: one document per mode per file,
 * opened once; per case a didChange removes the span, an inline request asks at the cursor while
 * the scripted model answers with that mode's reply, and a didChange puts the span back.
 */
export async function driveCases(input: {
  server: BenchServer;
  corpus: string;
  cases: readonly QualityCase[];
  parser: Parser;
  seed: number;
  onResult(result: CaseResult): void;
}): Promise<void> {
  const { server, cases } = input;
  const { client, fake } = server;
  let current: { reply: ScriptedReply; prefixTail: string } | undefined;
  let promptMatched = false;
  let served = 0;
  fake.reply((request: RecordedRequest) => {
    served++;
    const prompt = String((request.body as { prompt?: unknown } | undefined)?.prompt ?? '');
    promptMatched = current !== undefined && prompt.includes(current.prefixTail + FIM_SUFFIX);
    return { text: current?.reply.text ?? '' };
  });

  for (const group of byFile(cases)) {
    const file = group[0]?.file;
    if (!file) continue;
    const uris = new Map(REPLY_MODES.map((mode) => [mode, `file:///quality/${input.corpus}/${mode}/${file.path}`]));
    for (const uri of uris.values()) await client.open(uri, file.language, file.text);
    let previousEnd = -1;
    for (const c of group) {
      // The server serves a request from memory when the document reads "previous prefix + the start of the
      // previous suggestion" with the same suffix (typed-ahead); a fresh document makes every case ask the model.
      if (c.span.end === previousEnd) {
        for (const uri of uris.values()) {
          await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
          await client.open(uri, file.language, file.text);
        }
      }
      previousEnd = c.span.end;
      const start = positionOf(file, c.span.start);
      const end = positionOf(file, c.span.end);
      const span = file.text.slice(c.span.start, c.span.end);
      const prefixTail = file.text.slice(Math.max(0, c.span.start - 120), c.span.start);
      for (const [m, mode] of REPLY_MODES.entries()) {
        const uri = uris.get(mode) ?? '';
        const reply = scriptReply(mode, {
          text: file.text,
          start: c.span.start,
          end: c.span.end,
          language: file.language,
          otherFunction: c.otherFunction,
          random: new Random(input.seed * 1_000_003 + c.id * 31 + m),
        });
        await client.change(uri, [edit(start, end, '')]);
        current = { reply, prefixTail };
        promptMatched = false;
        const before = served;
        const answer = await within(client.inline(uri, start), { ms: 30_000, what: `${file.path} case ${c.id} (${mode})` });
        const modelRequests = served - before;
        const item = answer?.items[0];
        const shown = typeof item?.insertText === 'string' ? item.insertText : '';
        await client.change(uri, [edit(start, start, span)]);
        const score = scoreCase({ shown, expected: reply.expected, text: file.text, start: c.span.start, end: c.span.end, parser: input.parser, originalErrors: file.errors });
        input.onResult({
          caseId: c.id,
          path: file.path,
          start: c.span.start,
          end: c.span.end,
          kind: c.span.kind,
          shape: c.span.shape,
          mode,
          variant: reply.variant,
          reply: reply.text,
          expected: reply.expected,
          shown,
          modelRequests,
          promptMatched: modelRequests === 1 && promptMatched,
          score,
        });
      }
    }
    for (const uri of uris.values()) await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // The fake keeps every request with its prompt; thousands of them would only fill memory.
    fake.resetStats();
  }
}

function edit(start: { line: number; character: number }, end: { line: number; character: number }, text: string): TextDocumentContentChangeEvent {
  return { range: { start, end }, text };
}

/** Consecutive runs of cases in the same file (cases come sorted by file). */
function byFile(cases: readonly QualityCase[]): QualityCase[][] {
  const groups: QualityCase[][] = [];
  let last: PreparedFile | undefined;
  for (const c of cases) {
    if (c.file !== last) groups.push([]);
    groups.at(-1)?.push(c);
    last = c.file;
  }
  return groups;
}
