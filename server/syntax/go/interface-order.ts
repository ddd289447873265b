/** A method line of an interface (`\tKind() Kind`): its name. */
const METHOD = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*\(/u;

/**
 * A Go interface's text with its methods ordered by `worth`, most first (ties keep their order), each
 * with the comment lines above it; embedded interfaces and type sets stay first. A method set has no
 * order, so the text means the same, and a snippet cut to its share of the budget keeps the methods
 * the code most likely calls (`Kind` of reflect.Type's thirty) rather than the first few declared.
 * Other text (a struct, a one-line interface) comes back as it is.
 */
export function goMembersByWorth(text: string, worth: (name: string) => number): string {
  const lines = text.split('\n');
  const open = lines.findIndex((line) => /\binterface\s*\{\s*$/.test(line));
  // A text capped at index time (see capLines) ends with its marker instead of the closing brace.
  const end = lines[lines.length - 1] === '}' ? lines.length - 1 : lines.length;
  if (open < 0) return text;
  const groups: Array<{ lines: string[]; worth: number; at: number }> = [];
  let pending: string[] = [];
  for (const line of lines.slice(open + 1, end)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    pending.push(line);
    if (trimmed.startsWith('//')) continue;
    const name = METHOD.exec(line)?.[1];
    groups.push({ lines: pending, worth: name === undefined ? Infinity : worth(name), at: groups.length });
    pending = [];
  }
  // A nested brace (a method's multi-line parameter list, say) is no layout this reorders safely.
  if (groups.some((group) => group.lines.some((line) => /[{}]/.test(line))) || groups.length < 2) return text;
  const sorted = [...groups].sort((a, b) => b.worth - a.worth || a.at - b.at);
  if (sorted.every((group, i) => group.at === i)) return text;
  return [...lines.slice(0, open + 1), ...sorted.flatMap((group) => group.lines), ...pending, ...lines.slice(end)].join('\n');
}
