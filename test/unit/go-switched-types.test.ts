import { describe, expect, it } from 'vitest';
import { goSwitchedTypes } from '../../server/syntax/go/switched-types.js';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR } from '../support/cursor.js';

const open = contextPrompts();
const goMod = 'module example.com/app\n\ngo 1.22\n';

describe('Go: the types code tells a value apart by', () => {
  it.each([
    { code: 'switch s := s.(type) {\ncase *ast.IfStmt, *ast.ForStmt:\n\treturn', types: ['ast.IfStmt', 'ast.ForStmt'] },
    { code: 'case *Interface:\n\tcheck(t)', types: ['Interface'] },
    { code: 'n := n.(*ir.SwitchStmt)\nm := x.(Node)', types: ['ir.SwitchStmt', 'Node'] },
    { code: 'switch op {\ncase ir.OAS, ir.OASOP:\ncase 1, 2:', types: ['ir.OAS', 'ir.OASOP'] },
    { code: 'x := f(a)\nreturn x.Name()', types: [] },
  ])('$code', ({ code, types }) => {
    expect(goSwitchedTypes(code).map((type) => (type.qualifier === undefined ? type.name : `${type.qualifier}.${type.name}`))).toEqual(types);
  });
});

/** A package of syntax nodes declared one after the other, and many popular helpers that crowd its API's ranking. */
function astPackage(): Record<string, string> {
  const expressions = Array.from({ length: 60 }, (_, i) => `type Expr${i} struct {\n\tFrom, To int\n\tLeft     Node\n\tRight    Node\n}\n`);
  // Names that share no word, so only where they are declared ties them together.
  const statements = ['Bad', 'Declaration', 'Empty', 'Labeled', 'Expression', 'If', 'For', 'Switch', 'Select', 'Range', 'Block'];
  const types = [...expressions, ...statements.map((name) => `type ${name} struct {\n\tPos  int\n\tBody []Node\n}\n`)].join('\n');
  const helpers = Array.from({ length: 80 }, (_, i) => `func Helper${i}(node Node, depth int) (Node, error) { return node, nil }\n`).join('\n');
  const users = Object.fromEntries(
    Array.from({ length: 6 }, (_, u) => [
      `use/user${u}.go`,
      `package use\n\nimport "example.com/app/ast"\n\nfunc user${u}(n ast.Node) {\n${Array.from({ length: 80 }, (_, i) => `\tast.Helper${i}(n, ${u})\n`).join('')}}\n`,
    ]),
  );
  return {
    'go.mod': goMod,
    'ast/node.go': `package ast\n\ntype Node interface{ Position() int }\n\ntype Stmt interface{ Node }\n\n${helpers}`,
    'ast/ast.go': `package ast\n\n${types}`,
    ...users,
  };
}

describe('Go: a type switch brings the types declared beside the ones it names', () => {
  it.each([
    {
      name: 'the next case of a statement switch (`case *ast.Switch:`)',
      current: `package walk\n\nimport "example.com/app/ast"\n\nfunc terminates(s ast.Stmt) bool {\n\tswitch s := s.(type) {\n\tcase *ast.If:\n\t\treturn s != nil\n\tcase *ast.For:\n\t\treturn false\n\tcase ${CURSOR}\n\t}\n\treturn false\n}\n`,
      expected: 'type Switch struct',
    },
  ])('$name', async ({ current, expected }) => {
    const files = { ...astPackage(), 'walk/walk.go': current };
    const { promptAt } = await open(files, 'walk/walk.go');
    expect(promptAt(current, 512)).toContain(expected);
  });
});
