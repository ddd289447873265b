import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { closedAfterEach } from '../support/cleanup.js';
import { startFakeLlamaCpp } from '../support/fake-llamacpp.js';
import { DEFAULT_OPENAI_MODEL, startFakeOpenAi } from '../support/fake-openai.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/ghostline.js', import.meta.url).pathname;
const KEY = 'sk-doctor-test-0011223344556677';

async function ghostline(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, OLLAMA_HOST: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const closing = closedAfterEach();

describe('ghostline doctor for the other backends', () => {
  it('openai: server reachable with the key, model listed, FIM format from the name, a timed sample', async () => {
    const openai = closing(await startFakeOpenAi({ apiKey: KEY, models: ['other/model', DEFAULT_OPENAI_MODEL] }));
    openai.reply({ text: 'fmt.Println("hello", name)\n' });
    const { code, stdout, stderr } = await ghostline(['doctor', '--provider', 'openai', '--url', openai.baseUrl, '--model', DEFAULT_OPENAI_MODEL, '--api-key-env', 'DOCTOR_KEY'], {
      DOCTOR_KEY: KEY,
    });
    expect(stdout).toMatch(/^ok\s+model server\s+http:\/\/127\.0\.0\.1:\d+\/v1 \(OpenAI-compatible, 2 models listed\)$/m);
    expect(stdout).toMatch(/^ok\s+model\s+Qwen\/Qwen2\.5-Coder-1\.5B$/m);
    expect(stdout).toMatch(/^ok\s+FIM format\s+qwen \(from name\)$/m);
    expect(stdout).toMatch(/^ok\s+sample completion\s+\d+ ms: "fmt\.Println\(\\"hello\\", name\)"$/m);
    expect(code).toBe(0);
    expect(openai.generateRequests()[0]?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(stdout + stderr).not.toContain(KEY);
  });

  it('openai: lists what the server has when the model is not there, and names the key variable when refused', async () => {
    const openai = closing(await startFakeOpenAi({ apiKey: KEY, models: ['a/b', 'c/d'] }));
    const missing = await ghostline(['doctor', '--provider', 'openai', '--url', openai.baseUrl, '--model', 'x/y', '--api-key-env', 'DOCTOR_KEY'], { DOCTOR_KEY: KEY });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^FAIL\s+model\s+x\/y is not listed by the server; set --model to one of: a\/b, c\/d$/m);
    const refused = await ghostline(['doctor', '--provider', 'openai', '--url', openai.baseUrl, '--api-key-env', 'DOCTOR_KEY'], { DOCTOR_KEY: 'wrong-key' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^FAIL\s+model server\s+.*HTTP 401.*DOCTOR_KEY/m);
    expect(refused.stdout).not.toContain('wrong-key');
  });

  it('llamacpp: health, the loaded model, FIM done by the server, a timed sample through /infill', async () => {
    const llama = closing(await startFakeLlamaCpp());
    llama.reply({ text: 'fmt.Println("hi", name)\n' });
    const { code, stdout } = await ghostline(['doctor', '--provider', 'llamacpp', '--url', llama.url]);
    expect(stdout).toMatch(/^ok\s+model server\s+http:\/\/127\.0\.0\.1:\d+ \(llama-server, build b5000-fake, 1 slots\)$/m);
    expect(stdout).toMatch(/^ok\s+model\s+qwen2\.5-coder-1\.5b-q8_0\.gguf$/m);
    expect(stdout).toMatch(/^ok\s+FIM format\s+applied by llama-server \(\/infill\)$/m);
    expect(stdout).toMatch(/^ok\s+sample completion\s+\d+ ms: "fmt\.Println\(\\"hi\\", name\)"$/m);
    expect(code).toBe(0);
    expect(llama.generateRequests()[0]?.path).toBe('/infill');
  });

  it('llamacpp: says to start llama-server when nothing listens, and what it answers while loading', async () => {
    const llama = closing(await startFakeLlamaCpp({ loading: true }));
    await llama.stop();
    const down = await ghostline(['doctor', '--provider', 'llamacpp', '--url', llama.url]);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/^FAIL\s+model server\s+cannot reach .*ECONNREFUSED.*llama-server/m);
    await llama.start();
    const loading = await ghostline(['doctor', '--provider', 'llamacpp', '--url', llama.url]);
    expect(loading.stdout).toMatch(/^FAIL\s+model server\s+.*HTTP 503: Loading model/m);
  });

  it("rejects an unknown provider by name, in the flag's words, before any check", async () => {
    const { code, stdout, stderr } = await ghostline(['doctor', '--provider', 'bedrock', '--url', 'http://127.0.0.1:9']);
    expect(stderr).toContain('--provider "bedrock": expected one of ollama, openai, llamacpp');
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});
