import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { PathRejected } from '../query/workspace-guard.js';
import type { Logger } from '../util/logger.js';
import type { ToolContext, ToolDefinition } from './tools.js';

/** Longest text a tool answers with; assistants pay for every token, and a truncated answer says so. */
export const MAX_RESULT_CHARS = 24_000;

export interface McpServerOptions {
  tools: readonly ToolDefinition[];
  context: ToolContext;
  version: string;
  logger: Logger;
}

/**
 * The MCP server over the workspace index: each tool of the table registered with its schema
 * (the SDK rejects arguments that do not fit with a protocol error before a tool runs), every
 * tool read-only, and any failure inside a tool answered as a tool error, never a crash.
 */
export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'ghostline', version: options.version },
    {
      instructions:
        'Ghostline serves its index of this workspace: search declarations, read definitions, follow callers, outline the repository, locate where a task lands. Read-only; paths are workspace-relative.',
    },
  );
  for (const tool of options.tools) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: { readOnlyHint: true, openWorldHint: false } },
      async (args: Record<string, unknown>): Promise<CallToolResult> => {
        const started = performance.now();
        try {
          const output = await tool.run(args, options.context);
          options.logger.debug(`${tool.name} answered in ${Math.round(performance.now() - started)} ms`);
          return { content: [{ type: 'text', text: truncate(output.text) }], structuredContent: output.structured };
        } catch (error) {
          if (!(error instanceof PathRejected)) options.logger.warn(`${tool.name} failed: ${(error as Error).stack ?? String(error)}`);
          return { isError: true, content: [{ type: 'text', text: (error as Error).message }] };
        }
      },
    );
  }
  return server;
}

/** Cuts a long answer at a line break and says how much was left out. */
export function truncate(text: string, max = MAX_RESULT_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf('\n', max);
  const end = cut > max / 2 ? cut : max;
  return `${text.slice(0, end)}\n\n[truncated: ${text.length - end} more characters; narrow the query, lower limit or budget, or pass a path]`;
}
