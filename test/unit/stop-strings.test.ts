import { describe, expect, it } from 'vitest';
import { splitStops, StopScanner } from '../../server/model/stop-strings.js';

function scan(stops: string[], chunks: string[]): { out: string[]; done: boolean } {
  const scanner = new StopScanner(stops);
  const out = chunks.map((chunk) => scanner.push(chunk));
  out.push(scanner.flush());
  return { out: out.filter((text) => text !== ''), done: scanner.done };
}

describe('client-side stop strings', () => {
  it('passes text through and cuts at the first stop string', () => {
    expect(scan(['<|endoftext|>'], ['a + b', '\n', 'c<|endoftext|>junk'])).toEqual({ out: ['a + b', '\n', 'c'], done: true });
  });

  it('holds back a possible start of a stop string until the next chunk decides', () => {
    expect(scan(['<|file_sep|>'], ['x <|fi', 'le_sep|>y'])).toEqual({ out: ['x '], done: true });
    expect(scan(['<|file_sep|>'], ['x <|fi', 'nal|>'])).toEqual({ out: ['x ', '<|final|>'], done: false });
    // Held text that never became a stop string comes out at the end.
    expect(scan(['<|file_sep|>'], ['x <|'])).toEqual({ out: ['x ', '<|'], done: false });
  });

  it('stops at the earliest of several, across chunk boundaries', () => {
    expect(scan(['<EOT>', '<MID>'], ['a<M', 'ID>b<EOT>'])).toEqual({ out: ['a'], done: true });
    expect(scan(['\n\n', 'b'], ['a\n', '\nb'])).toEqual({ out: ['a'], done: true });
  });

  it('sends the first four to the server and keeps the rest for the client', () => {
    const stops = ['<|endoftext|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|file_sep|>', '<|endoftext|>', ''];
    expect(splitStops(stops, 4)).toEqual({
      server: ['<|endoftext|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>'],
      client: ['<|fim_pad|>', '<|file_sep|>'],
    });
  });
});
