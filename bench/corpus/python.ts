import type { Random } from '../random.js';
import { capitalize, COMMENT_PHRASES, compound, FIELDS, NamePool, NOUNS, QUALIFIERS, SourceWriter, VERBS } from './vocabulary.js';

interface PyClass {
  name: string;
  noun: string;
  text: string[];
  count: string[];
  flag: string[];
}

const IMPORTS = ['import logging', 'import time', 'from dataclasses import dataclass, field', 'from typing import Iterable, Optional'];

/** `createdAt` → `created_at`: Python names. */
function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Writes a Python module of exactly `lines` lines: dataclasses, module functions and methods with docstrings,
 * loops, conditions, try/except, comprehensions and f-strings, blocks ended by dedent as Python writes them.
 */
export function generatePython(random: Random, lines: number): string {
  const names = new NamePool();
  const out = new SourceWriter('    ');
  const noun = random.pick(NOUNS);
  out.line(`"""Keeps ${noun}s and the records derived from them.`);
  out.line('');
  out.line("Generated for Ghostline's latency benchmark; it is meant to read like real code, not to run.");
  out.line('"""');
  IMPORTS.forEach((line) => out.line(line));
  out.line();
  out.line('log = logging.getLogger(__name__)');
  out.line();
  const classes: PyClass[] = [];
  const gen = new PythonGenerator(random, names);
  while (out.lines.length < lines) {
    const decl = new SourceWriter('    ');
    if (classes.length === 0 || random.chance(0.2)) classes.push(gen.dataclass(decl));
    else gen.function(decl, random.pick(classes), random.chance(0.5));
    decl.line();
    if (out.lines.length + decl.lines.length > lines) break;
    out.lines.push(...decl.lines);
  }
  while (out.lines.length < lines) out.line(`${snake(names.unique(() => compound(random, [QUALIFIERS, NOUNS])))}_limit = ${random.int(2, 4096)}`.toUpperCase());
  return `${out.lines.join('\n')}\n`;
}

class PythonGenerator {
  constructor(
    private readonly random: Random,
    private readonly names: NamePool,
  ) {}

  dataclass(out: SourceWriter): PyClass {
    const { random } = this;
    const noun = random.pick(NOUNS);
    const name = this.names.unique(() => capitalize(compound(random, [QUALIFIERS, [noun]])));
    const type: PyClass = {
      name,
      noun,
      text: ['id', ...random.sample(FIELDS.text, random.int(1, 3))],
      count: random.sample(FIELDS.count, random.int(1, 3)),
      flag: random.sample(FIELDS.flag, random.int(1, 2)).map(snake),
    };
    out.line();
    out.line('@dataclass');
    out.block(
      `class ${name}:`,
      () => {
        out.line(`"""One ${noun} as the store keeps it; ${random.pick(COMMENT_PHRASES)}."""`);
        out.line();
        for (const f of type.text) out.line(`${f}: str = ""`);
        for (const f of type.count) out.line(`${f}: int = 0`);
        for (const f of type.flag) out.line(`${f}: bool = False`);
        out.line('tags: list[str] = field(default_factory=list)');
      },
      '',
    );
    return type;
  }

  function(out: SourceWriter, type: PyClass, method: boolean): void {
    const { random } = this;
    const verb = random.pick(VERBS);
    const name = snake(this.names.unique(() => `${verb}${capitalize(type.noun)}s${capitalize(random.pick(QUALIFIERS))}`));
    const header = method
      ? `def ${name}(self, items: Iterable[${type.name}], limit: int = 0) -> list[${type.name}]:`
      : `def ${name}(items: Iterable[${type.name}], limit: int = 0) -> list[${type.name}]:`;
    if (method) {
      out.block(`class ${this.names.unique(() => `${type.name}${random.pick(['Service', 'Store', 'Cache', 'Index'])}`)}:`, () => this.body(out, type, header, verb), '');
    } else {
      this.body(out, type, header, verb);
    }
  }

  private body(out: SourceWriter, type: PyClass, header: string, verb: string): void {
    out.line();
    out.block(
      header,
      () => {
        out.line(`"""${capitalize(verb)} the given ${type.noun}s; ${this.random.pick(COMMENT_PHRASES)}.`);
        out.line();
        out.line('Args:');
        out.line(`    items: the ${type.noun}s to ${verb}.`);
        out.line('    limit: most items kept; 0 keeps all.');
        out.line('"""');
        out.line('result = []');
        this.statements(out, type, this.random.int(3, 7), 0);
        out.line('return result');
      },
      '',
    );
  }

  private statements(out: SourceWriter, type: PyClass, count: number, depth: number): void {
    for (let i = 0; i < count; i++) this.statement(out, type, depth);
  }

  private statement(out: SourceWriter, type: PyClass, depth: number): void {
    const { random } = this;
    const text = random.pick(type.text);
    const num = random.pick(type.count);
    const kinds = ['assign', 'log', 'comment', 'comprehension'];
    if (depth < 2) kinds.push('loop', 'loop', 'try', 'if');
    switch (random.pick(kinds)) {
      case 'assign':
        out.line(`${snake(compound(random, [QUALIFIERS, ['count', 'name', 'key', 'size']]))} = len(result) * ${random.int(2, 16)} + limit`);
        return;
      case 'log':
        out.line(`log.info(f"${random.pick(VERBS)} {len(result)} ${type.noun}s, limit {limit}")`);
        return;
      case 'comment':
        out.line(`# ${capitalize(random.pick(COMMENT_PHRASES))}.`);
        return this.statement(out, type, depth);
      case 'comprehension':
        out.line(`result = [item for item in result if item.${num} > ${random.int(0, 50)} or item.${random.pick(type.flag)}]`);
        return;
      case 'loop':
        out.block(
          `for index, item in enumerate(items):`,
          () => {
            out.block('if limit and index >= limit:', () => out.line('break'), '');
            out.lines.pop();
            this.statements(out, type, random.int(1, 3), depth + 1);
            out.line('result.append(item)');
          },
          '',
        );
        out.lines.pop();
        return;
      case 'try':
        out.block('try:', () => out.line(`started = time.monotonic() - ${random.int(1, 90)}`), '');
        out.lines.pop();
        out.block('except (ValueError, KeyError) as error:', () => out.line(`log.warning("${text} failed: %s", error)`), '');
        out.lines.pop();
        return;
      default:
        out.block(`if result and result[-1].${text} == "${random.pick(VERBS)}":`, () => this.statements(out, type, random.int(1, 2), depth + 1), '');
        out.lines.pop();
    }
  }
}
