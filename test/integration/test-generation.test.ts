import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientCapabilities, CodeAction, Command, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { actionTitled, chatRequests, startActionClient, startActionFake, titles } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import { RESOLVE_CAPABILITIES, type TestClient } from '../support/lsp-client.js';
import { positionAt } from '../support/marked.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const PRICE_GO = `package price

// Discount returns price minus percent.
func Discount(price, percent int) int {
	return price - price*percent/100
}

func Label(name string) string {
	return "item:" + name
}
`;

const USERS_TS = `export interface User {
  id: number;
  name: string;
}

export function findUser(users: User[], id: number): User | undefined {
  return users.find((u) => u.id === id);
}

export function parseUser(input: unknown): User {
  return input as User;
}
`;

let workspace: Workspace | undefined;
let fake: FakeOllama;
let client: TestClient;

beforeEach(async () => {
  fake = await startActionFake();
});
afterEach(async () => {
  await client.stop();
  await fake.close();
  workspace?.remove();
  workspace = undefined;
});

interface OfferRequest {
  files: Record<string, string>;
  source: string;
  languageId: string;
  /** The cursor goes right after this text in the source. */
  needle: string;
  capabilities?: ClientCapabilities;
  /** Other files of the workspace the editor has open, by their language id. */
  alsoOpen?: Record<string, string>;
}

/** Makes the workspace, opens the source (and other files) and asks for code actions at the needle. */
async function offered(request: OfferRequest): Promise<{ ws: Workspace; actions: Array<CodeAction | Command> }> {
  const ws = (workspace = makeWorkspace(request.files));
  client = await startActionClient(fake, { capabilities: request.capabilities });
  for (const [path, languageId] of Object.entries(request.alsoOpen ?? {})) await client.open(ws.uri(path), languageId, request.files[path]!);
  const text = request.files[request.source]!;
  await client.open(ws.uri(request.source), request.languageId, text);
  const position = positionAt(text, text.indexOf(request.needle) + request.needle.length);
  return { ws, actions: (await client.codeActions(ws.uri(request.source), { start: position, end: position })) ?? [] };
}

/** Offers, resolves and applies "Generate tests" with the model answering `reply`. */
async function generateTests(request: OfferRequest & { name: string; reply: string }): Promise<{ ws: Workspace; action: CodeAction }> {
  const { ws, actions } = await offered(request);
  fake.reply({ text: `${request.reply}\n</code>` });
  const resolved = await client.resolveAction(actionTitled(actions, `Ghostline: Generate tests for ${request.name}`));
  expect(await client.applyWorkspaceEdit(resolved.edit!)).toEqual({ applied: true });
  return { ws, action: resolved };
}

describe('generating Go tests', () => {
  it('creates <file>_test.go with testify when go.mod requires it, adding the imports the tests use', async () => {
    const { ws, action } = await generateTests({
      files: { 'go.mod': 'module example.com/price\n\ngo 1.22\n\nrequire github.com/stretchr/testify v1.9.0\n', 'price.go': PRICE_GO },
      source: 'price.go',
      languageId: 'go',
      needle: 'func Discount',
      name: 'Discount',
      reply: 'func TestDiscount(t *testing.T) {\n\tassert.Equal(t, 90, Discount(100, 10))\n}',
    });
    expect(action.edit?.documentChanges).toEqual([
      { kind: 'create', uri: ws.uri('price_test.go') },
      expect.objectContaining({ textDocument: { uri: ws.uri('price_test.go'), version: null } }),
    ]);
    expect(ws.read('price_test.go')).toBe(
      'package price\n\nimport (\n\t"testing"\n\n\t"github.com/stretchr/testify/assert"\n)\n\nfunc TestDiscount(t *testing.T) {\n\tassert.Equal(t, 90, Discount(100, 10))\n}\n',
    );
    const user = chatRequests(fake)[0]!.body.messages[1]!.content;
    expect(user).toContain('requires: github.com/stretchr/testify v1.9.0');
    expect(user).toContain('testify/assert');
    expect(user).toContain('They go in package price');
  });

  it('appends to an existing test file on disk, adding only the missing imports', async () => {
    const existing = 'package price\n\nimport "testing"\n\nfunc TestDiscount(t *testing.T) {\n\tif Discount(100, 10) != 90 {\n\t\tt.Fail()\n\t}\n}\n';
    const { ws, action } = await generateTests({
      files: { 'go.mod': 'module example.com/price\n\ngo 1.22\n', 'price.go': PRICE_GO, 'price_test.go': existing },
      source: 'price.go',
      languageId: 'go',
      needle: 'func Label',
      name: 'Label',
      reply: 'import (\n\t"strings"\n\t"testing"\n)\n\nfunc TestLabel(t *testing.T) {\n\tif !strings.HasPrefix(Label("x"), "item:") {\n\t\tt.Fail()\n\t}\n}',
    });
    const [edit] = action.edit!.documentChanges as TextDocumentEdit[];
    expect(edit!.textDocument).toEqual({ uri: ws.uri('price_test.go'), version: null });
    expect(ws.read('price_test.go')).toBe(
      'package price\n\nimport "testing"\nimport "strings"\n\nfunc TestDiscount(t *testing.T) {\n\tif Discount(100, 10) != 90 {\n\t\tt.Fail()\n\t}\n}\n\nfunc TestLabel(t *testing.T) {\n\tif !strings.HasPrefix(Label("x"), "item:") {\n\t\tt.Fail()\n\t}\n}\n',
    );
    expect(chatRequests(fake)[0]!.body.messages[1]!.content).toContain('<existing-tests>\npackage price\n\nimport "testing"\n\nfunc TestDiscount');
  });
  it('writes the package clause into the empty test file a user created first', async () => {
    // Editors that cannot create files are told to create the test file, "empty is fine".
    const { ws } = await generateTests({
      files: { 'go.mod': 'module example.com/price\n\ngo 1.22\n', 'price.go': PRICE_GO, 'price_test.go': '\n' },
      source: 'price.go',
      languageId: 'go',
      needle: 'func Label',
      name: 'Label',
      reply: 'import (\n\t"strings"\n\t"testing"\n)\n\nfunc TestLabel(t *testing.T) {\n\tif !strings.HasPrefix(Label("x"), "item:") {\n\t\tt.Fail()\n\t}\n}',
    });
    expect(ws.read('price_test.go')).toBe(
      'package price\n\nimport (\n\t"testing"\n\t"strings"\n)\n\nfunc TestLabel(t *testing.T) {\n\tif !strings.HasPrefix(Label("x"), "item:") {\n\t\tt.Fail()\n\t}\n}\n',
    );
  });
});

describe('generating TypeScript tests', () => {
  it('creates a vitest file beside the source, importing what the tests use with the ESM extension', async () => {
    const { ws } = await generateTests({
      files: { 'package.json': JSON.stringify({ type: 'module', devDependencies: { vitest: '^2.1.0', typescript: '^5.6.0' } }), 'src/users.ts': USERS_TS },
      source: 'src/users.ts',
      languageId: 'typescript',
      needle: 'export function findUser',
      name: 'findUser',
      reply:
        "import { findUser } from './users';\n\ndescribe('findUser', () => {\n  it('finds a user by id', () => {\n    expect(findUser([{ id: 1, name: 'a' }], 1)?.name).toBe('a');\n  });\n});",
    });
    expect(ws.read('src/users.test.ts')).toBe(
      "import { describe, it, expect } from 'vitest';\nimport { findUser } from './users.js';\n\ndescribe('findUser', () => {\n  it('finds a user by id', () => {\n    expect(findUser([{ id: 1, name: 'a' }], 1)?.name).toBe('a');\n  });\n});\n",
    );
  });

  it('appends to the open test file, merging the new name into its existing import', async () => {
    const existing =
      "import { describe, it, expect } from 'vitest';\nimport { parseUser } from './users.js';\n\ndescribe('parseUser', () => {\n  it('keeps the name', () => {\n    expect(parseUser({ id: 1, name: 'a' }).name).toBe('a');\n  });\n});\n";
    const { ws, actions } = await offered({
      files: { 'package.json': JSON.stringify({ type: 'module', devDependencies: { vitest: '^2.1.0' } }), 'src/users.ts': USERS_TS, 'src/users.test.ts': existing },
      source: 'src/users.ts',
      languageId: 'typescript',
      needle: 'users.find',
      alsoOpen: { 'src/users.test.ts': 'typescript' },
    });
    const action = actionTitled(actions, 'Ghostline: Generate tests for findUser');
    fake.reply({ text: "describe('findUser', () => {\n  it('returns undefined for a missing id', () => {\n    expect(findUser([], 1)).toBeUndefined();\n  });\n});\n</code>" });
    const resolved = await client.resolveAction(action);
    const [edit] = resolved.edit!.documentChanges as TextDocumentEdit[];
    expect(edit!.textDocument).toEqual({ uri: ws.uri('src/users.test.ts'), version: 1 });
    expect(await client.applyWorkspaceEdit(resolved.edit!)).toEqual({ applied: true });
    expect(client.text(ws.uri('src/users.test.ts'))).toBe(
      existing.replace('import { parseUser }', 'import { parseUser, findUser }') +
        "\ndescribe('findUser', () => {\n  it('returns undefined for a missing id', () => {\n    expect(findUser([], 1)).toBeUndefined();\n  });\n});\n",
    );
  });

  it('follows the project: jest tests under test/ with @jest/globals', async () => {
    const { ws } = await generateTests({
      files: {
        'package.json': JSON.stringify({ devDependencies: { jest: '^29.7.0', '@jest/globals': '^29.7.0', 'ts-jest': '^29.2.0' } }),
        'src/users.ts': USERS_TS,
        'test/other.test.ts': "import { describe, it, expect } from '@jest/globals';\n",
      },
      source: 'src/users.ts',
      languageId: 'typescript',
      needle: 'export function parseUser',
      name: 'parseUser',
      reply: "describe('parseUser', () => {\n  it('returns its input', () => {\n    expect(parseUser({ id: 1, name: 'a' }).id).toBe(1);\n  });\n});",
    });
    expect(ws.read('test/users.test.ts')).toBe(
      "import { describe, it, expect } from '@jest/globals';\nimport { parseUser } from '../src/users';\n\ndescribe('parseUser', () => {\n  it('returns its input', () => {\n    expect(parseUser({ id: 1, name: 'a' }).id).toBe(1);\n  });\n});\n",
    );
  });

  it('uses node:test with node:assert when the project has no test framework', async () => {
    const { ws } = await generateTests({
      files: {
        'package.json': JSON.stringify({ type: 'module', scripts: { test: 'node --test' } }),
        'lib/users.js': USERS_TS.replace(/: [A-Za-z[\]| ]+(?=[,)=;{])/g, '').replace(/export interface User \{[^}]*\}\n\n/, ''),
      },
      source: 'lib/users.js',
      languageId: 'javascript',
      needle: 'export function parseUser',
      name: 'parseUser',
      reply: "describe('parseUser', () => {\n  it('returns its input', () => {\n    assert.equal(parseUser(1), 1);\n  });\n});",
    });
    expect(ws.read('lib/users.test.js')).toBe(
      "import { describe, it } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { parseUser } from './users.js';\n\ndescribe('parseUser', () => {\n  it('returns its input', () => {\n    assert.equal(parseUser(1), 1);\n  });\n});\n",
    );
  });

  it('explains how to proceed when the editor cannot create files', async () => {
    const capabilities = { ...RESOLVE_CAPABILITIES, workspace: { ...RESOLVE_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true } } };
    const { actions } = await offered({
      files: { 'package.json': '{}', 'src/users.ts': USERS_TS },
      source: 'src/users.ts',
      languageId: 'typescript',
      needle: 'users.find',
      capabilities,
    });
    const action = actionTitled(actions, 'Ghostline: Generate tests for findUser');
    await expect(client.resolveAction(action)).rejects.toThrow(
      /cannot create files through the language server; create src\/users\.test\.ts \(it may be empty\) and run the action again/,
    );
    expect(chatRequests(fake)).toHaveLength(0);
  });

  it('is not offered inside a test file', async () => {
    const { actions } = await offered({
      files: { 'package.json': '{}', 'src/users.test.ts': USERS_TS },
      source: 'src/users.test.ts',
      languageId: 'typescript',
      needle: 'users.find',
    });
    expect(titles(actions)).not.toContain('Ghostline: Generate tests for findUser');
  });
});
