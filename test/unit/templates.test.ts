import { describe, expect, it } from 'vitest';
import { FIM_FAMILIES, buildFimPrompt, commentSnippets, sanitizeForPrompt, stopTokens, type FimFamily, type PromptParts } from '../../server/completion/templates.js';

// DeepSeek's tokens, spelled with escapes so the test cannot silently use ASCII look-alikes.
const DS_BEGIN = '<\uFF5Cfim\u2581begin\uFF5C>';
const DS_HOLE = '<\uFF5Cfim\u2581hole\uFF5C>';
const DS_END = '<\uFF5Cfim\u2581end\uFF5C>';
const DS_EOS = '<\uFF5Cend\u2581of\u2581sentence\uFF5C>';

const P = 'const grüße = "héllo 👋";\nfunction 数(x) {\n  return ';
const S = ';\n}\n// 終わり 🎉\n';

const CONTEXT: PromptParts = {
  prefix: P,
  suffix: S,
  repoName: 'ghostline',
  filePath: 'src/main.ts',
  snippets: [
    { path: 'src/ütil.ts', content: 'export const ok = "✓";\n' },
    { path: 'src/b.ts', content: 'export type B = 1;' },
  ],
};

const COMMENT_HEADER = '// Path: src/ütil.ts\n// export const ok = "✓";\n// Path: src/b.ts\n// export type B = 1;\n// Path: src/main.ts\n';

describe('buildFimPrompt without repository context', () => {
  const cases: Array<[FimFamily, string]> = [
    ['qwen', `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`],
    ['deepseek', `${DS_BEGIN}${P}${DS_HOLE}${S}${DS_END}`],
    ['codellama', `<PRE> ${P} <SUF>${S} <MID>`],
    ['starcoder', `<fim_prefix>${P}<fim_suffix>${S}<fim_middle>`],
    ['codestral', `[SUFFIX]${S}[PREFIX]${P}`],
    ['codegemma', `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`],
  ];
  it.each(cases)('%s', (family, expected) => {
    expect(buildFimPrompt(family, { prefix: P, suffix: S })).toBe(expected);
  });

  it.each(FIM_FAMILIES.map((f) => [f]))('%s: empty snippet list is the bare format', (family) => {
    expect(buildFimPrompt(family, { prefix: P, suffix: S, snippets: [] })).toBe(buildFimPrompt(family, { prefix: P, suffix: S }));
  });
});

describe('buildFimPrompt with repository context', () => {
  const cases: Array<[FimFamily, string]> = [
    [
      'qwen',
      '<|repo_name|>ghostline\n<|file_sep|>src/ütil.ts\nexport const ok = "✓";\n\n' +
        '<|file_sep|>src/b.ts\nexport type B = 1;\n<|file_sep|>src/main.ts\n' +
        `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`,
    ],
    ['deepseek', `${DS_BEGIN}// src/ütil.ts\nexport const ok = "✓";\n// src/b.ts\nexport type B = 1;\n// src/main.ts\n` + `${P}${DS_HOLE}${S}${DS_END}`],
    ['codellama', `<PRE> ${COMMENT_HEADER}${P} <SUF>${S} <MID>`],
    [
      'starcoder',
      '<repo_name>ghostline<file_sep>src/ütil.ts\nexport const ok = "✓";\n<file_sep>src/b.ts\nexport type B = 1;' +
        `<file_sep><fim_prefix>src/main.ts\n${P}<fim_suffix>${S}<fim_middle>`,
    ],
    ['codestral', `[SUFFIX]${S}[PREFIX]${COMMENT_HEADER}${P}`],
    [
      'codegemma',
      'src/ütil.ts\nexport const ok = "✓";\n<|file_separator|>src/b.ts\nexport type B = 1;<|file_separator|>' + `src/main.ts\n<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`,
    ],
  ];
  it.each(cases)('%s', (family, expected) => {
    expect(buildFimPrompt(family, CONTEXT)).toBe(expected);
  });

  it('qwen: file path alone still uses the repository format', () => {
    expect(buildFimPrompt('qwen', { prefix: P, suffix: S, filePath: 'a.ts' })).toBe(`<|file_sep|>a.ts\n<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`);
  });

  it('comment families use the language line comment', () => {
    const parts: PromptParts = {
      prefix: 'x = ',
      suffix: '',
      filePath: 'main.py',
      snippets: [{ path: 'util.py', content: 'def f():\n    pass\n' }],
      lineComment: '#',
    };
    expect(buildFimPrompt('codellama', parts)).toBe('<PRE> # Path: util.py\n# def f():\n#     pass\n# Path: main.py\nx =  <SUF> <MID>');
    expect(buildFimPrompt('deepseek', parts)).toBe(`${DS_BEGIN}# util.py\ndef f():\n    pass\n# main.py\nx = ${DS_HOLE}${DS_END}`);
  });
});

describe('commentSnippets', () => {
  const cases: Array<[string, string, string]> = [
    ['plain', 'a\nb\n', '// Path: p.ts\n// a\n// b\n'],
    ['no trailing newline', 'a\nb', '// Path: p.ts\n// a\n// b\n'],
    ['blank lines carry no trailing space', 'a\n\nb\n', '// Path: p.ts\n// a\n//\n// b\n'],
    ['CRLF and lone CR never end the comment early', 'a\r\nb\rc', '// Path: p.ts\n// a\n// b\n// c\n'],
    ['empty content', '', '// Path: p.ts\n'],
  ];
  it.each(cases)('%s', (_name, content, expected) => {
    expect(commentSnippets([{ path: 'p.ts', content }], '//')).toBe(expected);
  });
});

describe('stopTokens', () => {
  const QWEN = ['<|endoftext|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>', '<|im_start|>', '<|im_end|>'];
  const cases: Array<[FimFamily, string[]]> = [
    ['qwen', QWEN],
    ['deepseek', [DS_EOS, DS_BEGIN, DS_HOLE, DS_END]],
    ['codellama', ['<EOT>', '<PRE>', '<SUF>', '<MID>']],
    ['starcoder', ['<|endoftext|>', '<file_sep>', '<repo_name>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>']],
    ['codestral', ['[PREFIX]', '[SUFFIX]']],
    ['codegemma', ['<|file_separator|>', '<eos>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>']],
  ];
  it.each(cases)('%s', (family, expected) => {
    expect(stopTokens(family)).toEqual(expected);
  });

  it('returns a fresh array each call', () => {
    const first = stopTokens('qwen');
    first.push('mutated');
    expect(stopTokens('qwen')).not.toContain('mutated');
  });
});

describe('prompt stability (KV-cache reuse)', () => {
  it.each(FIM_FAMILIES.map((f) => [f]))('%s: identical input gives identical bytes', (family) => {
    const again: PromptParts = structuredClone(CONTEXT);
    expect(buildFimPrompt(family, again)).toBe(buildFimPrompt(family, CONTEXT));
  });

  it.each(FIM_FAMILIES.map((f) => [f]))('%s: changing the prefix tail keeps everything before it', (family) => {
    const head = `${P}let ä = 1;\n`;
    const a = buildFimPrompt(family, { ...CONTEXT, prefix: `${head}foo` });
    const b = buildFimPrompt(family, { ...CONTEXT, prefix: `${head}bär🚀` });
    const stable = a.indexOf(head) + head.length;
    expect(a.indexOf(head)).toBeGreaterThanOrEqual(0);
    expect(b.slice(0, stable)).toBe(a.slice(0, stable));
  });

  it.each(FIM_FAMILIES.map((f) => [f]))('%s: snippets and file path come before the prefix', (family) => {
    const prompt = buildFimPrompt(family, CONTEXT);
    const prefixAt = prompt.indexOf(P);
    expect(prompt.indexOf('export type B = 1;')).toBeLessThan(prefixAt);
    expect(prompt.indexOf('src/main.ts')).toBeLessThan(prefixAt);
  });
});

describe('sanitizeForPrompt', () => {
  const everyStop = [...new Set(FIM_FAMILIES.flatMap((f) => stopTokens(f)))];
  it.each(everyStop.map((t) => [t]))('removes %s', (token) => {
    expect(sanitizeForPrompt(`a${token}b`)).toBe('ab');
  });

  const cases: Array<[string, string, string]> = [
    ['deepseek tokens', `x${DS_BEGIN}y${DS_HOLE}z${DS_END}`, 'xyz'],
    ['tokens rebuilt by removal', '<|fim_<|fim_pad|>prefix|>', ''],
    ['several tokens at once', '<fim_prefix>a<fim_suffix>b[SUFFIX]c<|file_separator|>', 'abc'],
    ['ordinary text is untouched', 'if (a <pre> b) { x | y } // 日本 👋 <|notatoken|>', 'if (a <pre> b) { x | y } // 日本 👋 <|notatoken|>'],
    ['ASCII look-alike of a DeepSeek token stays', '<|fim▁begin|>', '<|fim▁begin|>'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(sanitizeForPrompt(input)).toBe(expected);
  });

  it('buildFimPrompt strips injected tokens from prefix, suffix and snippets', () => {
    const prompt = buildFimPrompt('qwen', {
      prefix: 'a<|fim_middle|>b',
      suffix: 'c<|endoftext|>d',
      filePath: 'f.ts',
      snippets: [{ path: 'g.ts', content: 'e<|file_sep|>f' }],
    });
    expect(prompt).toBe('<|file_sep|>g.ts\nef\n<|file_sep|>f.ts\n<|fim_prefix|>ab<|fim_suffix|>cd<|fim_middle|>');
  });
});
