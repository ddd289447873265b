import type Parser from 'tree-sitter';

/** Docstring conventions a Python project may follow. */
export type DocstringStyle = 'google' | 'numpy' | 'rest';

/**
 * The style most docstrings of a file (or project sample) use: `Args:` sections (Google), underlined
 * `Parameters` headers (NumPy), or `:param x:` fields (reST). Google when nothing tells.
 */
export function detectDocstringStyle(text: string): DocstringStyle {
  const google = (text.match(/^\s*(?:Args|Arguments|Returns|Raises|Yields|Attributes):\s*$/gm) ?? []).length;
  const numpy = (text.match(/^\s*(?:Parameters|Returns|Raises|Yields|Attributes)\s*\n\s*-{3,}\s*$/gm) ?? []).length;
  const rest = (text.match(/^\s*:(?:param|returns?|raises|type|rtype)\b[^:]*:/gm) ?? []).length;
  if (rest > google && rest > numpy) return 'rest';
  if (numpy > google) return 'numpy';
  return 'google';
}

/** What a docstring says about a function. */
export interface DocstringContent {
  summary: string;
  params: Array<{ name: string; description: string }>;
  returns?: string;
  raises?: Array<{ type: string; description: string }>;
}

/** Writes a docstring in the given style, indented for a body at `indent`, with its triple quotes. */
export function writeDocstring(content: DocstringContent, style: DocstringStyle, indent: string): string {
  const lines = [content.summary];
  const section = (title: string, body: string[]) => {
    if (body.length === 0) return;
    if (style === 'google') lines.push('', `${title}:`, ...body.map((line) => `    ${line}`));
    else lines.push('', title, '-'.repeat(title.length), ...body);
  };
  const raises = content.raises ?? [];
  if (style === 'rest') {
    const fields = [
      ...content.params.map((p) => `:param ${p.name}: ${p.description}`),
      ...(content.returns ? [`:returns: ${content.returns}`] : []),
      ...raises.map((r) => `:raises ${r.type}: ${r.description}`),
    ];
    if (fields.length > 0) lines.push('', ...fields);
  } else if (style === 'google') {
    section(
      'Args',
      content.params.map((p) => `${p.name}: ${p.description}`),
    );
    section('Returns', content.returns ? [content.returns] : []);
    section(
      'Raises',
      raises.map((r) => `${r.type}: ${r.description}`),
    );
  } else {
    section(
      'Parameters',
      content.params.flatMap((p) => [p.name, `    ${p.description}`]),
    );
    section('Returns', content.returns ? [content.returns] : []);
    section(
      'Raises',
      raises.flatMap((r) => [r.type, `    ${r.description}`]),
    );
  }
  const body = lines.map((line, i) => (i === 0 || line === '' ? line : `${indent}${line}`));
  return lines.length === 1 ? `${indent}"""${content.summary}"""` : `${indent}"""${body.join('\n')}\n${indent}"""`;
}

/** The guidance line prompts give the model for a style. */
export function docstringGuidance(style: DocstringStyle): string {
  switch (style) {
    case 'numpy':
      return 'Write a NumPy-style docstring: a summary line, then Parameters, Returns and Raises sections with dashed underlines.';
    case 'rest':
      return 'Write a reST docstring: a summary line, then :param name:, :returns: and :raises Type: fields.';
    default:
      return 'Write a Google-style docstring: a summary line, then Args:, Returns: and Raises: sections.';
  }
}

/** Whether a function or class body opens with a string literal (its docstring). */
export function hasDocstring(declaration: Parser.SyntaxNode | undefined): boolean {
  const definition = declaration?.type === 'decorated_definition' ? declaration.childForFieldName('definition') : declaration;
  const first = definition?.childForFieldName('body')?.namedChildren[0];
  return first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string';
}
