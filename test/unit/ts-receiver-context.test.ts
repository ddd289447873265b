import { describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { focusAt } from '../../server/context/retrieval/focus.js';
import { packCandidates } from '../../server/context/retrieval/packing.js';
import { definitionCandidates } from '../../server/context/retrieval/sources/definitions.js';
import { importScope } from '../../server/context/retrieval/sources/import-scope.js';
import { warmRankings } from '../../server/context/retrieval/sources/imported-api.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { CURSOR, splitAtCursor } from '../support/cursor.js';
import { workspacesRemovedAfterEach } from '../support/workspace.js';

const languages = new LanguageRegistry();
const workspace = workspacesRemovedAfterEach();

/** A TS class with a long generic header and `count` methods, then `wanted`. */
function bigClass(name: string, header: string, wanted: string, count: number): string {
  const methods = Array.from({ length: count }, (_, i) => `  helper${i}(x: number): number {\n    return x + ${i}\n  }\n`);
  return `${header}\nexport class ${name}<TData = unknown, TError = Error, TVariables = void> {\n${methods.join('\n')}\n  ${wanted}(): string {\n    return ''\n  }\n}\n`;
}

/** What the definitions source proposes, and the snippets packed into `budget` tokens, at the █ of `current`. */
async function gather(files: Record<string, string>, current: string, budget = 1024) {
  const { text, offset } = splitAtCursor(files[current]!);
  const root = workspace({ ...files, [current]: text });
  const index = new WorkspaceIndex(root, languages, () => ({ maxFileBytes: 1_000_000, maxFiles: 1000 }));
  await index.build();
  await warmRankings(index);
  const focus = focusAt({ text, offset, tree: languages.byPath(current)!.parser.parse(text), languageId: 'typescript' });
  const candidates = definitionCandidates({ index, file: current, languageId: 'typescript', focus, scope: importScope(index, current) });
  return {
    keys: candidates.map((candidate) => candidate.key),
    prompt: packCandidates(candidates, budget)
      .map((snippet) => snippet.content)
      .join('\n'),
  };
}

describe('TS: the methods a value inherits are proposed for the line being written', () => {
  it('this.█ in a class whose superclass extends a class of a file the current one does not import', async () => {
    const files = {
      'src/base.ts': `export class Base {\n  inheritedThing(): string {\n    return ''\n  }\n}\n`,
      'src/mid.ts': `import { Base } from './base'\n\nexport class Mid extends Base {}\n`,
      'src/child.ts': `import { Mid } from './mid'\n\nexport class Child extends Mid {\n  run(): void {\n    this.run()\n    ${CURSOR}\n  }\n}\n`,
    };
    const { keys, prompt } = await gather(files, 'src/child.ts');
    expect(keys).toContainEqual(expect.stringContaining(':Base.inheritedThing'));
    expect(prompt).toContain('inheritedThing(): string');
  });
});

describe('TS: a method called on an untyped value that many types declare is still proposed', () => {
  it('subscriber.next( where ten interfaces within reach declare next', async () => {
    const interfaces = Array.from({ length: 10 }, (_, i) => `export interface Observer${i}<T> {\n  next: (value: T) => void\n  other${i}(): void\n}\n`);
    const files = {
      'src/types.ts': `${interfaces.join('\n')}\nexport function noop(): void {}\n`,
      'src/op.ts': `import { noop } from './types'\n\nexport function op(run: (s: any) => void): void {\n  run((subscriber: any) => {\n    subscriber.next(1)\n    ${CURSOR}\n  })\n}\n`,
    };
    const { keys } = await gather(files, 'src/op.ts');
    expect(keys).toContainEqual(expect.stringMatching(/:\.Observer\d$/));
  });
});

describe('TS: class members share one header in the prompt and in the budget', () => {
  it('a long generic class header is shown once on one line and each member costs only its own lines', async () => {
    const files = {
      'src/big.ts': bigClass('Big', '', 'last', 6),
      'src/use.ts': `import { Big } from './big'\n\nexport function use(big: Big): void {\n  big.helper0(1)\n  big.helper1(1)\n  big.helper2(1)\n  ${CURSOR}\n}\n`,
    };
    const { prompt } = await gather(files, 'src/use.ts');
    expect(prompt).toContain('export class Big<…> {');
    expect(prompt.split('export class Big<…> {').length).toBe(2);
  });
});
