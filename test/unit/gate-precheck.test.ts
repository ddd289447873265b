import { describe, expect, it } from 'vitest';
import { gateVerdict, mayIntroduce, SecurityGate } from '../../server/actions/security-gate.js';
import { defaultSettings } from '../../server/config/settings.js';
import { DocumentStore } from '../../server/documents/document-store.js';
import { LanguageRegistry, type Language } from '../../server/syntax/languages.js';
import { silentLogger } from '../../server/util/logger.js';
import { parseMarked } from '../support/marked.js';
import { PLANTED, type Planted } from '../support/planted-suggestions.js';

// The gate's pre-check skips the parse only when no high-severity finding can be in the code. These cases hold
// back a suggestion with no import or other line that names what the finding needs: every word it needs is in
// the reply or the line before it, so a pre-check that reads too little would wrongly let them through.
const languages = new LanguageRegistry();

const BARE: Record<Planted['language'], string> = {
  python: 'def fetch(url, name):\n    █\n',
  go: 'package deploy\n\nfunc connect(host string) error {\n\t█\n}\n',
  typescript: 'export function report(dir: string): void {\n  █\n}\n',
};

const HELD: Array<Omit<Planted, 'fixture' | 'shown'>> = [
  { name: 'Python password', language: 'python', reply: 'password = "hunter2-prod!"' },
  { name: 'Python GitHub token in a literal', language: 'python', reply: 'log("ghp_abcdefghijklmnopqrstuvwxyz0123456789")' },
  { name: 'Python client secret in a keyword argument', language: 'python', reply: 'connect(url, client_secret="x9Yq7Rk2Lm")' },
  { name: 'Python verify=False', language: 'python', reply: 'return requests.get(url, verify=False)' },
  { name: 'Python shell=True', language: 'python', reply: 'return subprocess.run("curl " + url, shell=True)' },
  { name: 'Python os.system', language: 'python', reply: 'os.system("ping " + url)' },
  { name: 'Go password', language: 'go', reply: 'password := "Tr0ub4dor&3x"' },
  { name: 'Go AWS key', language: 'go', reply: 'dial(host, "AKIAIOSFODNN7EXAMPLE")' },
  { name: 'Go apiKey field', language: 'go', reply: 'cfg.apiKey = "3f9a8b7c6d5e"' },
  { name: 'Go InsecureSkipVerify literal', language: 'go', reply: 'c := &tls.Config{InsecureSkipVerify: true}' },
  { name: 'Go InsecureSkipVerify assignment', language: 'go', reply: 'cfg.InsecureSkipVerify = true' },
  { name: 'Go sh -c', language: 'go', reply: 'exec.Command("sh", "-c", "ping -c1 "+host).Run()' },
  { name: 'TS API key', language: 'typescript', reply: "const auth = { apiKey: 'sk-9f8e7d6c5b4a39281706f5e4' };" },
  { name: 'TS rejectUnauthorized', language: 'typescript', reply: 'const agent = new https.Agent({ rejectUnauthorized: false });' },
  { name: 'TS strictSSL as a string key', language: 'typescript', reply: "request({ 'strictSSL': false });" },
  { name: 'TS NODE_TLS_REJECT_UNAUTHORIZED', language: 'typescript', reply: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';" },
  { name: 'TS execSync of a template', language: 'typescript', reply: 'execSync(`tar czf ${dir}.tgz`);' },
];

const CASES: Planted[] = [...HELD.map((c) => ({ ...c, fixture: BARE[c.language], shown: false })), ...PLANTED.filter((c) => !c.shown)];

function languageOf(id: string): Language {
  const language = languages.byLanguageId(id);
  if (!language) throw new Error(`no grammar for ${id}`);
  return language;
}

describe('the security gate pre-check', () => {
  for (const c of CASES) {
    it(`never skips a suggestion the gate holds back, wherever the cursor splits it: ${c.name}`, () => {
      const language = languageOf(c.language);
      const { text, offset } = parseMarked(c.fixture);
      const whole = text.slice(0, offset) + c.reply + text.slice(offset);
      const end = offset + c.reply.length;
      // The user typed up to `at` (from the line before the cursor's), the reply is the rest up to the reply's end.
      const from = text.lastIndexOf('\n', text.lastIndexOf('\n', offset - 1) - 1) + 1;
      let held = 0;
      for (let at = from; at < end; at++) {
        const input = { uri: 'file:///precheck', text: whole.slice(0, at) + whole.slice(end), offset: at, suggestion: whole.slice(at, end), language };
        const verdicts = [gateVerdict({ ...input, tree: undefined }), gateVerdict({ ...input, tree: language.parser.parse(input.text) })];
        if (verdicts.every((verdict) => verdict === undefined)) continue;
        held++;
        expect(mayIntroduce(input), `split at ${at - offset}: ${JSON.stringify(input.suggestion)}`).toBe(true);
      }
      expect(held).toBeGreaterThan(0);
    });
  }

  it('skips clean suggestions in code that names nothing the high rules need', () => {
    for (const [id, reply] of [
      ['python', 'return url.rstrip("/") + "/" + name'],
      ['go', 'return fmt.Errorf("dial %s: %w", host, err)'],
      ['typescript', 'console.log(`${dir}/report.json`);'],
    ] as const) {
      const { text, offset } = parseMarked(BARE[id]);
      expect(mayIntroduce({ language: languageOf(id), text, offset, suggestion: reply })).toBe(false);
    }
  });

  it('asks the worker only when the pre-check cannot rule a finding out', async () => {
    const documents = new DocumentStore({ languages, logger: silentLogger, maxFileBytes: () => Number.POSITIVE_INFINITY });
    const asked: string[] = [];
    const gate = new SecurityGate({
      documents,
      settings: defaultSettings,
      offThread: {
        gate: (question) => {
          asked.push(question.suggestion);
          return Promise.resolve(undefined);
        },
      },
    });
    const { text, offset } = parseMarked(BARE.python);
    documents.open('file:///precheck.py', 'python', 1, text);
    const at = { uri: 'file:///precheck.py', version: 1, text, offset, signal: new AbortController().signal };
    expect(await gate.check({ ...at, suggestion: 'return url.rstrip("/")' })).toBeUndefined();
    expect(asked).toEqual([]);
    // The worker gives no answer here, so the main thread's verdict holds it back.
    expect(await gate.check({ ...at, suggestion: 'return requests.get(url, verify=False)' })).toMatch(/TLS certificate verification disabled/);
    expect(asked).toEqual(['return requests.get(url, verify=False)']);
  });
});
