import { describe, expect, it } from 'vitest';
import { detectFamily, familyFromModelName, familyFromTemplate } from '../../server/completion/family.js';
import type { FimFamily } from '../../server/completion/templates.js';

// Templates in the shape Ollama's /api/show returns them.
const TEMPLATES = {
  qwenCoder:
    '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>\n' + '{{- else if .Messages }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}',
  codegemmaBare: '<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>',
  codegemmaChat:
    '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>' +
    '{{- else }}<start_of_turn>user\n{{ .Prompt }}<end_of_turn>\n<start_of_turn>model\n{{ end }}',
  codegemmaFileSep: '<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{ .Response }}<|file_separator|>',
  deepseek: '{{- if .Suffix }}<\uFF5Cfim\u2581begin\uFF5C>{{ .Prompt }}<\uFF5Cfim\u2581hole\uFF5C>{{ .Suffix }}' + '<\uFF5Cfim\u2581end\uFF5C>{{- else }}{{ .Prompt }}{{ end }}',
  starcoder: '{{- if .Suffix }}<fim_prefix>{{ .Prompt }}<fim_suffix>{{ .Suffix }}<fim_middle>{{- else }}{{ .Prompt }}{{- end }}',
  codellama: '{{- if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>{{- else }}{{ .Prompt }}{{- end }}',
  codestral: '{{- if .Suffix }}[SUFFIX]{{ .Suffix }}[PREFIX] {{ .Prompt }}{{- else }}[INST] {{ .Prompt }}[/INST]{{ end }}',
  qwenChat: '{{- if .Messages }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{- end }}<|im_start|>assistant\n',
  mistralChat: '[INST] {{ if .System }}{{ .System }} {{ end }}{{ .Prompt }}[/INST]',
  llama3Chat: '<|start_header_id|>user<|end_header_id|>\n\n{{ .Prompt }}<|eot_id|>',
} as const;

describe('familyFromModelName', () => {
  const cases: Array<[string, FimFamily | undefined]> = [
    ['qwen2.5-coder:1.5b-base', 'qwen'],
    ['qwen2.5-coder:7b', 'qwen'],
    ['qwen3-coder', 'qwen'],
    ['Qwen2.5-Coder:1.5B-Base', 'qwen'],
    ['deepseek-coder:1.3b-base', 'deepseek'],
    ['deepseek-coder-v2:16b', 'deepseek'],
    ['codellama:7b-code', 'codellama'],
    ['starcoder2:3b', 'starcoder'],
    ['starcoder:1b', 'starcoder'],
    ['codestral:22b', 'codestral'],
    ['codegemma:2b-code', 'codegemma'],
    ['hf.co/Qwen/Qwen2.5-Coder-1.5B-GGUF:Q4_K_M', 'qwen'],
    ['hf.co/bartowski/DeepSeek-Coder-V2-Lite-Base-GGUF:Q4_K_M', 'deepseek'],
    ['library/qwen2.5-coder', 'qwen'],
    ['registry.ollama.ai/library/codegemma:7b', 'codegemma'],
    ['alice/qwen2.5-coder-tuned:latest', 'qwen'],
    ['my-starcoder2:q8', 'starcoder'],
    // The trap: Qwen chat models have no FIM training.
    ['qwen2.5:7b', undefined],
    ['qwen3:8b', undefined],
    ['hf.co/Qwen/Qwen2.5-7B-Instruct-GGUF:Q4_K_M', undefined],
    // A namespace names the publisher, not the model.
    ['deepseek-ai/some-chat-model', undefined],
    ['deepseek-r1:7b', undefined],
    ['llama3', undefined],
    ['llama3.1:8b', undefined],
    ['mistral', undefined],
    ['phi3', undefined],
    ['gemma2:2b', undefined],
    ['my-model:latest', undefined],
    ['', undefined],
  ];
  it.each(cases)('%s → %s', (name, expected) => {
    expect(familyFromModelName(name)).toBe(expected);
  });
});

describe('familyFromTemplate', () => {
  const cases: Array<[keyof typeof TEMPLATES, FimFamily | undefined]> = [
    ['qwenCoder', 'qwen'],
    // Without a Gemma marker the tokens are Qwen's; detectFamily settles it by name.
    ['codegemmaBare', 'qwen'],
    ['codegemmaChat', 'codegemma'],
    ['codegemmaFileSep', 'codegemma'],
    ['deepseek', 'deepseek'],
    ['starcoder', 'starcoder'],
    ['codellama', 'codellama'],
    ['codestral', 'codestral'],
    ['qwenChat', undefined],
    ['mistralChat', undefined],
    ['llama3Chat', undefined],
  ];
  it.each(cases)('%s → %s', (key, expected) => {
    expect(familyFromTemplate(TEMPLATES[key])).toBe(expected);
  });

  it('ignores an empty template', () => {
    expect(familyFromTemplate('')).toBeUndefined();
  });
});

describe('detectFamily', () => {
  const cases: Array<[string, Parameters<typeof detectFamily>[0], ReturnType<typeof detectFamily>]> = [
    [
      'override beats template and name',
      { modelName: 'qwen2.5-coder:1.5b-base', template: TEMPLATES.qwenCoder, override: 'starcoder' },
      { family: 'starcoder', source: 'override' },
    ],
    ['override rescues an unknown model', { modelName: 'my-model:latest', override: 'deepseek' }, { family: 'deepseek', source: 'override' }],
    ['auto defers to the template', { modelName: 'my-model:latest', template: TEMPLATES.starcoder, override: 'auto' }, { family: 'starcoder', source: 'template' }],
    ['template beats the name', { modelName: 'starcoder2:3b', template: TEMPLATES.qwenCoder }, { family: 'qwen', source: 'template' }],
    ['shared FIM tokens + gemma name → codegemma', { modelName: 'codegemma:2b-code', template: TEMPLATES.codegemmaBare }, { family: 'codegemma', source: 'template' }],
    ['shared FIM tokens + qwen name → qwen', { modelName: 'qwen2.5-coder:7b', template: TEMPLATES.codegemmaBare }, { family: 'qwen', source: 'template' }],
    [
      'gemma marker in the template wins over an unhelpful name',
      { modelName: 'alice/autocomplete:latest', template: TEMPLATES.codegemmaChat },
      { family: 'codegemma', source: 'template' },
    ],
    ['chat-only template falls back to the name', { modelName: 'deepseek-coder-v2:16b', template: TEMPLATES.llama3Chat }, { family: 'deepseek', source: 'name' }],
    ['no template: the name decides', { modelName: 'codellama:7b-code' }, { family: 'codellama', source: 'name' }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(detectFamily(input)).toEqual(expected);
  });

  it('qwen without coder is refused, with a suggestion', () => {
    const result = detectFamily({ modelName: 'qwen2.5:7b', template: TEMPLATES.qwenChat });
    expect(result.family).toBeUndefined();
    if (result.family !== undefined) return;
    expect(result.reason).toMatch(/no fill-in-the-middle \(FIM\) support/);
    expect(result.reason).toContain('qwen2.5-coder:1.5b-base');
    expect(result.reason).toContain('qwen2.5:7b');
  });

  const refused: Array<[string, RegExp]> = [
    ['llama3', /llama chat\/general model.*no fill-in-the-middle/],
    ['mistral', /mistral chat\/general model.*no fill-in-the-middle/],
    ['phi3', /phi chat\/general model.*no fill-in-the-middle/],
    ['dolphin-mistral', /mistral chat\/general model/],
    ['my-model:latest', /cannot tell .*"my-model:latest".*qwen, deepseek, codellama, starcoder, codestral, codegemma/],
    ['', /no model name is configured/],
  ];
  it.each(refused)('%s is refused with a clear reason', (modelName, reason) => {
    const result = detectFamily({ modelName, template: TEMPLATES.mistralChat });
    expect(result).toEqual({ family: undefined, reason: expect.stringMatching(reason) });
  });
});
