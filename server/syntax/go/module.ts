import type { LanguageModule } from '../language-module.js';
import { GO_VERIFICATION } from './verification.js';
import { goDeclaration } from './declarations.js';
import { describeGoEnvironment, goFileEnvironment, goIndexEnvironment, goModSnippet } from './environment.js';
import { bindGoImport, findGoImports, goImportEdits, goImportRecord, lastSegment, renderGoImports, resolveGoImport } from './imports.js';
import { GO_SECURITY } from './security.js';
import { goTypeUses } from './type-uses.js';
import { goBuildConstraint, goBuildTogether } from './build-constraints.js';
import { goFieldType, goResultType } from './value-types.js';
import { goLocalValues } from './local-types.js';
import { goReceiverChain } from './chains.js';
import { goMembersByWorth } from './interface-order.js';
import { goSwitchedTypes } from './switched-types.js';
import { goBrief } from './brief.js';
import { goTestImports, isGoTestFile, planGoTests } from './tests.js';

/** Workspace-relative directory of a path: a Go package is a directory. */
function packageDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** Go: packages are directories, imports are resolved through go.mod, tests sit beside the code. */
export const goModule: LanguageModule = {
  name: 'go',
  displayName: () => 'Go',
  comments: {
    doc: () => ({
      convention: 'GoDoc',
      style: 'line',
      guidance: 'Follow GoDoc: the first sentence starts with the name and says what it does; full sentences; mention errors it returns.',
    }),
    // GoDoc is any `//` comment directly above.
    isDocComment: (comments) => comments.length > 0,
  },
  cut: {
    regexLiterals: false,
    templateStrings: false,
    lineComment: '//',
    blockComments: true,
    tripleQuotes: false,
    indentBlocks: false,
    textNodes: new Set(['comment', 'interpreted_string_literal', 'raw_string_literal', 'rune_literal']),
    bodyNodes: new Set(['block', 'field_declaration_list', 'literal_value']),
  },
  packages: {
    packageName: (root) => root.namedChildren.find((child) => child.type === 'package_clause')?.namedChildren[0]?.text,
    containerScope: packageDir,
    sharedPackageScope: true,
    importsNameUses: false,
    qualifierOf: (record) => record.namespace ?? lastSegment(record.source),
    importsPackages: true,
    multiLineVariablesHaveBodies: false,
    typeUses: goTypeUses,
    buildConstraint: goBuildConstraint,
    buildTogether: goBuildTogether,
  },
  imports: {
    bind: bindGoImport,
    record: goImportRecord,
    // go.mod is looked up from the importing directory.
    resolutionScope: packageDir,
    resolve: resolveGoImport,
    find: findGoImports,
    owns: (spec) => spec.lang === 'go',
    render: (specs) => renderGoImports(specs),
    edits: goImportEdits,
    // A package clause in generated test code belongs to the file header Ghostline writes.
    stripHeader: (body) => body.replace(/^\s*package\s+\w+\s*\n/, ''),
  },
  environment: {
    manifests: ['go.mod'],
    toolingDirs: ['vendor', 'testdata'],
    // Not `_string.go`: stringer's output says it is generated in its header (the content check catches it), while a
    // hand-written flag_string.go (urfave/cli's StringFlag) is the only declaration of its type.
    generatedFiles: /(\.pb\.go|\.pb\.gw\.go|_gen\.go|\.gen\.go|_generated\.go)$/,
    forIndex: goIndexEnvironment,
    snippet: goModSnippet,
    forFile: goFileEnvironment,
    describe: (environment) => describeGoEnvironment(environment),
  },
  tests: {
    isTestFile: isGoTestFile,
    plan: async (request) => planGoTests(request),
    imports: goTestImports,
    packageName: (plan) => plan.header.replace(/^package\s+|\s+$/g, ''),
  },
  security: GO_SECURITY,
  verification: GO_VERIFICATION,
  declarations: {
    methodTextOpensWithContainer: false,
    resultType: goResultType,
    fieldType: goFieldType,
    localValues: goLocalValues,
    receiverChain: goReceiverChain,
    membersByWorth: goMembersByWorth,
    switchedTypes: goSwitchedTypes,
    brief: goBrief,
    reader: (_root, text) => (node, name, kind) => goDeclaration(node, name, kind, text),
  },
};
