import { describe, expect, it } from 'vitest';
import { hashedWordVector } from './fake-embeddings.js';

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
}

function length(vector: number[]): number {
  return Math.sqrt(cosine(vector, vector));
}

describe('hashedWordVector', () => {
  it('gives the same text the same vector, of the asked dimensions', () => {
    expect(hashedWordVector('parse the config file')).toEqual(hashedWordVector('parse the config file'));
    expect(hashedWordVector('parse the config file')).toHaveLength(64);
    expect(hashedWordVector('parse the config file', 768)).toHaveLength(768);
  });

  it('has unit length, also for a text without words', () => {
    for (const text of ['parseConfig', 'a b c a b c', '', '  ...  ', 'ünïcode wörds']) {
      expect(length(hashedWordVector(text))).toBeCloseTo(1, 12);
    }
  });

  it('puts texts that share words closer than unrelated texts', () => {
    const query = hashedWordVector('parse config file');
    const related = hashedWordVector('parseConfig reads the config FILE');
    const unrelated = hashedWordVector('retry request with exponential backoff');
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated));
    expect(cosine(query, related)).toBeGreaterThan(0.5);
  });

  it('splits camelCase, acronyms and punctuation into the same words, in any case', () => {
    expect(hashedWordVector('parseHTTPConfig')).toEqual(hashedWordVector('parse_http.config'));
    expect(hashedWordVector('Parse Config')).toEqual(hashedWordVector('parse-config'));
  });
});
