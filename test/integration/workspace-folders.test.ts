import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { startFakeOllama } from '../support/fake-ollama.js';
import { contextTestbed } from '../support/context-testbed.js';
import { INLINE_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { copyFixture, type FixtureWorkspace } from '../support/workspace.js';

/** An editor with workspace folders that lets the server register file watchers (VS Code, Neovim). */
const CAPABILITIES = {
  ...INLINE_CAPABILITIES,
  workspace: { ...INLINE_CAPABILITIES.workspace, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
};

const bed = contextTestbed(async () => {
  const fake = await startFakeOllama();
  fake.reply({ text: 'return u' });
  return fake;
});
const { clients, workspaces } = bed;

async function startIn(workspace: FixtureWorkspace | undefined, capabilities: ClientCapabilities = CAPABILITIES): Promise<TestClient> {
  const client = await TestClient.start({
    capabilities,
    rootUri: workspace?.uri(''),
    // What the prompt holds, not how fast: a generous gather cap keeps a busy machine from emptying it.
    initializationOptions: { model: { url: bed.fake.url }, completion: { debounceMs: 0, cacheSize: 0 }, context: { cacheDir: bed.cacheDir, gatherTimeoutMs: 1000 } },
  });
  clients.push(client);
  return client;
}

function fixture(name: string, folder: string): FixtureWorkspace {
  const workspace = copyFixture(name, folder);
  workspaces.push(workspace);
  return workspace;
}

/** workspace/didChangeWorkspaceFolders with the folders' roots. */
function changeFolders(client: TestClient, change: { added?: string[]; removed?: string[] }): Promise<void> {
  const folders = (roots: string[] = []) => roots.map((root) => ({ uri: pathToFileURL(root).href, name: basename(root) }));
  return client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: folders(change.added), removed: folders(change.removed) } });
}

function indexedLog(client: TestClient, workspace: FixtureWorkspace): Promise<void> {
  return client.waitFor(() => client.logText().includes(`files of ${workspace.root} in`), 15_000);
}

/**
 * The prompt the model gets for a completion at the file's cursor marker. The file is opened for
 * the request and closed after it, so the next call is not answered from the typed-ahead memory.
 */
async function promptFor(client: TestClient, workspace: FixtureWorkspace, path: string): Promise<string> {
  const cursor = workspace.cursors.get(path)!;
  const uri = workspace.uri(path);
  await client.open(uri, path.endsWith('.go') ? 'go' : 'typescript', cursor.text);
  const before = bed.fake.generateRequests().length;
  await client.inline(uri, cursor.position);
  const requests = await bed.fake.waitForRequests(before + 1, { where: (r) => r.path === '/api/generate' && (r.body as { prompt?: string }).prompt !== '' });
  await client.close(uri);
  return (requests[requests.length - 1]!.body as { prompt: string }).prompt;
}

describe('workspace folders opened and closed while the editor runs', () => {
  it('announces change notifications only to a client with workspace folders, without registering them again', async () => {
    const withFolders = await startIn(undefined);
    expect(withFolders.initializeResult?.capabilities.workspace?.workspaceFolders).toEqual({ supported: true, changeNotifications: true });
    const without = await startIn(undefined, { ...INLINE_CAPABILITIES });
    expect(without.initializeResult?.capabilities.workspace?.workspaceFolders).toBeUndefined();
    // A request after `initialized` has been handled, so a registration would have been sent by now.
    await withFolders.hover('file:///nowhere.go', { line: 0, character: 0 });
    expect(withFolders.registrations.map((r) => r.method)).not.toContain('workspace/didChangeWorkspaceFolders');
  });

  it("indexes an added folder for its own files' prompts, and sends nothing from it once it is removed", async () => {
    const shop = fixture('go-module', 'shop');
    const checkout = fixture('ts-project', 'checkout');
    const client = await startIn(shop);
    await indexedLog(client, shop);
    const checkoutPrompt = () => promptFor(client, checkout, 'src/app/checkout.ts');
    expect(await checkoutPrompt()).toMatch(/^<\|fim_prefix\|>import \{ formatMoney/);

    await changeFolders(client, { added: [checkout.root] });
    await indexedLog(client, checkout);
    const added = await checkoutPrompt();
    expect(added.startsWith('<|repo_name|>checkout\n')).toBe(true);
    expect(added).toContain('<|file_sep|>src/lib/money.ts\n');
    expect(added).toContain('export function applyDiscount(total: Money, percent: number): Money');

    await changeFolders(client, { removed: [checkout.root] });
    const removed = await checkoutPrompt();
    expect(removed).toMatch(/^<\|fim_prefix\|>import \{ formatMoney/);
    expect(removed).not.toContain('applyDiscount(total: Money');
    expect(client.logText()).toContain(`stopped indexing ${checkout.root}`);
    // The folder that stays keeps its context.
    expect(await promptFor(client, shop, 'store/store.go')).toContain('<|file_sep|>models/user.go\n');
  });

  it('adding a folder already indexed, or one inside it, indexes nothing again', async () => {
    const shop = fixture('go-module', 'shop');
    const client = await startIn(shop);
    await indexedLog(client, shop);
    await changeFolders(client, { added: [shop.root, join(shop.root, 'models')] });
    // Indexing is serial: this folder's log line comes after any build the change above started.
    const other = fixture('go-module', 'other');
    await changeFolders(client, { added: [other.root] });
    await indexedLog(client, other);
    expect(client.logText().match(/indexed \d+ files of /g)).toHaveLength(2);
  });

  it('a server started without a folder starts indexing and watching files when the first one is added', async () => {
    const shop = fixture('go-module', 'shop');
    const client = await startIn(undefined);
    await client.waitFor(() => client.logText().includes('no workspace folder'));
    await changeFolders(client, { added: [shop.root] });
    await indexedLog(client, shop);
    expect(client.registrations.map((r) => r.method)).toContain('workspace/didChangeWatchedFiles');
    await client.waitFor(() => client.progress.some((p) => (p as { value?: { kind?: string } }).value?.kind === 'end'));
    expect(await promptFor(client, shop, 'store/store.go')).toContain('<|file_sep|>models/user.go\n');
  });
});
