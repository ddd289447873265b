import { describe, expect, it } from 'vitest';
import { ModelError } from '../../server/model/backend.js';
import { LineGuard, withLineGuard } from '../../server/model/line-guard.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('LineGuard', () => {
  it('lets many short lines through, however much they add up to', () => {
    const guard = new LineGuard(16);
    for (let i = 0; i < 1000; i++) guard.push(bytes('{"response":"x"}\n'));
  });

  it('counts a line across chunks and stops it past the limit', () => {
    const guard = new LineGuard(16);
    guard.push(bytes('done\n0123456789'));
    expect(() => guard.push(bytes('0123456789'))).toThrow(ModelError);
  });

  it('makes a response body fail once a line is too long', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes('{"a":1}\n'));
        controller.enqueue(bytes('x'.repeat(40)));
        controller.close();
      },
    });
    const reader = withLineGuard(new Response(body), 32).body!.getReader();
    expect((await reader.read()).value).toEqual(bytes('{"a":1}\n'));
    await expect(reader.read()).rejects.toThrow(/a line of more than 32 bytes/);
  });
});
