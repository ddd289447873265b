import { describe, expect, it } from 'vitest';
import { SseDecoder, type SseItem } from '../../server/model/sse.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Feeds `whole` split at every given byte offset, as a network might deliver it. */
function decodeSplit(whole: Uint8Array, cuts: number[]): SseItem[] {
  const decoder = new SseDecoder();
  const items: SseItem[] = [];
  let from = 0;
  for (const cut of [...cuts, whole.length]) {
    items.push(...decoder.push(whole.subarray(from, cut)));
    from = cut;
  }
  return [...items, ...decoder.end()];
}

const data = (text: string): SseItem => ({ type: 'event', event: undefined, data: text });

describe('SSE decoding', () => {
  const stream = 'data: {"text":"héllo 😀"}\n\n: keep-alive\n\ndata: {"text":"wörld"}\n\ndata: [DONE]\n\n';

  it('yields each event, drops comment lines, keeps [DONE] for the caller', () => {
    expect(decodeSplit(bytes(stream), [])).toEqual([data('{"text":"héllo 😀"}'), data('{"text":"wörld"}'), data('[DONE]')]);
  });

  it('gives the same events for every way of cutting the bytes, mid-line and mid-character', () => {
    const whole = bytes(stream);
    const expected = decodeSplit(whole, []);
    for (let cut = 1; cut < whole.length; cut++) expect(decodeSplit(whole, [cut]), `cut at ${cut}`).toEqual(expected);
    // One byte at a time splits every multi-byte character (é is 2 bytes, 😀 is 4).
    expect(
      decodeSplit(
        whole,
        Array.from({ length: whole.length - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(expected);
  });

  it('handles CRLF and CR line ends, multi-line data and named events', () => {
    expect(decodeSplit(bytes('event: delta\r\ndata: a\r\ndata: b\r\n\r\ndata: c\r\r'), [])).toEqual([{ type: 'event', event: 'delta', data: 'a\nb' }, data('c')]);
    // A CRLF split between the CR and the LF is still one line end, not an empty line.
    expect(decodeSplit(bytes('data: a\r\ndata: b\r\n\r\n'), [8])).toEqual([data('a\nb')]);
  });

  it("reports non-SSE lines as fields: llama-server's error line and a JSON body from a server that ignored stream", () => {
    expect(decodeSplit(bytes('data: {"content":"x"}\n\nerror: {"code":500,"message":"boom"}\n\n'), [30])).toEqual([
      data('{"content":"x"}'),
      { type: 'field', field: 'error', value: '{"code":500,"message":"boom"}' },
    ]);
    const [item] = decodeSplit(bytes('{"choices":[]}\n'), []);
    expect(item).toMatchObject({ type: 'field' });
  });

  it('completes a last event the server did not close with a blank line', () => {
    expect(decodeSplit(bytes('data: {"a":1}\n\ndata: [DONE]'), [])).toEqual([data('{"a":1}'), data('[DONE]')]);
    expect(decodeSplit(bytes('data: [DONE]\n'), [])).toEqual([data('[DONE]')]);
  });

  it('ignores a byte-order mark, id and retry fields', () => {
    expect(decodeSplit(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('id: 7\nretry: 100\ndata: x\n\n')]), [])).toEqual([data('x')]);
  });
});
