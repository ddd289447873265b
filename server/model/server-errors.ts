import { z } from 'zod';

/**
 * The error bodies OpenAI-compatible servers send: OpenAI and llama-server `{"error":{"message"}}`,
 * older vLLM `{"object":"error","message"}`, TGI `{"error":"…"}`, FastAPI `{"detail":…}`.
 */
const errorBody = z.union([
  z.object({ error: z.object({ message: z.string() }) }),
  z.object({ error: z.string() }),
  z.object({ message: z.string() }),
  z.object({ detail: z.string() }),
  z.object({ detail: z.array(z.object({ msg: z.string() })).min(1) }),
]);

const MAX_SHOWN = 300;

/** The server's own words from an error body (JSON, HTML or text), short enough for a message. */
export function serverMessage(body: string): string {
  const text = body.trim();
  if (text === '') return '';
  let message: string | undefined;
  try {
    message = messageOf(JSON.parse(text) as unknown);
  } catch {
    // Not JSON: a proxy's HTML page or plain text.
  }
  message ??= text.startsWith('<') ? text.replace(/<[^>]*>/g, ' ') : text;
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN)}…` : oneLine;
}

/** The message of a parsed error object, or undefined when it is not one. */
export function messageOf(value: unknown): string | undefined {
  const parsed = errorBody.safeParse(value);
  if (!parsed.success) return undefined;
  const body = parsed.data;
  if ('error' in body) return typeof body.error === 'string' ? body.error : body.error.message;
  if ('message' in body) return body.message;
  return typeof body.detail === 'string' ? body.detail : body.detail.map((d) => d.msg).join('; ');
}

/** True for a payload in a stream that reports an error instead of carrying text. */
export function isErrorPayload(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return 'error' in value || (value as { object?: unknown }).object === 'error';
}

/** Reads at most `limit` characters of an error response, then lets the connection go. */
export async function readErrorText(response: Response, limit = 4096): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < limit) {
      const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut short still says what it said so far.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return text.slice(0, limit);
}
