/**
 * Planted suggestions for the security gate, each in a fixture with its cursor: high-severity findings the
 * editor must not be shown, and lower findings and clean code it must. Shared by the gate's end-to-end test
 * and the test that the syntax worker's verdict equals the main thread's.
 */

/** A planted suggestion: where the cursor is, what the model answers, and whether the editor may see it. */
export interface Planted {
  name: string;
  language: 'go' | 'typescript' | 'python';
  fixture: string;
  reply: string;
  shown: boolean;
}

export const GO_FUNC = `package deploy

import (
	"crypto/tls"
	"net/http"
	"os/exec"
)

func connect(host string) (*http.Client, error) {
	█
}
`;

export const GO_TLS_LITERAL = `package deploy

import "crypto/tls"

func config() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		█
	}
}
`;

export const TS_FUNC = `import { execSync } from 'node:child_process';
import https from 'node:https';

export function fetchReport(dir: string, name: string): string {
  █
}
`;

export const PY_FUNC = `import subprocess

import requests


def fetch(url, name):
    █
`;

export const PLANTED: Planted[] = [
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
