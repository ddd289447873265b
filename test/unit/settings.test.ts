import { describe, expect, it } from 'vitest';
import { defaultModelUrl } from '../../server/config/schema.js';
import { applySettings, defaultSettings, settingLeaves } from '../../server/config/settings.js';

describe('settings', () => {
  it('has the documented defaults', () => {
    const settings = defaultSettings();
    expect(settings.model.name).toBe('qwen2.5-coder:1.5b-base');
    expect(settings.model.template).toBe('auto');
    expect(settings.completion.debounceMs).toBeGreaterThanOrEqual(0);
  });

  it.each([
    [undefined, 'http://127.0.0.1:11434'],
    ['', 'http://127.0.0.1:11434'],
    ['127.0.0.1:9999', 'http://127.0.0.1:9999'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['gpu-box', 'http://gpu-box:11434'],
    ['https://ollama.example.test', 'https://ollama.example.test'],
    ['http://10.0.0.5:8080/', 'http://10.0.0.5:8080'],
  ])('reads OLLAMA_HOST=%j as %s', (host, expected) => {
    expect(defaultModelUrl(host === undefined ? {} : { OLLAMA_HOST: host })).toBe(expected);
  });

  it('applies valid fields, nested or dotted', () => {
    const { settings, warnings } = applySettings(defaultSettings(), { model: { name: 'codellama:7b-code' }, 'completion.debounceMs': 20 });
    expect(warnings).toEqual([]);
    expect(settings.model.name).toBe('codellama:7b-code');
    expect(settings.completion.debounceMs).toBe(20);
  });

  it('keeps the previous value of an invalid field and names it in a warning', () => {
    const previous = applySettings(defaultSettings(), { completion: { debounceMs: 40 } }).settings;
    const { settings, warnings } = applySettings(previous, { completion: { debounceMs: -5, maxTokens: 64 }, model: { template: 'gpt' } });
    expect(settings.completion.debounceMs).toBe(40);
    expect(settings.completion.maxTokens).toBe(64);
    expect(settings.model.template).toBe('auto');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('completion.debounceMs');
    expect(warnings[1]).toContain('model.template');
  });

  it('warns about unknown settings and non-object input', () => {
    expect(applySettings(defaultSettings(), { model: { nmae: 'x' } }).warnings[0]).toContain('model.nmae');
    expect(applySettings(defaultSettings(), 'fast').warnings[0]).toContain('must be an object');
  });

  it('reads the provider, the name of the API key variable and extra headers (an object-valued setting)', () => {
    const { settings, warnings } = applySettings(defaultSettings(), {
      model: { provider: 'openai', apiKeyEnv: 'TEAM_GPU_KEY', headers: { 'X-Team': 'blue', 'OpenAI-Organization': 'org-1' } },
    });
    expect(warnings).toEqual([]);
    expect(settings.model).toMatchObject({ provider: 'openai', apiKeyEnv: 'TEAM_GPU_KEY', headers: { 'X-Team': 'blue', 'OpenAI-Organization': 'org-1' } });
    expect(applySettings(defaultSettings(), { 'model.headers': { 'X-Team': 'red' } }).settings.model.headers).toEqual({ 'X-Team': 'red' });
    expect(defaultSettings().model).toMatchObject({ provider: 'ollama', apiKeyEnv: '', headers: {} });
  });

  it('rejects a pasted key in apiKeyEnv and bad headers without repeating their values', () => {
    const previous = applySettings(defaultSettings(), { model: { headers: { 'X-Secret': 'hush-previous' } } }).settings;
    const { settings, warnings } = applySettings(previous, {
      model: { apiKeyEnv: 'sk-live-abc.123', headers: { 'X-Secret': 'hush\r\nInjected: 1' }, provider: 'bedrock' },
    });
    expect(settings.model.apiKeyEnv).toBe('');
    expect(settings.model.headers).toEqual({ 'X-Secret': 'hush-previous' });
    expect(settings.model.provider).toBe('ollama');
    expect(warnings).toHaveLength(3);
    const text = warnings.join('\n');
    for (const secret of ['sk-live-abc.123', 'hush', 'Injected']) expect(text).not.toContain(secret);
    expect(text).toContain('model.apiKeyEnv');
    expect(text).toContain('model.headers');
    expect(applySettings(defaultSettings(), { model: { headers: { 'Bad Name': 'x' } } }).warnings[0]).toContain('model.headers');
  });

  it('describes every leaf', () => {
    for (const leaf of settingLeaves()) expect(leaf.description, leaf.key).not.toBe('');
  });
});
