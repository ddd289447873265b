/** Indentation helpers, so generated code lands at the indentation and in the style of the file. */

/** The leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** The file's indentation unit: a tab, or the smallest step of leading spaces (default two). */
export function indentUnit(text: string): string {
  let tabs = 0;
  let spaces = 0;
  let step = Infinity;
  for (const line of text.split('\n')) {
    const indent = indentOf(line);
    if (!indent || indent.length === line.length) continue;
    if (indent.startsWith('\t')) tabs++;
    else {
      spaces++;
      step = Math.min(step, indent.length);
    }
  }
  if (tabs > spaces) return '\t';
  return ' '.repeat(Number.isFinite(step) && step <= 8 ? step : 2);
}

/** Removes the indentation all non-blank lines share. */
export function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map(indentOf);
  if (indents.length === 0) return text;
  let common = indents[0]!;
  for (const indent of indents) while (!indent.startsWith(common)) common = common.slice(0, -1);
  return lines.map((line) => (line.trim() === '' ? '' : line.slice(common.length))).join('\n');
}

/**
 * Re-indents code written with any indentation to start at `base`, converting its indentation
 * steps to the file's unit (a model answering with four spaces in a Go file gets tabs).
 */
export function reindent(code: string, base: string, unit: string): string {
  const flat = dedent(code);
  const own = indentUnit(flat);
  return flat
    .split('\n')
    .map((line) => {
      if (line.trim() === '') return '';
      const indent = indentOf(line);
      const steps = own === '\t' ? indent.replace(/ +/g, '').length : Math.floor(indent.replace(/\t/g, own).length / own.length);
      const rest = own === '\t' ? '' : ' '.repeat(indent.replace(/\t/g, own).length % own.length);
      return base + unit.repeat(steps) + rest + line.slice(indent.length);
    })
    .join('\n');
}
