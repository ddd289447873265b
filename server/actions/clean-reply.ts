/**
 * Instruct models wrap code in chatter however they are asked: a sentence before, markdown fences,
 * an explanation after, the output tag repeated. These functions keep only the answer.
 */

const FENCE = /^[ \t]*(```+|~~~+)[ \t]*([\w+#.-]*)[ \t]*$/;

/** Lines a model writes around code: greetings, "Here is…", explanations, markdown headings. */
const PROSE_OPENING = /^(?:sure|certainly|of course|okay|ok|great|here(?:'s| is| are)|below|this|these|the|note|explanation|i |i'|in this|to |we |you |it |changes|summary)\b/i;

/** The part of a reply inside the output tag (the prefilled opening tag may or may not be repeated). */
export function insideTag(reply: string, tag: string): string {
  let text = reply.replace(/\r\n?/g, '\n');
  const open = text.indexOf(`<${tag}>`);
  if (open >= 0) text = text.slice(open + tag.length + 2);
  const close = text.indexOf(`</${tag}>`);
  if (close >= 0) text = text.slice(0, close);
  return text;
}

/** The code in a reply: inside the tag, inside the first fenced block if any, without prose around it. */
export function cleanCode(reply: string, tag: string): string {
  const inner = insideTag(reply, tag);
  const fenced = firstFencedBlock(inner);
  const code = fenced ?? stripProse(inner);
  return trimBlankLines(code);
}

/** Prose answers (explanations, doc text): inside the tag, fences and a leading "Here is…" line removed. */
export function cleanText(reply: string, tag: string): string {
  const inner = insideTag(reply, tag);
  const lines = (firstFencedBlock(inner) ?? inner).split('\n');
  while (lines.length > 0 && (lines[0]!.trim() === '' || /^(?:sure|certainly|here(?:'s| is| are)|below)\b.*:$/i.test(lines[0]!.trim()))) lines.shift();
  return trimBlankLines(lines.join('\n'));
}

/** The content of the first fenced block; an unclosed fence (the model was stopped) runs to the end. */
function firstFencedBlock(text: string): string | undefined {
  const lines = text.split('\n');
  const open = lines.findIndex((line) => FENCE.test(line));
  if (open < 0) return undefined;
  const marker = FENCE.exec(lines[open]!)![1]!;
  const close = lines.findIndex((line, i) => i > open && line.trim().startsWith(marker[0]!.repeat(3)) && FENCE.test(line));
  return lines.slice(open + 1, close < 0 ? undefined : close).join('\n');
}

/** Drops prose lines before the first and after the last line of code, never inside. */
function stripProse(text: string): string {
  const lines = text.split('\n');
  let start = 0;
  while (start < lines.length && (lines[start]!.trim() === '' || isProse(lines[start]!))) start++;
  let end = lines.length;
  // Trailing prose is only cut after a blank line, so a last code line that reads like English stays.
  for (let i = lines.length - 1; i > start; i--) {
    if (lines[i]!.trim() === '') {
      if (lines.slice(i + 1, end).every((line) => line.trim() === '' || isProse(line))) end = i;
      else break;
    }
  }
  return lines.slice(start, end).join('\n');
}

function isProse(line: string): boolean {
  const trimmed = line.trim();
  if (/^(\/\/|\/\*|\*|#!)/.test(trimmed)) return false; // comments are code
  if (/^(#{1,6}\s|\*\*|[-*]\s+\*\*)/.test(trimmed)) return true; // markdown headings and bold labels
  return PROSE_OPENING.test(trimmed) && /\s/.test(trimmed) && /[.:!]$/.test(trimmed) && !/[;{}=]|=>/.test(trimmed);
}

function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
}
