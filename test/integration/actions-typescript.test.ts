import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol';
import { chatRequests, locate, onlyTextEdit, resolveAndApply as resolveAndApplyAt, startActionClient, startActionFake, titles } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import type { TestClient } from '../support/lsp-client.js';
import { parseSelection } from '../support/marked.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const USERS = `import { z } from 'zod';

export interface User {
  id: number;
  name: string;
}

// validates users coming from the API
const userSchema = z.object({ id: z.number(), name: z.string() });

export function parseUser(input: unknown): User {
  return userSchema.parse(input);
}

export function findUser(users: User[], id: number): User | undefined {
  return users.find((u) => u.id === id);
}

export function greet(user: User): string {
  // build a greeting with the user's name
}

export function total(prices: number[]): number {
  let sum = 0;
  for (let i = 0; i < prices.length; i++) {
    sum = sum + prices[i];
  }
  const label: number = 'total';
  return sum;
}

// log the name of every user, one per line
`;

const PACKAGE_JSON = JSON.stringify({ type: 'module', dependencies: { zod: '^3.23.8' }, devDependencies: { typescript: '^5.6.3', vitest: '^2.1.4' } });

let workspace: Workspace;
let fake: FakeOllama;
let client: TestClient;
let uri: string;

beforeAll(() => {
  workspace = makeWorkspace({ 'package.json': PACKAGE_JSON, 'src/users.ts': USERS });
  uri = workspace.uri('src/users.ts');
});
afterAll(() => workspace.remove());
beforeEach(async () => {
  fake = await startActionFake();
  client = await startActionClient(fake);
  await client.open(uri, 'typescript', USERS);
});
afterEach(async () => {
  await client.stop();
  await fake.close();
});

const { after, cursorAt } = locate(USERS);

function resolveAndApply(title: string, range: Range, diagnostics: Diagnostic[] = []) {
  return resolveAndApplyAt(client, { uri, title, range, diagnostics });
}

describe('TypeScript code actions: where they are offered', () => {
  it('offers document, explain and tests in a function; document alone on an interface', async () => {
    expect(titles(await client.codeActions(uri, cursorAt('users.find(')))).toEqual([
      'Ghostline: Refactor findUser',
      'Ghostline: Document findUser',
      'Ghostline: Explain findUser',
      'Ghostline: Generate tests for findUser',
    ]);
    expect(titles(await client.codeActions(uri, cursorAt('interface Us')))).toEqual(['Ghostline: Document User']);
    expect(chatRequests(fake)).toHaveLength(0);
  });

  it('offers implement on an empty body and on a comment that asks for code, not on other comments', async () => {
    expect(titles(await client.codeActions(uri, cursorAt('function gre')))).toContain('Ghostline: Implement greet');
    expect(titles(await client.codeActions(uri, cursorAt('// log the name')))).toEqual(['Ghostline: Implement this comment']);
    expect(titles(await client.codeActions(uri, cursorAt('// build a gre')))).toContain('Ghostline: Implement greet');
    // A comment right above code documents it: nothing to implement there.
    expect(titles(await client.codeActions(uri, cursorAt('// validates')))).toEqual([]);
  });

  it('offers nothing in a file the server does not parse, and nothing for an unknown document', async () => {
    await client.open('file:///w/notes.txt', 'plaintext', 'just text');
    expect(await client.codeActions('file:///w/notes.txt', cursorAt('imp'))).toEqual([]);
    expect(await client.codeActions('file:///w/missing.ts', cursorAt('imp'))).toEqual([]);
  });
});

describe('TypeScript code actions: resolved into versioned edits', () => {
  it('documents a function with TSDoc, re-formatting the comment markers the model added', async () => {
    fake.reply({
      text: '/**\n * Finds the user with the given id.\n * @param users - The users to search.\n * @param id - The id to look for.\n * @returns The user, or undefined.\n */</comment>',
    });
    const { text, action } = await resolveAndApply('Ghostline: Document findUser', cursorAt('users.find('));
    const line = after('export function findUser').line;
    expect(onlyTextEdit(action).edits).toEqual([
      {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        newText:
          '/**\n * Finds the user with the given id.\n * @param users - The users to search.\n * @param id - The id to look for.\n * @returns The user, or undefined.\n */\n',
      },
    ]);
    expect(text).toContain(' * @returns The user, or undefined.\n */\nexport function findUser(');
    const user = chatRequests(fake)[0]!.body.messages[1]!.content;
    expect(user).toContain(
      '<environment>\nTypeScript ^5.6.3\npackage type: ES modules (relative imports need file extensions)\ntest framework: vitest ^2.1.4\ndependencies: zod ^3.23.8\n</environment>',
    );
    expect(user).toContain('<imports file="src/users.ts">\nimport { z } from \'zod\';\n</imports>');
    expect(user).toContain('TSDoc');
  });

  it('explains a selection, with the reply cleaned of fences and chatter', async () => {
    const { range } = parseSelection(USERS.replace('  let sum = 0;', '  «let sum = 0;»'));
    fake.reply({ text: 'Sure! Here is the explanation:\n```\nStarts the running total at zero.\n```\n</comment>' });
    const { text } = await resolveAndApply('Ghostline: Explain the selected code', range);
    expect(text).toContain('): number {\n  // Starts the running total at zero.\n  let sum = 0;\n');
  });

  it('implements an empty body and keeps the comment that describes it', async () => {
    fake.reply({ text: 'return `Hello, ${user.name}!`;\n</code>' });
    const { text } = await resolveAndApply('Ghostline: Implement greet', cursorAt('function gre'));
    expect(text).toContain("export function greet(user: User): string {\n  // build a greeting with the user's name\n  return `Hello, ${user.name}!`;\n}\n");
  });

  it('implements a comment: the code goes on the lines after it, whole function answers included', async () => {
    fake.reply({ text: 'export function logNames(users: User[]): void {\n  for (const user of users) console.log(user.name);\n}\n</code>' });
    const { text, action } = await resolveAndApply('Ghostline: Implement this comment', cursorAt('// log the name'));
    const commentEnd = after('one per line');
    expect(onlyTextEdit(action).edits).toEqual([
      { range: { start: commentEnd, end: commentEnd }, newText: '\nexport function logNames(users: User[]): void {\n  for (const user of users) console.log(user.name);\n}' },
    ]);
    expect(
      text.endsWith('// log the name of every user, one per line\nexport function logNames(users: User[]): void {\n  for (const user of users) console.log(user.name);\n}\n'),
    ).toBe(true);
  });

  it('refactors a selection inside a line (not whole lines) as exactly that range', async () => {
    const { range } = parseSelection(USERS.replace('sum = sum + prices[i];', 'sum = «sum + prices[i]»;'));
    fake.reply({ text: '```ts\nsum + (prices[i] ?? 0)\n```</code>' });
    const { text, action } = await resolveAndApply('Ghostline: Refactor the selection', range);
    expect(onlyTextEdit(action).edits).toEqual([{ range, newText: 'sum + (prices[i] ?? 0)' }]);
    expect(text).toContain('    sum = sum + (prices[i] ?? 0);\n');
  });

  it('passes a refactoring instruction given as a command argument to the model', async () => {
    const { range } = parseSelection(
      USERS.replace(
        '  for (let i = 0; i < prices.length; i++) {\n    sum = sum + prices[i];\n  }\n',
        '«  for (let i = 0; i < prices.length; i++) {\n    sum = sum + prices[i];\n  }\n»',
      ),
    );
    fake.reply({ text: 'for (const price of prices) {\n  sum += price;\n}</code>' });
    const result = await client.executeCommand('ghostline.refactor', [{ uri, range, instruction: 'use for...of' }]);
    expect(result).toEqual({ applied: true });
    expect(client.text(uri)).toContain('  let sum = 0;\n  for (const price of prices) {\n    sum += price;\n  }\n  const label');
    expect(chatRequests(fake)[0]!.body.messages[1]!.content).toContain('<instruction>\nuse for...of\n</instruction>');
  });

  it('fixes a tsc diagnostic supplied in the request context, changing only its line', async () => {
    const start = after('const label: number = ').line;
    const diagnostic: Diagnostic = {
      range: { start: after('const label'), end: after("const label: number = 'total'") },
      message: "Type 'string' is not assignable to type 'number'.",
      code: 2322,
      source: 'ts',
    };
    fake.reply({
      text: "export function total(prices: number[]): number {\n  let sum = 0;\n  for (let i = 0; i < prices.length; i++) {\n    sum = sum + prices[i];\n  }\n  const label = 'total';\n  return sum;\n}\n</code>",
    });
    const { text, action } = await resolveAndApply(`Ghostline: Fix "Type 'string' is not assignable to type 'number'."`, diagnostic.range, [diagnostic]);
    expect(onlyTextEdit(action).edits).toEqual([
      { range: { start: { line: start, character: 0 }, end: { line: start + 1, character: 0 } }, newText: "  const label = 'total';\n" },
    ]);
    expect(text).toContain("  const label = 'total';\n  return sum;\n");
    expect(chatRequests(fake)[0]!.body.messages[1]!.content).toContain('<diagnostic line="6" source="ts" code="2322">');
  });
});
