import { z } from 'zod';

/**
 * The edit format the model answers in. Small models get whole declarations right far more often
 * than diffs or line numbers, so that is the main form; search/replace blocks (the aider-style
 * markers models have seen) serve for parts of large declarations; new files come whole.
 *
 *   <replace file="server.go" name="routes"> …the whole new declaration(s)… </replace>
 *   <edit file="big.go">
 *   <<<<<<< SEARCH
 *   …lines as they are…
 *   =======
 *   …lines as they become…
 *   >>>>>>> REPLACE
 *   </edit>
 *   <create file="echo.go"> …the whole file… </create>
 *   <explanation>one or two sentences</explanation>
 */

/** Most characters of a reply that is parsed at all: a runaway model is cut off, not processed. */
export const MAX_REPLY_CHARS = 120_000;

const relativePath = z
  .string()
  .min(1)
  .max(300)
  .refine((path) => !path.startsWith('/') && !/^[a-zA-Z]:/.test(path) && !path.split(/[\\/]/).includes('..'), 'must be a path inside the project')
  .transform((path) => path.replace(/\\/g, '/').replace(/^\.\//, ''));

const block = z.discriminatedUnion('type', [
  z.object({ type: z.literal('replace'), file: relativePath, name: z.string().min(1).max(200), code: z.string().max(60_000) }),
  z.object({
    type: z.literal('edit'),
    file: relativePath,
    pairs: z
      .array(z.object({ search: z.string().min(1).max(30_000), replace: z.string().max(30_000) }))
      .min(1)
      .max(20),
  }),
  z.object({ type: z.literal('create'), file: relativePath, code: z.string().max(60_000) }),
]);

export const editReplySchema = z.object({ blocks: z.array(block).min(1).max(20), explanation: z.string().max(2000) });
export type EditBlock = z.infer<typeof block>;
export type EditReply = z.infer<typeof editReplySchema>;

export type ParsedReply = { ok: true; reply: EditReply } | { ok: false; reason: string };

const BLOCK = /<(replace|edit|create)\b([^>]*)>\n?([\s\S]*?)<\/\1>/g;
const ATTRIBUTE = /(\w+)\s*=\s*"([^"]*)"/g;
const PAIR = /^<{5,9} ?SEARCH[^\n]*\n([\s\S]*?)\n?^={5,9}[^\n]*\n([\s\S]*?)\n?^>{5,9} ?REPLACE[^\n]*$/gm;
const FENCE_LINE = /^[ \t]*(```+|~~~+)[\w+#.-]*[ \t]*$/;
/** A block tag's attributes, name to value, as read from the model's text. */
const attributesSchema = z.record(z.string(), z.string());

/** Reads the model's reply into validated blocks; a reply with none, or with an invalid one, is rejected with a reason the model can act on. */
export function parseEditReply(reply: string): ParsedReply {
  if (reply.length > MAX_REPLY_CHARS) return { ok: false, reason: `the reply is longer than ${MAX_REPLY_CHARS} characters` };
  const text = reply.replace(/\r\n?/g, '\n');
  const raw: unknown[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const [, type, attributeText = '', body = ''] = match;
    const attributes = attributesSchema.parse(Object.fromEntries([...attributeText.matchAll(ATTRIBUTE)].map(([, name, value]) => [name, value])));
    if (type === 'edit') {
      const pairs = [...stripFences(body).matchAll(PAIR)].map(([, search = '', replace = '']) => ({ search, replace }));
      raw.push({ type, file: attributes['file'], pairs });
    } else {
      raw.push({ type, file: attributes['file'], name: attributes['name'], code: stripFences(body).replace(/\s+$/, '') + '\n' });
    }
  }
  const explanation = /<explanation>([\s\S]*?)(?:<\/explanation>|$)/.exec(text)?.[1]?.trim() ?? '';
  if (raw.length === 0) return { ok: false, reason: 'the reply holds no <replace>, <edit> or <create> block' };
  const parsed = editReplySchema.safeParse({ blocks: raw, explanation: explanation.slice(0, 2000) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `a block is malformed (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})` };
  }
  return { ok: true, reply: parsed.data };
}

/** Markdown fences a model puts around code inside a block. */
function stripFences(body: string): string {
  const lines = body.split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length >= 2 && FENCE_LINE.test(lines[0]!) && FENCE_LINE.test(lines[lines.length - 1]!)) return lines.slice(1, -1).join('\n');
  return lines.join('\n');
}
