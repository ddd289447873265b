import { z } from 'zod';
import type { WorkspaceIndex } from '../context/index/workspace-index.js';
import { findCallers } from '../query/callers.js';
import { location, type DeclarationView } from '../query/declaration-view.js';
import { getDefinition } from '../query/definitions.js';
import { repoMap } from '../query/repo-map.js';
import { searchCodeInSlices } from '../query/search-code.js';
import { assertInsideOnDisk, workspacePath } from '../query/workspace-guard.js';
import { locateSteps } from '../task/localize.js';
import { withRoundedScores } from '../task/types.js';
import { runStepsInSlices } from '../util/steps.js';

/** What a tool hands back: text for the assistant to read, and the same as structured data. */
export interface ToolOutput {
  text: string;
  structured: Record<string, unknown>;
}

/** What every tool may use: the workspace's index, once it is built. */
export interface ToolContext {
  index: () => Promise<WorkspaceIndex>;
}

/**
 * One MCP tool: its name, description and input schema (checked by the SDK before `run`), and
 * what it does. The server registers this table as it is; a tool is added by adding an entry
 * (propose_patch joins when the task pipeline lands).
 */
export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Shape;
  run(args: z.infer<z.ZodObject<Shape>>, context: ToolContext): Promise<ToolOutput>;
}

const NAME = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)*$/u, 'an identifier, or Type.member');
const PATH = z.string().min(1).max(1000).describe('Workspace-relative path of a file or folder (absolute paths inside the workspace are accepted too).');

/** Resolves a tool's optional path argument, or '' for the whole workspace; throws PathRejected. */
async function pathArgument(index: WorkspaceIndex, path: string | undefined): Promise<string> {
  if (path === undefined) return '';
  const rel = workspacePath(index, path);
  if (rel !== '') await assertInsideOnDisk(index, rel);
  return rel;
}

function renderDeclaration(view: DeclarationView, rank?: number): string {
  const head = `${rank === undefined ? '' : `${rank}. `}${location(view)} ${view.kind} ${view.name} (${view.why})`;
  return [head, view.doc, view.signature].filter((part) => part !== '').join('\n');
}

const searchCodeTool: ToolDefinition<{ query: z.ZodString; limit: z.ZodOptional<z.ZodNumber>; path: z.ZodOptional<z.ZodString> }> = {
  name: 'search_code',
  title: 'Search the code',
  description: 'Ranked declarations (functions, methods, types, constants) for a query in words or names, each with its signature, doc comment, path:line and why it matched.',
  input: {
    query: z.string().min(1).max(4000).describe('What you are looking for: words, identifiers, or a task description.'),
    limit: z.number().int().min(1).max(50).optional().describe('How many declarations (default 10, at most 50).'),
    path: PATH.optional(),
  },
  async run(args, context) {
    const index = await context.index();
    const under = await pathArgument(index, args.path);
    const results = await searchCodeInSlices({ index, query: args.query, limit: args.limit ?? 10, under });
    const text = results.length === 0 ? `No declaration matches "${args.query}".` : results.map((view, i) => renderDeclaration(view, i + 1)).join('\n\n');
    return { text, structured: { results } };
  },
};

const getDefinitionTool: ToolDefinition<{ name: typeof NAME; path: z.ZodOptional<z.ZodString> }> = {
  name: 'get_definition',
  title: 'Get a definition',
  description: 'The declaration(s) of a symbol (`name` or `Type.member`) with the surrounding source lines and path:line.',
  input: { name: NAME.describe('The symbol: `name`, or `Type.member` for a method.'), path: PATH.optional() },
  async run(args, context) {
    const index = await context.index();
    const under = await pathArgument(index, args.path);
    const definitions = await getDefinition({ index, name: args.name, under });
    const text =
      definitions.length === 0
        ? `No declaration named ${args.name}${under ? ` under ${under}` : ''}.`
        : definitions.map((d) => `${location(d)} ${d.kind} ${d.name}\n\`\`\`\n${d.code}\n\`\`\``).join('\n\n');
    return { text, structured: { definitions } };
  },
};

const findCallersTool: ToolDefinition<{ name: typeof NAME; path: z.ZodOptional<z.ZodString>; limit: z.ZodOptional<z.ZodNumber> }> = {
  name: 'find_callers',
  title: 'Find callers',
  description: 'Functions and methods whose bodies call a symbol, from the call graph, with the path:line of each call. Calls are matched by name.',
  input: {
    name: NAME.describe('The callee: `name`, or `Type.member`.'),
    path: PATH.optional().describe('Where the callee is declared, to tell namesakes apart.'),
    limit: z.number().int().min(1).max(100).optional().describe('How many callers (default 20, at most 100).'),
  },
  async run(args, context) {
    const index = await context.index();
    const under = await pathArgument(index, args.path);
    const { callers, total } = await findCallers({ index, name: args.name, under, limit: args.limit ?? 20 });
    const lines = callers.map((c) => `${location(c)} ${c.kind} ${c.name}\n${c.sites.map((s) => `  ${c.path}:${s.line}: ${s.text}`).join('\n')}`);
    const more = total > callers.length ? `\n\n(${total - callers.length} more callers not shown; raise limit)` : '';
    const text = callers.length === 0 ? `No indexed function calls ${args.name}.` : lines.join('\n') + more;
    return { text, structured: { callers, total } };
  },
};

const repoMapTool: ToolDefinition<{ path: z.ZodOptional<z.ZodString>; budget: z.ZodOptional<z.ZodNumber> }> = {
  name: 'repo_map',
  title: 'Repository map',
  description: 'An outline of the files (or those under a path) and their main declarations with line numbers, most depended-on files first, within a token budget.',
  input: {
    path: PATH.optional(),
    budget: z.number().int().min(100).max(20_000).optional().describe('Token budget for the outline (default 2000, at most 20000).'),
  },
  async run(args, context) {
    const index = await context.index();
    const under = await pathArgument(index, args.path);
    const map = repoMap({ index, under, budgetTokens: args.budget ?? 2000 });
    const body = map.files.map((f) => `${f.path}\n${f.declarations.map((d) => `  ${d.line}: ${d.signature}`).join('\n')}`).join('\n');
    const note = map.omitted > 0 ? `\n(${map.omitted} more files did not fit the budget of ${args.budget ?? 2000} tokens)` : '';
    return { text: (body || 'No indexed declarations here.') + note, structured: { ...map } };
  },
};

const locateTaskTool: ToolDefinition<{ task: z.ZodString; limit: z.ZodOptional<z.ZodNumber> }> = {
  name: 'locate_task',
  title: 'Locate a task',
  description:
    'The files and declarations a change described in words most likely touches, ranked, with why each was chosen: the fields `ghostline task --locate-only --json` prints, and each declaration’s last line (endLine) and reason (why).',
  input: {
    task: z.string().min(1).max(10_000).describe('The change to make, in words (an issue text, say).'),
    limit: z.number().int().min(1).max(100).optional().describe('How many declarations (default 20, at most 100).'),
  },
  async run(args, context) {
    const index = await context.index();
    const localization = withRoundedScores(await runStepsInSlices(locateSteps({ index, task: args.task, limit: args.limit ?? 20 })));
    return { text: JSON.stringify(localization, null, 2), structured: { ...localization } };
  },
};

/** The read-only tools `ghostline mcp` serves, in the order clients list them. */
export const READ_ONLY_TOOLS: readonly ToolDefinition[] = [searchCodeTool, getDefinitionTool, findCallersTool, repoMapTool, locateTaskTool];
