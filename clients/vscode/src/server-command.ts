import { dirname, join } from 'node:path';

/** How to start the server; the language client appends `--stdio`. */
export interface ServerCommand {
  command: string;
  args: string[];
  /** Where the command came from, for the log. */
  source: 'setting' | 'repository' | 'PATH';
}

export interface ServerCommandInput {
  /** `ghostline.server.path`; empty when unset. */
  configuredPath: string;
  /** `ghostline.server.node`. */
  node: string;
  /** Where the extension is installed (or checked out). */
  extensionPath: string;
  /** The user's home directory, for a configured path starting with `~/`. */
  home: string;
  exists: (path: string) => boolean;
}

const MAIN = join('dist', 'server', 'cli', 'main.js');

/**
 * The configured server, else the compiled server of the Ghostline checkout this extension lives
 * in (clients/vscode, or a staged copy below it), else `ghostline` on PATH.
 */
export function resolveServerCommand(input: ServerCommandInput): ServerCommand {
  const trimmed = input.configuredPath.trim();
  const configured = trimmed.startsWith('~/') ? join(input.home, trimmed.slice(2)) : trimmed;
  if (configured !== '') {
    return configured.endsWith('.js')
      ? { command: input.node, args: [configured], source: 'setting' }
      : { command: configured, args: [], source: 'setting' };
  }
  for (let dir = input.extensionPath, depth = 0; depth < 5; dir = dirname(dir), depth++) {
    const main = join(dir, MAIN);
    if (input.exists(main) && input.exists(join(dir, 'server', 'cli', 'main.ts'))) {
      return { command: input.node, args: [main], source: 'repository' };
    }
    if (dirname(dir) === dir) break;
  }
  return { command: 'ghostline', args: [], source: 'PATH' };
}
