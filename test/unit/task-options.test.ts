import { describe, expect, it } from 'vitest';
import { locateOnlyConflict } from '../../server/cli/task-options.js';

describe('locateOnlyConflict', () => {
  it('lets --locate-only go with the flags that shape a ranking, and any flag go without it', () => {
    expect(locateOnlyConflict({ 'locate-only': true, json: true, root: '/work' })).toBeUndefined();
    expect(locateOnlyConflict({ apply: true, commit: true, alternatives: '2', rerank: true })).toBeUndefined();
    // A boolean flag parsed as false was not given.
    expect(locateOnlyConflict({ 'locate-only': true, apply: false })).toBeUndefined();
  });

  it.each([
    [{ apply: true }, '--apply acts'],
    [{ commit: true }, '--commit acts'],
    [{ alternatives: '0' }, '--alternatives acts'],
    [{ 'test-cmd': 'true' }, '--test-cmd acts'],
    [{ 'timeout-ms': '5000' }, '--timeout-ms acts'],
    [{ 'allow-unverified': true }, '--allow-unverified acts'],
  ])('refuses %o, which acts on a patch', (flags, start) => {
    expect(locateOnlyConflict({ 'locate-only': true, ...flags })).toBe(`${start} on a patch, and --locate-only makes none: use one or the other`);
  });

  it('names every patch flag given, in one line', () => {
    expect(locateOnlyConflict({ 'locate-only': true, apply: true, commit: true, 'test-cmd': 'make' })).toBe(
      '--apply, --commit and --test-cmd act on a patch, and --locate-only makes none: use one or the other',
    );
  });

  it('says first that a model pass makes no sense without a model call', () => {
    expect(locateOnlyConflict({ 'locate-only': true, rerank: true, apply: true })).toBe(
      '--rerank and --embed-model ask a model, and --locate-only makes no model call: use one or the other',
    );
    expect(locateOnlyConflict({ 'locate-only': true, 'embed-model': '' })).toMatch(/^--rerank and --embed-model ask a model/);
  });
});
