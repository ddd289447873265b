import { describe, expect, it } from 'vitest';
import { parseInSlices } from '../../server/syntax/sliced-parse.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { goSource } from '../support/edit-burst.js';

const go = new LanguageRegistry().byLanguageId('go')!;

describe('parseInSlices', () => {
  it('gives the tree a whole parse gives, with turns of the event loop between its slices', async () => {
    const text = goSource(400 * 1024);
    let turns = 0;
    const counting = setInterval(() => turns++, 0);
    const tree = await parseInSlices(go, text);
    clearInterval(counting);
    expect(tree?.rootNode.toString()).toBe(go.parser.parse(text).rootNode.toString());
    expect(turns).toBeGreaterThan(0);
  });

  it('parses again at once where the resumed parse gave up on the whole file', async () => {
    const source = goSource(400 * 1024);
    // A bracket left open near the top: resumed between slices, error recovery ends in an ERROR root here.
    const at = source.indexOf('{\n') + 2;
    const text = `${source.slice(0, at)}if (x {\n${source.slice(at)}`;
    // (Where a slice ends depends on the machine's speed, and so can the recovery of a resumed parse elsewhere.)
    expect((await parseInSlices(go, text))?.rootNode.type).toBe('source_file');
  });

  it('stops at the next slice when its signal aborts, with no tree', async () => {
    const controller = new AbortController();
    const parsing = parseInSlices(go, goSource(400 * 1024), controller.signal);
    controller.abort();
    expect(await parsing).toBeUndefined();
  });
});
