import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_MODEL, actionTitled, chatRequests, locate, startActionFake } from '../support/actions.js';
import { closedAfterEach } from '../support/cleanup.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import { RESOLVE_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const GO_MOD = 'module example.com/shop\n\ngo 1.22\n';

const CART_GO = `package shop

// Checkout totals the prices and adds the tax.
func Checkout(prices []int) int {
	sum := 0
	for _, p := range prices {
		sum += p
	}
	return withTax(sum)
}
`;

const TAX_GO = `package shop

// withTax adds 20 % VAT to an amount in cents, rounding down.
func withTax(cents int) int {
	return cents + cents/5
}
`;

const CART_TS = `import { roundCents } from './money.js';

/** The total of the prices in cents, rounded as the till rounds. */
export function cartTotal(prices: number[]): number {
}
`;

const MONEY_TS = `/** Rounds an amount in cents to the nearest multiple of five. */
export function roundCents(cents: number): number {
  return Math.round(cents / 5) * 5;
}
`;

const TESTS_REPLY = 'import "testing"\n\nfunc TestCheckout(t *testing.T) {\n\tif got := Checkout(nil); got != 0 {\n\t\tt.Fatalf("Checkout(nil) = %d", got)\n\t}\n}\n</code>';

let cacheDir: string;
// Registered before the servers' teardown, so it runs after it (vitest runs after-hooks last first): a server writes its
// index into the folder when it stops.
afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));
const track = closedAfterEach();
let fake: FakeOllama;

beforeEach(async () => {
  fake = track(await startActionFake());
  cacheDir = mkdtempSync(join(tmpdir(), 'ghostline-cache-'));
});

function workspaceOf(files: Record<string, string>): Workspace {
  const workspace = makeWorkspace(files, { folder: 'shop' });
  track({ close: async () => workspace.remove() });
  return workspace;
}

/** A server for the actions; with `indexed`, opened on the workspace folder and returned once indexing has finished. */
async function start(workspace: Workspace, options: { indexed: boolean }): Promise<TestClient> {
  const client = await TestClient.start({
    capabilities: RESOLVE_CAPABILITIES,
    rootUri: options.indexed ? workspace.uri('') : undefined,
    initializationOptions: { model: { url: fake.url }, actions: { model: ACTION_MODEL }, context: { cacheDir } },
  });
  track({ close: () => client.stop() });
  // The end of the indexing progress: the server takes context from the index only once it is built.
  if (options.indexed) await client.waitFor(() => indexingEnded(client), 15_000);
  return client;
}

function indexingEnded(client: TestClient): boolean {
  const events = client.progress as Array<{ token: unknown; value: { kind: string; title?: string } }>;
  const begin = events.find((event) => event.value.kind === 'begin' && event.value.title?.includes('indexing'));
  return begin !== undefined && events.some((event) => event.token === begin.token && event.value.kind === 'end');
}

/** Resolves the action titled `title` at `needle` in `text` and returns the user message the model got. */
async function promptOf(client: TestClient, request: { uri: string; languageId: string; text: string; needle: string; title: string }): Promise<string> {
  await client.open(request.uri, request.languageId, request.text);
  const range = locate(request.text).cursorAt(request.needle);
  await client.resolveAction(actionTitled(await client.codeActions(request.uri, range), request.title));
  const requests = chatRequests(fake);
  return requests[requests.length - 1]!.body.messages[1]!.content;
}

describe('repository context in code-action prompts', () => {
  const goTests = { languageId: 'go', text: CART_GO, needle: 'sum := 0', title: 'Ghostline: Generate tests for Checkout' };

  it("Go, generate tests: the signature of the function it calls from another file, under that file's path", async () => {
    const workspace = workspaceOf({ 'go.mod': GO_MOD, 'cart.go': CART_GO, 'tax.go': TAX_GO });
    const client = await start(workspace, { indexed: true });
    fake.reply({ text: TESTS_REPLY });
    const user = await promptOf(client, { ...goTests, uri: workspace.uri('cart.go') });
    expect(user).toMatch(
      /<repository note="[^"]+">\n(?:[^]*\n)?<file path="tax.go">\n\/\/ withTax adds 20 % VAT to an amount in cents, rounding down\.\nfunc withTax\(cents int\) int[^]*?<\/file>\n<\/repository>/,
    );
    // The manifest is not repeated: <environment> already carries it.
    expect(user).not.toContain('<file path="go.mod">');
    expect(user.indexOf('<repository')).toBeLessThan(user.indexOf('<under-test'));
  });

  it('Go, generate tests: without the other file, the prompt is the one a server without an index sends', async () => {
    const workspace = workspaceOf({ 'go.mod': GO_MOD, 'cart.go': CART_GO });
    fake.reply({ text: TESTS_REPLY });
    const indexed = await promptOf(await start(workspace, { indexed: true }), { ...goTests, uri: workspace.uri('cart.go') });
    fake.reply({ text: TESTS_REPLY });
    const alone = await promptOf(await start(workspace, { indexed: false }), { ...goTests, uri: workspace.uri('cart.go') });
    expect(indexed).not.toContain('<repository');
    expect(indexed).not.toContain('func withTax');
    expect(indexed).toBe(alone);
  });

  it("TypeScript, implement: the imported function's signature and doc comment, under its path", async () => {
    const workspace = workspaceOf({ 'package.json': '{"type":"module"}', 'src/cart.ts': CART_TS, 'src/money.ts': MONEY_TS });
    const client = await start(workspace, { indexed: true });
    fake.reply({ text: 'return roundCents(prices.reduce((sum, price) => sum + price, 0));\n</code>' });
    const implement = { languageId: 'typescript', text: CART_TS, needle: 'export function cartTotal(', title: 'Ghostline: Implement cartTotal' };
    const user = await promptOf(client, { ...implement, uri: workspace.uri('src/cart.ts') });
    expect(user).toContain('<file path="src/money.ts">\n/** Rounds an amount in cents to the nearest multiple of five. */\nexport function roundCents(cents: number): number');
    expect(user).not.toContain('Math.round(cents / 5)');
  });

  it('TypeScript, implement: nothing from other files when the imported file does not exist', async () => {
    const workspace = workspaceOf({ 'package.json': '{"type":"module"}', 'src/cart.ts': CART_TS });
    const client = await start(workspace, { indexed: true });
    fake.reply({ text: 'return 0;\n</code>' });
    const implement = { languageId: 'typescript', text: CART_TS, needle: 'export function cartTotal(', title: 'Ghostline: Implement cartTotal' };
    const user = await promptOf(client, { ...implement, uri: workspace.uri('src/cart.ts') });
    expect(user).not.toContain('<repository');
    expect(user).not.toContain('roundCents(cents: number)');
  });

  it('hover: the explanation prompt carries the same cross-file definitions', async () => {
    const workspace = workspaceOf({ 'go.mod': GO_MOD, 'cart.go': CART_GO, 'tax.go': TAX_GO });
    const client = await start(workspace, { indexed: true });
    const uri = workspace.uri('cart.go');
    await client.open(uri, 'go', CART_GO);
    fake.reply({ text: 'Sums the prices and adds VAT.</explanation>' });
    const hover = await client.hover(uri, locate(CART_GO).after('func Check'));
    expect(hover).not.toBeNull();
    const user = chatRequests(fake)[0]!.body.messages[1]!.content;
    expect(user).toContain('<file path="tax.go">\n// withTax adds 20 % VAT to an amount in cents, rounding down.\nfunc withTax(cents int) int');
  });
});
