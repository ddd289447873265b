import { describe, expect, it } from 'vitest';
import { scanSecurity, type SecurityRule } from '../../server/actions/security.js';
import { queryPatterns, rulesQuery } from '../../server/actions/security-patterns.js';
import { LanguageRegistry, querySource } from '../../server/syntax/languages.js';

const languages = new LanguageRegistry();
const HIGH: SecurityRule[] = ['secret', 'tls', 'shell'];

/** Code with a finding of every rule (and some of each rule's near misses), per language. */
const SAMPLES: Record<string, string> = {
  go: [
    'package api',
    'const apiKey = "3f9a8b7c6d5e"',
    'var c = &tls.Config{InsecureSkipVerify: true}',
    'func handler(w http.ResponseWriter, r *http.Request) {',
    '\tname := r.FormValue("f")',
    '\tq := "SELECT * FROM users WHERE id = " + name',
    '\tq2 := fmt.Sprintf("DELETE FROM users WHERE name = \'%s\'", name)',
    '\texec.Command("sh", "-c", "ls "+name).Run()',
    '\texec.CommandContext(ctx, tool, "--version").Run()',
    '\tos.Open(filepath.Join("/data", name))',
    '\tcfg.InsecureSkipVerify = true',
    '\tlog.Println("AKIAIOSFODNN7EXAMPLE", q, q2)',
    '}',
  ].join('\n'),
  typescript: [
    'const password = "hunter2hunter2";',
    'const agent = new https.Agent({ rejectUnauthorized: false });',
    "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
    'export function handle(req: Request) {',
    '  const name = req.query.name;',
    '  exec(`rm -rf ${name}`);',
    '  db.query("SELECT * FROM t WHERE id = " + name);',
    '  eval(name);',
    '  fs.readFileSync(path.join(root, name));',
    '}',
  ].join('\n'),
  python: [
    'API_TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"',
    'def handle(request):',
    '    name = request.args["name"]',
    '    requests.get(url, verify=False)',
    '    subprocess.run("ls " + name, shell=True)',
    '    os.system(name)',
    '    cursor.execute("SELECT * FROM t WHERE id = %s" % name)',
    '    eval(name)',
    '    pickle.loads(name)',
  ].join('\n'),
};

describe('the security gate’s query of the high-severity rules', () => {
  it.each(Object.keys(SAMPLES))('finds in %s what the whole query finds for those rules, and nothing else', (id) => {
    const language = languages.byLanguageId(id)!;
    const code = SAMPLES[id]!;
    const tree = language.parser.parse(code);
    const whole = scanSecurity({ language, tree, startIndex: 0, endIndex: code.length });
    const only = scanSecurity({ language, tree, startIndex: 0, endIndex: code.length, only: { rules: HIGH, query: rulesQuery(language, HIGH) } });
    const rules = new Set(whole.map((finding) => finding.rule));
    for (const rule of [...HIGH, 'sql', 'path'] as const) if (id !== 'python' || rule !== 'path') expect(rules).toContain(rule);
    expect(only).toEqual(whole.filter((finding) => HIGH.includes(finding.rule)));
  });

  it('splits a query into its patterns, keeping brackets and semicolons inside strings', () => {
    const source = '; a comment (with a paren\n(a (b) @x) @y\n[(c) (d)] @z\n(e (#match? @e "^[(;]\\"$")) @e.f @g\n';
    expect(queryPatterns(source)).toEqual(['(a (b) @x) @y', '[(c) (d)] @z', '(e (#match? @e "^[(;]\\"$")) @e.f @g']);
    // grammars/go/security.scm: six secret patterns, two SQL, one each for shell and path, two TLS, two local variables.
    expect(queryPatterns(querySource('go', 'security'))).toHaveLength(14);
  });
});
