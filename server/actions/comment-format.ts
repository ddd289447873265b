/**
 * Comments are written by Ghostline, not by the model: the model supplies the words and this
 * module the syntax, so an explanation can never break the file or come out in the wrong style.
 */

/** `line`: `// …` lines (Go doc comments, explanations); `block`: a `/** … *\/` TSDoc/JSDoc block. */
export type CommentStyle = 'line' | 'block';

/** Removes comment markers a model may have added anyway (`// `, `/**`, ` * `, `*\/`). */
export function stripCommentMarkers(text: string): string {
  const lines = text.trim().split('\n').map((line) => line.trim());
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
export function formatComment(text: string, style: CommentStyle, indent: string): string {
  const lines = stripCommentMarkers(text).split('\n').map((line) => line.trimEnd());
  if (style === 'line') return lines.map((line) => (line ? `${indent}// ${line}` : `${indent}//`)).join('\n') + '\n';
  // `*/` inside the text would close the block early.
  const body = lines.map((line) => (line ? `${indent} * ${line.replace(/\*\//g, '*\\/')}` : `${indent} *`));
  return [`${indent}/**`, ...body, `${indent} */`].join('\n') + '\n';
}
