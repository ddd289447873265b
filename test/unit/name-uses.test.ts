import { describe, expect, it } from 'vitest';
import { chainReference, focusAt, lineTracker, referenceKey, type Reference } from '../../server/context/retrieval/focus.js';
import { followsDot } from '../../server/context/index/usage.js';
import { fileWideReferences, fileWideReferenceSteps, MAX_FILE_WIDE_NAMES } from '../../server/context/retrieval/sources/file-wide.js';
import { NAME_USE, NameUses } from '../../server/context/retrieval/sources/name-uses.js';
import type { ImportScope, SourceInput } from '../../server/context/retrieval/sources/types.js';
import { languageModule } from '../../server/syntax/modules.js';
import type { LanguageId } from '../../server/core/language.js';

const SNIPPETS: Array<{ languageId: LanguageId; text: string }> = [
  {
    languageId: 'go',
    text: 'package x\n\nimport (\n\t"fmt"\n\tstr "strings"\n)\n\nfunc (s *Server) Serve(l net.Listener) error {\n\tsrv := &http.Server{Handler: s}\n\tfmt.Println(str.ToUpper(s.name), s.conf.Addr)\n\tb := binary.BigEndian.PutUint32 (buf, 0x1F)\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tx := a.B().Name(1).Other\n\tfmt.Sprintf\n\t(  "%d", 3)\n\treturn srv.Serve(l) + helper(1e9) + 12abc(2)\n}\n',
  },
  {
    languageId: 'typescript',
    text: "import * as ns from './ns'\nimport { run, Kind } from './run'\n\nclass Store {\n  private readonly cache = new Map<string, Kind>()\n  get(key: string) {\n    return this.cache.get(key) ?? this.#x?.value.read() ?? ns.make(key)\n  }\n}\nrun(ns.Kind.A, Store.prototype.get.call(\u00a0x))\nconst $el = $(sel)\nfoo\u00a0(1); bar\u2003.baz(2) // caf\u00e9 \u2026 \u2192 ok\nobj?.a.b(\n",
  },
  {
    languageId: 'python',
    text: 'import os.path\nfrom . import util\nfrom .shapes import Extractor as _E\n\n\ndef build(a):\n    p = os.path.join(a, "b")\n    sep = os.path.sep + a.b.c\n    util.f(a).g()\n    _E(a).result()\n    self.parts.append(x)\n    return os.sep, super().__init__()\n',
  },
  { languageId: 'typescript', text: 'const gr\u00f6\u00dfe = ma\u00dfe.get(k); Z\u00e4hler.count(1); \ud835\udc65.\ud835\udc66(2); x.\u00e9t\u00e9 ( 3)\n' },
  { languageId: 'go', text: 'x := a.\n\tB().\n\tName(\n\t1)\ny := c . d(2)\nz := e...f(3)\n' },
  // Non-ASCII letters and digits in comments (prometheus's summary.go and histogram.go), names that start with one, spaces past ASCII before a call.
  {
    languageId: 'go',
    text: '// the \u03c6-quantile, 10\u00b9\u2070 buckets\nq := s.Quantile(\u03c6)\n\u00e9t\u00e9.Run\u3000(1)\n\ud835\udc65(2).\u00e9(3)\n_\u0663x.y\ufeff(4)\n',
  },
];

/** Tokens random texts are made of: names, dots, calls, every ASCII space, non-ASCII spaces, symbols and letters. */
const TOKENS = [
  'a',
  'B',
  '_x',
  'fmt',
  'os',
  'path',
  'this',
  'self',
  'ns',
  '9',
  '1a',
  '.',
  '..',
  '...',
  '(',
  ')',
  ' ',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u00a0',
  '\u2003',
  '\u2026',
  '$',
  '#',
  '"',
  '?.',
  '->',
];
const LETTERS = ['\u00e9', '\ud835\udc65', '\u0416', '\u0663', '\u216b', '\u2028', '\ud83d\ude00', '\udc65'];

/** A deterministic text of `count` tokens (mulberry32): no unicode letter unless `letters`. */
function randomText(seed: number, count: number, letters: boolean): string {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const tokens = letters ? [...TOKENS, ...LETTERS] : TOKENS;
  return Array.from({ length: count }, () => tokens[Math.floor(next() * tokens.length)]!).join('');
}

const RANDOM = Array.from({ length: 60 }, (_, i) => randomText(i + 1, 200, i % 4 === 3));

/** The uses as the pattern finds them: where each starts, its groups, and where the scan goes on. */
function byPattern(text: string): unknown[] {
  return [...text.matchAll(NAME_USE)].map((m) => [m.index, m[1], m[2], m[3] !== undefined]);
}

function byScanner(text: string): unknown[] {
  const found: unknown[] = [];
  for (const use = new NameUses(text); use.next();) {
    const member = use.memberStart < 0 ? undefined : text.slice(use.memberStart, use.memberEnd);
    found.push([use.nameStart, text.slice(use.nameStart, use.nameEnd), member, use.called]);
  }
  return found;
}

/** The file-wide references as the pattern's matches gave them before the scanner, the cursor on the first line. */
function expectedReferences(languageId: LanguageId, text: string, scope: ImportScope): unknown[] {
  const module = languageModule(languageId);
  const namesUses = module?.packages.importsNameUses === true;
  const chains = { dotted: module?.packages.dottedNamespaces === true, chainAt: module?.declarations.receiverChain };
  const bindings = namesUses ? [...scope.bindings.keys()].map((name) => ({ name, weight: 0.45 })) : [];
  const uses = new Map<string, { reference: Reference; count: number; distance: number }>();
  const lineAt = lineTracker(text, 0);
  for (const match of text.matchAll(NAME_USE)) {
    const called = match[3] !== undefined;
    const at = match.index;
    const dotted = match[2] === undefined && followsDot(text, at);
    if (match[2] === undefined && !dotted && (namesUses || !called)) continue;
    if (!called && match[2] !== undefined && !scope.namespaces.has(match[1]!)) continue;
    const reference: Reference = { name: match[2] ?? match[1]!, qualifier: match[2] === undefined ? undefined : match[1], weight: 0 };
    if (dotted) chainReference(reference, text, at, chains);
    const member = reference.qualifier !== undefined && !scope.namespaces.has(reference.qualifier);
    if (member ? !called : reference.qualifier === undefined && (namesUses || !called)) continue;
    const known = uses.get(referenceKey(reference));
    if (known) known.count++;
    else uses.set(referenceKey(reference), { reference, count: 1, distance: lineAt(at) });
  }
  const weight = (count: number, distance: number) => 0.35 * Math.min(1.2, (0.4 + 0.6 / (1 + distance / 40)) * (1 + 0.25 * Math.log2(count)));
  const weighed = [...uses.values()].map(({ reference, count, distance }) => ({ ...reference, weight: weight(count, distance) }));
  // The weightiest MAX_FILE_WIDE_NAMES by a stable full sort, in text order.
  const kept = new Set([...weighed].sort((a, b) => b.weight - a.weight).slice(0, MAX_FILE_WIDE_NAMES));
  return [...bindings, ...weighed.filter((reference) => kept.has(reference))];
}

function actualReferences(languageId: LanguageId, text: string, scope: ImportScope): unknown[] {
  const input = { languageId, focus: focusAt({ text, offset: 0, languageId }), scope } as Omit<SourceInput, 'index' | 'file'>;
  return fileWideReferences(input as SourceInput, scope);
}

const SCOPES: Record<string, ImportScope> = {
  go: {
    namespaces: new Map([
      ['fmt', []],
      ['str', []],
      ['binary', []],
      ['a', []],
    ]),
    bindings: new Map(),
    files: [],
  },
  typescript: { namespaces: new Map([['ns', []]]), bindings: new Map([['run', { imported: 'run', files: [] }]]), files: [] },
  python: {
    namespaces: new Map([
      ['os', []],
      ['os.path', []],
      ['util', []],
    ]),
    bindings: new Map([['_E', { imported: 'Extractor', files: [] }]]),
    files: [],
  },
};

describe('NameUses', () => {
  it.each([...SNIPPETS.map(({ text }) => text), ...RANDOM])('finds the uses the pattern matches, in order (%#)', (text) => {
    expect(byScanner(text)).toEqual(byPattern(text));
  });

  it('finds calls, members and chains', () => {
    const text = 'a.B().Name(x.y, fmt .Println\n(1))';
    expect(byScanner(text)).toEqual([
      [0, 'a', 'B', true],
      [text.indexOf('Name'), 'Name', undefined, true],
      [text.indexOf('x.y'), 'x', 'y', false],
      [text.indexOf('fmt'), 'fmt', undefined, false],
      [text.indexOf('Println'), 'Println', undefined, true],
    ]);
  });
});

describe('fileWideReferences', () => {
  it.each([...SNIPPETS, ...RANDOM.map((text, i): { languageId: LanguageId; text: string } => ({ languageId: (['go', 'typescript', 'python'] as const)[i % 3]!, text }))])(
    'gives the references the pattern gave, in order ($languageId, %#)',
    ({ languageId, text }) => {
      const scope = SCOPES[languageId]!;
      expect(actualReferences(languageId, text, scope)).toEqual(expectedReferences(languageId, text, scope));
    },
  );
});

describe('fileWideReferenceSteps', () => {
  it('reads a long file in steps, with the references the scan at once gives', () => {
    // 1,200 lines around the cursor of six calls and members each: about 12,000 names.
    const line = '\tfmt.Println(s.name, str.ToUpper(v.Key()), a.B().Name(x), helper(y))\n';
    const text = `package x\n\nfunc f() {\n${line.repeat(600)}\t\n${line.repeat(600)}}\n`;
    const input = { languageId: 'go', focus: focusAt({ text, offset: text.indexOf('\t\n') + 1, languageId: 'go' }), scope: SCOPES.go! } as Omit<SourceInput, 'index' | 'file'>;
    const steps = fileWideReferenceSteps(input as SourceInput, SCOPES.go!);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    expect(yields).toBeGreaterThanOrEqual(8);
    expect(step.value).toEqual(fileWideReferences(input as SourceInput, SCOPES.go!));
    expect(step.value.map(({ name }) => name)).toEqual(expect.arrayContaining(['Println', 'ToUpper', 'Key', 'Name', 'helper']));
  });
});

describe('fileWideReferences in a dense file', () => {
  it('keeps the MAX_FILE_WIDE_NAMES weightiest names (near, or used often), in the order the text gives them', () => {
    // 100 functions called once each on the lines below the cursor, then one called eight times 300 lines down.
    const calls = Array.from({ length: 100 }, (_, i) => `\tcall${i}(x)\n`).join('');
    const text = `package x\n\nfunc f() {\n\t\n${calls}${'\t_ = 1\n'.repeat(200)}${'\tpopular(x)\n'.repeat(8)}}\n`;
    const scope = SCOPES.go!;
    const input = { languageId: 'go', focus: focusAt({ text, offset: text.indexOf('\t\n') + 1, languageId: 'go' }), scope } as Omit<SourceInput, 'index' | 'file'>;
    const names = fileWideReferences(input as SourceInput, scope).map(({ name }) => name);
    // Eight uses 300 lines away weigh more than one use 17 lines away or further (`f(` of the header reads as a call, one line up).
    expect(names).toEqual(['f', ...Array.from({ length: MAX_FILE_WIDE_NAMES - 2 }, (_, i) => `call${i}`), 'popular']);
  });
});
