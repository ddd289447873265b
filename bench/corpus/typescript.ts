import type { Random } from '../random.js';
import { capitalize, COMMENT_PHRASES, compound, FIELDS, NamePool, NOUNS, QUALIFIERS, SourceWriter, VERBS } from './vocabulary.js';

interface TsType {
  name: string;
  noun: string;
  text: string[];
  count: string[];
  flag: string[];
  time: string[];
}

type TsResult = 'array' | 'one' | 'void' | 'count' | 'map';

/** What the statements of one function body may refer to. */
interface TsScope {
  type: TsType;
  result: TsResult;
  async: boolean;
  items: string;
  /** Loop variables holding one item, innermost last. */
  item: string[];
  /** `this.` inside class methods. */
  self: string;
  loops: number;
}

/** Writes a TypeScript source file of about `lines` lines: interfaces, types, enums, classes and functions with real bodies. */
export function generateTypeScript(random: Random, lines: number): string {
  const names = new NamePool();
  const out = new SourceWriter('  ');
  out.line(`/**`);
  out.line(` * ${capitalize(random.pick(NOUNS))} storage and the jobs that keep it tidy.`);
  out.line(` * Generated for Ghostline's latency benchmark; it is meant to read like real code, not to type-check.`);
  out.line(` */`);
  out.line(`import { readFile, writeFile } from 'node:fs/promises';`);
  out.line(`import { setTimeout as delay } from 'node:timers/promises';`);
  out.line(`import type { Logger } from './logger.js';`);
  out.line();
  out.line('const log = (message: string): void => {');
  out.line('  if (process.env.DEBUG) process.stderr.write(`${message}\\n`);');
  out.line('};');
  out.line();

  const types: TsType[] = [];
  const gen = new TsGenerator(random, names);
  while (out.lines.length < lines) {
    const decl = new SourceWriter('  ');
    const kind = types.length === 0 ? 'interface' : random.pick(['interface', 'store', 'alias', 'enum', 'func', 'func', 'func', 'class', 'class'] as const);
    if (kind === 'interface') types.push(gen.interface(decl));
    else if (kind === 'store') gen.store(decl, random.pick(types));
    else if (kind === 'alias') gen.alias(decl, random.pick(types));
    else if (kind === 'enum') gen.enumeration(decl, random.pick(types));
    else if (kind === 'func') gen.func(decl, random.pick(types));
    else gen.klass(decl, random.pick(types));
    decl.line();
    if (out.lines.length + decl.lines.length > lines) break;
    out.lines.push(...decl.lines);
  }
  while (out.lines.length < lines) {
    out.line(`export const ${names.unique(() => compound(random, [QUALIFIERS, NOUNS]))}Limit = ${random.int(2, 4096)};`);
  }
  return `${out.lines.join('\n')}\n`;
}

class TsGenerator {
  constructor(
    private readonly random: Random,
    private readonly names: NamePool,
  ) {}

  interface(out: SourceWriter): TsType {
    const { random } = this;
    const noun = random.pick(NOUNS);
    const name = this.names.unique(() => capitalize(random.chance(0.5) ? noun : compound(random, [QUALIFIERS, [noun]])));
    const type: TsType = {
      name,
      noun,
      text: ['id', ...random.sample(FIELDS.text, random.int(1, 3))],
      count: random.sample(FIELDS.count, random.int(1, 3)),
      flag: random.sample(FIELDS.flag, random.int(1, 2)),
      time: random.sample(FIELDS.time, random.int(1, 2)),
    };
    out.line(`/** One ${noun} as the store keeps it; ${random.pick(COMMENT_PHRASES)}. */`);
    out.block(`export interface ${name} {`, () => {
      out.line('readonly id: string;');
      for (const field of type.text.slice(1)) out.line(`${field}${random.chance(0.2) ? '?' : ''}: string;`);
      for (const field of type.count) out.line(`${field}: number;`);
      for (const field of type.flag) out.line(`${field}: boolean;`);
      for (const field of type.time) out.line(`${field}: Date;`);
      if (random.chance(0.4)) out.line('tags?: readonly string[];');
      if (random.chance(0.3)) out.line('meta?: Record<string, string>;');
    });
    return type;
  }

  store(out: SourceWriter, type: TsType): void {
    const { random } = this;
    const name = this.names.unique(() => `${type.name}${random.pick(['Store', 'Source', 'Sink', 'Reader', 'Cache'])}`);
    out.line(`/** Where ${type.noun}s live; implementations must tolerate concurrent calls. */`);
    out.block(`export interface ${name} {`, () => {
      out.line(`load(id: string, signal?: AbortSignal): Promise<${type.name} | undefined>;`);
      out.line(`save(item: ${type.name}): Promise<void>;`);
      if (random.chance(0.7)) out.line(`list(limit: number): Promise<${type.name}[]>;`);
      if (random.chance(0.5)) out.line('delete(id: string): Promise<boolean>;');
    });
  }

  alias(out: SourceWriter, type: TsType): void {
    const { random } = this;
    const name = this.names.unique(() => `${type.name}${random.pick(['State', 'Event', 'Change', 'Outcome'])}`);
    if (random.chance(0.5)) {
      out.line(`export type ${name} = ${random.sample(["'pending'", "'active'", "'closed'", "'failed'", "'archived'"], random.int(2, 4)).join(' | ')};`);
      return;
    }
    out.line(`/** What happened to a ${type.noun}; ${random.pick(COMMENT_PHRASES)}. */`);
    out.line(`export type ${name} =`);
    out.line(`  | { kind: 'created'; item: ${type.name} }`);
    out.line(`  | { kind: 'updated'; item: ${type.name}; previous: ${type.name} }`);
    out.line(`  | { kind: 'deleted'; id: string; at: Date };`);
  }

  enumeration(out: SourceWriter, type: TsType): void {
    const { random } = this;
    const name = this.names.unique(() => `${type.name}${random.pick(['Priority', 'Level', 'Tier', 'Mode'])}`);
    out.block(`export enum ${name} {`, () => {
      const members = random.sample(['Low', 'Normal', 'High', 'Urgent', 'Background', 'Deferred'], random.int(2, 5));
      members.forEach((member, i) => out.line(`${member} = ${i + 1},`));
    });
  }

  func(out: SourceWriter, type: TsType): void {
    const { random } = this;
    const result = random.pick(['array', 'one', 'void', 'count', 'map'] as const);
    const items = `${type.noun}s`;
    const name = this.names.unique(() => `${random.pick(VERBS)}${capitalize(random.chance(0.5) ? items : compound(random, [QUALIFIERS, [items]]))}`);
    const isAsync = result !== 'count' && result !== 'map';
    out.line('/**');
    out.line(` * ${capitalize(name.replace(/([A-Z])/g, ' $1').toLowerCase())}; ${random.pick(COMMENT_PHRASES)}.`);
    if (random.chance(0.4)) out.line(` * @param limit - at most this many; 0 means all of them`);
    out.line(' */');
    const params = `store: ${type.name}Store, ${items}: ${type.name}[], limit: number${result === 'one' ? ', id: string' : ''}`;
    out.block(`export ${isAsync ? 'async ' : ''}function ${name}(${params}): ${this.returnType(type, result, isAsync)} {`, () =>
      this.body(out, { type, result, async: isAsync, items, item: [], self: '', loops: 0 }),
    );
  }

  klass(out: SourceWriter, type: TsType): void {
    const { random } = this;
    const name = this.names.unique(() => `${type.name}${random.pick(['Service', 'Manager', 'Scheduler', 'Index', 'Tracker'])}`);
    out.line(`/** Serves ${type.noun}s from a store; ${random.pick(COMMENT_PHRASES)}. */`);
    out.block(`export class ${name} {`, () => {
      out.line(`private readonly seen = new Map<string, ${type.name}>();`);
      out.line(`private ${random.pick(QUALIFIERS)}Runs = 0;`);
      out.line();
      out.block(
        'constructor(',
        () => {
          out.line(`private readonly store: ${type.name}Store,`);
          out.line('private readonly logger: Logger,');
        },
        ') {}',
      );
      for (let i = random.int(1, 3); i > 0; i--) {
        out.line();
        const result = random.pick(['array', 'one', 'void', 'count', 'map'] as const);
        const isAsync = result !== 'count' && result !== 'map';
        const items = `${type.noun}s`;
        const method = this.names.unique(() => `${random.pick(VERBS)}${capitalize(items)}`);
        const params = `${items}: ${type.name}[], limit = ${random.int(10, 500)}${result === 'one' ? ', id = ""' : ''}`;
        out.block(`${isAsync ? 'async ' : ''}${method}(${params}): ${this.returnType(type, result, isAsync)} {`, () =>
          this.body(out, { type, result, async: isAsync, items, item: [], self: 'this.', loops: 0 }),
        );
      }
    });
  }

  private returnType(type: TsType, result: TsResult, isAsync: boolean): string {
    const plain = { array: `${type.name}[]`, one: `${type.name} | undefined`, void: 'void', count: 'number', map: `Map<string, ${type.name}>` }[result];
    return isAsync ? `Promise<${plain}>` : plain;
  }

  private body(out: SourceWriter, scope: TsScope): void {
    const { type, items } = scope;
    if (scope.result === 'array') out.line(`const result: ${type.name}[] = [];`);
    if (scope.result === 'one') out.line(`let found: ${type.name} | undefined;`);
    if (scope.result === 'count') out.line('let total = 0;');
    if (scope.result === 'map') out.line(`const byKey = new Map<string, ${type.name}>();`);
    if (scope.result === 'void') out.block(`if (${items}.length === 0) {`, () => out.line('return;'));
    out.line();
    this.statements(out, scope, this.random.int(3, 8), 0);
    out.line();
    out.line(
      { array: 'return result;', one: 'return found;', void: `log(\`done with ${'${'}${items}.length} ${items}\`);`, count: 'return total;', map: 'return byKey;' }[scope.result],
    );
  }

  private fail(scope: TsScope, message: string): string {
    if (scope.loops > 0 && this.random.chance(0.5)) return 'continue;';
    return `throw new Error(\`${message}\`);`;
  }

  private statements(out: SourceWriter, scope: TsScope, count: number, depth: number): void {
    for (let i = 0; i < count; i++) {
      if (i > 0 && depth < 2 && this.random.chance(0.25)) out.line();
      this.statement(out, scope, depth);
    }
  }

  private statement(out: SourceWriter, scope: TsScope, depth: number): void {
    const { random } = this;
    const { type, items, self } = scope;
    const item = scope.item.at(-1);
    const store = self ? 'this.store' : 'store';
    const text = (): string => random.pick(type.text);
    const count = (): string => random.pick(type.count);
    const nested = depth < 3;
    const choices = ['assign', 'assign', 'comment', 'log', 'object', 'chain'];
    if (nested) choices.push('forOf', 'forOf', 'sort', 'switch', 'if');
    if (nested && scope.async) choices.push('try', 'retry');
    if (item) choices.push('collect', 'collect', 'timecheck', 'if');
    if (item && scope.async) choices.push('lookup');
    const kind = random.pick(choices);
    switch (kind) {
      case 'assign': {
        const name = compound(random, [QUALIFIERS, ['Count', 'Name', 'Key', 'Size', 'Cutoff']]);
        const value = item
          ? random.pick([`${item}.${text()}?.trim().toLowerCase() ?? ''`, `${item}.${count()} * ${random.int(2, 16)}`, `\`${'${'}${item}.id}/${'${'}${item}.${text()}}\``])
          : random.pick([`${items}.length`, `Date.now() - ${random.int(1, 72)} * 3_600_000`, `Math.max(0, limit - ${random.int(1, 9)})`, `'-'.repeat(${random.int(2, 40)})`]);
        out.line(`const ${name} = ${value};`);
        return;
      }
      case 'comment':
        out.line(`// ${capitalize(random.pick(COMMENT_PHRASES))}.`);
        return this.statement(out, scope, depth);
      case 'log':
        out.line(
          self
            ? `this.logger.info(\`${random.pick(VERBS)} ${'${'}${items}.length} ${items} (limit ${'${'}limit})\`);`
            : `log(\`${random.pick(VERBS)} ${'${'}${items}.length} ${items}\`);`,
        );
        return;
      case 'object': {
        const name = `${random.pick(['summary', 'report', 'stats', 'options'])}${capitalize(random.pick(VERBS))}`;
        out.block(
          `const ${name} = {`,
          () => {
            out.line(`verb: '${random.pick(VERBS)}',`);
            out.line(`count: ${items}.length,`);
            out.line('limit,');
            if (random.chance(0.5)) out.line('at: new Date().toISOString(),');
          },
          '};',
        );
        return;
      }
      case 'chain': {
        const name = compound(random, [QUALIFIERS, [capitalize(items)]]);
        const x = type.noun.charAt(0);
        out.line(`const ${name} = ${items}`);
        out.line(`  .filter((${x}) => ${x}.${random.pick(type.flag)} && ${x}.${count()} > limit)`);
        if (random.chance(0.6)) out.line(`  .map((${x}) => ({ ...${x}, ${text()}: String(${x}.${text()} ?? '').trim() }))`);
        out.line(`  .slice(0, limit || undefined);`);
        return;
      }
      case 'forOf': {
        const loopItem = scope.item.length === 0 ? type.noun : `${type.noun}${scope.item.length + 1}`;
        out.block(`for (const ${loopItem} of ${items}) {`, () => {
          scope.item.push(loopItem);
          scope.loops++;
          this.statements(out, scope, random.int(1, 4), depth + 1);
          scope.loops--;
          scope.item.pop();
        });
        return;
      }
      case 'retry':
        out.block(`for (let attempt = 0; attempt < ${random.int(2, 5)}; attempt++) {`, () => {
          out.line(`if (${items}.length > limit) break;`);
          out.line(`await delay(attempt * ${random.int(5, 250)});`);
        });
        return;
      case 'try':
        out.block(
          'try {',
          () => {
            if (item) out.line(`await ${store}.save(${item});`);
            else out.line(`await writeFile(\`${type.noun}-${'${'}Date.now()}.json\`, JSON.stringify(${items}));`);
          },
          '} catch (error) {',
        );
        out.depth++;
        out.line(`${self ? 'this.logger.warn' : 'log'}(\`${random.pick(VERBS)} failed: ${'${'}(error as Error).message}\`);`);
        if (random.chance(0.5)) out.line(`throw new Error('${type.noun} ${random.pick(VERBS)} failed', { cause: error });`);
        out.depth--;
        out.line('}');
        return;
      case 'sort': {
        const field = count();
        out.line(`${items}.sort((a, b) => a.${field} - b.${field});`);
        return;
      }
      case 'switch':
        out.block(`switch (${item ? `${item}.${text()}` : `${items}[0]?.${text()}`}) {`, () => {
          for (const label of random.sample(["'pending'", "'active'", "'closed'", "'failed'"], random.int(2, 3))) {
            out.line(`case ${label}:`);
            out.depth++;
            this.statements(out, scope, random.int(1, 2), depth + 1);
            out.line('break;');
            out.depth--;
          }
          out.line('default:');
          out.line(`  ${this.fail(scope, `unexpected ${type.noun} state`)}`);
        });
        return;
      case 'if': {
        const condition = item
          ? random.pick([`${item}.${count()} > limit`, `!${item}.${random.pick(type.flag)}`, `${item}.${text()} === ''`])
          : `limit > 0 && ${items}.length > limit`;
        const withElse = random.chance(0.4);
        out.block(`if (${condition}) {`, () => this.statements(out, scope, random.int(1, 3), depth + 1), withElse ? '} else {' : '}');
        if (withElse) {
          out.depth++;
          this.statements(out, scope, random.int(1, 2), depth + 1);
          out.depth--;
          out.line('}');
        }
        return;
      }
      case 'timecheck':
        out.block(`if (Date.now() - ${item}.${random.pick(type.time)}.getTime() > ${random.int(1, 96)} * 3_600_000) {`, () => out.line(this.fail(scope, `${type.noun} expired`)));
        return;
      case 'lookup': {
        const existing = `existing${capitalize(type.noun)}`;
        out.line(`const ${existing} = await ${store}.load(${item}.id);`);
        out.block(`if (!${existing}) {`, () => out.line(this.fail(scope, `${type.noun} ${'${'}${item}.id} vanished`)));
        return;
      }
      case 'collect':
        if (scope.result === 'array') out.line(`result.push(${item});`);
        else if (scope.result === 'map') out.line(`byKey.set(${item}.${text()} ?? ${item}.id, ${item});`);
        else if (scope.result === 'count') out.line(`total += ${item}.${count()};`);
        else if (scope.result === 'one') out.line(`if (${item}.id === id) found = ${item};`);
        else out.line(`${self ? 'this.seen' : 'seen'}.set(${item}.id, ${item});`);
        return;
      default:
        throw new Error(`unknown TypeScript statement kind ${kind}`);
    }
  }
}
