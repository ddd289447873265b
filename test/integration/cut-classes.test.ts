import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

/**
 * The cut classes of issue 16 (6–10), each through the server as users run it: the document is
 * opened, the fake model answers the reply, and the editor must be shown exactly `want`.
 */
interface CutCase {
  name: string;
  language: 'go' | 'typescript';
  fixture: string;
  reply: string;
  want: string;
}

// A help text long enough that the prompt's window, and the cut's, start inside it.
const HELP_LINES = Array.from({ length: 220 }, (_, i) => `  sub${i} [--flag=${i}] {name} (see: help sub${i})`).join('\n');

const GO_AFTER_RAW_STRING = `package cli

const helpText = \`usage: tool <command>
${HELP_LINES}
\`

func run(args []string) error {
	for _, a := range args {
		if a == "-h" {
			█
		}
	}
	return nil
}
`;

const TS_AFTER_TEMPLATE = `export const page = \`<main>
${HELP_LINES}
-- end of page --\`;

export function render(items: string[]): string {
  if (items.length === 0) {
    █
  }
  return items.join('');
}
`;

const CLASS_6: CutCase[] = [
  {
    name: 'Go: a prefix window starting inside a raw string',
    language: 'go',
    fixture: GO_AFTER_RAW_STRING,
    reply: 'fmt.Print(helpText)\n\t\t\treturn nil\n\t\t}\n\t}\n\treturn nil\n}\n',
    want: 'fmt.Print(helpText)\n\t\t\treturn nil',
  },
  {
    name: 'TypeScript: a prefix window starting inside a template literal',
    language: 'typescript',
    fixture: TS_AFTER_TEMPLATE,
    reply: "return page;\n  }\n  const html = items.join('');\n  return html;\n}\n",
    want: 'return page;',
  },
];

const CLASS_7: CutCase[] = [
  {
    name: 'Go: script text in a raw string, the whole rest of the line repeated',
    language: 'go',
    fixture: 'package tools\n\nconst script = `#!/bin/sh\nfor f in "$@"; do\n\tif [ -f "$f" ]; then █{ cat "$f"; }\n\tfi\ndone\n`\n',
    reply: 'echo "$f" && { cat "$f"; }',
    want: 'echo "$f" &&',
  },
];

const CLASS_8: CutCase[] = [
  {
    name: 'Go: a call re-opening a block whose body is below',
    language: 'go',
    fixture: 'package api\n\nfunc routes(r chi.Router) {\n\tr.Route(█\n\t\tr.Get("/", listArticles)\n\t\tr.Post("/", createArticle)\n\t})\n}\n',
    reply: '"/articles", func(r chi.Router) {\n\t\tr.Get("/", listArticles)\n\t\tr.Post("/", createArticle)\n\t})\n}\n',
    want: '"/articles", func(r chi.Router) {',
  },
  {
    name: 'TypeScript: a callback re-opened above its body',
    language: 'typescript',
    fixture: "export function watch(source: Observable<number>): void {\n  source.subscribe(█\n    log('value', value);\n    total += value;\n  });\n}\n",
    reply: "(value) => {\n    log('value', value);\n    total += value;\n  });\n}\n",
    want: '(value) => {',
  },
];

const CLASS_9: CutCase[] = [
  {
    name: 'Go: a struct key named Usage is code',
    language: 'go',
    fixture: 'package main\n\nfunc newApp() *cli.App {\n\treturn &cli.App{\n\t\tName: "greet",\n\t\t█\n\t}\n}\n',
    reply: 'Usage: usageText,\n\t\tAction: greet,\n\t}\n}\n',
    want: 'Usage: usageText,\n\t\tAction: greet,',
  },
  {
    name: 'TypeScript: an object key named Note is code',
    language: 'typescript',
    fixture: 'export const columns = {\n  Title: title,\n  █\n};\n',
    reply: 'Note: note.trim(),\n};\n',
    want: 'Note: note.trim(),',
  },
  {
    name: 'a labelled sentence is still prose',
    language: 'go',
    fixture: 'package main\n\nfunc newApp() *cli.App {\n\treturn &cli.App{\n\t\tName: "greet",\n\t\t█\n\t}\n}\n',
    reply: 'Action: greet,\n\nNote: the action runs once for every invocation.\n',
    want: 'Action: greet,',
  },
];

// Nine pasted lines, deeper than the `if` they now sit under: the `if` is still the completion's to close.
const PASTED = Array.from({ length: 9 }, (_, i) => `        res.setHeader('x-step-${i}', '${i}');`).join('\n');

const CLASS_10: CutCase[] = [
  {
    name: 'TypeScript: a bracket owed beyond the 8-line prompt suffix',
    language: 'typescript',
    fixture: `export function configure(server: Server): void {\n  server.on('request', (req, res) => {\n    if (req.url === '/health') {\n      █\n${PASTED}\n  });\n}\n`,
    reply: 'res.statusCode = 200;\n    }\n',
    want: 'res.statusCode = 200;\n    }',
  },
];

let fake: FakeOllama;
let client: TestClient;
let opened = 0;

beforeAll(async () => {
  fake = await startFakeOllama();
  client = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0, cacheSize: 0 } } });
});
afterAll(async () => {
  await client.stop();
  await fake.close();
});

async function shown(c: CutCase): Promise<string> {
  const { text, position } = parseMarked(c.fixture);
  const uri = `file:///cut/f${opened++}.${c.language === 'go' ? 'go' : 'ts'}`;
  await client.open(uri, c.language, text);
  fake.reply({ text: c.reply });
  const item = (await client.inline(uri, position))?.items[0];
  return typeof item?.insertText === 'string' ? item.insertText : '';
}

const CLASSES: Array<[string, CutCase[]]> = [
  ['6: a window starting inside a raw string or template literal', CLASS_6],
  ['7: a tail equal to the rest of the line', CLASS_7],
  ['8: a line re-opening a block whose body is below', CLASS_8],
  ['9: code the prose detector took for prose', CLASS_9],
  ['10: brackets owed beyond the prompt suffix', CLASS_10],
];

for (const [title, cases] of CLASSES) {
  describe(`cut class ${title}`, () => {
    for (const c of cases) {
      it(c.name, async () => {
        expect(await shown(c)).toBe(c.want);
      });
    }
  });
}
