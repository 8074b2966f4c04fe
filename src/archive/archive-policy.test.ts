import { describe, expect, it } from '@jest/globals';
import { UnsafeArchiveError } from '../errors.js';
import {
  ArchivePolicy,
  nameProblem,
  type ArchivePolicyOptions,
  type MemberHeader,
} from './archive-policy.js';

const file = (name: string, extra: Partial<MemberHeader> = {}): MemberHeader => ({
  name,
  type: 'file',
  size: 1,
  mode: 0o644,
  ...extra,
});
const dir = (name: string): MemberHeader => ({ name, type: 'directory', size: 0, mode: 0o755 });
const symlink = (name: string, linkTarget: string): MemberHeader => ({
  name,
  type: 'symlink',
  size: 0,
  mode: 0o777,
  linkTarget,
});
const hardlink = (name: string, linkTarget: string): MemberHeader => ({
  name,
  type: 'hardlink',
  size: 0,
  mode: 0o644,
  linkTarget,
});

/** Admits all but the last member, then returns the refusal reason of the last (or undefined). */
function lastRefusal(
  members: MemberHeader[],
  options: ArchivePolicyOptions = {},
): string | undefined {
  const policy = new ArchivePolicy(options);
  members.slice(0, -1).forEach((m) => policy.admit(m));
  try {
    policy.admit(members[members.length - 1] as MemberHeader);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(UnsafeArchiveError);
    return (err as UnsafeArchiveError).reason;
  }
}

describe('nameProblem', () => {
  it.each([
    ['/etc/passwd', 'absolute path'],
    ['C:\\Windows\\x', 'backslash in name (a path separator on Windows)'],
    ['C:/Windows/x', 'absolute path (drive letter)'],
    ['c:x', 'absolute path (drive letter)'],
    ['\\\\server\\share\\x', 'backslash in name (a path separator on Windows)'],
    ['a/../b', "'..' component"],
    ['..', "'..' component"],
    ['a\\b', 'backslash in name (a path separator on Windows)'],
    ['a\0b', 'NUL byte in name'],
    ['a\nb', 'control character in name'],
    ['a/file.txt:stream', 'colon in name'],
    ['bad\ufffdutf8', 'name is not valid UTF-8'],
    ['', 'empty name'],
  ])('%j → %s', (name, problem) => {
    expect(nameProblem(name)).toBe(problem);
  });

  it.each([
    ['go/bin/go'],
    ['./go/src/'],
    ['a..b/c...'],
    ['héllo wörld/ü.txt'],
    ['golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64/bin/go'],
  ])('%j is fine', (name) => expect(nameProblem(name)).toBeUndefined());
});

describe('ArchivePolicy', () => {
  it('normalises names and admits an ordinary tree', () => {
    const policy = new ArchivePolicy();
    expect(policy.admit(dir('./'))).toBeUndefined();
    expect(policy.admit(dir('./go/'))).toMatchObject({ name: 'go', type: 'directory' });
    expect(policy.admit(file('./go//bin/go', { mode: 0o755, size: 10 }))).toMatchObject({
      name: 'go/bin/go',
      executable: true,
      size: 10,
    });
    expect(policy.admit(file('go/README.md', { mode: 0o644 }))).toMatchObject({
      executable: false,
    });
    expect(policy.admit(dir('go/bin/'))).toMatchObject({ name: 'go/bin' }); // directories may repeat
    expect(policy.admit(symlink('go/lib/link', '../bin/./go'))).toMatchObject({
      linkTarget: '../bin/go',
    });
    expect(policy.admit(hardlink('go/bin/go2', './go/bin/go'))).toMatchObject({
      linkTarget: 'go/bin/go',
    });
    expect(policy.totalSize).toBe(11);
  });

  it.each<[string, MemberHeader[], string]>([
    [
      'symlink with an absolute target',
      [symlink('a', '/etc')],
      'symlink target "/etc" is absolute',
    ],
    ['symlink with a drive target', [symlink('a', 'C:/x')], 'symlink target "C:/x" is absolute'],
    [
      'symlink escaping from the top',
      [symlink('a', '../x')],
      'symlink target "../x" escapes the destination directory',
    ],
    [
      'symlink escaping from a subdirectory',
      [symlink('a/b/c', '../../../x')],
      'symlink target "../../../x" escapes the destination directory',
    ],
    [
      'symlink climbing after a name',
      [symlink('a', 'd/../..')],
      'symlink target "d/../.." is not in normal form (\'..\' after a name)',
    ],
    [
      'symlink with a backslash target',
      [symlink('a', '..\\x')],
      'symlink target "..\\\\x" contains a backslash',
    ],
    ['symlink without a target', [symlink('a', '')], 'symbolic link without a target'],
    [
      'member through a symlink',
      [symlink('a', 'b'), file('a/x')],
      'path passes through earlier symlink "a"',
    ],
    ['member through a file', [file('a'), file('a/x')], 'path passes through earlier file "a"'],
    [
      'member through a symlink, other case',
      [symlink('Link', 'b'), file('link/x')],
      'path passes through earlier symlink "Link"',
    ],
    [
      'symlink replacing a directory',
      [file('a/x'), symlink('a', '.')],
      'collides with earlier directory "a"',
    ],
    ['duplicate file', [file('a'), file('a')], 'collides with earlier file "a"'],
    [
      'case-fold duplicate',
      [file('Makefile'), file('makefile')],
      'collides with earlier file "Makefile" on case-insensitive file systems',
    ],
    [
      'NFC/NFD duplicate',
      [file('caf\u00e9'), file('cafe\u0301')],
      'collides with earlier file "café" on case-insensitive file systems',
    ],
    [
      'hardlink to an absolute path',
      [hardlink('p', '/etc/passwd')],
      'hard link target "/etc/passwd": absolute path',
    ],
    [
      'hardlink climbing out',
      [hardlink('p', '../etc/passwd')],
      'hard link target "../etc/passwd": \'..\' component',
    ],
    [
      'hardlink to a missing member',
      [hardlink('p', 'nowhere')],
      'hard link target "nowhere" is not an earlier regular file of the archive',
    ],
    [
      'hardlink to a symlink',
      [symlink('s', 'x'), hardlink('p', 's')],
      'hard link target "s" is not an earlier regular file of the archive',
    ],
    [
      'hardlink to a directory',
      [dir('d'), hardlink('p', 'd')],
      'hard link target "d" is not an earlier regular file of the archive',
    ],
    [
      'character device',
      [{ name: 'c', type: 'character-device', size: 0 }],
      'device files are not allowed',
    ],
    [
      'block device',
      [{ name: 'b', type: 'block-device', size: 0 }],
      'device files are not allowed',
    ],
    ['FIFO', [{ name: 'f', type: 'fifo', size: 0 }], 'fifo members are not allowed'],
    ['setuid', [file('x', { mode: 0o4755 })], 'setuid, setgid or sticky bit set (mode 4755)'],
    ['setgid', [{ ...dir('x'), mode: 0o2755 }], 'setuid, setgid or sticky bit set (mode 2755)'],
    ['sticky', [{ ...dir('x'), mode: 0o1777 }], 'setuid, setgid or sticky bit set (mode 1777)'],
    [
      'symlink with data',
      [{ ...symlink('s', 'x'), size: 5 }],
      'symlink member carries 5 bytes of data',
    ],
    ['negative size', [file('x', { size: -1 })], 'invalid size -1'],
    ['file with an empty name', [file('./')], 'member has an empty name'],
  ])('refuses %s', (_label, members, reason) => {
    expect(lastRefusal(members)).toBe(reason);
  });

  it('bounds sizes and counts, counting skipped members too', () => {
    const limits = { maxEntrySize: 100, maxTotalSize: 250, maxEntries: 3 };
    expect(lastRefusal([file('a', { size: 101 })], { limits })).toBe(
      'size 101 exceeds the limit of 100 bytes per file',
    );
    expect(
      lastRefusal([file('a', { size: 100 }), file('b', { size: 100 }), file('c', { size: 100 })], {
        limits,
      }),
    ).toBe('unpacked size exceeds the limit of 250 bytes');
    const skipAll = { limits, rename: () => null };
    expect(lastRefusal([file('a'), file('b'), file('c'), file('d')], skipAll)).toBe(
      'archive has more than 3 members',
    );
    expect(new ArchivePolicy({ limits: { maxEntries: undefined } }).limits.maxEntries).toBe(
      200_000,
    );
  });

  it('requires and strips a top-level prefix', () => {
    const options = { requiredPrefix: 'go', stripPrefix: true };
    const policy = new ArchivePolicy(options);
    expect(policy.admit(dir('go/'))).toBeUndefined();
    expect(policy.admit(file('go/bin/go'))).toMatchObject({
      name: 'bin/go',
      archiveName: 'go/bin/go',
    });
    expect(policy.admit(symlink('go/misc/link', '../bin/go'))).toMatchObject({
      name: 'misc/link',
      linkTarget: '../bin/go',
    });
    expect(policy.admit(hardlink('go/bin/go-copy', 'go/bin/go'))).toMatchObject({
      linkTarget: 'bin/go',
    });
    expect(lastRefusal([file('stray.txt')], options)).toBe(
      'outside the required top-level directory "go"',
    );
    expect(lastRefusal([file('gopher/x')], options)).toBe(
      'outside the required top-level directory "go"',
    );
    expect(lastRefusal([file('go')], options)).toBe(
      'outside the required top-level directory "go"',
    );
    // Once stripped, a symlink may not climb out of what used to be go/.
    expect(lastRefusal([symlink('go/link', '../x')], options)).toBe(
      'symlink target "../x" escapes the destination directory',
    );
    expect(() => new ArchivePolicy({ requiredPrefix: '../x' })).toThrow(/invalid requiredPrefix/);
  });

  it('checks names a rename produces', () => {
    const policy = new ArchivePolicy({
      rename: (n) => (n === 'skip' ? null : n.replace(/_go\.mod$/, 'go.mod')),
    });
    expect(policy.admit(file('skip'))).toBeUndefined();
    expect(policy.admit(file('src/_go.mod'))).toMatchObject({
      name: 'src/go.mod',
      archiveName: 'src/_go.mod',
    });
    expect(lastRefusal([file('x')], { rename: () => '../x' })).toBe(
      `renamed to "../x": '..' component`,
    );
  });

  it('uses a caller predicate for executability when the archive has no modes', () => {
    const policy = new ArchivePolicy({ isExecutable: (n) => n.startsWith('bin/') });
    expect(policy.admit({ name: 'bin/go', type: 'file', size: 1 })).toMatchObject({
      executable: true,
    });
    expect(policy.admit({ name: 'src/x.go', type: 'file', size: 1 })).toMatchObject({
      executable: false,
    });
  });

  describe('with moduleFileNames', () => {
    const module = { moduleFileNames: true };

    it('refuses names that are not Go module file paths, only with the option', () => {
      expect(lastRefusal([file('go/src/a*b.go')])).toBeUndefined();
      expect(lastRefusal([file('go/src/a*b.go')], module)).toBe(
        'not a valid Go module file path: invalid char \'*\' in path element "a*b.go"',
      );
      expect(lastRefusal([file('src/aux.go')])).toBeUndefined();
      expect(lastRefusal([file('src/aux.go')], module)).toBe(
        'not a valid Go module file path: "aux" disallowed as path element component on Windows',
      );
      expect(lastRefusal([dir('src/x./')], module)).toBe(
        'not a valid Go module file path: trailing dot in path element "x."',
      );
      expect(lastRefusal([file('cafe\u0301')], module)).toBe(
        'not a valid Go module file path: invalid char U+0301 in path element "cafe\u0301"',
      );
    });

    it('checks the name written, after the prefix is stripped and the rename', () => {
      const options = {
        ...module,
        requiredPrefix: 'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64',
        stripPrefix: true,
        rename: (n: string) => (n === 'skip me?' ? null : n.replace(/^bad$/, 'con.txt')),
      };
      const policy = new ArchivePolicy(options);
      const top = 'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64';
      expect(policy.admit(dir(`${top}/`))).toBeUndefined();
      expect(policy.admit(file(`${top}/skip me?`))).toBeUndefined();
      expect(policy.admit(file(`${top}/src/_go.mod`))).toMatchObject({ name: 'src/_go.mod' });
      expect(lastRefusal([file(`${top}/bad`)], options)).toBe(
        'not a valid Go module file path: "con" disallowed as path element component on Windows',
      );
      // The whole name is checked when the prefix stays.
      expect(
        new ArchivePolicy({ ...module, requiredPrefix: top }).admit(file(`${top}/bin/go`)),
      ).toMatchObject({ name: `${top}/bin/go` });
    });

    it("refuses names equal under Go's case folding", () => {
      // The Kelvin sign lower-cases to 'k' in JavaScript too, so this collides either way.
      expect(lastRefusal([file('\u212a'), file('k')], module)).toBe(
        'collides with earlier file "\u212a" on case-insensitive file systems',
      );
      expect(lastRefusal([file('\u212a'), file('k')])).toBe(
        'collides with earlier file "\u212a" on case-insensitive file systems',
      );
      // The long s and final sigma fold only under Go's rules.
      expect(lastRefusal([file('src/\u017f.go'), file('src/s.go')])).toBeUndefined();
      expect(lastRefusal([file('src/\u017f.go'), file('src/s.go')], module)).toBe(
        'collides with earlier file "src/\u017f.go" under Go\'s case folding',
      );
      expect(lastRefusal([file('\u03c3'), file('\u03c2')], module)).toBe(
        'collides with earlier file "\u03c3" under Go\'s case folding',
      );
      // The file system key still applies: a CJK compatibility ideograph (a letter, so a
      // valid name) normalises to the unified one, which Go's folding leaves apart.
      expect(lastRefusal([file('\uf900'), file('\u8c48')], module)).toBe(
        'collides with earlier file "\uf900" on case-insensitive file systems',
      );
      // A file passing through a file that folds equal.
      expect(lastRefusal([file('\u017f'), file('s/x')], module)).toBe(
        'path passes through earlier file "\u017f"',
      );
    });

    it('refuses directories that differ only in case, as Go module zips do', () => {
      expect(lastRefusal([dir('Src/'), dir('src/')])).toBeUndefined();
      expect(lastRefusal([dir('Src/'), dir('src/')], module)).toBe(
        'collides with earlier directory "Src" on case-insensitive file systems',
      );
      expect(lastRefusal([file('Src/a.go'), file('src/b.go')])).toBeUndefined();
      expect(lastRefusal([file('Src/a.go'), file('src/b.go')], module)).toBe(
        'directory "src" collides with earlier directory "Src" on case-insensitive file systems',
      );
      expect(lastRefusal([file('\u017f/a.go'), file('s/b.go')], module)).toBe(
        'directory "s" collides with earlier directory "\u017f" under Go\'s case folding',
      );
      // The same directory may repeat.
      expect(lastRefusal([dir('src/'), file('src/a.go'), dir('src/')], module)).toBeUndefined();
    });

    it('admits an ordinary toolchain tree', () => {
      const policy = new ArchivePolicy({ ...module, requiredPrefix: 'go', stripPrefix: true });
      for (const name of [
        'go/',
        'go/bin/go',
        'go/lib/time/zoneinfo.zip',
        'go/pkg/tool/linux_amd64/compile',
        'go/src/cmd/go/testdata/script/mod_get_.txt',
        'go/src/cmd/go/testdata/mod/example.com_v1.0.0+incompatible.txt',
        'go/src/.gitignore',
        'go/src/Make.dist',
        'go/src/make.bash',
      ]) {
        policy.admit(name.endsWith('/') ? dir(name) : file(name));
      }
      expect(policy.totalSize).toBe(8);
    });
  });

  it('can refuse links altogether', () => {
    expect(lastRefusal([symlink('a', 'b')], { allowSymlinks: false })).toBe(
      'symbolic links are not allowed',
    );
    expect(lastRefusal([file('a'), hardlink('b', 'a')], { allowHardlinks: false })).toBe(
      'hard links are not allowed',
    );
  });
});
