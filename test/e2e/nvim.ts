/** Running a headless Neovim for the end-to-end tests: found on PATH, isolated from the user's files. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `nvim --version`'s first line, or undefined when nvim is not on PATH. */
export function findNvim(): string | undefined {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.split('\n')[0] : undefined;
}

export interface NvimRun {
  /** What Neovim printed (headless, mostly mode messages); shown when a test fails. */
  output: string;
  exitCode: number | null;
  ms: number;
}

export interface NvimOptions {
  /** A scratch directory: the init file, HOME and the XDG directories go there. */
  dir: string;
  /** Lines of the generated init.lua. */
  init: string[];
  /** Neovim is killed after this long. */
  timeoutMs: number;
}

/** Runs `nvim --headless --clean -u <init>` with HOME and XDG directories inside `dir`. */
export async function runNvim(options: NvimOptions): Promise<NvimRun> {
  const init = join(options.dir, 'init.lua');
  writeFileSync(init, options.init.join('\n') + '\n');
  const home = join(options.dir, 'home');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_STATE_HOME: join(home, '.local/state'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
  delete env.OLLAMA_HOST;
  const started = performance.now();
  const child = spawn('nvim', ['--headless', '--clean', '-u', init], { cwd: options.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(killer);
  return { output, exitCode, ms: Math.round(performance.now() - started) };
}

/** A Lua expression that decodes `value` (JSON in a long string, so paths need no escaping). */
export function luaValue(value: unknown): string {
  return `vim.fn.json_decode([==[${JSON.stringify(value)}]==])`;
}

/** Runs `nvim --headless -u NONE -c "luafile SCRIPT"` (a plugin test script) and waits for it, killing it after `timeoutMs`. */
export async function runLuaScript(options: { script: string; cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<void> {
  const nvim = spawn('nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${options.script}`], { cwd: options.cwd, env: options.env, stdio: 'ignore' });
  const kill = setTimeout(() => nvim.kill('SIGKILL'), options.timeoutMs);
  await new Promise((resolve) => nvim.on('exit', resolve));
  clearTimeout(kill);
}

/** The `{key, value}` lines a test script wrote, as one object (a later key wins). */
export function readKeyLog(path: string): Record<string, unknown> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const { key, value } = JSON.parse(line) as { key: string; value: unknown };
        return [key, value];
      }),
  );
}
