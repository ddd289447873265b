import { describe, expect, it } from 'vitest';
import { goBuildConstraint, goBuildTogether } from '../../server/syntax/go/build-constraints.js';
import { contextPrompts } from '../support/context-prompt.js';
import { CURSOR } from '../support/cursor.js';

const open = contextPrompts();
const goMod = 'module example.com/app\n\ngo 1.22\n';

describe('Go: which files one build can hold, from file-name suffixes and //go:build lines', () => {
  const table = [
    { a: 'os/exec_solaris.go', b: 'syscall/syscall_solaris.go', together: true },
    { a: 'os/exec_solaris.go', b: 'syscall/syscall_windows.go', together: false },
    { a: 'runtime/os_illumos.go', b: 'runtime/os3_solaris.go', together: true },
    { a: 'time/zoneinfo_ios.go', b: 'syscall/syscall_darwin.go', together: true },
    { a: 'net/fd_unix.go', aBuild: 'unix', b: 'net/fd_windows.go', together: false },
    { a: 'net/fd_unix.go', aBuild: 'unix || (js && wasm)', b: 'syscall/syscall_js.go', together: true },
    { a: 'x/a_linux.go', b: 'x/b.go', bBuild: '!linux && cgo', together: false },
    { a: 'x/a_linux.go', b: 'x/b.go', bBuild: '!cgo', together: true },
    { a: 'x/a_ppc64x.go', aBuild: 'ppc64 || ppc64le', b: 'x/b_linux_amd64.go', together: false },
    { a: 'x/a_linux_arm64.go', b: 'x/b_arm64.go', together: true },
    // The first part of a name never counts: linux.go is built everywhere.
    { a: 'x/linux.go', b: 'x/b_windows.go', together: true },
    { a: 'x/a_windows_test.go', b: 'x/b_linux.go', together: false },
  ];
  for (const row of table) {
    it(`${row.a} ${row.aBuild ?? ''} / ${row.b} ${row.bBuild ?? ''}`, () => {
      expect(goBuildTogether({ path: row.a, constraint: row.aBuild }, { path: row.b, constraint: row.bBuild })).toBe(row.together);
      expect(goBuildTogether({ path: row.b, constraint: row.bBuild }, { path: row.a, constraint: row.aBuild })).toBe(row.together);
    });
  }
  it('reads the //go:build line of the header only', () => {
    expect(goBuildConstraint('// Copyright 2022.\n\n//go:build unix || (js && wasm)\n\npackage os\n')).toBe('unix || (js && wasm)');
    expect(goBuildConstraint('/*\n * header\n */\n//go:build linux\npackage os\n')).toBe('linux');
    expect(goBuildConstraint('package os\n\n//go:build linux\n')).toBeUndefined();
  });
});

describe("Go: a platform file's prompt shows its own platform's declarations before another's", () => {
  const api = (system: string) =>
    `package clock\n\n${Array.from({ length: 30 }, (_, j) => `// ${system}Call${j} calls the system.\nfunc ${system}Call${j}() uintptr { return ${j} }\n`).join('\n')}`;
  const user = (system: string, i: number) => `package clock\n\nfunc use${i}() {\n${Array.from({ length: 30 }, (_, j) => `\t${system}Call${j}()\n`).join('')}}\n`;
  // The other platform's API is used by more files: by use alone it would come first.
  const users = { ...Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`clock/use${i}_windows.go`, user('win', i)])), 'clock/use_linux.go': user('linux', 9) };
  const table = [
    { name: 'by file-name suffix', current: 'clock/now_linux.go', header: '' },
    { name: 'by //go:build line', current: 'clock/now_unix.go', header: '//go:build unix\n\n' },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const current = `${row.header}package clock\n\nfunc now() int64 {\n\t${CURSOR}\n}\n`;
      const files = { 'go.mod': goMod, 'clock/sys_windows.go': api('win'), 'clock/sys_linux.go': api('linux'), ...users, [row.current]: current };
      const { promptAt } = await open(files, row.current);
      const prompt = promptAt(current, 128);
      expect(prompt).toContain('func linuxCall0(');
      expect(prompt).not.toContain('_windows.go');
    });
  }
});

describe("Go: one platform's variant of a declaration is shown, not each platform's", () => {
  const variant = (system: string) =>
    `package clock\n\n// nanotime1 reads the ${system} clock.\nfunc nanotime1(${system}Clock int32) int64 {\n\tvar t ${system}Time\n\tt.read(${system}Clock)\n\treturn t.ns\n}\n`;
  const table = [
    { name: 'a file built everywhere', current: 'clock/now.go', header: '', shown: 'func nanotime1(', only: undefined },
    { name: 'a file built on two systems', current: 'clock/now_bsd.go', header: '//go:build darwin || freebsd\n\n', shown: 'func nanotime1(', only: undefined },
    {
      name: 'a cgo -godefs input (//go:build ignore) behind the generated types',
      current: 'clock/stat_linux.go',
      header: '',
      shown: 'type Stat_t ',
      only: 'ztypes_linux_amd64.go',
    },
  ];
  for (const row of table) {
    it(row.name, async () => {
      const current = `${row.header}package clock\n\nfunc now() int64 {\n\tvar st Stat_t\n\t_ = st\n\t${CURSOR}\n}\n`;
      const files = {
        'go.mod': goMod,
        'clock/os_linux.go': variant('linux'),
        'clock/os_darwin.go': variant('darwin'),
        'clock/os_freebsd.go': variant('freebsd'),
        'clock/os_windows.go': variant('windows'),
        'clock/types_linux.go': '//go:build ignore\n\npackage clock\n\n/*\n#include <sys/stat.h>\n*/\nimport "C"\n\ntype Stat_t C.struct_stat\n',
        'clock/ztypes_linux_amd64.go': 'package clock\n\ntype Stat_t struct {\n\tDev uint64\n\tIno uint64\n}\n',
        'clock/use.go': 'package clock\n\nfunc use() int64 { return nanotime1() + nanotime1() }\n',
        [row.current]: current,
      };
      const { promptAt } = await open(files, row.current);
      const prompt = promptAt(current, 1024);
      expect(prompt.split(row.shown).length - 1).toBe(1);
      if (row.only) expect(prompt).toContain(row.only);
    });
  }
});
