import type { Random } from '../random.js';

/** What the scripted model answers, per the issue's list of plausible over-generations. */
export type ReplyMode = 'suffix' | 'repeat-line' | 'extra-function' | 'extra-closer' | 'markdown' | 'truncated' | 'alone';

export const REPLY_MODES: readonly ReplyMode[] = ['suffix', 'repeat-line', 'extra-function', 'extra-closer', 'markdown', 'truncated', 'alone'];

/** Modes whose reply holds the whole span: the exact-recovery target is measured over these. */
export const FULL_SPAN_MODES: readonly ReplyMode[] = REPLY_MODES.filter((mode) => mode !== 'truncated');

export interface ScriptedReply {
  mode: ReplyMode;
  /** A short tag for the variant of the mode, for the report. */
  variant: string;
  text: string;
  /** What an ideal post-processing shows: the span, or for a truncated reply all of what arrived. */
  expected: string;
}

export interface ReplyInput {
  /** The original file; the span is text[start, end). */
  text: string;
  start: number;
  end: number;
  language: 'go' | 'typescript' | 'python';
  /** A real function from another file of the same corpus, with its doc comment. */
  otherFunction: string;
  random: Random;
}

const PROSE = [
  'This code handles the remaining cases and returns the result.',
  'Explanation: the loop walks the list once and stops at the first match.',
  'Note: the error is returned to the caller unchanged.',
  'Here is the completed implementation.',
];

/** The scripted reply for one mode. */
export function scriptReply(mode: ReplyMode, input: ReplyInput): ScriptedReply {
  const span = input.text.slice(input.start, input.end);
  const reply = (variant: string, text: string, expected = span): ScriptedReply => ({ mode, variant, text, expected });
  switch (mode) {
    case 'suffix':
      // A model that knows the file continues with the code that really follows; the token limit ends it.
      return reply('real suffix', span + input.text.slice(input.end, input.end + 2000));
    case 'repeat-line':
      return repeatLine(input, span, reply);
    case 'extra-function':
      return reply('new function', `${span}\n\n${input.otherFunction}\n`);
    case 'extra-closer':
      return reply('closer', span + closerTheSuffixHas(input));
    case 'markdown': {
      const prose = input.random.pick(PROSE);
      if (input.random.chance(0.5)) return reply('closing fence + prose', `${span}\n\`\`\`\n\n${prose}\n`);
      const fence = input.language;
      return reply('fenced + prose', `\`\`\`${fence}\n${span}\n\`\`\`\n\n${prose}\n`);
    }
    case 'truncated': {
      const cut = midTokenCut(span, input.random);
      return reply('mid-token', span.slice(0, cut), span.slice(0, cut));
    }
    case 'alone':
      return reply('span alone', span);
  }
}

/**
 * Either the line above the cursor restated after the span (a model echoing its context), or the
 * span's last line repeated until the token limit (a model stuck in a loop).
 */
function repeatLine(input: ReplyInput, span: string, reply: (variant: string, text: string) => ScriptedReply): ScriptedReply {
  const indent = indentAt(input.text, input.start);
  const lines = span.split('\n').filter((line) => line.trim() !== '');
  const last = lines.at(-1) ?? span;
  const previous = previousLine(input.text, input.start);
  if (previous !== undefined && input.random.chance(0.5)) return reply('line above restated', `${span}\n${indent}${previous.trim()}\n`);
  const lastIndent = lines.length > 1 ? (/^[ \t]*/.exec(last)?.[0] ?? indent) : indent;
  return reply('last line looped', `${span}${`\n${lastIndent}${last.trim()}`.repeat(6)}\n`);
}

/** The first bracket in the suffix that closes what is open at the cursor, as the model would write it again. */
function closerTheSuffixHas(input: ReplyInput): string {
  const { text, end } = input;
  let depth = 0;
  for (let i = end; i < Math.min(text.length, end + 4000); i++) {
    const c = text[i] ?? '';
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        const between = text.slice(end, i);
        // On the cursor's line the closer follows directly; on a later line it gets its own line and indentation.
        if (!between.includes('\n')) return c;
        return `\n${indentAt(text, i)}${c}`;
      }
      depth--;
    } else if (c === '"' || c === "'" || c === '`') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) break;
      i = close;
    }
  }
  return '\n}';
}

/** A cut inside a word of the span's second half, as a token limit leaves a reply; anywhere past the start when there is no word. */
function midTokenCut(span: string, random: Random): number {
  const inside: number[] = [];
  for (let i = Math.floor(span.length / 2); i < span.length; i++) {
    if (/\w/.test(span[i - 1] ?? '') && /\w/.test(span[i] ?? '')) inside.push(i);
  }
  return inside.length > 0 ? random.pick(inside) : Math.max(1, random.int(1, span.length - 1));
}

/** The indentation of the line holding `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** The last non-blank line that ends before the cursor's line. */
function previousLine(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lines = text.slice(Math.max(0, lineStart - 2000), Math.max(0, lineStart - 1)).split('\n');
  for (let i = lines.length - 1; i >= 0; i--) if ((lines[i] ?? '').trim()) return lines[i];
  return undefined;
}
