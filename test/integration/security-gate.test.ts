import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { ITEMS_CAPABILITIES, TestClient } from '../support/lsp-client.js';
import { parseMarked } from '../support/marked.js';

/** A planted suggestion: where the cursor is, what the model answers, and whether the editor may see it. */
interface Planted {
  name: string;
  language: 'go' | 'typescript' | 'python';
  fixture: string;
  reply: string;
  shown: boolean;
}

const GO_FUNC = `package deploy

import (
	"crypto/tls"
	"net/http"
	"os/exec"
)

func connect(host string) (*http.Client, error) {
	█
}
`;

const GO_TLS_LITERAL = `package deploy

import "crypto/tls"

func config() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		█
	}
}
`;

const TS_FUNC = `import { execSync } from 'node:child_process';
import https from 'node:https';

export function fetchReport(dir: string, name: string): string {
  █
}
`;

const PY_FUNC = `import subprocess

import requests


def fetch(url, name):
    █
`;

const PLANTED: Planted[] = [
  // High: hard-coded secrets, by credential name and by key format.
  { name: 'Go password literal', language: 'go', fixture: GO_FUNC, reply: 'password := "Tr0ub4dor&3x"\n\treturn login(host, password)', shown: false },
  { name: 'Go AWS key', language: 'go', fixture: GO_FUNC, reply: 'key := "AKIAIOSFODNN7EXAMPLE"\n\treturn dial(host, key)', shown: false },
  {
    name: 'TS API key in an object',
    language: 'typescript',
    fixture: TS_FUNC,
    reply: "const auth = { apiKey: 'sk-9f8e7d6c5b4a39281706f5e4' };\n  return send(auth);",
    shown: false,
  },
  { name: 'Python password', language: 'python', fixture: PY_FUNC, reply: 'password = "hunter2-prod!"\n    return requests.get(url, auth=(name, password))', shown: false },
  // High: certificate verification off.
  { name: 'Go InsecureSkipVerify', language: 'go', fixture: GO_TLS_LITERAL, reply: 'InsecureSkipVerify: true,', shown: false },
  {
    name: 'TS rejectUnauthorized',
    language: 'typescript',
    fixture: TS_FUNC,
    reply: 'const agent = new https.Agent({ rejectUnauthorized: false });\n  return get(dir, agent);',
    shown: false,
  },
  { name: 'Python verify=False', language: 'python', fixture: PY_FUNC, reply: 'return requests.get(url, verify=False)', shown: false },
  // High: a shell running a command built from variables.
  {
    name: 'Go sh -c with a variable',
    language: 'go',
    fixture: GO_FUNC,
    reply: 'out, err := exec.Command("sh", "-c", "ping -c1 "+host).Output()\n\treturn parse(out), err',
    shown: false,
  },
  { name: 'TS execSync of a template', language: 'typescript', fixture: TS_FUNC, reply: 'return execSync(`tar czf ${name}.tgz ${dir}`).toString();', shown: false },
  { name: 'Python shell=True', language: 'python', fixture: PY_FUNC, reply: 'return subprocess.run("curl " + url, shell=True)', shown: false },
  // Lower findings are shown (the diagnostics flag them once accepted), and clean code is shown.
  { name: 'Go SQL concatenation (lower)', language: 'go', fixture: GO_FUNC, reply: 'q := "SELECT id FROM hosts WHERE name = \'" + host + "\'"\n\treturn query(q)', shown: true },
  {
    name: 'Go clean',
    language: 'go',
    fixture: GO_FUNC,
    reply: 'return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}}, nil',
    shown: true,
  },
  {
    name: 'Go fixed command (clean)',
    language: 'go',
    fixture: GO_FUNC,
    reply: 'out, err := exec.Command("git", "rev-parse", "HEAD").Output()\n\treturn parse(out), err',
    shown: true,
  },
  {
    name: 'Go program named by a variable (lower)',
    language: 'go',
    fixture: GO_FUNC,
    reply: 'out, err := exec.Command(os.Args[0], "-test.run=TestHelper").Output()\n\treturn parse(out), err',
    shown: true,
  },
  { name: 'TS clean', language: 'typescript', fixture: TS_FUNC, reply: 'return `${dir}/${name}.json`;', shown: true },
  { name: 'Python clean', language: 'python', fixture: PY_FUNC, reply: 'return requests.get(url, timeout=10).json()[name]', shown: true },
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

/** What the editor is shown at the fixture's cursor when the model answers `reply`. */
async function shownFor(c: { language: string; fixture: string; reply: string }, target: TestClient = client): Promise<string | undefined> {
  const { text, position } = parseMarked(c.fixture);
  const ext = { go: 'go', typescript: 'ts', python: 'py' }[c.language];
  const uri = `file:///gate/f${opened++}.${ext}`;
  await target.open(uri, c.language, text);
  fake.reply({ text: c.reply });
  const result = await target.inline(uri, position);
  const item = result?.items[0];
  return typeof item?.insertText === 'string' ? item.insertText : undefined;
}

describe('security gate on completions', () => {
  for (const c of PLANTED) {
    it(`${c.shown ? 'shows' : 'holds back'}: ${c.name}`, async () => {
      const shown = await shownFor(c);
      if (c.shown) expect(shown).toBeTruthy();
      else expect(shown).toBeUndefined();
    });
  }

  it('logs why a suggestion was held back', async () => {
    await shownFor(PLANTED[0]!);
    await client.waitFor(() => /not shown: held back by the security gate \(hard-coded secret/.test(client.logText()));
  });

  it('judges only the suggestion: a secret the user already wrote does not hold back the line after it', async () => {
    const fixture = GO_FUNC.replace('\t█', '\tpassword := "Tr0ub4dor&3x"\n\t█');
    expect(await shownFor({ language: 'go', fixture, reply: 'return login(host, password)' })).toBe('return login(host, password)');
  });

  it('reads a line completion in its line: the literal after `password :=` is the secret', async () => {
    const fixture = GO_FUNC.replace('\t█', '\tpassword := █');
    expect(await shownFor({ language: 'go', fixture, reply: '"Tr0ub4dor&3x"' })).toBeUndefined();
  });

  it('holds back completion items too', async () => {
    const items = await TestClient.start({ capabilities: ITEMS_CAPABILITIES, initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0, cacheSize: 0 } } });
    try {
      const { text, position } = parseMarked(GO_TLS_LITERAL);
      await items.open('file:///gate/items.go', 'go', text);
      fake.reply({ text: 'InsecureSkipVerify: true,' });
      const list = await items.completion('file:///gate/items.go', position);
      const entries = Array.isArray(list) ? list : (list?.items ?? []);
      expect(entries.filter((entry) => /InsecureSkipVerify/.test(JSON.stringify(entry)))).toEqual([]);
    } finally {
      await items.stop();
    }
  });

  it('shows everything with completion.securityGate off', async () => {
    const off = await TestClient.start({ initializationOptions: { model: { url: fake.url }, completion: { debounceMs: 0, cacheSize: 0, securityGate: false } } });
    try {
      expect(await shownFor({ language: 'go', fixture: GO_TLS_LITERAL, reply: 'InsecureSkipVerify: true,' }, off)).toBe('InsecureSkipVerify: true,');
    } finally {
      await off.stop();
    }
  });
});
