import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../server/core/tokens.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { isSecretPath, redactSecrets } from '../../server/context/index/secrets.js';
import type { Candidate } from '../../server/context/retrieval/sources/types.js';

describe('secrets', () => {
  it.each([
    ['.env', true],
    ['config/.env.production', true],
    ['certs/server.pem', true],
    ['keys/deploy.key', true],
    ['home/.ssh/id_rsa', true],
    ['id_ed25519.pub', true],
    ['credentials.json', true],
    ['app/credentials.go', true],
    ['.npmrc', true],
    ['config/secrets.yaml', true],
    ['src/env.ts', false],
    ['src/keyboard.ts', false],
    ['src/secretary.go', false],
    ['pkg/token/lexer.go', false],
  ])('%s is a secret: %s', (path, secret) => {
    expect(isSecretPath(path)).toBe(secret);
  });

  it.each([
    ['const t = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";', 'const t = "[REDACTED]";'],
    ['key := "AKIAABCDEFGHIJKLMNOP"', 'key := "[REDACTED]"'],
    ["const apiKey = 'q8Zr2LkW9xV7';", "const apiKey = '[REDACTED]';"],
    ['password: "correct horse battery"', 'password: "correct horse battery"'],
    ['DB_PASSWORD = "s3cr3t-value!"', 'DB_PASSWORD = "[REDACTED]"'],
    ['url = "postgres://admin:pa55word@db:5432/app"', 'url = "postgres://admin:[REDACTED]@db:5432/app"'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', '[REDACTED]'],
    ['const token = process.env.TOKEN;', 'const token = process.env.TOKEN;'],
    ['const tokenKind = "identifier";', 'const tokenKind = "identifier";'],
    ['sum := sha256.Sum256(data) // 9f86d081884c7d659a2feaa0c55ad015', 'sum := sha256.Sum256(data) // 9f86d081884c7d659a2feaa0c55ad015'],
    // The forms the quick look for a quoted value must still let through: `:=`, a line break, back quotes, a URL.
    ['authKey := `x9Yq2mPz7Lw4`', 'authKey := `[REDACTED]`'],
    ["{ apiKey: 'q8Zr2LkW9xV7' }", "{ apiKey: '[REDACTED]' }"],
    ['client_secret =\n    "Zq81mXw0pLk2"', 'client_secret =\n    "[REDACTED]"'],
    ['mirror = ftp://anon:hunter22@files.example', 'mirror = ftp://anon:[REDACTED]@files.example'],
  ])('redacts %j', (input, output) => {
    expect(redactSecrets(input)).toBe(output);
  });
});

const candidate = (path: string, line: number, content: string, score: number): Candidate => ({ key: `${path}#${line}`, path, line, content, score, source: 'definitions' });

describe('packing', () => {
  const candidates = [
    candidate('a.go', 10, 'func A() int', 0.9),
    candidate('b.go', 3, 'func B(x int) string', 0.8),
    candidate('a.go', 2, 'type T struct {\n\tX int\n}', 0.5),
    candidate('a.go', 2, 'type T struct {\n\tX int\n}', 0.4),
    candidate('c.go', 1, 'x'.repeat(2000), 0.3),
    candidate('d.go', 1, 'func D()', 0.1),
  ];

  it('fills the budget by score, once per declaration, one labelled snippet per file in file order, best file last', () => {
    expect(packCandidates(candidates, 60)).toEqual([
      { path: 'd.go', content: 'func D()' },
      { path: 'b.go', content: 'func B(x int) string' },
      { path: 'a.go', content: 'type T struct {\n\tX int\n}\nfunc A() int' },
    ]);
  });

  it('never exceeds the budget, and gives the same bytes for the same input in any order', () => {
    for (const budget of [0, 5, 12, 30, 100, 1000]) {
      const packed = packCandidates(candidates, budget);
      const cost = packed.reduce((sum, s) => sum + estimateTokens(s.content) + estimateTokens(s.path) + 5, 0);
      expect(cost).toBeLessThanOrEqual(budget + packed.length * 2);
      expect(packCandidates([...candidates].reverse(), budget)).toEqual(packed);
    }
  });

  it('merges members of one class under one header and drops a member its class outline already lists', () => {
    const member = (name: string, line: number, score: number) => candidate('s.ts', line, `export class S {\n  ${name}(): void;\n}`, score);
    expect(packCandidates([member('a', 3, 0.5), member('b', 7, 0.4)], 100)).toEqual([{ path: 's.ts', content: 'export class S {\n  a(): void;\n  b(): void;\n}' }]);
    // A third member is compared with the lines the first two merged, and a line it shares with them is dropped.
    const third = candidate('s.ts', 9, 'export class S {\n  /** c */\n  b(): void;\n  c(): void;\n}', 0.3);
    expect(packCandidates([member('a', 3, 0.5), member('b', 7, 0.4), third], 100)).toEqual([
      { path: 's.ts', content: 'export class S {\n  a(): void;\n  b(): void;\n  /** c */\n  c(): void;\n}' },
    ]);
    const outline = candidate('s.ts', 1, 'export class S {\n  a(): void;\n  b(): void;\n}', 0.9);
    expect(packCandidates([outline, member('a', 3, 0.5)], 100)).toEqual([{ path: 's.ts', content: outline.content }]);
  });

  it('packs one signature of a name its file declares several times (overloads), however much budget is left', () => {
    const overload = (line: number, signature: string) => ({ ...candidate('u.ts', line, signature, 0.5), key: `u.ts#${line}:.noop` });
    const packed = packCandidates([overload(1, 'export function noop(): void'), overload(2, 'export function noop(): undefined'), overload(3, 'export function noop()')], 1000);
    expect(packed).toHaveLength(1);
    expect(packed[0]!.content.split('\n')).toHaveLength(1);
  });

  it('redacts every snippet it packs', () => {
    expect(packCandidates([candidate('k.ts', 1, 'export const apiKey = "abcd1234efgh5678";', 1)], 100)[0]?.content).toBe('export const apiKey = "[REDACTED]";');
  });
});
