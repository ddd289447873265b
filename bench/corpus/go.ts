import type { Random } from '../random.js';
import { capitalize, COMMENT_PHRASES, compound, FIELDS, NamePool, NOUNS, QUALIFIERS, SourceWriter, VERBS } from './vocabulary.js';

interface GoStruct {
  name: string;
  noun: string;
  text: string[];
  count: string[];
  flag: string[];
  time: string[];
}

type GoResult = 'slice-error' | 'ptr-error' | 'error' | 'int' | 'map';

/** What the statements of one function body may refer to. */
interface GoScope {
  type: GoStruct;
  result: GoResult;
  items: string;
  /** Loop variables and parameters holding one item, innermost last. */
  item: string[];
  receiver: boolean;
  loops: number;
}

const ERROR_REASONS = [
  ['NotFound', 'not found'],
  ['Expired', 'expired'],
  ['Locked', 'locked by another writer'],
  ['Invalid', 'invalid'],
  ['Conflict', 'version conflict'],
  ['TooLarge', 'too large'],
] as const;

const IMPORTS = ['context', 'errors', 'fmt', 'log', 'sort', 'strings', 'sync', 'time'];

/** Writes a Go source file of about `lines` lines: structs, interfaces, constants, functions and methods with real bodies. */
export function generateGo(random: Random, lines: number): string {
  const names = new NamePool();
  const out = new SourceWriter('\t');
  const noun = random.pick(NOUNS);
  out.line(`// Package ${noun}store keeps ${noun}s and the records derived from them.`);
  out.line(`//`);
  out.line(`// Generated for Ghostline's latency benchmark; it is meant to read like real code, not to compile.`);
  out.line(`package ${noun}store`);
  out.line();
  out.block('import (', () => IMPORTS.forEach((name) => out.line(`"${name}"`)), ')');
  out.line();

  const types: GoStruct[] = [];
  const gen = new GoGenerator(random, names);
  while (out.lines.length < lines) {
    const decl = new SourceWriter('\t');
    const kind = types.length === 0 ? 'struct' : random.pick(['struct', 'interface', 'consts', 'func', 'func', 'func', 'method', 'method'] as const);
    if (kind === 'struct') types.push(gen.struct(decl));
    else if (kind === 'interface') gen.interface(decl, random.pick(types));
    else if (kind === 'consts') gen.consts(decl, random.pick(types));
    else gen.func(decl, random.pick(types), kind === 'method');
    decl.line();
    if (out.lines.length + decl.lines.length > lines) break;
    out.lines.push(...decl.lines);
  }
  // Fill to the exact line count with one-line declarations.
  while (out.lines.length < lines) {
    out.line(`var ${names.unique(() => compound(random, [QUALIFIERS, NOUNS]))}Limit = ${random.int(2, 4096)}`);
  }
  return `${out.lines.join('\n')}\n`;
}

class GoGenerator {
  constructor(
    private readonly random: Random,
    private readonly names: NamePool,
  ) {}

  struct(out: SourceWriter): GoStruct {
    const { random } = this;
    const noun = random.pick(NOUNS);
    const name = this.names.unique(() => capitalize(random.chance(0.5) ? noun : compound(random, [QUALIFIERS, [noun]])));
    const type: GoStruct = {
      name,
      noun,
      text: ['ID', ...random.sample(FIELDS.text, random.int(1, 3)).map(capitalize)],
      count: random.sample(FIELDS.count, random.int(1, 3)).map(capitalize),
      flag: random.sample(FIELDS.flag, random.int(1, 2)).map(capitalize),
      time: random.sample(FIELDS.time, random.int(1, 2)).map(capitalize),
    };
    out.line(`// ${name} is one ${noun} as the store keeps it; ${random.pick(COMMENT_PHRASES)}.`);
    out.block(`type ${name} struct {`, () => {
      const tag = (field: string) => `\`json:"${field.charAt(0).toLowerCase()}${field.slice(1)}${random.chance(0.3) ? ',omitempty' : ''}"\``;
      for (const field of type.text) out.line(`${field} string ${tag(field)}`);
      for (const field of type.count) out.line(`${field} ${random.pick(['int', 'int64', 'int'])} ${tag(field)}`);
      for (const field of type.flag) out.line(`${field} bool ${tag(field)}`);
      for (const field of type.time) out.line(`${field} time.Time ${tag(field)}`);
      if (random.chance(0.4)) out.line(`Tags []string \`json:"tags,omitempty"\``);
      if (random.chance(0.3)) out.line(`Meta map[string]string \`json:"meta,omitempty"\``);
    });
    out.line();
    out.line(`// ${name}Service serves ${noun}s from a store, one caller at a time.`);
    out.block(`type ${name}Service struct {`, () => {
      out.line('mu     sync.Mutex');
      out.line(`store  ${name}Store`);
      out.line('logger *log.Logger');
      out.line('limit  int');
    });
    return type;
  }

  interface(out: SourceWriter, type: GoStruct): void {
    const { random } = this;
    const name = this.names.unique(() => `${type.name}${random.pick(['Store', 'Source', 'Sink', 'Reader', 'Writer', 'Cache'])}`);
    out.line(`// ${name} is where ${type.noun}s live; implementations must be safe for concurrent use.`);
    out.block(`type ${name} interface {`, () => {
      out.line(`Load(ctx context.Context, id string) (*${type.name}, error)`);
      out.line(`Save(ctx context.Context, item *${type.name}) error`);
      if (random.chance(0.7)) out.line(`List(ctx context.Context, limit int) ([]*${type.name}, error)`);
      if (random.chance(0.5)) out.line('Delete(ctx context.Context, id string) error');
      if (random.chance(0.4)) out.line(`${capitalize(random.pick(VERBS))}(ctx context.Context, since time.Time) (int, error)`);
    });
  }

  consts(out: SourceWriter, type: GoStruct): void {
    const { random } = this;
    out.line(`// Limits for ${type.noun}s; ${random.pick(COMMENT_PHRASES)}.`);
    out.block(
      'const (',
      () => {
        for (let i = random.int(2, 5); i > 0; i--) {
          const name = this.names.unique(() => compound(random, [QUALIFIERS, [type.noun], ['Limit', 'Retries', 'Batch', 'Window', 'Size']]));
          out.line(random.chance(0.3) ? `${name} = ${random.int(1, 90)} * time.Second` : `${name} = ${random.int(1, 5000)}`);
        }
      },
      ')',
    );
    out.line();
    const [reason, message] = random.pick(ERROR_REASONS);
    const err = this.names.unique(() => `Err${capitalize(type.noun)}${reason}`);
    out.line(`var ${err} = errors.New("${type.noun}: ${message}")`);
  }

  func(out: SourceWriter, type: GoStruct, method: boolean): void {
    const { random } = this;
    const result = random.pick(['slice-error', 'ptr-error', 'error', 'int', 'map'] as const);
    const plural = `${type.noun}s`;
    const verb = random.pick(VERBS);
    const base = this.names.unique(() => `${verb}${capitalize(random.chance(0.5) ? plural : compound(random, [QUALIFIERS, [plural]]))}`);
    const name = method ? capitalize(base) : base;
    const results: Record<GoResult, string> = {
      'slice-error': ` ([]*${type.name}, error)`,
      'ptr-error': ` (*${type.name}, error)`,
      error: ' error',
      int: ' int',
      map: ` map[string]*${type.name}`,
    };
    const receiver = method ? `(s *${type.name}Service) ` : '';
    const params = `ctx context.Context, ${plural} []*${type.name}, limit int${result === 'ptr-error' ? ', id string' : ''}`;
    out.line(`// ${name} ${verb}s the given ${plural}; ${random.pick(COMMENT_PHRASES)}.`);
    if (random.chance(0.3)) out.line(`// It stops at limit items when limit is positive.`);
    out.block(`func ${receiver}${name}(${params})${results[result]} {`, () => {
      const scope: GoScope = { type, result, items: plural, item: [], receiver: method, loops: 0 };
      if (method) {
        out.line('s.mu.Lock()');
        out.line('defer s.mu.Unlock()');
      }
      this.resultStart(out, scope);
      out.line();
      this.statements(out, scope, random.int(3, 8), 0);
      out.line();
      this.resultEnd(out, scope);
    });
  }

  private resultStart(out: SourceWriter, scope: GoScope): void {
    const { type, items } = scope;
    if (scope.result === 'slice-error') out.line(`result := make([]*${type.name}, 0, len(${items}))`);
    if (scope.result === 'ptr-error') out.line(`var found *${type.name}`);
    if (scope.result === 'int') out.line('total := 0');
    if (scope.result === 'map') out.line(`byKey := make(map[string]*${type.name}, len(${items}))`);
    if (scope.result === 'error') out.block(`if len(${items}) == 0 {`, () => out.line('return nil'));
  }

  private resultEnd(out: SourceWriter, scope: GoScope): void {
    if (scope.result === 'slice-error') out.line('return result, nil');
    if (scope.result === 'int') out.line('return total');
    if (scope.result === 'map') out.line('return byKey');
    if (scope.result === 'error') out.line('return nil');
    if (scope.result === 'ptr-error') {
      out.block('if found == nil {', () => out.line(`return nil, fmt.Errorf("${scope.type.noun} %q: not found", id)`));
      out.line('return found, nil');
    }
  }

  private failWith(scope: GoScope, error: string): string {
    if (scope.result === 'slice-error' || scope.result === 'ptr-error') return `return nil, ${error}`;
    if (scope.result === 'error') return `return ${error}`;
    return scope.result === 'int' ? 'return -1' : 'return nil';
  }

  /** `count` statements, blank lines between some groups, nesting at most three blocks deep. */
  private statements(out: SourceWriter, scope: GoScope, count: number, depth: number): void {
    for (let i = 0; i < count; i++) {
      if (i > 0 && depth < 2 && this.random.chance(0.25)) out.line();
      this.statement(out, scope, depth);
    }
  }

  private statement(out: SourceWriter, scope: GoScope, depth: number): void {
    const { random } = this;
    const item = scope.item.at(-1);
    const { type } = scope;
    const text = (): string => random.pick(type.text);
    const count = (): string => random.pick(type.count);
    const nested = depth < 3;
    const choices = ['assign', 'assign', 'comment', 'call', 'sprintf', 'errcheck'];
    if (nested) choices.push('range', 'range', 'for', 'sort', 'switch', 'if');
    if (item) choices.push('collect', 'collect', 'timecheck', 'if', 'errcheck');
    const kind = random.pick(choices);
    switch (kind) {
      case 'assign': {
        const name = compound(random, [QUALIFIERS, ['Count', 'Name', 'Key', 'Size', 'Cutoff']]);
        const value = item
          ? random.pick([`strings.ToLower(${item}.${text()})`, `${item}.${count()} * ${random.int(2, 16)}`, `fmt.Sprintf("%s/%s", ${item}.ID, ${item}.${text()})`])
          : random.pick([`len(${scope.items})`, `time.Now().Add(-${random.int(1, 72)} * time.Hour)`, `limit - ${random.int(1, 9)}`, `strings.Repeat("-", ${random.int(2, 40)})`]);
        out.line(`${name} := ${value}`);
        out.line(`_ = ${name}`);
        return;
      }
      case 'comment':
        out.line(`// ${capitalize(random.pick(COMMENT_PHRASES))}.`);
        return this.statement(out, scope, depth);
      case 'call':
        out.line(
          scope.receiver
            ? `s.logger.Printf("${random.pick(VERBS)} ${scope.items}: %d left, limit %d", len(${scope.items}), s.limit)`
            : `log.Printf("${random.pick(VERBS)} %d ${scope.items}", len(${scope.items}))`,
        );
        return;
      case 'sprintf': {
        const name = `${random.pick(['summary', 'label', 'message', 'line'])}${capitalize(random.pick(VERBS))}`;
        out.block(
          `${name} := fmt.Sprintf(`,
          () => {
            out.line(`"%s: %d ${scope.items}, limit %d",`);
            out.line(`"${random.pick(VERBS)}",`);
            out.line(`len(${scope.items}),`);
            out.line('limit,');
          },
          ')',
        );
        out.line(`_ = ${name}`);
        return;
      }
      case 'errcheck': {
        const subject = item ?? `${scope.items}[0]`;
        const verb = random.pick(VERBS);
        out.block(`if err := ${verb}${capitalize(type.noun)}(ctx, ${subject}); err != nil {`, () => {
          if (scope.loops > 0 && random.chance(0.4)) out.line('continue');
          else out.line(this.failWith(scope, `fmt.Errorf("${verb} ${type.noun} %s: %w", ${subject}.ID, err)`));
        });
        return;
      }
      case 'range': {
        const loopItem = scope.item.length === 0 ? type.noun : `${type.noun}${scope.item.length + 1}`;
        const index = random.chance(0.4) ? 'i' : '_';
        out.block(`for ${index}, ${loopItem} := range ${scope.items} {`, () => {
          if (index === 'i') out.block('if limit > 0 && i >= limit {', () => out.line('break'));
          scope.item.push(loopItem);
          scope.loops++;
          this.statements(out, scope, random.int(1, 4), depth + 1);
          scope.loops--;
          scope.item.pop();
        });
        return;
      }
      case 'for':
        out.block(`for attempt := 0; attempt < ${random.int(2, 5)}; attempt++ {`, () => {
          out.block(`if err := ctx.Err(); err != nil {`, () => out.line(this.failWith(scope, 'err')));
          out.line(`time.Sleep(time.Duration(attempt) * ${random.int(5, 250)} * time.Millisecond)`);
        });
        return;
      case 'sort': {
        const field = random.chance(0.5) ? count() : text();
        out.block(`sort.Slice(${scope.items}, func(i, j int) bool {`, () => out.line(`return ${scope.items}[i].${field} < ${scope.items}[j].${field}`), '})');
        return;
      }
      case 'switch':
        // gofmt style: case clauses sit at the switch's own depth.
        out.line(`switch ${item ? `${item}.${text()}` : `strings.ToLower(${scope.items}[0].${text()})`} {`);
        for (const label of random.sample(['"pending"', '"active", "open"', '"closed"', '"failed"', '""'], random.int(2, 3))) {
          out.line(`case ${label}:`);
          out.depth++;
          this.statements(out, scope, random.int(1, 2), depth + 1);
          out.depth--;
        }
        out.line('default:');
        out.line(`\t${scope.loops > 0 ? 'continue' : this.failWith(scope, `fmt.Errorf("unexpected ${type.noun} state")`)}`);
        out.line('}');
        return;
      case 'if': {
        const condition = item
          ? random.pick([`${item}.${count()} > limit`, `!${item}.${random.pick(type.flag)}`, `${item}.${text()} == ""`])
          : `len(${scope.items}) > limit && limit > 0`;
        const withElse = random.chance(0.4);
        out.block(`if ${condition} {`, () => this.statements(out, scope, random.int(1, 3), depth + 1), withElse ? '} else {' : '}');
        if (withElse) {
          out.depth++;
          this.statements(out, scope, random.int(1, 2), depth + 1);
          out.depth--;
          out.line('}');
        }
        return;
      }
      case 'timecheck':
        out.block(`if time.Since(${item}.${random.pick(type.time)}) > ${random.int(1, 96)}*time.Hour {`, () =>
          out.line(scope.loops > 0 ? 'continue' : this.failWith(scope, 'nil')),
        );
        return;
      case 'collect':
        if (scope.result === 'slice-error') out.line(`result = append(result, ${item})`);
        else if (scope.result === 'map') out.line(`byKey[${item}.${text()}] = ${item}`);
        else if (scope.result === 'int') out.line(`total += int(${item}.${count()})`);
        else if (scope.result === 'ptr-error') out.block(`if ${item}.ID == id {`, () => out.line(`found = ${item}`));
        else out.line(`${item}.${random.pick(type.flag)} = true`);
        return;
      default:
        throw new Error(`unknown Go statement kind ${kind}`);
    }
  }
}
