import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { chatRequests, locate, onlyTextEdit, resolveAndApply as resolveAndApplyAt, startActionClient, startActionFake, titles } from '../support/actions.js';
import type { FakeOllama } from '../support/fake-ollama.js';
import type { TestClient } from '../support/lsp-client.js';
import { parseSelection, positionAt } from '../support/marked.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const CART = `package shop

import (
	"errors"
	"strings"
)

// ErrEmpty is returned for an empty cart.
var ErrEmpty = errors.New("empty cart")

func normalize(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

func Total(prices []int) (int, error) {
	if len(prices) == 0 {
		return 0, ErrEmpty
	}
	sum := 0
	for _, p := range prices {
		sum += p
	}
	return sum, nil
}

func Label(name string) string {
	return "item:" + normalize(name)
}

// Discount returns the price after taking off percent.
func Discount(price int, percent int) int {
}

func Count(items []string) int {
	return len(item)
}
`;

let workspace: Workspace;
let fake: FakeOllama;
let client: TestClient;
let uri: string;

beforeAll(() => {
  workspace = makeWorkspace({ 'go.mod': 'module example.com/shop\n\ngo 1.22\n', 'cart.go': CART });
  uri = workspace.uri('cart.go');
});
afterAll(() => workspace.remove());
beforeEach(async () => {
  fake = await startActionFake();
  client = await startActionClient(fake);
  await client.open(uri, 'go', CART);
});
afterEach(async () => {
  await client.stop();
  await fake.close();
});

const { after, cursorAt } = locate(CART);

function resolveAndApply(title: string, range = cursorAt('sum := 0'), diagnostics: Diagnostic[] = []) {
  return resolveAndApplyAt(client, { uri, title, range, diagnostics });
}

describe('Go code actions: where they are offered', () => {
  it('offers explain, document and tests inside a function, with no model call', async () => {
    const offered = titles(await client.codeActions(uri, cursorAt('sum := 0')));
    expect(offered).toEqual(['Ghostline: Refactor Total', 'Ghostline: Document Total', 'Ghostline: Explain Total', 'Ghostline: Generate tests for Total']);
    expect(chatRequests(fake)).toHaveLength(0);
  });

  it('offers implement for an empty body, and no document action where a doc comment exists', async () => {
    const offered = titles(await client.codeActions(uri, cursorAt('func Discount(')));
    expect(offered).toContain('Ghostline: Implement Discount');
    expect(offered).not.toContain('Ghostline: Document Discount');
  });

  it('offers refactor and explain for a selection, nothing function-bound outside functions', async () => {
    const selection = { start: after('import (\n'), end: after('"strings"') };
    expect(titles(await client.codeActions(uri, selection))).toEqual(['Ghostline: Refactor the selection', 'Ghostline: Explain the selected code']);
    expect(titles(await client.codeActions(uri, cursorAt('package sh')))).toEqual([]);
  });

  it('filters by the kinds the client asks for', async () => {
    const diagnostic: Diagnostic = { range: { start: after('return len('), end: after('return len(item') }, message: 'undefined: item', source: 'compiler' };
    const only = await client.codeActions(uri, diagnostic.range, { diagnostics: [diagnostic], only: ['quickfix'] });
    expect(only?.map((action) => [action.title, (action as { kind?: string }).kind])).toEqual([['Ghostline: Fix "undefined: item"', 'quickfix']]);
  });
});

describe('Go code actions: resolved into versioned edits', () => {
  it('documents a function with a GoDoc comment, built from the tagged prompt', async () => {
    fake.reply({ text: 'Label returns the display label for an item name, normalised.\n</comment>' });
    const { text, action } = await resolveAndApply('Ghostline: Document Label', cursorAt('func Lab'));
    const edit = onlyTextEdit(action);
    expect(edit.textDocument).toEqual({ uri, version: 1 });
    const line = positionAt(CART, CART.indexOf('func Label')).line;
    expect(edit.edits).toEqual([
      { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: '// Label returns the display label for an item name, normalised.\n' },
    ]);
    expect(text).toContain('// Label returns the display label for an item name, normalised.\nfunc Label(name string) string {');

    const [request] = chatRequests(fake);
    const messages = request!.body.messages;
    expect(request!.body.model).toBe('qwen2.5-coder:7b-instruct');
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(messages[2]!.content).toBe('<comment>\n');
    expect(request!.body.options?.stop).toEqual(['</comment>']);
    expect(messages[0]!.content).toContain('Go engineer');
    const user = messages[1]!.content;
    expect(user).toContain('<environment>\nGo 1.22\nmodule path: example.com/shop\n</environment>');
    expect(user).toMatch(/<imports file="cart.go">\nimport \(\n\t"errors"\n\t"strings"\n\)\n<\/imports>/);
    expect(user).toContain('func normalize(s string) string');
    expect(user).toContain('<declaration file="cart.go" language="Go" name="Label">\nfunc Label(name string) string {');
    expect(user).toContain('GoDoc');
  });

  it('explains a function with a comment above it', async () => {
    fake.reply({ text: 'Adds up the prices.\nAn empty cart is an error, not a zero total.</comment>' });
    const { text } = await resolveAndApply('Ghostline: Explain Total');
    expect(text).toContain('}\n\n// Adds up the prices.\n// An empty cart is an error, not a zero total.\nfunc Total(prices []int) (int, error) {');
  });

  it('implements an empty body from a reply in prose and fences, re-indenting its spaces to tabs', async () => {
    // Wrapped the way chat models wrap code: a sentence, a fence, an explanation.
    fake.reply({
      text: 'Here is the implementation:\n```go\nif percent <= 0 {\n    return price\n}\nreturn price - price*percent/100\n```\nThis leaves the price unchanged for non-positive percentages.\n</code>',
    });
    const { text, action } = await resolveAndApply('Ghostline: Implement Discount', cursorAt('func Discount('));
    // Only the new lines are inserted: the braces already there stay untouched.
    const closing = positionAt(CART, CART.indexOf('}', CART.indexOf('func Discount')));
    expect(onlyTextEdit(action).edits).toEqual([
      { range: { start: closing, end: closing }, newText: '\tif percent <= 0 {\n\t\treturn price\n\t}\n\treturn price - price*percent/100\n' },
    ]);
    expect(text).toContain(
      '// Discount returns the price after taking off percent.\nfunc Discount(price int, percent int) int {\n\tif percent <= 0 {\n\t\treturn price\n\t}\n\treturn price - price*percent/100\n}\n',
    );
  });

  it('refactors a selection and replaces only the lines that changed', async () => {
    const { range } = parseSelection(CART.replace('\tsum := 0\n', '«\tsum := 0\n').replace('\treturn sum, nil\n', '\treturn sum, nil»\n'));
    fake.reply({ text: 'sum := 0\nfor _, price := range prices {\n\tsum += price\n}\nreturn sum, nil</code>' });
    const { text, action } = await resolveAndApply('Ghostline: Refactor the selection', range);
    const forLine = after('sum := 0\n').line;
    expect(onlyTextEdit(action).edits).toEqual([
      { range: { start: { line: forLine, character: 0 }, end: { line: forLine + 2, character: 0 } }, newText: '\tfor _, price := range prices {\n\t\tsum += price\n' },
    ]);
    expect(text).toContain('\tsum := 0\n\tfor _, price := range prices {\n\t\tsum += price\n\t}\n\treturn sum, nil\n');
  });

  it('refactors the function around the cursor when nothing is selected', async () => {
    fake.reply({ text: 'func Label(name string) string {\n\treturn fmt.Sprintf("item:%s", normalize(name))\n}</code>' });
    const { text } = await resolveAndApply('Ghostline: Refactor Label', cursorAt('"item:" + norm'));
    expect(text).toContain('\nfunc Label(name string) string {\n\treturn fmt.Sprintf("item:%s", normalize(name))\n}\n\n// Discount');
    expect(chatRequests(fake)[0]!.body.messages[1]!.content).toContain('func Label(name string) string {\n\treturn "item:" + normalize(name)\n}');
  });

  it('fixes a diagnostic from the request context with a minimal edit', async () => {
    const diagnostic: Diagnostic = {
      range: { start: after('return len('), end: after('return len(item') },
      message: 'undefined: item',
      code: 'UndeclaredName',
      source: 'compiler',
      severity: 1,
    };
    fake.reply({ text: 'func Count(items []string) int {\n\treturn len(items)\n}\n</code>' });
    const { text, action } = await resolveAndApply('Ghostline: Fix "undefined: item"', diagnostic.range, [diagnostic]);
    expect(action.kind).toBe('quickfix');
    expect(action.diagnostics).toEqual([diagnostic]);
    const line = diagnostic.range.start.line;
    expect(onlyTextEdit(action).edits).toEqual([{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '\treturn len(items)\n' }]);
    expect(text).toContain('func Count(items []string) int {\n\treturn len(items)\n}\n');
    const user = chatRequests(fake)[0]!.body.messages[1]!.content;
    expect(user).toContain('<diagnostic line="2" source="compiler" code="UndeclaredName">\nundefined: item\nat: item\n</diagnostic>');
    expect(user).toContain('<region file="cart.go" language="Go">\nfunc Count(items []string) int {\n\treturn len(item)\n}\n</region>');
  });

  it('generates table-driven tests into a new <file>_test.go in the same package', async () => {
    fake.reply({
      text: 'import "testing"\n\nfunc TestTotal(t *testing.T) {\n\tgot, err := Total([]int{1, 2})\n\tif err != nil || got != 3 {\n\t\tt.Fatalf("Total = %d, %v", got, err)\n\t}\n}\n</code>',
    });
    const { action } = await resolveAndApply('Ghostline: Generate tests for Total');
    const testUri = workspace.uri('cart_test.go');
    expect(action.edit?.documentChanges?.[0]).toEqual({ kind: 'create', uri: testUri });
    expect(workspace.read('cart_test.go')).toBe(
      'package shop\n\nimport (\n\t"testing"\n)\n\nfunc TestTotal(t *testing.T) {\n\tgot, err := Total([]int{1, 2})\n\tif err != nil || got != 3 {\n\t\tt.Fatalf("Total = %d, %v", got, err)\n\t}\n}\n',
    );
    workspace.write('cart_test.go', '');
  });
});
