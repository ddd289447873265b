import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelError } from '../../server/model/backend.js';
import { textFromEvents } from '../../server/model/event-text.js';

const chunk = z.object({ choices: z.array(z.object({ text: z.string() })) });

async function run(payloads: unknown[], clientStops: string[] = []): Promise<{ out: string[]; consumed: number }> {
  let consumed = 0;
  async function* source() {
    for (const payload of payloads) {
      consumed++;
      yield payload;
    }
  }
  const out: string[] = [];
  for await (const text of textFromEvents({ payloads: source(), schema: chunk, pick: (c) => c.choices[0]?.text ?? '', clientStops, what: 'completion' })) out.push(text);
  return { out, consumed };
}

const ev = (text: string) => ({ choices: [{ text, finish_reason: null }], id: 'x' });

describe('text from validated events', () => {
  it('yields the text of each event and skips empty ones (a closing usage event has no choices)', async () => {
    expect((await run([ev('a'), ev(''), { choices: [] }, ev('b')])).out).toEqual(['a', 'b']);
  });

  it('fails with a malformed ModelError naming what was wrong, instead of crashing or guessing', async () => {
    const error = await run([ev('a'), { choices: [{ txt: 'b' }] }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).kind).toBe('malformed');
    expect((error as ModelError).message).toContain('choices.0.text');
  });

  it('stops reading at a client-side stop string, which ends the request', async () => {
    const { out, consumed } = await run([ev('a<|fi'), ev('le_sep|>b'), ev('c'), ev('d')], ['<|file_sep|>']);
    expect(out).toEqual(['a']);
    expect(consumed).toBe(2);
  });
});
