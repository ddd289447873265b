/**
 * The servers the peers benchmark compares, each started the way its users run it and pointed at its
 * own scripted model on 127.0.0.1 with the same latency and replies: Ghostline (completion items or
 * inline completions) against a fake Ollama, tabby-agent 1.5.0 against a fake Tabby server.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RecordedRequest } from '../../test/support/fake-http.js';
import { startFakeOllama, type FakeOllama } from '../../test/support/fake-ollama.js';
import { INLINE_CAPABILITIES, ITEMS_CAPABILITIES, SERVER_ENTRY } from '../../test/support/lsp-client.js';
import { startFakeTabby } from './fake-tabby.js';
import { PeerClient } from './peer-client.js';

export const TABBY_AGENT_VERSION = '1.5.0';

/** Which server, and through which LSP request its suggestions are asked for. */
export type ServerKind = 'ghostline-items' | 'ghostline-inline' | 'tabby-agent';
/** Each server's own default debounce, or none at all. */
export type Debounce = 'defaults' | 'debounce-0';

/** The scripted model behind a server, seen through what every fake shares. */
export interface ScriptedModel {
  reply(responder: (request: RecordedRequest) => { text: string; ttftMs?: number }): void;
  setDefaultLatency(latency: { ttftMs: number; perTokenMs: number }): void;
  generateRequests(): RecordedRequest[];
  resetStats(): void;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/** A server under test, its client and its model. */
export interface Served {
  kind: ServerKind;
  debounce: Debounce;
  client: PeerClient;
  model: ScriptedModel;
  /** The code before the cursor as the model request carries it (Ghostline's FIM prompt, Tabby's prefix segment). */
  promptOf(request: RecordedRequest): string;
  close(): Promise<void>;
}

/** bench/.cache, whether this runs from dist/bench/peers/ or bench/peers/. */
const CACHE_DIR = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../../bench/.cache/' : '../.cache/', import.meta.url));
const PROBE = fileURLToPath(new URL('./probe.js', import.meta.url));

/** tabby-agent's CLI, installed from the npm registry into bench/.cache on first use. */
export function tabbyAgentCli(log: (line: string) => void): string {
  const dir = join(CACHE_DIR, `tabby-agent-${TABBY_AGENT_VERSION}`);
  const cli = join(dir, 'node_modules', 'tabby-agent', 'dist', 'cli.js');
  if (existsSync(cli)) return cli;
  log(`   installing tabby-agent@${TABBY_AGENT_VERSION} into ${dir} …`);
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['install', '--prefix', dir, `tabby-agent@${TABBY_AGENT_VERSION}`, '--no-audit', '--no-fund', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(cli)) throw new Error(`tabby-agent@${TABBY_AGENT_VERSION} installed but ${cli} is missing`);
  return cli;
}

/**
 * Starts one server with the probe loaded in its process (event-loop delay, memory on SIGUSR2) under
 * a scratch HOME, so nothing is read from or written to the user's own configuration.
 */
export async function startServer(input: { kind: ServerKind; debounce: Debounce; ttftMs: number; tabbyCli: string }): Promise<Served> {
  const home = mkdtempSync(join(tmpdir(), 'ghostline-peers-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    GHOSTLINE_PROBE_OUT: join(home, 'probe.jsonl'),
    NODE_OPTIONS: `--expose-gc --import=${pathToFileURL(PROBE).href}`,
  };
  const latency = { ttftMs: input.ttftMs, perTokenMs: 0 };
  const cleanup = (): void => rmSync(home, { recursive: true, force: true });
  try {
    return input.kind === 'tabby-agent' ? await startTabby(input, env, latency, cleanup) : await startGhostline(input, env, latency, cleanup);
  } catch (error) {
    cleanup();
    throw error;
  }
}

async function startGhostline(
  input: { kind: ServerKind; debounce: Debounce },
  env: NodeJS.ProcessEnv,
  latency: { ttftMs: number; perTokenMs: number },
  cleanup: () => void,
): Promise<Served> {
  const fake = await startFakeOllama({ latency });
  const completion = input.debounce === 'debounce-0' ? { debounceMs: 0, maxDebounceMs: 0 } : {};
  const client = await PeerClient.start({
    command: process.execPath,
    args: [SERVER_ENTRY, '--stdio'],
    env,
    capabilities: input.kind === 'ghostline-inline' ? INLINE_CAPABILITIES : ITEMS_CAPABILITIES,
    initializationOptions: { model: { url: fake.url }, completion },
  }).catch(async (error: unknown) => {
    await fake.close();
    throw error;
  });
  return {
    kind: input.kind,
    debounce: input.debounce,
    client,
    model: wholeReplies(fake),
    promptOf: (request) => String((request.body as { prompt?: unknown } | undefined)?.prompt ?? ''),
    async close() {
      await client.stop();
      await fake.close();
      cleanup();
    },
  };
}

/**
 * The fake Ollama answering each scripted text in one chunk, as the fake Tabby server answers it in one
 * response: given a text alone it streams three characters per line, back to back, and Ghostline's security
 * gate, which checks the suggestion while the reply streams, then checked a partial text first and the
 * final one after it, one behind the other on the syntax worker (Go, the same build, a few minutes apart,
 * load 4–5: overhead p50 8.1 ms with one chunk, 10.0 ms with four). The scripted model time is then the
 * same for both servers: all of the answer at `ttftMs`.
 */
function wholeReplies(fake: FakeOllama): ScriptedModel {
  return {
    reply: (responder) =>
      fake.reply((request) => {
        const { text, ttftMs } = responder(request);
        return { chunks: text === '' ? [] : [text], ttftMs };
      }),
    setDefaultLatency: (latency) => fake.setDefaultLatency(latency),
    generateRequests: () => fake.generateRequests(),
    resetStats: () => fake.resetStats(),
    get maxInFlight() {
      return fake.maxInFlight;
    },
    close: () => fake.close(),
  };
}

async function startTabby(
  input: { kind: ServerKind; debounce: Debounce; tabbyCli: string },
  env: NodeJS.ProcessEnv,
  latency: { ttftMs: number; perTokenMs: number },
  cleanup: () => void,
): Promise<Served> {
  const fake = await startFakeTabby({ latency });
  const home = env['HOME'] ?? '';
  mkdirSync(join(home, '.tabby-client', 'agent'), { recursive: true });
  const debounce = input.debounce === 'debounce-0' ? '\n[completion.debounce]\nmode = "fixed"\ninterval = 0\n' : '';
  // The agent sends usage data to tabbyml.com unless told not to; the run must stay on 127.0.0.1.
  writeFileSync(join(home, '.tabby-client', 'agent', 'config.toml'), `[server]\nendpoint = "${fake.url}"\n\n[anonymousUsageTracking]\ndisable = true\n${debounce}`);
  const client = await PeerClient.start({ command: process.execPath, args: [input.tabbyCli, '--lsp', '--stdio'], env, capabilities: ITEMS_CAPABILITIES }).catch(
    async (error: unknown) => {
      await fake.close();
      throw error;
    },
  );
  return {
    kind: input.kind,
    debounce: input.debounce,
    client,
    model: fake,
    promptOf: (request) => {
      const segments = (request.body as { segments?: { prefix?: unknown } } | undefined)?.segments;
      return String(segments?.prefix ?? '');
    },
    async close() {
      await client.stop();
      await fake.close();
      cleanup();
    },
  };
}
