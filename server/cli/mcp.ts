import { realpath } from 'node:fs/promises';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Settings } from '../config/schema.js';
import type { ProgressFactory } from '../context/context-service.js';
import { PollWatcher } from '../context/poll-watcher.js';
import { listOptions } from '../context/relist.js';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import { createMcpServer } from '../mcp/mcp-server.js';
import { confined, confineToRoot } from '../query/confine.js';
import { READ_ONLY_TOOLS } from '../mcp/tools.js';
import { createStderrLogger } from '../util/logger.js';
import { createEngineHost } from './engine-host.js';
import { isFolder } from './workspace-root.js';

/** How often the workspace is listed for changes (GHOSTLINE_MCP_POLL_MS overrides it, for tests). */
const POLL_MS = 2000;

/**
 * `ghostline mcp [--root DIR]`: serves the workspace index to an MCP client over stdio. The
 * protocol owns stdout, so progress and logs go to stderr. Tools answer once the index is built
 * (from the on-disk cache when it can), which starts at once; the server answers `initialize`
 * meanwhile, so a client's handshake never waits for a large workspace.
 */
export async function runMcp(settings: Settings, rootArgument: string, version: string): Promise<number> {
  const root = await realpath(rootArgument).catch(() => undefined);
  if (!root || !isFolder(root)) {
    process.stderr.write(`ghostline: --root ${rootArgument} is not a folder\n`);
    return 2;
  }
  // ollama-js and others may console.log; stdout is the protocol's.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  const logger = createStderrLogger(settings.log.level === 'debug' ? 'debug' : 'info');
  const host = createEngineHost({ ...settings, context: { ...settings.context, enabled: true } }, logger, { warmUp: true });
  let built = false;
  const watcher = new PollWatcher({
    root,
    limits: () => listOptions(settings),
    changed: async (uri, kind) => {
      await host.context.fileChanged(uri, kind, 'listing');
      const index = await ready;
      const path = index.relativePath(uri);
      if (path !== undefined && index.hasFile(path) && !(await confined(index, path))) index.remove(path);
    },
    intervalMs: Number(process.env.GHOSTLINE_MCP_POLL_MS) || POLL_MS,
    // Looks wait for the build; the baseline does not (below).
    quiet: () => built,
    logger,
  });
  // The baseline is taken as the build starts, so a file written while it runs is found by the first look. Tools
  // wait for it too: a file written after a tool's first answer must count as a change.
  const baseline = watcher.start();
  const ready = host.index(root, stderrProgress).then(async () => {
    const index = host.context.indexFor(root);
    if (!index) throw new Error(`could not index ${root}`);
    const removed = await confineToRoot(index);
    if (removed.length > 0) logger.info(`not serving ${removed.length} file(s) that link out of ${root}: ${removed.slice(0, 5).join(', ')}`);
    built = true;
    return index;
  });
  const watching = Promise.all([ready, baseline]).then(([index]) => index);
  watching.catch((error: unknown) => logger.error(`indexing failed: ${(error as Error).message}`));
  const index = (): Promise<WorkspaceIndex> => watching;

  const server = createMcpServer({ tools: READ_ONLY_TOOLS, context: { index }, version, logger });
  const transport = new StdioServerTransport();
  await server.connect(transport);
  logger.info(`ghostline ${version} MCP server for ${root}: ${READ_ONLY_TOOLS.map((tool) => tool.name).join(', ')}`);
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
    server.server.onclose = resolve;
  });
  watcher.dispose();
  await server.close().catch(() => undefined);
  await host.dispose();
  process.stdin.destroy();
  return 0;
}

/** Indexing progress as a few lines on stderr, at most one per second. */
const stderrProgress: ProgressFactory = async (roots) => {
  let last = 0;
  return {
    report(percentage, message) {
      const now = performance.now();
      if (now - last < 1000) return;
      last = now;
      process.stderr.write(`[info] indexing ${roots.join(', ')}: ${percentage}% (${message})\n`);
    },
    done() {},
  };
};
