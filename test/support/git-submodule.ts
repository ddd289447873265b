import { execFileSync } from 'node:child_process';

/** git with an identity and local-path submodules allowed, as a test's repositories need; output discarded. */
function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'protocol.file.allow=always', '-C', cwd, ...args], { stdio: 'ignore' });
}

/**
 * Makes `root` a git work tree (nothing committed) with a submodule at `at`: the repository `library`, its files
 * committed once. git then lists the submodule as the one path `at`.
 */
export function addSubmodule(root: string, library: string, at: string): void {
  git(library, 'init', '-q');
  git(library, 'add', '.');
  git(library, 'commit', '-qm', 'library');
  git(root, 'init', '-q');
  git(root, 'submodule', 'add', '-q', library, at);
}
