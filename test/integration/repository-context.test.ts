import { describe, expect, it } from 'vitest';
import { startFakeOllama } from '../support/fake-ollama.js';
import { contextTestbed } from '../support/context-testbed.js';
import { INLINE_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { copyFixture, type FixtureWorkspace } from '../support/workspace.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CAPABILITIES = { ...INLINE_CAPABILITIES, workspace: { ...INLINE_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } } };

const bed = contextTestbed(async () => {
  const fake = await startFakeOllama();
  fake.reply({ text: 'return u' });
  return fake;
});
const { clients, workspaces } = bed;

async function startIn(workspace: FixtureWorkspace, context: Record<string, unknown> = {}): Promise<TestClient> {
  const client = await TestClient.start({
    capabilities: CAPABILITIES,
    rootUri: workspace.uri(''),
    // These tests check what the prompt holds, not how fast it is gathered: the keystroke path's 25 ms cap
    // (tested in engine-context.test.ts) would make them fail on a machine busy with other tests.
    initializationOptions: { model: { url: bed.fake.url }, completion: { debounceMs: 0, cacheSize: 0 }, context: { cacheDir: bed.cacheDir, gatherTimeoutMs: 1000, ...context } },
  });
  clients.push(client);
  await client.waitFor(() => /indexed \d+ files/.test(client.logText()), 15_000);
  return client;
}

function fixture(name: string, folder?: string): FixtureWorkspace {
  const workspace = copyFixture(name, folder);
  workspaces.push(workspace);
  return workspace;
}

/** The prompt of the latest generate request, and its repository part (everything before the current file's label). */
async function promptFor(client: TestClient, workspace: FixtureWorkspace, path: string, text?: string): Promise<{ prompt: string; head: string }> {
  const cursor = workspace.cursors.get(path)!;
  const uri = workspace.uri(path);
  if (text === undefined) await client.open(uri, path.endsWith('.go') ? 'go' : 'typescript', cursor.text);
  const before = bed.fake.generateRequests().length;
  await client.inline(uri, cursor.position);
  const requests = await bed.fake.waitForRequests(before + 1, {
    where: (r) => r.path === '/api/generate' && typeof (r.body as { prompt?: string }).prompt === 'string' && (r.body as { prompt: string }).prompt !== '',
  });
  const prompt = (requests[requests.length - 1]!.body as { prompt: string }).prompt;
  const head = prompt.slice(0, prompt.lastIndexOf(`<|file_sep|>${path}\n`));
  return { prompt, head };
}

describe('repository context in the prompt', () => {
  it('Go: the signatures the function uses from another package and from its own package, never bodies or secrets', async () => {
    const workspace = fixture('go-module', 'shop');
    const client = await startIn(workspace);
    const { prompt, head } = await promptFor(client, workspace, 'store/store.go');
    expect(prompt.startsWith('<|repo_name|>shop\n')).toBe(true);
    expect(head).toContain('<|file_sep|>models/user.go\n');
    // Signatures without their doc comments: only names on the cursor's own line keep theirs.
    expect(head).toContain('\nfunc NewUser(name, email string) *User\n');
    expect(head).not.toContain('// NewUser creates a user');
    expect(head).toContain('type User struct {\n\tID    int\n\tName  string\n\tEmail string\n}');
    expect(head).toContain('<|file_sep|>store/cache.go\nfunc cacheKey(id int) string');
    expect(head).toContain('<|file_sep|>go.mod\nmodule example.com/shop\n\ngo 1.21\n');
    expect(head).not.toMatch(/body-marker/);
    // Secrets: a credentials file is never indexed, a token-looking string is redacted, .env never read.
    expect(prompt).not.toContain('AdminPassword()');
    expect(prompt).not.toContain('hunter2');
    expect(head).toContain('const DefaultToken = "[REDACTED]"');
    expect(prompt).not.toContain('ghp_');
    expect(prompt).not.toContain('sk-proj');
    expect(prompt).toContain('<|file_sep|>store/store.go\n<|fim_prefix|>package store');
    // Exactly this, in this order: the environment first, then files by their best snippet, best
    // last (models/order.go holds DefaultToken, used two lines above the cursor).
    expect(head).toBe(
      '<|repo_name|>shop\n' +
        '<|file_sep|>go.mod\nmodule example.com/shop\n\ngo 1.21\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n)\n\n' +
        '<|file_sep|>models/user.go\ntype User struct {\n\tID    int\n\tName  string\n\tEmail string\n}\n' +
        'func NewUser(name, email string) *User\nfunc (u *User) DisplayName() string\n' +
        '<|file_sep|>store/cache.go\nfunc cacheKey(id int) string\n' +
        '<|file_sep|>models/order.go\ntype Order struct {\n\tID         int\n\tTotalCents int\n}\n' +
        'const DefaultToken = "[REDACTED]"\nfunc TotalCents(orders []Order) int\n',
    );
  });

  it('sends recent edits of other files, but never of a file that looks like a secret', async () => {
    const workspace = fixture('go-module', 'shop');
    const client = await startIn(workspace);
    const cache = workspace.read('store/cache.go');
    await client.open(workspace.uri('store/cache.go'), 'go', cache);
    await client.type(workspace.uri('store/cache.go'), { line: 7, character: 0 }, '\n// recently-edited-marker\n');
    workspace.write('store/.env.local', 'TOKEN=plain-secret-value\n');
    await client.open(workspace.uri('store/.env.local'), 'plaintext', 'TOKEN=plain-secret-value\n');
    await client.type(workspace.uri('store/.env.local'), { line: 1, character: 0 }, 'PASSWORD=another-plain-secret\n');
    await client.open(workspace.uri('store/credentials.go'), 'go', workspace.read('store/credentials.go'));
    await client.type(workspace.uri('store/credentials.go'), { line: 4, character: 0 }, '\t// edited-secret-marker\n');
    const { head } = await promptFor(client, workspace, 'store/store.go');
    expect(head).toContain('// recently-edited-marker');
    expect(head).not.toMatch(/plain-secret|another-plain-secret|edited-secret-marker|hunter2/);
  });

  it('TypeScript: definitions reached through a tsconfig path alias and a .js-suffixed relative import', async () => {
    const workspace = fixture('ts-project', 'checkout');
    const client = await startIn(workspace);
    const { head } = await promptFor(client, workspace, 'src/app/checkout.ts');
    expect(head).toContain('<|file_sep|>src/lib/money.ts\n');
    // Imported but not used near the cursor: the signature without its doc comment.
    expect(head).toContain('<|file_sep|>src/lib/money.ts\n');
    expect(head).toMatch(/\nexport function formatMoney\(m: Money\): string\n/);
    expect(head).not.toContain('Formats money for receipts');
    // Used in the cursor's function, though not on its line: without its doc comment either.
    expect(head).toContain('<|file_sep|>src/lib/money.ts\nexport interface Money {');
    expect(head).not.toContain('An amount of money in the smallest unit');
    expect(head).toContain('export interface Money {\n  cents: number;\n  currency: string;\n}');
    expect(head).toContain('<|file_sep|>src/pricing/discount.ts\n');
    expect(head).toContain('export function applyDiscount(total: Money, percent: number): Money');
    expect(head).toContain('export class PriceBook {\n  private readonly prices = new Map<string, Money>();\n  priceOf(sku: string): Money | undefined;\n}');
    expect(head).toContain('<|file_sep|>package.json\n');
    expect(head).toContain('"typescript": "5.6.3"');
    expect(head).not.toMatch(/body-marker/);
    expect(head).not.toContain('hunter2');
    expect(head).not.toContain('sk-proj');
  });

  it('keeps the packed context within the budget', async () => {
    const workspace = fixture('go-module', 'shop');
    const client = await startIn(workspace, { budgetTokens: 40 });
    const { head } = await promptFor(client, workspace, 'store/store.go');
    const snippets = head.replace(/^<\|repo_name\|>shop\n/, '');
    // Only the two definitions used nearest the cursor fit, as signatures.
    expect(snippets).toBe('<|file_sep|>models/user.go\nfunc NewUser(name, email string) *User\n<|file_sep|>store/cache.go\nfunc cacheKey(id int) string\n');
    // The estimate is 3.5 characters a token plus a few tokens of label per file.
    expect(snippets.length).toBeLessThanOrEqual(40 * 3.5 + 3 * 24);
  });

  it('keeps the context byte-identical while typing in the same function', async () => {
    const workspace = fixture('go-module', 'shop');
    const client = await startIn(workspace);
    const path = 'store/store.go';
    const first = await promptFor(client, workspace, path);
    const cursor = workspace.cursors.get(path)!;
    await client.type(workspace.uri(path), cursor.position, 'lo');
    const before = bed.fake.generateRequests().length;
    await client.inline(workspace.uri(path), { line: cursor.position.line, character: cursor.position.character + 2 });
    const [, second] = await bed.fake.waitForRequests(before + 1).then((all) => all.slice(-2));
    const prompt = (second!.body as { prompt: string }).prompt;
    expect(prompt.slice(0, first.head.length)).toBe(first.head);
  });

  it('follows edits in open documents, and files created and deleted outside the editor', async () => {
    const workspace = fixture('go-module', 'shop');
    const client = await startIn(workspace);
    const userUri = workspace.uri('models/user.go');
    const user = workspace.read('models/user.go');
    await client.open(userUri, 'go', user);
    const line = user.split('\n').findIndex((l) => l.startsWith('func NewUser'));
    await client.change(userUri, [
      {
        range: { start: { line, character: 0 }, end: { line, character: 'func NewUser(name, email string) *User {'.length } },
        text: 'func NewUser(name, email string, admin bool) *User {',
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const edited = await promptFor(client, workspace, 'store/store.go');
    expect(edited.head).toContain('func NewUser(name, email string, admin bool) *User');

    const store = workspace.cursors.get('store/store.go')!;
    workspace.write('models/address.go', 'package models\n\n// ParseAddress reads a postal address.\nfunc ParseAddress(s string) string {\n\treturn s\n}\n');
    await client.filesChanged([{ uri: workspace.uri('models/address.go'), type: 1 }]);
    const withCall = store.text.replace('key := cacheKey(u.ID)', 'key := cacheKey(u.ID)\n\t_ = models.ParseAddress("")');
    await client.change(workspace.uri('store/store.go'), [{ text: withCall }]);
    const callLine = withCall.split('\n').findIndex((l) => l.includes('ParseAddress'));
    await client.waitFor(() => true);
    const request = async () => {
      const before = bed.fake.generateRequests().length;
      await client.inline(workspace.uri('store/store.go'), { line: callLine + 3, character: 1 });
      const all = await bed.fake.waitForRequests(before + 1);
      return (all[all.length - 1]!.body as { prompt: string }).prompt;
    };
    await expect.poll(request, { timeout: 5000 }).toContain('func ParseAddress(s string) string');

    rmSync(join(workspace.root, 'models/address.go'));
    await client.filesChanged([{ uri: workspace.uri('models/address.go'), type: 3 }]);
    await expect.poll(request, { timeout: 5000 }).not.toContain('func ParseAddress(s string) string');

    // A whole folder deleted outside the editor arrives as one event for the folder.
    await client.close(userUri);
    rmSync(join(workspace.root, 'models'), { recursive: true });
    await client.filesChanged([{ uri: workspace.uri('models'), type: 3 }]);
    await expect.poll(request, { timeout: 5000 }).not.toContain('func NewUser(');
  });

  it('reports progress, registers file watchers, and reuses the on-disk cache after a restart', async () => {
    const workspace = fixture('go-module', 'shop');
    const first = await startIn(workspace);
    const kinds = () => first.progress.map((p) => (p as { value?: { kind?: string } }).value?.kind);
    await first.waitFor(() => kinds().includes('end'));
    expect(kinds()[0]).toBe('begin');
    const watchers = first.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')?.registerOptions as { watchers: Array<{ globPattern: string }> };
    expect(watchers.watchers.map((w) => w.globPattern)).toEqual(expect.arrayContaining(['**/go.mod', '**/package.json', '**/tsconfig*.json', '**/pyproject.toml']));
    expect(first.logText()).toMatch(/indexed 4 files .* \(0 from cache.*skipped 1 secret \(store\/credentials.go\)/);
    await first.stop();
    clients.splice(clients.indexOf(first), 1);

    const second = await startIn(workspace);
    expect(second.logText()).toMatch(/indexed 4 files .* \(4 from cache/);
    const { head } = await promptFor(second, workspace, 'store/store.go');
    expect(head).toContain('func NewUser(name, email string) *User');
  });
});

describe('settings', () => {
  it('indexes nothing while context.enabled is false, and starts when it is turned on', async () => {
    const workspace = fixture('go-module', 'shop');
    const client = await TestClient.start({
      capabilities: CAPABILITIES,
      rootUri: workspace.uri(''),
      initializationOptions: { model: { url: bed.fake.url }, completion: { debounceMs: 0, cacheSize: 0 }, context: { cacheDir: bed.cacheDir, enabled: false } },
    });
    clients.push(client);
    const { prompt } = await promptFor(client, workspace, 'store/store.go');
    expect(prompt.startsWith('<|fim_prefix|>package store')).toBe(true);
    expect(client.logText()).not.toMatch(/indexed \d+ files/);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { ghostline: { context: { enabled: true } } } });
    await client.waitFor(() => /indexed 4 files/.test(client.logText()), 15_000);
  });
});

describe('a workspace of 50,000 files', () => {
  it('indexes up to context.maxFiles in the background, reports the rest, and never holds up a completion', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ghostline-big-'));
    const root = join(parent, 'big');
    try {
      for (let d = 0; d < 500; d++) {
        mkdirSync(join(root, `pkg${d}`), { recursive: true });
        for (let f = 0; f < 100; f++)
          writeFileSync(join(root, `pkg${d}`, `f${f}.go`), `package pkg${d}\n\n// F${f} is number ${f}.\nfunc F${f}(x int) int {\n\treturn x + ${f}\n}\n`);
      }
      const client = await TestClient.start({
        capabilities: CAPABILITIES,
        rootUri: pathToFileURL(root).toString(),
        initializationOptions: { model: { url: bed.fake.url }, completion: { debounceMs: 0 }, context: { cacheDir: bed.cacheDir, maxFiles: 4000 } },
      });
      clients.push(client);
      const uri = pathToFileURL(join(root, 'pkg0', 'main.go')).toString();
      await client.open(uri, 'go', 'package pkg0\n\nfunc main() {\n\t\n}\n');
      const answer = await client.inline(uri, { line: 3, character: 1 });
      expect(answer?.items).toHaveLength(1);
      // Answered while the index is still being built: indexing never holds a completion up.
      expect(client.logText()).not.toMatch(/indexed \d+ files/);
      await client.waitFor(() => /indexed 4000 files/.test(client.logText()), 50_000);
      expect(client.logText()).toMatch(/skipped 46000 limit \(/);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 90_000);
});
