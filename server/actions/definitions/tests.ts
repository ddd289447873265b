import { readRegularFile } from '../../util/safe-read.js';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type Parser from 'tree-sitter';
import type { TextEdit } from 'vscode-languageserver';
import { checkReply, type Insertion } from '../checks.js';
import { cleanCode } from '../clean-reply.js';
import { codeContext, type ActionDefinition, type RunContext } from '../context.js';
import { importEdits, renderImports, splitImports } from '../../syntax/import-edits.js';
import { testsPrompt } from '../prompts/tests.js';
import { commentAnchor, declarationAt, type Declaration } from '../../syntax/outline.js';
import { isTestFile, planTests, testImports, type TestPlan } from '../../syntax/test-files.js';
import { offsetOf } from '../../core/position.js';
import { rangeOf } from '../../core/text.js';
import { ActionError, type ActionOutcome } from '../types.js';
import { commentBlockStart, functionAt, securityReport } from './shared.js';
import { parseInSlices } from '../../syntax/sliced-parse.js';

/** Largest existing test file read and parsed to add a test to it. */
const MAX_TEST_FILE_BYTES = 2_000_000;

/** The existing test file: open in the editor (with its version) or on disk (version null). */
interface TestTarget {
  text: string;
  version: number | null;
  tree: Parser.Tree;
}

/** Generate tests: unit tests for the function under the cursor, in the file the project's convention implies. */
export const testsAction: ActionDefinition = {
  action: 'tests',
  offer({ doc, start, outline }) {
    if (!doc.path || isTestFile(doc.path)) return [];
    const fn = declarationAt(outline.declarations, start, ['function', 'method']);
    return fn ? [{ title: `Ghostline: Generate tests for ${fn.name.text}`, kind: 'source' }] : [];
  },
  async run(context) {
    const { doc } = context;
    const fn = functionAt(context, 'generate tests for');
    if (!doc.path) throw new ActionError('unsupported', 'Save the file first: tests go into a file beside it.');
    const environment = await context.environment();
    const importName = exportedName(fn);
    const plan = await planTests({
      sourcePath: doc.path,
      language: doc.language.module.name,
      environment,
      packageName: doc.language.module.packages.packageName(doc.tree.rootNode),
      importName,
      sourceUsesJsExtensions: context.outline.imports.some((node) => /from\s+['"]\.{1,2}\/[^'"]*\.[cm]?js['"]/.test(node.text)),
    });
    const uri = pathToFileURL(plan.path).href;
    const target = await loadTarget(context, uri, plan.path);
    const shownPath = environment.kind === 'none' ? plan.path : relative(environment.root, plan.path);
    if (!target && !context.capabilities.createFiles) {
      throw new ActionError('unsupported', `Your editor cannot create files through the language server; create ${shownPath} (it may be empty) and run the action again.`);
    }
    context.progress(`${target ? 'appending to' : 'creating'} ${shownPath}`);
    const from = commentBlockStart(fn.node);
    const spec = testsPrompt({
      context: await codeContext(context, { start: from, end: fn.node.endIndex }, plan.framework === 'testing' || plan.framework === 'testify' ? undefined : plan.framework),
      code: doc.text.slice(from, fn.node.endIndex),
      name: fn.name.text,
      framework: plan.framework,
      packageName: doc.language.module.tests.packageName(plan),
      importHint: importHint(plan, fn, importName),
      existingTests: target?.text.split('\n').slice(0, 80).join('\n'),
    });
    // The import edits of the reply that passed the checks (the last one placed), and whether it
    // replaces the whole (blank) test file.
    let imports: TextEdit[] = [];
    let whole = false;
    const checked = await context.chat(
      spec,
      checkReply(
        async (cleaned) => {
          const placed = await placeTests(context, plan, target, cleaned);
          imports = placed.imports;
          whole = placed.whole;
          return placed.insertion;
        },
        (reply) => cleanCode(reply, spec.output),
      ),
    );
    const { replacement } = checked.insertion;
    const changes: ActionOutcome['changes'] = target
      ? [
          {
            type: 'edit',
            uri,
            version: target.version,
            edits: [...imports, { range: rangeOf(target.text, whole ? 0 : target.text.length, target.text.length), newText: replacement }],
          },
        ]
      : [{ type: 'create', uri, content: replacement }];
    return { changes, security: securityReport(uri, checked) };
  },
};

/**
 * The generated tests as an insertion into the test file: appended after its imports are
 * completed, or a whole file with its header when there is no file or only a blank one (users
 * whose editor cannot create files are told to create it empty, and Go needs its package clause).
 */
async function placeTests(
  context: RunContext,
  plan: TestPlan,
  target: TestTarget | undefined,
  cleaned: string,
): Promise<{ insertion: Insertion; imports: TextEdit[]; whole: boolean }> {
  const { language } = context.doc;
  // The reply and the test file with its imports completed are parsed a slice at a time, as the test file is (see loadTarget).
  const { imports: declared, body } = splitImports(language, cleaned, await parseInSlices(language, cleaned));
  const needed = testImports(language.module, plan, body, declared);
  if (!target || target.text.trim() === '') {
    const header = plan.header + renderImports(language, needed, "'");
    const content = `${header}${header && !header.endsWith('\n\n') ? '\n' : ''}${body}\n`;
    const original = target?.text ?? '';
    return { insertion: { language, original, originalTree: undefined, start: 0, end: original.length, replacement: content }, imports: [], whole: true };
  }
  const edits = importEdits(language, target.text, target.tree, needed);
  const withImports = applyEdits(target.text, edits);
  const gap = withImports === '' || withImports.endsWith('\n\n') ? '' : withImports.endsWith('\n') ? '\n' : '\n\n';
  const originalTree = edits.length ? await parseInSlices(language, withImports) : target.tree;
  return {
    insertion: { language, original: withImports, originalTree, start: withImports.length, end: withImports.length, replacement: `${gap}${body}\n` },
    imports: edits,
    whole: false,
  };
}

async function loadTarget(context: RunContext, uri: string, path: string): Promise<TestTarget | undefined> {
  const open = context.openDocument(uri);
  const language = context.doc.language;
  // Parsed a slice at a time when its tree is stale or it is not open (a model call follows; see parseInSlices): a test file can be as long as any.
  if (open) return { text: open.text, version: open.version, tree: open.tree ?? (await parseInSlices(language, open.text)) };
  const read = await readRegularFile(path, { maxBytes: MAX_TEST_FILE_BYTES });
  return read.ok ? { text: read.text, version: null, tree: await parseInSlices(language, read.text) } : undefined;
}

/** The name tests import: the function when exported, the class of an exported class's method. */
function exportedName(fn: Declaration): string | undefined {
  if (fn.kind === 'function') return commentAnchor(fn.node).type === 'export_statement' ? fn.name.text : undefined;
  for (let node = fn.node.parent; node; node = node.parent) {
    if (/class_declaration$/.test(node.type)) return node.parent?.type === 'export_statement' ? node.childForFieldName('name')?.text : undefined;
  }
  return undefined;
}

function importHint(plan: TestPlan, fn: Declaration, importName: string | undefined): string | undefined {
  if (!plan.subject) {
    return plan.framework === 'testing' || plan.framework === 'testify' ? undefined : `${fn.name.text} is not exported from its module: test it through what the module exports.`;
  }
  return `The test file imports ${importName} from '${plan.subject.source}'; you may write that import or leave it to the editor.`;
}

/** Applies non-overlapping edits (all relative to `text`) from last to first. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const offsets = edits.map((edit) => ({ edit, start: offsetOf(text, edit.range.start), end: offsetOf(text, edit.range.end) }));
  let result = text;
  for (const { edit, start, end } of offsets.sort((a, b) => b.start - a.start)) result = result.slice(0, start) + edit.newText + result.slice(end);
  return result;
}
