import { describe, expect, it } from 'vitest';
import { scanSecurity, type SecurityRule } from '../../server/actions/security.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();

/** Scans a whole snippet as if all of it had just been inserted. */
function rulesIn(languageId: string, code: string): SecurityRule[] {
  const language = languages.byLanguageId(languageId)!;
  const tree = language.parser.parse(code);
  return scanSecurity({ language, tree, startIndex: 0, endIndex: code.length }).map((finding) => finding.rule);
}

const goFile = (body: string) => `package api\n\nfunc handler(w http.ResponseWriter, r *http.Request) {\n${body}\n}\n`;

interface Case {
  name: string;
  code: string;
  expected: SecurityRule[];
}

const GO_CASES: Case[] = [
  { name: 'password literal in a short declaration', code: goFile('\tpassword := "hunter22"'), expected: ['secret'] },
  { name: 'API key constant', code: 'package a\n\nconst apiKey = "3f9a8b7c6d5e"\n', expected: ['secret'] },
  { name: 'secret in a struct literal field', code: 'package a\n\nvar c = Config{ClientSecret: "s3cr3t-value"}\n', expected: ['secret'] },
  { name: 'AWS key in any literal', code: goFile('\tlog.Println("AKIAIOSFODNN7EXAMPLE")'), expected: ['secret'] },
  { name: 'password read from the environment', code: goFile('\tpassword := os.Getenv("DB_PASSWORD")'), expected: [] },
  { name: 'empty token and a prompt sentence', code: goFile('\ttoken := ""\n\tpasswordPrompt := "Enter password:"'), expected: [] },
  { name: 'env var name held in a token variable', code: goFile('\ttokenVar := "GITHUB_TOKEN"\n\t_ = tokenVar'), expected: [] },
  { name: 'SQL by concatenation', code: goFile('\tq := "SELECT * FROM users WHERE id = " + id\n\t_ = q'), expected: ['sql'] },
  { name: 'SQL by Sprintf', code: goFile('\tq := fmt.Sprintf("DELETE FROM users WHERE name = \'%s\'", name)\n\t_ = q'), expected: ['sql'] },
  { name: 'SQL with placeholders', code: goFile('\trows, err := db.Query("SELECT * FROM users WHERE id = $1", id)\n\t_, _ = rows, err'), expected: [] },
  { name: 'constant strings concatenated', code: goFile('\tq := "SELECT * FROM users " + "WHERE active"\n\t_ = q'), expected: [] },
  { name: 'non-SQL concatenation', code: goFile('\tmsg := "hello " + name\n\t_ = msg'), expected: [] },
  { name: 'shell script from a variable', code: goFile('\texec.Command("sh", "-c", "ls "+dir).Run()'), expected: ['shell'] },
  { name: 'program name from a variable', code: goFile('\texec.CommandContext(ctx, tool, "--version").Run()'), expected: ['shell'] },
  { name: 'fixed program with variable arguments', code: goFile('\texec.Command("git", "log", ref).Run()'), expected: [] },
  { name: 'InsecureSkipVerify in a literal', code: 'package a\n\nvar c = &tls.Config{InsecureSkipVerify: true}\n', expected: ['tls'] },
  { name: 'InsecureSkipVerify assigned', code: goFile('\tcfg.InsecureSkipVerify = true'), expected: ['tls'] },
  { name: 'verification kept on', code: 'package a\n\nvar c = &tls.Config{InsecureSkipVerify: false}\n', expected: [] },
  { name: 'path joined from a query parameter', code: goFile('\tdata, _ := os.ReadFile(filepath.Join(root, r.URL.Query().Get("f")))\n\t_ = data'), expected: ['path'] },
  {
    name: 'path joined from request input stored in a variable',
    code: goFile('\tname := r.FormValue("file")\n\tf, _ := os.Open(filepath.Join(root, name))\n\t_ = f'),
    expected: ['path'],
  },
  { name: 'path cleaned before joining', code: goFile('\tname := filepath.Base(r.FormValue("file"))\n\tf, _ := os.Open(filepath.Join(root, name))\n\t_ = f'), expected: [] },
  { name: 'path from configuration', code: goFile('\tf, _ := os.Open(filepath.Join(root, cfg.Name))\n\t_ = f'), expected: [] },
];

const TS_CASES: Case[] = [
  { name: 'API key constant', code: 'const apiKey = "3f9a8b7c6d5e4";\n', expected: ['secret'] },
  { name: 'password in an object literal', code: 'const options = { user: "admin", password: "hunter22" };\n', expected: ['secret'] },
  { name: 'secret in a class field', code: 'class Client {\n  private clientSecret = "abc123xyz";\n}\n', expected: ['secret'] },
  { name: 'GitHub token in any literal', code: 'fetch(url, { headers: { Authorization: "token ghp_abcdefghijklmnopqrstuvwxyz0123456789" } });\n', expected: ['secret'] },
  { name: 'key read from the environment', code: 'const apiKey = process.env.API_KEY ?? "";\n', expected: [] },
  { name: 'placeholder values', code: 'const password = "";\nconst token = "<your token>";\nconst secret = "********";\n', expected: [] },
  { name: 'SQL by concatenation', code: 'db.query("SELECT * FROM users WHERE id = " + id);\n', expected: ['sql'] },
  { name: 'SQL in an untagged template', code: 'db.query(`DELETE FROM users WHERE id = ${id}`);\n', expected: ['sql'] },
  { name: 'SQL in a tagged template (parameterised by the library)', code: 'await sql`SELECT * FROM users WHERE id = ${id}`;\n', expected: [] },
  { name: 'SQL with placeholders', code: 'db.query("SELECT * FROM users WHERE id = $1", [id]);\n', expected: [] },
  { name: 'shell command from a template', code: 'execSync(`rm -rf ${dir}`);\n', expected: ['shell'] },
  { name: 'shell script from a variable through spawn', code: 'spawn("sh", ["-c", script]);\n', expected: ['shell'] },
  { name: 'constant command', code: 'execSync("git status");\nspawn("git", ["log", ref]);\n', expected: [] },
  { name: 'eval of input', code: 'const value = eval(input);\n', expected: ['eval'] },
  { name: 'new Function from a variable body', code: 'const fn = new Function("a", body);\n', expected: ['eval'] },
  { name: 'vm on input', code: 'vm.runInNewContext(code, sandbox);\n', expected: ['eval'] },
  { name: 'eval of a constant', code: 'const two = eval("1 + 1");\n', expected: [] },
  { name: 'rejectUnauthorized false', code: 'const agent = new https.Agent({ rejectUnauthorized: false });\n', expected: ['tls'] },
  { name: 'NODE_TLS_REJECT_UNAUTHORIZED zero', code: 'process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";\n', expected: ['tls'] },
  { name: 'rejectUnauthorized true', code: 'const agent = new https.Agent({ rejectUnauthorized: true });\n', expected: [] },
  { name: 'path joined from request params', code: 'res.sendFile(path.join(root, req.params.name));\n', expected: ['path'] },
  { name: 'request input stored first', code: 'const name = req.query.file;\nconst data = fs.readFileSync(path.join(root, name));\n', expected: ['path'] },
  { name: 'basename before joining', code: 'const name = path.basename(req.query.file);\nconst data = fs.readFileSync(path.join(root, name));\n', expected: [] },
  { name: 'array join is not a path', code: 'const line = [req.query.a, req.query.b].join(",");\n', expected: [] },
];

describe('security queries on generated Go', () => {
  it.each(GO_CASES)('$name', ({ code, expected }) => {
    expect(rulesIn('go', code)).toEqual(expected);
  });
});

describe('security queries on generated TypeScript', () => {
  it.each(TS_CASES)('$name', ({ code, expected }) => {
    expect(rulesIn('typescript', code)).toEqual(expected);
  });
});

describe('security queries on generated JavaScript', () => {
  it.each(TS_CASES.filter((c) => !c.code.includes('private ')))('$name', ({ code, expected }) => {
    expect(rulesIn('javascript', code)).toEqual(expected);
  });

  it('flags a secret in a JavaScript class field', () => {
    expect(rulesIn('javascript', 'class C {\n  apiKey = "3f9a8b7c6d5e4";\n}\n')).toEqual(['secret']);
  });
});

describe('the scanned span', () => {
  it('reports only findings inside the inserted code', () => {
    const language = languages.byLanguageId('typescript')!;
    const existing = 'const password = "hunter22";\n';
    const inserted = 'db.query("SELECT * FROM t WHERE id = " + id);\n';
    const tree = language.parser.parse(existing + inserted);
    const findings = scanSecurity({ language, tree, startIndex: existing.length, endIndex: existing.length + inserted.length });
    expect(findings.map((f) => [f.rule, f.start.row])).toEqual([['sql', 1]]);
  });
});
