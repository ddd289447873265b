import { join, relative, sep } from 'node:path';
import type { Verdict } from '../actions/chat-runner.js';
import { cleanCode } from '../actions/clean-reply.js';
import { describeEnvironment, detectEnvironment } from '../syntax/project-environment.js';
import { importEdits, renderImports, splitImports } from '../syntax/import-edits.js';
import { checkParse } from '../actions/parse-check.js';
import { testsPrompt } from '../actions/prompts/tests.js';
import { isTestFile, planTests, testImports, type TestPlan } from '../syntax/test-files.js';
import { offsetOf } from '../core/position.js';
import { extractDeclarations, type Declaration } from '../syntax/declarations.js';
import type { Language, LanguageRegistry } from '../syntax/languages.js';
import type { ChangedFile } from './apply-edits.js';
import { changedLines } from './diff.js';
import type { AskModel } from './edit-stage.js';
import { readProjectFile } from './read-project.js';
import { ParsedTexts } from './parsed-texts.js';

/** The unit test of a candidate: where it goes and the code added there. */
export interface TaskTest {
  path: string;
  code: string;
  framework: string;
  /** True when the test file is new. */
  created: boolean;
  file: ChangedFile;
}

export interface TestRequest {
  root: string;
  task: string;
  files: readonly ChangedFile[];
  languages: LanguageRegistry;
  ask: AskModel;
  /** The previous test and what failed, on a retry. */
  feedback?: string;
  /** The run's trees (see ParsedTexts). */
  parsed?: ParsedTexts;
}

/**
 * Writes a unit test for the behaviour the edit changed, with the knowledge code actions use
 * (framework, test-file location, append or create, the imports a test needs). Undefined when the
 * edit already changes a test file, or the language has no test generation.
 */
export async function runTestStage(request: TestRequest): Promise<TaskTest | undefined> {
  if (request.files.some((file) => isTestFile(file.path))) return undefined;
  const parsed = request.parsed ?? new ParsedTexts();
  const subject = pickSubject(request, parsed);
  if (!subject) return undefined;
  const { file, language, changed } = subject;
  const lang = language.module.name;
  const sourcePath = join(request.root, file.path);
  const environment = await detectEnvironment(sourcePath, lang);
  const first = changed[0]!;
  // Languages whose tests import the subject by name use it; the others ignore it.
  const exported = first.exported ? (first.container ?? first.name) : undefined;
  const plan = await planTests({
    sourcePath,
    language: lang,
    environment,
    packageName: /^package\s+(\w+)/m.exec(file.after)?.[1],
    importName: exported,
    sourceUsesJsExtensions: /from\s+['"]\.{1,2}\/[^'"]*\.[cm]?js['"]/.test(file.after),
  });
  const testPath = relative(request.root, plan.path).split(sep).join('/');
  const existing = request.files.find((f) => f.path === testPath)?.after ?? readProjectFile(request.root, testPath);
  const lines = file.after.split('\n');
  const code = changed.map((d) => lines.slice(d.line, d.endLine + 1).join('\n')).join('\n\n');
  const spec = testsPrompt({
    context: { languageName: language.module.displayName(language.id), path: file.path, environment: describeEnvironment(environment), imports: '', related: [], repository: [] },
    code,
    name: first.name,
    framework: plan.framework,
    packageName: language.module.tests.packageName(plan),
    importHint: plan.subject ? `The test file imports ${exported} from '${plan.subject.source}'.` : undefined,
    existingTests: existing?.split('\n').slice(0, 80).join('\n'),
  });
  spec.sections.push({ tag: 'task', attributes: { note: 'the change just made to the code above' }, body: request.task });
  if (request.feedback) spec.sections.push({ tag: 'problems', attributes: { note: 'your previous test and what went wrong' }, body: request.feedback });
  spec.task = `Write one focused unit test that proves the change described in <task> works (through the code in <under-test>).\n${spec.task}`;
  return request.ask(spec, (reply): Verdict<TaskTest> => {
    const placed = placeTest({ language, plan, existing, parsed }, cleanCode(reply, 'code'));
    if (!placed.ok) return { ok: false, kind: 'invalid-output', reason: placed.reason, feedback: `The test does not parse: ${placed.reason}.` };
    return {
      ok: true,
      value: { path: testPath, code: placed.added, framework: plan.framework, created: existing === undefined, file: { path: testPath, before: existing, after: placed.text } },
    };
  });
}

/** The changed source file to test and the declarations the edit touched in it, new ones first. */
function pickSubject(request: TestRequest, parsed: ParsedTexts): { file: ChangedFile; language: Language; changed: Declaration[] } | undefined {
  for (const file of request.files) {
    const language = request.languages.byPath(file.path);
    if (!language) continue;
    const touched = changedLines(file.before ?? '', file.after);
    const declarations = extractDeclarations(parsed.tree(language, file.after), file.after, language).filter(
      (d) => d.kind === 'function' || d.kind === 'method' || d.kind === 'class',
    );
    const before = new Set(file.before === undefined ? [] : extractDeclarations(parsed.tree(language, file.before), file.before, language).map((d) => `${d.container}.${d.name}`));
    const changed = declarations.filter((d) => touched.some((line) => line >= d.line && line <= d.endLine));
    if (changed.length === 0) continue;
    changed.sort((a, b) => Number(before.has(`${a.container}.${a.name}`)) - Number(before.has(`${b.container}.${b.name}`)));
    return { file, language, changed };
  }
  return undefined;
}

/** The test appended to the existing file (its imports completed) or a whole new file; refused when it does not parse there. */
function placeTest(
  target: { language: Language; plan: TestPlan; existing: string | undefined; parsed: ParsedTexts },
  cleaned: string,
): { ok: true; text: string; added: string } | { ok: false; reason: string } {
  const { language, plan, existing, parsed } = target;
  const { imports: declared, body } = splitImports(language, cleaned, parsed.tree(language, cleaned));
  const needed = testImports(language.module, plan, body, declared);
  let base = '';
  let addition: string;
  if (existing === undefined) {
    const header = plan.header + renderImports(language, needed, "'");
    addition = `${header}${header && !header.endsWith('\n\n') ? '\n' : ''}${body}\n`;
  } else {
    const tree = parsed.tree(language, existing);
    const edits = importEdits(language, existing, tree, needed);
    base = existing;
    for (const edit of [...edits].sort((a, b) => offsetOf(existing, b.range.start) - offsetOf(existing, a.range.start))) {
      base = base.slice(0, offsetOf(existing, edit.range.start)) + edit.newText + base.slice(offsetOf(existing, edit.range.end));
    }
    const gap = base === '' || base.endsWith('\n\n') ? '' : base.endsWith('\n') ? '\n' : '\n\n';
    addition = `${gap}${body}\n`;
  }
  const check = checkParse({
    language,
    original: base,
    originalTree: base ? parsed.tree(language, base) : undefined,
    parse: (text) => parsed.tree(language, text),
    start: base.length,
    end: base.length,
    replacement: addition,
  });
  if (!check.ok) return { ok: false, reason: check.message };
  return { ok: true, text: base + addition, added: body };
}
