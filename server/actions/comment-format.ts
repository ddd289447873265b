/**
 * Comments are written by Ghostline, not by the model: the model supplies the words and this
 * module the syntax, so an explanation can never break the file or come out in the wrong style.
 */

/** `line`: `// …` lines (Go doc comments, explanations); `block`: a `/** … *\/` TSDoc/JSDoc block. */
export type CommentStyle = 'line' | 'block' | 'docstring';

/** Removes comment markers a model may have added anyway (`// `, `/**`, ` * `, `*\/`). */
export function stripCommentMarkers(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .map((line) => line.trim());
  const marked = lines.every((line) => line === '' || /^(\/\/|\/\*|\*|#)/.test(line));
  if (!marked) return lines.join('\n').trim();
  return lines
    .map((line) =>
      line
        .replace(/^\/\*\*?/, '')
        .replace(/\*\/$/, '')
        .replace(/^\/\/\/?/, '')
        .replace(/^\*(?!\/)/, '')
        .replace(/^#/, '')
        .trim(),
    )
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Formats plain text as a comment at `indent`, ending with a line break. */
export function formatComment(text: string, style: CommentStyle, indent: string, lineToken = '//'): string {
  const lines = stripCommentMarkers(text.replace(/^\s*[rRuU]?(?:"""|''')|(?:"""|''')\s*$/g, ''))
    .split('\n')
    .map((line) => line.trimEnd());
  if (style === 'line') return lines.map((line) => (line ? `${indent}${lineToken} ${line}` : `${indent}${lineToken}`)).join('\n') + '\n';
  if (style === 'docstring') {
    // Sections keep their nesting (`Args:` then indented names); a `"""` inside would end the docstring early.
    const body = dedent(
      text
        .trim()
        .replace(/^[rRuU]?(?:"""|''')|(?:"""|''')$/g, '')
        .trim(),
    ).map((line) => line.replace(/"""/g, '\\"""'));
    if (body.length === 1) return `${indent}"""${body[0]}"""\n`;
    return [`${indent}"""${body[0]}`, ...body.slice(1).map((line) => (line ? `${indent}${line}` : '')), `${indent}"""`].join('\n') + '\n';
  }
  // `*/` inside the text would close the block early.
  const body = lines.map((line) => (line ? `${indent} * ${line.replace(/\*\//g, '*\\/')}` : `${indent} *`));
  return [`${indent}/**`, ...body, `${indent} */`].join('\n') + '\n';
}

/** The lines of a text without the indentation its later lines share (the first line starts after the quotes). */
function dedent(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trimEnd());
  const widths = lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => /^ */.exec(line)![0].length);
  const common = widths.length > 0 ? Math.min(...widths) : 0;
  return lines.map((line, i) => (i === 0 ? line.trim() : line.slice(common)));
}
