import { describe, expect, it } from 'vitest';
import { goBrief } from '../../server/syntax/go/brief.js';
import type { Declaration } from '../../server/syntax/declarations.js';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR } from '../support/cursor.js';

const open = contextPrompts();
const goMod = 'module example.com/app\n\ngo 1.22\n';

describe('Go: the short form of a declaration the code near the cursor does not name', () => {
  const type = (kind: Declaration['kind']): Declaration => ({ name: 'X', kind, exported: true, line: 0, endLine: 3, text: '' });
  it.each([
    { name: 'a struct: its head', kind: 'type' as const, text: 'type Labeled struct {\n\tLabel *Ident\n\tStmt  Stmt\n}', brief: 'type Labeled struct { … }' },
    {
      name: 'a generic struct',
      kind: 'type' as const,
      text: 'type Pair[K comparable, V any] struct {\n\tKey K\n\tValue V\n}',
      brief: 'type Pair[K comparable, V any] struct { … }',
    },
    { name: 'a long struct already cut', kind: 'type' as const, text: 'type Server struct {\n\tAddr string\n\t// …', brief: 'type Server struct { … }' },
    { name: 'a one-line struct stays', kind: 'type' as const, text: 'type empty struct{}', brief: undefined },
    { name: 'a named basic type stays', kind: 'type' as const, text: 'type ID int32', brief: undefined },
    { name: 'an interface keeps its methods', kind: 'interface' as const, text: 'type Stmt interface {\n\tNode\n\tstmtNode()\n}', brief: undefined },
    { name: 'a function stays', kind: 'function' as const, text: 'func Walk(v Visitor, node Node)', brief: undefined },
  ])('$name', ({ kind, text, brief }) => {
    expect(goBrief(type(kind), text)).toBe(brief);
  });
});

/** Statement types with many fields each, declared one after the other, and the node interface they share. */
function astPackage(): Record<string, string> {
  const fields = Array.from({ length: 10 }, (_, i) => `\tField${i} []Node // what the statement holds, part ${i}`).join('\n');
  const statements = ['If', 'For', 'Switch', 'Select', 'Range', 'Block', 'Labeled', 'Go'];
  return {
    'go.mod': goMod,
    'ast/node.go': 'package ast\n\ntype Node interface{ Position() int }\n\ntype Stmt interface{ Node }\n',
    'ast/ast.go': `package ast\n\n${statements.map((name) => `type ${name} struct {\n${fields}\n}\n`).join('\n')}`,
  };
}

describe('Go: structs the next line may name fit the budget as their heads', () => {
  it.each([
    {
      name: "a type switch's next cases (`case *ast.Select:`)",
      current: `package walk\n\nimport "example.com/app/ast"\n\nfunc terminates(s ast.Stmt) bool {\n\tswitch s := s.(type) {\n\tcase *ast.If:\n\t\treturn s != nil\n\tcase *ast.For:\n\t\treturn false\n\tcase ${CURSOR}\n\t}\n\treturn false\n}\n`,
      shown: ['type Switch struct { … }', 'type Select struct { … }', 'type Range struct { … }', 'type Block struct { … }'],
    },
  ])('$name', async ({ current, shown }) => {
    const { promptAt } = await open({ ...astPackage(), 'walk/walk.go': current }, 'walk/walk.go');
    const prompt = promptAt(current, 256);
    for (const text of shown) expect(prompt).toContain(text);
    // Where the budget has room left, the heads get their fields back.
    const roomy = promptAt(current, 4096);
    for (const text of shown) expect(roomy).toContain(text.replace(' … }', '\n\tField0 []Node'));
  });

  it('a struct the line names keeps its fields', async () => {
    const current = `package walk\n\nimport "example.com/app/ast"\n\nfunc label() ast.Stmt {\n\treturn &ast.Labeled{Field0: nil, ${CURSOR}}\n}\n`;
    const { promptAt } = await open({ ...astPackage(), 'walk/walk.go': current }, 'walk/walk.go');
    expect(promptAt(current, 512)).toMatch(/type Labeled struct \{\n\tField0/);
  });
});
