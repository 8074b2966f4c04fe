import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { tarMembers } from '../../test-support/hostile-archives.mjs';
import { UnsafeArchiveError } from '../errors.js';
import { removeTree } from '../archive/remove-tree.js';
import { ArchiveError } from './archive-error.js';
import {
  createArchive,
  extractArchive,
  sniffCompression,
  symlinkEscape,
  type Compression,
} from './archive.js';

let base: string;
let counter = 0;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'sgv-cache-archive-'));
});

afterAll(async () => {
  await removeTree(base);
});

async function fresh(name: string): Promise<string> {
  const dir = path.join(base, `${name}-${++counter}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

const MTIME = new Date('2024-03-01T12:34:56.789Z');

/**
 * A tree shaped like the caches this serves: a read-only module directory (0444 files in a
 * 0555 directory, as Go writes its module cache), an executable, symlinks that stay inside,
 * an empty directory, a name longer than ustar allows and a non-ASCII name.
 */
async function makeTree(root: string): Promise<void> {
  const mod = path.join(root, 'mod', 'example.com', 'm@v1.0.0');
  await mkdir(mod, { recursive: true });
  await writeFile(path.join(mod, 'go.mod'), 'module example.com/m\n');
  await chmod(path.join(mod, 'go.mod'), 0o444);
  await chmod(mod, 0o555);
  await mkdir(path.join(root, 'bin'));
  await writeFile(path.join(root, 'bin', 'tool'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  await symlink('tool', path.join(root, 'bin', 'alias'));
  await symlink('../mod/example.com', path.join(root, 'bin', 'up'));
  await mkdir(path.join(root, 'empty'));
  const long = path.join(root, 'deep', 'a'.repeat(80), 'b'.repeat(80));
  await mkdir(long, { recursive: true });
  await writeFile(path.join(long, 'c'.repeat(90)), 'long name');
  await writeFile(path.join(root, 'café ☕.txt'), 'non-ASCII name');
  await writeFile(path.join(root, 'big.bin'), Buffer.alloc(3 * 1024 * 1024, 7));
  await utimes(path.join(root, 'big.bin'), MTIME, MTIME);
  await utimes(path.join(root, 'bin', 'tool'), MTIME, MTIME);
}

/** Every member with its type, mode, mtime (ms) and contents or link target. */
async function describeTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(path.join(root, rel))).sort()) {
      const relName = rel ? `${rel}/${name}` : name;
      const full = path.join(root, relName);
      const info = await lstat(full);
      const mode = (info.mode & 0o7777).toString(8);
      if (info.isSymbolicLink()) out[relName] = `link -> ${await readlink(full)}`;
      else if (info.isDirectory()) {
        out[relName] = `dir ${mode} ${Math.round(info.mtimeMs)}`;
        await walk(relName);
      } else {
        const data = await readFile(full);
        out[relName] =
          `file ${mode} ${Math.round(info.mtimeMs)} ${data.length} ${data.subarray(0, 40)}`;
      }
    }
  };
  await walk('');
  return out;
}

/** A directory holding only `tar`, so no zstd is on this PATH. */
async function pathWithoutZstd(): Promise<string> {
  const bin = await fresh('bin-no-zstd');
  const tar = execFileSync('sh', ['-c', 'command -v tar'], { encoding: 'utf8' }).trim();
  await symlink(tar, path.join(bin, 'tar'));
  return bin;
}

/** Files in `dir` whose names look like our temporaries. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.includes('.tmp-'));
}

describe.each<Compression>(['zstd', 'gzip'])('round trip with %s', (compression) => {
  it('restores files, modes, symlinks, mtimes and odd names exactly', async () => {
    const src = await fresh('src');
    await makeTree(src);
    const work = await fresh('work');
    const file = path.join(work, 'entry.archive');

    const created = await createArchive(src, file, { compression });
    expect(created.compression).toBe(compression);
    expect(created.bytes).toBe((await stat(file)).size);
    expect(created.bytes).toBeLessThan(1024 * 1024); // the 3 MiB of sevens compress
    expect(created.files).toBe(7); // go.mod, tool, alias, up, long, café, big.bin
    const head = (await readFile(file)).subarray(0, 4);
    expect(sniffCompression(head)).toBe(compression);
    expect(await leftovers(work)).toEqual([]);

    const dest = path.join(work, 'restored');
    const extracted = await extractArchive(file, dest);
    expect(extracted).toEqual(created);
    expect(await describeTree(dest)).toEqual(await describeTree(src));
    const restored = await describeTree(dest);
    expect(restored['mod/example.com/m@v1.0.0']).toMatch(/^dir 555 /);
    expect(restored['mod/example.com/m@v1.0.0/go.mod']).toMatch(/^file 444 /);
    expect(restored['bin/tool']).toMatch(new RegExp(`^file 755 ${MTIME.getTime()} `));
    expect(restored['bin/up']).toBe('link -> ../mod/example.com');
    expect(await leftovers(work)).toEqual([]);
  });
});

describe('createArchive', () => {
  it('uses gzip when no zstd program is on PATH, and extracts it there', async () => {
    const src = await fresh('src');
    await writeFile(path.join(src, 'a.txt'), 'a');
    const env = { ...process.env, PATH: await pathWithoutZstd() };
    const file = path.join(await fresh('work'), 'entry');
    const created = await createArchive(src, file, { env });
    expect(created.compression).toBe('gzip');
    expect([...(await readFile(file)).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const dest = path.join(await fresh('dest'), 'out');
    await extractArchive(file, dest, { env });
    expect(await readFile(path.join(dest, 'a.txt'), 'utf8')).toBe('a');
  });

  it('is readable by the shell: zstd -d | tar -x', async () => {
    const src = await fresh('src');
    await writeFile(path.join(src, 'hello'), 'world');
    const file = path.join(await fresh('work'), 'entry.tar.zst');
    await createArchive(src, file, { compression: 'zstd' });
    const out = await fresh('shell');
    execFileSync('sh', ['-c', `zstd -dc "${file}" | tar -x -C "${out}"`]);
    expect(await readFile(path.join(out, 'hello'), 'utf8')).toBe('world');
  });

  it('replaces an existing archive file only when the new one is complete', async () => {
    const work = await fresh('work');
    const file = path.join(work, 'entry');
    await writeFile(file, 'old');
    await expect(createArchive(path.join(work, 'missing'), file)).rejects.toThrow(
      /cannot archive .*missing: ENOENT/,
    );
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await leftovers(work)).toEqual([]);
  });

  it('refuses a tree with a symlink pointing outside it, leaving no file', async () => {
    const src = await fresh('src');
    await mkdir(path.join(src, 'sub'));
    await symlink('../../elsewhere', path.join(src, 'sub', 'escape'));
    const work = await fresh('work');
    const file = path.join(work, 'entry');
    await expect(createArchive(src, file)).rejects.toThrow(
      /cannot archive .*"sub\/escape": symlink target "\.\.\/\.\.\/elsewhere" points outside/,
    );
    expect(await readdir(work)).toEqual([]);
  });

  it('refuses a path that is not a directory', async () => {
    const work = await fresh('work');
    await writeFile(path.join(work, 'plain'), 'x');
    await expect(createArchive(path.join(work, 'plain'), path.join(work, 'e'))).rejects.toThrow(
      /not a directory/,
    );
  });
});

describe('extractArchive', () => {
  let archive: string;
  let src: string;

  beforeAll(async () => {
    src = await fresh('src');
    await makeTree(src);
    archive = path.join(await fresh('archives'), 'good.archive');
    await createArchive(src, archive, { compression: 'zstd' });
  });

  it('restores into an existing empty directory', async () => {
    const dest = await fresh('empty-dest');
    await extractArchive(archive, dest);
    expect(await describeTree(dest)).toEqual(await describeTree(src));
  });

  it('refuses a non-empty destination and changes nothing', async () => {
    const parent = await fresh('parent');
    const dest = path.join(parent, 'dest');
    await mkdir(dest);
    await writeFile(path.join(dest, 'mine'), 'keep');
    const err = await extractArchive(archive, dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect((err as ArchiveError).message).toMatch(/dest: the directory is not empty \(1 entries\)/);
    expect(await readdir(dest)).toEqual(['mine']);
    expect(await readdir(parent)).toEqual(['dest']);
  });

  it('says so when the archive does not exist', async () => {
    const err = await extractArchive(path.join(base, 'nope'), path.join(base, 'x')).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ArchiveError);
    expect((err as ArchiveError).code).toBe('ENOENT');
  });

  it('refuses a file that is neither zstd nor gzip', async () => {
    const work = await fresh('work');
    const file = path.join(work, 'plain.tar');
    await writeFile(file, tarMembers([{ name: 'a', data: 'a' }]));
    await expect(extractArchive(file, path.join(work, 'out'))).rejects.toThrow(
      /plain.tar is not a cache archive \(neither zstd nor gzip data\)/,
    );
    expect((await readdir(work)).sort()).toEqual(['plain.tar']);
  });

  it('explains a zstd archive when no zstd program is on PATH', async () => {
    const env = { ...process.env, PATH: await pathWithoutZstd() };
    const work = await fresh('work');
    await expect(extractArchive(archive, path.join(work, 'out'), { env })).rejects.toThrow(
      /is zstd-compressed, but no zstd program is on PATH: install zstd/,
    );
    expect(await readdir(work)).toEqual([]);
  });

  describe.each<Compression>(['zstd', 'gzip'])('a damaged %s archive', (compression) => {
    let good: Buffer;
    beforeAll(async () => {
      const file = path.join(await fresh('archives'), `good-${compression}`);
      await createArchive(src, file, { compression });
      good = await readFile(file);
    });

    it.each([
      ['truncated', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
      [
        'corrupt',
        (b: Buffer) => {
          const bad = Buffer.from(b);
          for (let i = 200; i < bad.length - 200; i += 97) bad[i] = bad[i]! ^ 0x5a;
          return bad;
        },
      ],
    ])('%s: fails, says so, and leaves nothing behind', async (_what, damage) => {
      const work = await fresh('work');
      const file = path.join(work, 'bad');
      await writeFile(file, damage(good));
      const dest = path.join(work, 'out');
      const err = await extractArchive(file, dest).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ArchiveError);
      expect((err as Error).message).toMatch(/bad is corrupt or truncated: /);
      expect(await readdir(work)).toEqual(['bad']);
    });
  });

  it('refuses an empty file', async () => {
    const work = await fresh('work');
    const file = path.join(work, 'empty');
    await writeFile(file, '');
    await expect(extractArchive(file, path.join(work, 'out'))).rejects.toThrow(
      /not a cache archive/,
    );
  });

  /** A hand-made tar (members no tar tool would write), compressed by the real zstd. */
  async function hostile(members: Parameters<typeof tarMembers>[0]): Promise<string> {
    const file = path.join(await fresh('hostile'), 'evil.archive');
    await writeFile(file, execFileSync('zstd', ['-q', '-c'], { input: tarMembers(members) }));
    return file;
  }

  it.each([
    [
      'a symlink to an absolute path',
      [{ name: 'etc', type: '2', linkname: '/etc' }],
      /refusing archive member "etc": symlink target "\/etc" is absolute/,
    ],
    [
      'a symlink climbing out',
      [
        { name: 'a/', type: '5', mode: 0o755 },
        { name: 'a/up', type: '2', linkname: '../../outside' },
      ],
      /refusing archive member "a\/up": symlink target "\.\.\/\.\.\/outside" points outside/,
    ],
    [
      "a symlink with '..' after a name",
      [
        { name: 'self', type: '2', linkname: '.' },
        { name: 'trick', type: '2', linkname: 'self/../x' },
      ],
      /refusing archive member "trick": symlink target "self\/\.\.\/x" has '\.\.' after a name/,
    ],
    [
      'an absolute member name',
      [{ name: '/tmp/sgv-cache-absolute', data: 'x' }],
      /refusing archive member "\(absolute name\)": absolute member name/,
    ],
    [
      "a member name with '..'",
      [{ name: '../sgv-cache-dotdot', data: 'x' }],
      /Member name contains '\.\.'/,
    ],
    ['a FIFO', [{ name: 'pipe', type: '6' }], /"pipe": not a regular file, directory or symlink/],
  ])('refuses %s and leaves nothing behind', async (_what, members, message) => {
    const file = await hostile(members);
    const parent = await fresh('dest');
    const err = await extractArchive(file, path.join(parent, 'out')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    if (/refusing/.test(String(message))) expect(err).toBeInstanceOf(UnsafeArchiveError);
    expect(await readdir(parent)).toEqual([]);
    expect(await readdir(path.dirname(parent))).not.toContain('sgv-cache-dotdot');
  });

  it('survives the archive being unlinked while it is being read', async () => {
    const work = await fresh('work');
    const file = path.join(work, 'entry');
    await writeFile(file, await readFile(archive));
    const dest = path.join(work, 'out');
    const restoring = extractArchive(file, dest);
    // The temporary directory appears once the archive is open: unlink it then, as an
    // evicting job would.
    while (!(await readdir(work)).some((n) => n.startsWith('.out.tmp-')))
      await new Promise((r) => setImmediate(r));
    await rm(file);
    const unlinkedWhileRestoring = !(await readdir(work)).includes('out');
    await restoring;
    expect(unlinkedWhileRestoring).toBe(true);
    expect(await describeTree(dest)).toEqual(await describeTree(src));
  });
});

describe('symlinkEscape', () => {
  it.each([
    [0, 'a/b', undefined],
    [0, './a', undefined],
    [1, '../x', undefined],
    [2, '../../x/y', undefined],
    [0, '../x', /points outside/],
    [1, '../../x', /points outside/],
    [3, 'a/../../b', /'\.\.' after a name/],
    [0, '/etc/passwd', /is absolute/],
  ])('depth %d, target %s', (depth, target, expected) => {
    const reason = symlinkEscape(depth, target, false);
    if (expected === undefined) expect(reason).toBeUndefined();
    else expect(reason).toMatch(expected);
  });

  it('knows Windows absolute forms', () => {
    expect(symlinkEscape(5, 'C:\\Windows', true)).toMatch(/absolute/);
    expect(symlinkEscape(5, 'C:relative', true)).toMatch(/absolute/);
    expect(symlinkEscape(5, '\\\\server\\share', true)).toMatch(/absolute/);
    expect(symlinkEscape(1, '..\\x', true)).toBeUndefined();
  });
});

describe('removeTree', () => {
  it('removes read-only directories', async () => {
    const dir = await fresh('ro');
    await mkdir(path.join(dir, 'a', 'b'), { recursive: true });
    await writeFile(path.join(dir, 'a', 'b', 'f'), 'x', { mode: 0o444 });
    await chmod(path.join(dir, 'a', 'b'), 0o555);
    await chmod(path.join(dir, 'a'), 0o555);
    await removeTree(dir);
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
    await removeTree(dir); // missing: fine
  });
});
