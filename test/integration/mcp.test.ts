import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ENTRY } from '../support/lsp-client.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const ROOT = join(FIXTURES, 'mcp');
/** What must never leave the server: the .env value, the key in config.ts, anything of the file a symlink leads to. */
const NEVER = ['envfile-secret-value', 'sk_live_', 'outside-the-root-marker', 'Lives outside the workspace', 'privatebodyXYZ'];

interface Text {
  type: string;
  text: string;
}
interface ToolResult {
  isError?: boolean;
  content: Text[];
  structuredContent?: Record<string, unknown>;
}

async function connect(root: string, env: Record<string, string> = {}): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_ENTRY, 'mcp', '--root', root],
    // The index cache goes to a temporary folder, never the user's ~/.cache.
    env: { ...(process.env as Record<string, string>), XDG_CACHE_HOME: cacheHome, ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'ghostline-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

let cacheHome: string;
let client: Client;
const seen: string[] = [];

async function call(name: string, args: Record<string, unknown>): Promise<ToolResult> {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  seen.push(JSON.stringify(result));
  return result;
}

/** A protocol error (the call rejects) or a tool error (isError): either way no result. */
async function refused(name: string, args: Record<string, unknown>): Promise<string> {
  try {
    const result = await call(name, args);
    expect(result.isError).toBe(true);
    return result.content.map((c) => c.text).join('\n');
  } catch (error) {
    return (error as Error).message;
  }
}

beforeAll(async () => {
  cacheHome = mkdtempSync(join(tmpdir(), 'ghostline-mcp-cache-'));
  client = await connect(ROOT);
});
afterAll(async () => {
  await client?.close();
  rmSync(cacheHome, { recursive: true, force: true });
});

describe('ghostline mcp over stdio, with the SDK client', () => {
  it('lists the read-only tools with their input schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['search_code', 'get_definition', 'find_callers', 'repo_map', 'locate_task']);
    const search = tools.find((tool) => tool.name === 'search_code')!;
    expect(search.inputSchema.required).toEqual(['query']);
    expect(Object.keys(search.inputSchema.properties ?? {})).toEqual(['query', 'limit', 'path']);
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('search_code ranks the declaration a query is about first, with signature, doc comment and path:line', async () => {
    const result = await call('search_code', { query: 'total price of the cart', limit: 3 });
    const results = result.structuredContent!['results'] as Array<Record<string, unknown>>;
    expect(results[0]).toMatchObject({ path: 'cart/cart.go', line: 20, name: 'Cart.Total', kind: 'method', signature: 'func (c *Cart) Total() int' });
    expect(results[0]!['doc']).toBe('// Total is the price of every item, less the discount, in cents.');
    expect(results).toHaveLength(3);
    expect(result.content[0]!.text).toContain('1. cart/cart.go:20 method Cart.Total');
  });

  it('search_code lifts a declaration the query names as code', async () => {
    const result = await call('search_code', { query: 'where is `formatPrice` used', limit: 1 });
    expect(result.structuredContent!['results']).toMatchObject([{ path: 'web/format.ts', line: 2, name: 'formatPrice' }]);
  });

  it('get_definition returns the declaration with its surrounding lines', async () => {
    const result = await call('get_definition', { name: 'Cart.Total' });
    const definitions = result.structuredContent!['definitions'] as Array<Record<string, unknown>>;
    expect(definitions).toHaveLength(1);
    expect(definitions[0]).toMatchObject({ path: 'cart/cart.go', line: 20, endLine: 26, codeLine: 17 });
    expect(definitions[0]!['code']).toContain('\treturn applyDiscount(sum, c.discount)\n}');
    const ts = await call('get_definition', { name: 'formatPrice', path: 'web' });
    expect(ts.structuredContent!['definitions']).toMatchObject([{ path: 'web/format.ts', line: 2 }]);
  });

  it('find_callers lists call sites from the call graph, Go and TypeScript', async () => {
    const go = await call('find_callers', { name: 'PriceOf' });
    expect(go.structuredContent!['callers']).toMatchObject([{ path: 'cart/cart.go', name: 'Cart.Total', sites: [{ line: 23, text: 'sum += PriceOf(item)' }] }]);
    const ts = await call('find_callers', { name: 'checkout', path: 'web/checkout.ts' });
    expect(ts.structuredContent!['callers']).toMatchObject([{ path: 'web/checkout.ts', name: 'CheckoutService.submit', sites: [{ line: 19 }] }]);
    expect(ts.content[0]!.text).toContain('web/checkout.ts:19: return checkout(lines);');
  });

  it('repo_map outlines the files with line numbers and honours the budget', async () => {
    const full = await call('repo_map', {});
    const files = (full.structuredContent!['files'] as Array<{ path: string }>).map((f) => f.path);
    expect([...files].sort()).toEqual(['cart/cart.go', 'cart/item.go', 'cmd/shop/main.go', 'web/checkout.ts', 'web/config.ts', 'web/format.ts', 'web/tls.ts']);
    expect(full.content[0]!.text).toContain('cart/cart.go\n  4: type Cart struct');
    expect(full.content[0]!.text).toContain('  17: export class CheckoutService');
    const small = await call('repo_map', { budget: 100 });
    expect((small.structuredContent!['files'] as unknown[]).length).toBeLessThan(files.length);
    expect(small.content[0]!.text).toMatch(/more files? did not fit the budget of 100 tokens/);
  });

  it("locate_task answers with the task command's Localization", async () => {
    const result = await call('locate_task', { task: 'apply a discount to the cart total' });
    const localization = result.structuredContent as { task: string; files: Array<{ path: string }>; declarations: Array<{ name: string; path: string; line: number }> };
    expect(localization.task).toBe('apply a discount to the cart total');
    expect(localization.files[0]!.path).toBe('cart/cart.go');
    // The method the words name ranks first; the helper it calls (found through the call graph) among the next.
    expect(localization.declarations[0]!.name).toBe('Cart.Total');
    expect(localization.declarations.slice(0, 3).map((d) => d.name)).toContain('applyDiscount');
    expect(JSON.parse(result.content[0]!.text)).toEqual(localization);
    // What the description promises: the CLI's fields, each declaration's span and reason, scores as the CLI prints them.
    const scored = [...localization.files, ...localization.declarations] as unknown as Array<{ score: number }>;
    expect(scored.every(({ score }) => Math.round(score * 1e6) / 1e6 === score)).toBe(true);
    expect(scored.some(({ score }) => score > 0 && score < 1)).toBe(true);
    for (const declaration of localization.declarations) expect(Object.keys(declaration).sort()).toEqual(['endLine', 'kind', 'line', 'name', 'path', 'score', 'why']);
  });

  it('refuses bad input with a protocol or tool error and keeps serving', async () => {
    expect(await refused('no_such_tool', {})).toMatch(/not found/);
    expect(await refused('search_code', { query: 42 })).toMatch(/query/);
    expect(await refused('search_code', { query: 'cart', limit: 1_000_000 })).toMatch(/limit/);
    expect(await refused('repo_map', { budget: 10_000_000 })).toMatch(/budget/);
    expect(await refused('get_definition', { name: 'x; rm -rf /' })).toMatch(/name/);
    expect(await refused('search_code', { query: 'leak', path: '../mcp-outside' })).toMatch(/\.\./);
    expect(await refused('repo_map', { path: 'cart/../../mcp-outside' })).toMatch(/\.\./);
    expect(await refused('repo_map', { path: '/etc' })).toMatch(/outside the workspace/);
    expect(await refused('get_definition', { name: 'leakedOutsideFunction', path: 'outside' })).toMatch(/symbolic link/);
    expect(await refused('find_callers', { name: 'x', path: 'linked.ts' })).toMatch(/symbolic link/);
    expect(await refused('search_code', { query: 'token', path: '.env' })).toMatch(/secret/);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(5);
  });

  it('never returns the secret file, a token-like string or a file a symlink leads to', async () => {
    await call('search_code', { query: 'PAYMENT_TOKEN envfile secret value', limit: 50 });
    await call('search_code', { query: 'payment api key', limit: 50 });
    await call('search_code', { query: 'leakedOutsideFunction outside the root', limit: 50 });
    await call('get_definition', { name: 'leakedOutsideFunction' });
    await call('get_definition', { name: 'paymentApiKey' });
    await call('repo_map', { budget: 20_000 });
    await call('get_definition', { name: 'devKey' });
    const key = await call('get_definition', { name: 'loadKey' });
    // A key block spanning lines is redacted line for line: later lines keep their numbers.
    expect(key.structuredContent!['definitions']).toMatchObject([
      { path: 'web/tls.ts', line: 7, codeLine: 4, code: '[REDACTED]`;\n\n/** Loads the development key. */\nexport function loadKey(): string {\n  return devKey;\n}\n' },
    ]);
    await call('locate_task', { task: 'rotate the PAYMENT_TOKEN in .env and the leaked outside function' });
    const everything = seen.join('\n');
    expect(everything).toContain('paymentApiKey');
    expect(everything).toContain('[REDACTED]');
    for (const secret of NEVER) expect(everything).not.toContain(secret);
  });
});

describe('ghostline mcp keeps its index current', () => {
  it('serves a file added after start, and forgets a deleted one', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ghostline-mcp-ws-'));
    cpSync(ROOT, join(parent, 'mcp'), { recursive: true, verbatimSymlinks: true });
    cpSync(join(FIXTURES, 'mcp-outside'), join(parent, 'mcp-outside'), { recursive: true });
    const watched = await connect(join(parent, 'mcp'), { GHOSTLINE_MCP_POLL_MS: '200' });
    try {
      const definitionOf = async (name: string) =>
        ((await watched.callTool({ name: 'get_definition', arguments: { name } })) as ToolResult).structuredContent!['definitions'] as unknown[];
      // Without git the workspace is walked, which follows the symlinks: still nothing from outside.
      expect(await definitionOf('leakedOutsideFunction')).toEqual([]);
      expect(await definitionOf('computeTax')).toEqual([]);
      writeFileSync(join(parent, 'mcp', 'web', 'tax.ts'), '/** Tax on an amount. */\nexport function computeTax(cents: number): number {\n  return cents / 5;\n}\n');
      await expect.poll(() => definitionOf('computeTax'), { timeout: 10_000, interval: 200 }).toMatchObject([{ path: 'web/tax.ts', line: 2 }]);
      rmSync(join(parent, 'mcp', 'web', 'tax.ts'));
      await expect.poll(() => definitionOf('computeTax'), { timeout: 10_000, interval: 200 }).toEqual([]);
    } finally {
      await watched.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
