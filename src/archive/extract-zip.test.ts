import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { UnsafeArchiveError } from '../errors.js';
import type { ExtractedFile } from './extract-result.js';
import { extractZip } from './extract-zip.js';
import { notRun } from '../../test-support/not-run.mjs';
import { toolchainModuleZip } from '../../test-support/toolchain.mjs';

// ---- raw zip writer: stored or deflated entries with any attributes, sizes and flags ----

interface ZipMember {
  name: string | Buffer;
  data?: Buffer | string;
  deflate?: boolean;
  /** st_mode to store (marks the entry as made on Unix). */
  unixMode?: number;
  /** General purpose flags; 0x800 (UTF-8) is added for non-ASCII string names. */
  flags?: number;
  /** Uncompressed size to declare instead of the real one (zip bomb lies). */
  declaredSize?: number;
}

function buildZip(members: ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.isBuffer(m.name) ? m.name : Buffer.from(m.name, 'utf8');
    const data = typeof m.data === 'string' ? Buffer.from(m.data) : (m.data ?? Buffer.alloc(0));
    const stored = m.deflate ? deflateRawSync(data) : data;
    const method = m.deflate ? 8 : 0;
    const nonAscii = !Buffer.isBuffer(m.name) && Buffer.byteLength(m.name) !== m.name.length;
    const flags = (m.flags ?? 0) | (nonAscii ? 0x800 : 0);
    const size = m.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(m.unixMode !== undefined ? (3 << 8) | 20 : 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(m.unixMode !== undefined ? (m.unixMode << 16) >>> 0 : 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

let base: string;
let counter = 0;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'sgv-extract-zip-'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Writes the zip into a fresh sandbox with `dest` and an `outside` directory beside it. */
async function sandbox(
  zip: Buffer,
): Promise<{ dir: string; zipPath: string; dest: string; outside: string }> {
  const dir = path.join(base, `case-${++counter}`);
  const outside = path.join(dir, 'outside');
  await mkdir(outside, { recursive: true });
  const zipPath = path.join(dir, 'archive.zip');
  await writeFile(zipPath, zip);
  return { dir, zipPath, dest: path.join(dir, 'dest'), outside };
}

async function tree(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  return (await readdir(root, { recursive: true })).map((e) => e.split(path.sep).join('/')).sort();
}

const PREFIX = 'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64';

describe('extractZip', () => {
  it('extracts a module-proxy toolchain zip: prefix stripped, rename, executables by predicate', async () => {
    // Above the 64 MiB limit for writing from memory: streamed to disk, hashed on the way.
    const goBinary = Buffer.concat([randomBytes(1_000_000), Buffer.alloc(66 * 1024 * 1024, 7)]);
    const { dest, zipPath } = await sandbox(
      buildZip([
        { name: `${PREFIX}/bin/go`, data: goBinary, deflate: true },
        { name: `${PREFIX}/pkg/tool/linux_amd64/compile`, data: 'compile', deflate: true },
        { name: `${PREFIX}/src/errors/errors.go`, data: 'package errors\n', deflate: true },
        { name: `${PREFIX}/src/cmd/_go.mod`, data: 'module cmd\n' },
        { name: `${PREFIX}/src/ünï.go`, data: 'package x\n' },
        { name: `${PREFIX}/skip.txt`, data: 'skip' },
      ]),
    );
    const files: ExtractedFile[] = [];
    const result = await extractZip(zipPath, dest, {
      requiredPrefix: PREFIX,
      stripPrefix: true,
      rename: (name) => (name === 'skip.txt' ? null : name.replace(/(^|\/)_go\.mod$/, '$1go.mod')),
      isExecutable: (name) => name.startsWith('bin/') || name.startsWith('pkg/tool/'),
      hashFiles: true,
      onFile: (f) => files.push(f),
    });
    expect(await tree(dest)).toEqual([
      'bin',
      'bin/go',
      'pkg',
      'pkg/tool',
      'pkg/tool/linux_amd64',
      'pkg/tool/linux_amd64/compile',
      'src',
      'src/cmd',
      'src/cmd/go.mod',
      'src/errors',
      'src/errors/errors.go',
      'src/ünï.go',
    ]);
    expect((await readFile(path.join(dest, 'bin', 'go'))).equals(goBinary)).toBe(true);
    expect((await lstat(path.join(dest, 'bin', 'go'))).mode & 0o777).toBe(0o755);
    expect(
      (await lstat(path.join(dest, 'pkg', 'tool', 'linux_amd64', 'compile'))).mode & 0o777,
    ).toBe(0o755);
    expect((await lstat(path.join(dest, 'src', 'errors', 'errors.go'))).mode & 0o777).toBe(0o644);
    expect(result).toMatchObject({
      files: 5,
      skipped: 1,
      bytes: goBinary.length + 7 + 15 + 11 + 10,
    });
    expect(result.hashes?.get('bin/go')).toBe(sha256(goBinary));
    expect(result.hashes?.get('src/cmd/go.mod')).toBe(sha256('module cmd\n'));
    // The archive name is what a zip h1: dirhash covers.
    expect(files.find((f) => f.name === 'src/cmd/go.mod')?.archiveName).toBe(
      `${PREFIX}/src/cmd/_go.mod`,
    );
  });

  it('extracts a zip written by Info-ZIP, with unix modes and an in-tree symlink', async () => {
    const dir = path.join(base, `infozip-${++counter}`);
    const src = path.join(dir, 'src', 'tool');
    await mkdir(path.join(src, 'bin'), { recursive: true });
    await writeFile(path.join(src, 'bin', 'run'), '#!/bin/sh\n');
    await chmod(path.join(src, 'bin', 'run'), 0o755);
    await writeFile(path.join(src, 'README'), 'readme\n');
    await symlink('../README', path.join(src, 'bin', 'readme-link'));
    const zipPath = path.join(dir, 'tool.zip');
    execFileSync('zip', ['-q', '-r', '-y', zipPath, 'tool'], { cwd: path.join(dir, 'src') });
    const dest = path.join(dir, 'dest');
    const result = await extractZip(zipPath, dest, { requiredPrefix: 'tool' });
    expect(await tree(dest)).toEqual([
      'tool',
      'tool/README',
      'tool/bin',
      'tool/bin/readme-link',
      'tool/bin/run',
    ]);
    expect((await lstat(path.join(dest, 'tool', 'bin', 'run'))).mode & 0o111).not.toBe(0);
    expect((await lstat(path.join(dest, 'tool', 'README'))).mode & 0o111).toBe(0);
    expect(await readlink(path.join(dest, 'tool', 'bin', 'readme-link'))).toBe('../README');
    expect(result).toMatchObject({ files: 2, symlinks: 1, directories: 2 });
  });

  // The real golang.org/toolchain zip (73 MB), which `go mod download` fetches through the
  // module proxy into the shared test cache once, checked against the checksum database (the
  // proxy install tests take the same one).
  it('extracts the real go1.22.5 toolchain zip; its hashes give the h1: the go command recorded', async () => {
    let realZip: string;
    try {
      realZip = toolchainModuleZip('1.22.5', 'linux', 'amd64').zip;
    } catch (err) {
      return notRun(`the module proxy did not give the go1.22.5 zip: ${(err as Error).message}`);
    }
    const dest = path.join(base, `real-${++counter}`);
    const files: ExtractedFile[] = [];
    const result = await extractZip(realZip, dest, {
      requiredPrefix: PREFIX,
      stripPrefix: true,
      isExecutable: (name) => name.startsWith('bin/') || name.startsWith('pkg/tool/'),
      onFile: (f) => files.push(f),
    });
    expect(result.files).toBeGreaterThan(9000);
    expect((await lstat(path.join(dest, 'bin', 'go'))).mode & 0o111).not.toBe(0);
    // h1: = base64(SHA-256 of "<hex>  <name>\n" lines, names sorted bytewise).
    const lines = files
      .map((f) => `${f.sha256}  ${f.archiveName}\n`)
      .sort((a, b) => Buffer.compare(Buffer.from(a.slice(66)), Buffer.from(b.slice(66))));
    const h1 = `h1:${createHash('sha256').update(lines.join('')).digest('base64')}`;
    expect(h1).toBe((await readFile(realZip.replace(/\.zip$/, '.ziphash'), 'utf8')).trim());
    await rm(dest, { recursive: true, force: true });
  }, 300_000);

  type Case = [string, (outside: string) => ZipMember[], RegExp, string[]?];
  const cases: Case[] = [
    [
      'absolute path',
      (outside) => [{ name: path.join(outside, 'abs.txt'), data: 'x' }],
      /absolute path/,
    ],
    ['drive letter', () => [{ name: 'C:/x.txt', data: 'x' }], /drive letter/],
    ['.. component', () => [{ name: 'a/../../outside/x.txt', data: 'x' }], /'\.\.' component/],
    ['backslash', () => [{ name: '..\\..\\outside\\x.txt', data: 'x' }], /backslash/],
    [
      'duplicate entry',
      () => [
        { name: 'a.txt', data: 'one' },
        { name: 'a.txt', data: 'two' },
      ],
      /collides with earlier file/,
    ],
    [
      'case-insensitive duplicate',
      () => [
        { name: 'a.txt', data: 'one' },
        { name: 'A.TXT', data: 'two' },
      ],
      /case-insensitive/,
      ['A.TXT'],
    ],
    [
      'encrypted entry',
      () => [{ name: 'secret', data: 'x', flags: 0x1, deflate: true }],
      /encrypted/,
    ],
    ['character device', () => [{ name: 'null', unixMode: 0o020666 }], /device files/, ['null']],
    ['FIFO', () => [{ name: 'pipe', unixMode: 0o010644 }], /fifo members/, ['pipe']],
    ['setuid file', () => [{ name: 'suid', data: 'x', unixMode: 0o104755 }], /setuid/, ['suid']],
    [
      'symlink escaping',
      () => [{ name: 'link', data: '../outside', unixMode: 0o120777 }],
      /escapes the destination/,
      ['link'],
    ],
    [
      'symlink to an absolute path',
      () => [{ name: 'link', data: '/etc', unixMode: 0o120777 }],
      /is absolute/,
      ['link'],
    ],
    [
      'write through an earlier symlink',
      () => [
        { name: 'sub/', unixMode: 0o040755 },
        { name: 'link', data: 'sub', unixMode: 0o120777 },
        { name: 'link/x.txt', data: 'x' },
      ],
      /passes through earlier symlink "link"/,
      ['sub/x.txt'],
    ],
    [
      'name not valid UTF-8',
      () => [{ name: Buffer.from([0x61, 0xff, 0x62]), data: 'x', flags: 0x800 }],
      /not valid UTF-8/,
    ],
    [
      'non-ASCII name without the UTF-8 flag',
      () => [{ name: Buffer.from([0x61, 0x82]), data: 'x' }],
      /legacy code page/,
    ],
    [
      'entry outside the required prefix',
      () => [
        { name: `${PREFIX}/ok`, data: 'x' },
        { name: 'stray', data: 'x' },
      ],
      /outside the required top-level directory/,
      ['stray'],
    ],
    [
      'declared size above the per-file limit',
      () => [{ name: 'big', data: 'x', deflate: true, declaredSize: 2 ** 31 }],
      /exceeds the limit of 1073741824 bytes per file/,
      ['big'],
    ],
  ];

  it.each(cases)('refuses: %s', async (_label, members, reason, absent = []) => {
    const { dir, zipPath, dest, outside } = await sandbox(Buffer.alloc(0));
    await writeFile(zipPath, buildZip(members(outside)));
    const failure = extractZip(
      zipPath,
      dest,
      reason.source.includes('prefix') || reason.source.includes('top-level')
        ? { requiredPrefix: PREFIX }
        : {},
    );
    await expect(failure).rejects.toThrow(UnsafeArchiveError);
    await expect(failure).rejects.toThrow(reason);
    expect(await tree(outside)).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['archive.zip', 'dest', 'outside']);
    for (const name of absent) expect(existsSync(path.join(dest, name))).toBe(false);
  });

  it.each([
    [
      'a small file (inflated in memory)',
      1000,
      /data inflates to more than the declared size 1000/,
    ],
    [
      'a file over 64 MiB (streamed)',
      65 * 1024 * 1024,
      /data does not match the declared size 68157440: too many bytes/,
    ],
  ])(
    'refuses a zip bomb that inflates beyond its declared size: %s',
    async (_label, declaredSize, reason) => {
      const { zipPath, dest } = await sandbox(
        buildZip([
          { name: 'bomb', data: Buffer.alloc(72 * 1024 * 1024), deflate: true, declaredSize },
        ]),
      );
      const failure = extractZip(zipPath, dest);
      await expect(failure).rejects.toThrow(UnsafeArchiveError);
      await expect(failure).rejects.toThrow(reason);
    },
  );

  it('refuses an entry that inflates to less than declared', async () => {
    const { zipPath, dest } = await sandbox(
      buildZip([{ name: 'short', data: 'abc', deflate: true, declaredSize: 10 }]),
    );
    await expect(extractZip(zipPath, dest)).rejects.toThrow(
      /data does not match the declared size 10: got 3 bytes/,
    );
  });

  it('enforces the total size and entry count limits', async () => {
    const members = Array.from({ length: 5 }, (_, i) => ({
      name: `f${i}`,
      data: Buffer.alloc(1000, i),
    }));
    const one = await sandbox(buildZip(members));
    await expect(
      extractZip(one.zipPath, one.dest, { limits: { maxTotalSize: 3500 } }),
    ).rejects.toThrow(/unpacked size exceeds the limit of 3500 bytes/);
    const two = await sandbox(buildZip(members));
    await expect(extractZip(two.zipPath, two.dest, { limits: { maxEntries: 4 } })).rejects.toThrow(
      /zip has 5 entries, more than 4/,
    );
  });

  it('reports a corrupt zip clearly', async () => {
    const { zipPath, dest } = await sandbox(
      Buffer.from('this is not a zip file at all, not even close'),
    );
    await expect(extractZip(zipPath, dest)).rejects.toThrow(
      /corrupt zip .*: End of central directory record signature not found/,
    );
    const good = buildZip([{ name: 'a.txt', data: Buffer.alloc(10_000, 0x61), deflate: true }]);
    good.fill(0xff, 40, 60); // inside the deflate data
    const broken = await sandbox(good);
    await expect(extractZip(broken.zipPath, broken.dest)).rejects.toThrow(
      /corrupt zip entry "a.txt"|does not match/,
    );
  });
});
