/** The entries of a command's `-z` output (git's paths): NUL-separated, the empty ones (the last NUL's) dropped. */
export function nulSeparated(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}
