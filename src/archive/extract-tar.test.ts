import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  link,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { create as createTar } from 'tar';
import { UnsafeArchiveError } from '../errors.js';
import { extractTarGz, platformTar, tarExtractArgs } from './extract-tar.js';

// ---- raw tar writer: lets the tests build members no well-behaved tool would write ----

interface RawMember {
  name: string;
  /** typeflag character; '0' by default. */
  type?: string;
  data?: Buffer | string;
  /** Size field when it must differ from the data length. */
  size?: number;
  mode?: number;
  linkname?: string;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function rawHeader(m: RawMember): Buffer {
  const block = Buffer.alloc(512);
  const data = typeof m.data === 'string' ? Buffer.from(m.data) : (m.data ?? Buffer.alloc(0));
  block.write(m.name, 0, 100, 'utf8');
  block.write(octal(m.mode ?? 0o644, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  block.write(octal(m.size ?? data.length, 12), 124, 'latin1');
  block.write(octal(1_700_000_000, 12), 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(m.type ?? '0', 156, 'latin1');
  if (m.linkname) block.write(m.linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const b of block) sum += b;
  block.write(octal(sum, 7) + ' ', 148, 'latin1');
  return block;
}

function rawMember(m: RawMember): Buffer {
  const data = typeof m.data === 'string' ? Buffer.from(m.data) : (m.data ?? Buffer.alloc(0));
  const pad = (512 - (data.length % 512)) % 512;
  return Buffer.concat([rawHeader(m), data, Buffer.alloc(pad)]);
}

function paxMember(records: Record<string, string>, type = 'x'): Buffer {
  let body = '';
  for (const [key, value] of Object.entries(records)) {
    const rest = ` ${key}=${value}\n`;
    let len = Buffer.byteLength(rest) + 1;
    while (String(len).length + Buffer.byteLength(rest) !== len) len += 1;
    body += `${len}${rest}`;
  }
  return rawMember({ name: 'PaxHeader/x', type, data: body });
}

function rawTar(members: Array<RawMember | Buffer>, end = true): Buffer {
  const parts = members.map((m) => (Buffer.isBuffer(m) ? m : rawMember(m)));
  if (end) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

const streamOf = (bytes: Buffer): Readable => Readable.from([bytes]);
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

let base: string;
let counter = 0;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'sgv-extract-tar-'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A fresh sandbox: `dest` to extract into, `outside` beside it that nothing may touch. */
async function sandbox(): Promise<{ dir: string; dest: string; outside: string }> {
  const dir = path.join(base, `case-${++counter}`);
  const outside = path.join(dir, 'outside');
  await mkdir(outside, { recursive: true });
  return { dir, dest: path.join(dir, 'dest'), outside };
}

/** Every path under `root`, relative, sorted. */
async function tree(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { recursive: true });
  return entries.map((e) => e.split(path.sep).join('/')).sort();
}

describe('platformTar', () => {
  it('picks GNU tar on Linux, bsdtar elsewhere, and System32 tar.exe on Windows', () => {
    expect(platformTar('linux', {})).toEqual({ command: 'tar', flavor: 'gnu' });
    expect(platformTar('darwin', {})).toEqual({ command: 'tar', flavor: 'bsd' });
    expect(platformTar('win32', { SystemRoot: 'D:\\Win' })).toEqual({
      command: 'D:\\Win\\System32\\tar.exe',
      flavor: 'bsd',
    });
    expect(tarExtractArgs({ command: 'tar', flavor: 'bsd' }, '/d')).toEqual([
      '-x',
      '-f',
      '-',
      '-C',
      '/d',
      '--no-same-owner',
      '--no-same-permissions',
    ]);
  });
});

describe('extractTarGz on real archives', () => {
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();

  /** A go/ tree with the awkward parts: long and non-ASCII names, links, modes, a big file. */
  async function makeTree(root: string): Promise<void> {
    const go = path.join(root, 'go');
    await mkdir(path.join(go, 'bin'), { recursive: true });
    await mkdir(path.join(go, 'src'), { recursive: true });
    await cp(path.join(goroot, 'src', 'errors'), path.join(go, 'src', 'errors'), {
      recursive: true,
    });
    await cp(path.join(goroot, 'bin', 'gofmt'), path.join(go, 'bin', 'gofmt'));
    await writeFile(path.join(go, 'bin', 'tool.sh'), '#!/bin/sh\necho hi\n');
    await chmod(path.join(go, 'bin', 'tool.sh'), 0o755);
    await writeFile(path.join(go, 'empty'), '');
    await mkdir(path.join(go, 'empty-dir'));
    const deep = path.join(go, 'a'.repeat(60), 'b'.repeat(60), 'c'.repeat(60));
    await mkdir(deep, { recursive: true });
    await writeFile(path.join(deep, 'long-name-file.txt'), 'deep\n');
    await writeFile(path.join(go, 'héllo-wörld.txt'), 'unicode\n');
    // Incompressible and larger than the pipe buffer many times over: exercises backpressure.
    await writeFile(path.join(go, 'big.bin'), randomBytes(12 * 1024 * 1024));
    await symlink('../src/errors/errors.go', path.join(go, 'bin', 'errors-link'));
    await link(path.join(go, 'bin', 'tool.sh'), path.join(go, 'bin', 'tool-hardlink.sh'));
  }

  /** Compares every regular file's bytes, exec bits and every symlink's target. */
  async function expectSameTree(
    from: string,
    to: string,
    hashes?: Map<string, string>,
  ): Promise<void> {
    const names = await tree(from);
    expect(await tree(to)).toEqual(names);
    for (const name of names) {
      const a = await lstat(path.join(from, name));
      const b = await lstat(path.join(to, name));
      if (a.isSymbolicLink()) {
        expect(b.isSymbolicLink()).toBe(true);
        expect(await readlink(path.join(to, name))).toBe(await readlink(path.join(from, name)));
      } else if (a.isFile()) {
        expect(b.isFile()).toBe(true);
        const bytes = await readFile(path.join(to, name));
        expect(bytes.equals(await readFile(path.join(from, name)))).toBe(true);
        expect(b.mode & 0o111 ? 'x' : '-').toBe(a.mode & 0o111 ? 'x' : '-');
        expect(b.mode & 0o7000).toBe(0);
        if (hashes) expect(hashes.get(name)).toBe(sha256(bytes));
      } else {
        expect(b.isDirectory()).toBe(a.isDirectory());
      }
    }
  }

  it.each([['gnu'], ['posix']])(
    'extracts a tree packed by GNU tar --format=%s, with hashes',
    async (format) => {
      const { dir, dest } = await sandbox();
      const src = path.join(dir, 'src');
      await makeTree(src);
      const archive = path.join(dir, 'go.tar.gz');
      execFileSync('tar', ['-czf', archive, `--format=${format}`, '-C', src, 'go']);
      const seen: string[] = [];
      const result = await extractTarGz(
        Readable.from(await readFile(archive), { objectMode: false }),
        dest,
        {
          requiredPrefix: 'go',
          stripPrefix: true,
          hashFiles: true,
          onFile: (f) => seen.push(f.archiveName),
        },
      );
      await expectSameTree(path.join(src, 'go'), dest, result.hashes);
      expect(result.symlinks).toBe(1);
      expect(result.hardlinks).toBe(1);
      expect(result.files).toBeGreaterThan(5);
      expect(result.bytes).toBeGreaterThan(12 * 1024 * 1024);
      expect(result.hashes?.get('bin/tool-hardlink.sh')).toBe(result.hashes?.get('bin/tool.sh'));
      expect(seen).toContain('go/bin/gofmt');
      const hard = await stat(path.join(dest, 'bin', 'tool-hardlink.sh'));
      expect(hard.nlink).toBe(2);
    },
  );

  it('extracts a pax archive written by node-tar, keeping the go/ prefix', async () => {
    const { dir, dest } = await sandbox();
    const src = path.join(dir, 'src');
    await makeTree(src);
    const archive = path.join(dir, 'go.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: src, portable: true }, ['go']);
    const result = await extractTarGz(Readable.from(await readFile(archive)), dest, {
      requiredPrefix: 'go',
    });
    await expectSameTree(src, dest);
    expect(result.hashes).toBeUndefined();
  });

  it('lets the caller hash the compressed stream on the side without losing a chunk', async () => {
    const { dest } = await sandbox();
    const gz = gzipSync(rawTar([{ name: 'go/a', data: randomBytes(300_000) }]));
    const input = Readable.from([gz.subarray(0, 1000), gz.subarray(1000)]);
    const hash = createHash('sha256');
    input.on('data', (chunk: Buffer) => hash.update(chunk));
    const result = await extractTarGz(input, dest);
    expect(hash.digest('hex')).toBe(sha256(gz));
    expect(result.bytes).toBe(300_000);
  });

  it('applies a caller rename and skips members mapped to null', async () => {
    const { dest } = await sandbox();
    const archive = rawTar([
      { name: 'go/', type: '5', mode: 0o755 },
      { name: 'go/src/cmd/_go.mod', data: 'module cmd\n' },
      { name: 'go/drop-me.txt', data: 'x' },
      { name: 'go/keep.txt', data: 'k' },
    ]);
    const result = await extractTarGz(streamOf(gzipSync(archive)), dest, {
      requiredPrefix: 'go',
      stripPrefix: true,
      rename: (n) => (n === 'drop-me.txt' ? null : n.replace(/(^|\/)_go\.mod$/, '$1go.mod')),
    });
    expect(await tree(dest)).toEqual(['keep.txt', 'src', 'src/cmd', 'src/cmd/go.mod']);
    expect(result.skipped).toBe(2); // the go/ directory itself and drop-me.txt
  });
});

describe('extractTarGz refuses hostile archives', () => {
  const good: RawMember[] = [
    { name: 'go/', type: '5', mode: 0o755 },
    { name: 'go/ok.txt', data: randomBytes(200 * 1024) },
  ];
  type Case = [string, (outside: string) => Array<RawMember | Buffer>, RegExp, string[]?];
  const cases: Case[] = [
    [
      'absolute path',
      (outside) => [...good, { name: path.join(outside, 'abs.txt'), data: 'x' }],
      /absolute path/,
    ],
    ['drive letter path', () => [...good, { name: 'C:\\x', data: 'x' }], /backslash|drive/],
    [
      '.. component',
      () => [...good, { name: 'go/../../outside/dotdot.txt', data: 'x' }],
      /'\.\.' component/,
    ],
    [
      'backslash separators',
      () => [...good, { name: 'go\\..\\..\\x.txt', data: 'x' }],
      /backslash/,
    ],
    [
      'symlink to an absolute path',
      () => [...good, { name: 'go/link', type: '2', linkname: '/etc' }],
      /is absolute/,
      ['go/link'],
    ],
    [
      'symlink escaping, then a write through it',
      () => [
        ...good,
        { name: 'go/link', type: '2', linkname: '../../outside' },
        { name: 'go/link/pwned.txt', data: 'x' },
      ],
      /escapes the destination/,
      ['go/link', 'go/link/pwned.txt'],
    ],
    [
      'write through an earlier in-tree symlink',
      () => [
        ...good,
        { name: 'go/link', type: '2', linkname: 'sub' },
        { name: 'go/link/x.txt', data: 'x' },
      ],
      /passes through earlier symlink "go\/link"/,
      ['go/link/x.txt'],
    ],
    [
      'symlink target not in normal form',
      () => [...good, { name: 'go/l', type: '2', linkname: 'd/../..' }],
      /normal form/,
    ],
    [
      'hardlink to /etc/passwd',
      () => [...good, { name: 'go/passwd', type: '1', linkname: '/etc/passwd' }],
      /absolute path/,
      ['go/passwd'],
    ],
    [
      'hardlink climbing out',
      () => [...good, { name: 'go/passwd', type: '1', linkname: '../../etc/passwd' }],
      /'\.\.' component/,
    ],
    [
      'hardlink to a later member',
      () => [
        ...good,
        { name: 'go/h', type: '1', linkname: 'go/later' },
        { name: 'go/later', data: 'x' },
      ],
      /not an earlier regular file/,
    ],
    [
      'character device',
      () => [...good, { name: 'go/null', type: '3', mode: 0o666 }],
      /device files/,
      ['go/null'],
    ],
    [
      'block device',
      () => [...good, { name: 'go/sda', type: '4', mode: 0o660 }],
      /device files/,
      ['go/sda'],
    ],
    [
      'FIFO',
      () => [...good, { name: 'go/pipe', type: '6', mode: 0o644 }],
      /fifo members/,
      ['go/pipe'],
    ],
    [
      'setuid file',
      () => [...good, { name: 'go/suid', data: 'x', mode: 0o4755 }],
      /setuid/,
      ['go/suid'],
    ],
    [
      'setgid directory',
      () => [...good, { name: 'go/sgid/', type: '5', mode: 0o2755 }],
      /setgid/,
      ['go/sgid'],
    ],
    [
      'member outside the required prefix',
      () => [...good, { name: 'stray.txt', data: 'x' }],
      /outside the required top-level directory "go"/,
      ['stray.txt'],
    ],
    [
      'pax path smuggling a traversal behind a harmless ustar name',
      () => [
        ...good,
        paxMember({ path: '../outside/pax.txt' }),
        { name: 'go/harmless.txt', data: 'x' },
      ],
      /'\.\.' component/,
      ['go/harmless.txt'],
    ],
    [
      'GNU long name with a traversal',
      () => [
        ...good,
        rawMember({ name: '././@LongLink', type: 'L', data: '../outside/long.txt\0' }),
        { name: 'go/short', data: 'x' },
      ],
      /'\.\.' component/,
      ['go/short'],
    ],
    [
      'unknown type flag (GNU tar would write it as a file)',
      () => [...good, { name: 'go/odd', type: 'Z', data: 'x' }],
      /unsupported member type "Z"/,
      ['go/odd'],
    ],
    [
      'GNU sparse member',
      () => [...good, { name: 'go/sparse', type: 'S', data: 'x' }],
      /unsupported member type "S"/,
    ],
    [
      'GNU.sparse pax records',
      () => [...good, paxMember({ 'GNU.sparse.name': '../x' }), { name: 'go/s', data: 'x' }],
      /sparse/,
    ],
    ['colon in a name', () => [...good, { name: 'go/a:b', data: 'x' }], /colon/, ['go/a:b']],
    [
      'duplicate file',
      () => [...good, { name: 'go/ok.txt', data: 'again' }],
      /collides with earlier file/,
    ],
    [
      'case-insensitive collision',
      () => [...good, { name: 'go/OK.txt', data: 'x' }],
      /case-insensitive/,
      ['go/OK.txt'],
    ],
    [
      'directory replaced by a symlink',
      () => [...good, { name: 'go/d/x', data: 'x' }, { name: 'go/d', type: '2', linkname: '.' }],
      /collides with earlier directory "go\/d"/,
    ],
    [
      'data after the end-of-archive block',
      () => [...good, Buffer.alloc(1024), rawMember({ name: 'go/late', data: 'x' })],
      /after the end-of-archive/,
      ['go/late'],
    ],
  ];

  it.each(cases)('%s', async (_label, members, reason, absent = []) => {
    const { dir, dest, outside } = await sandbox();
    const archive = gzipSync(rawTar(members(outside)));
    const failure = extractTarGz(streamOf(archive), dest, { requiredPrefix: 'go' });
    await expect(failure).rejects.toThrow(UnsafeArchiveError);
    await expect(failure).rejects.toThrow(reason);
    expect(await tree(outside)).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['dest', 'outside']);
    for (const name of absent) expect(existsSync(path.join(dest, name))).toBe(false);
  });

  it('refuses a declared size above the per-file limit before reading the data', async () => {
    const { dest } = await sandbox();
    // A 5 GiB header followed by only 1 KiB: the refusal must come before "truncated".
    const header = rawHeader({ name: 'go/bomb', size: 5 * 1024 ** 3 });
    const archive = gzipSync(Buffer.concat([rawTar(good, false), header, Buffer.alloc(1024)]));
    await expect(
      extractTarGz(streamOf(archive), dest, { limits: { maxEntrySize: 1024 ** 3 } }),
    ).rejects.toThrow(/size 5368709120 exceeds the limit of 1073741824 bytes per file/);
    expect(await tree(dest)).not.toContain('go/bomb');
  });

  it('refuses archives above the total size and member count limits', async () => {
    const members: RawMember[] = Array.from({ length: 5 }, (_, i) => ({
      name: `f${i}`,
      data: Buffer.alloc(1000, i),
    }));
    const archive = gzipSync(rawTar(members));
    const total = extractTarGz(streamOf(archive), (await sandbox()).dest, {
      limits: { maxTotalSize: 3500 },
    });
    await expect(total).rejects.toThrow(/unpacked size exceeds the limit of 3500 bytes/);
    const count = extractTarGz(streamOf(archive), (await sandbox()).dest, {
      limits: { maxEntries: 4 },
    });
    await expect(count).rejects.toThrow(/more than 4 members/);
  });

  it('never passes a refused member to tar, even when tar itself would write it', async () => {
    // GNU tar (running as root here) would happily create a setuid file, a device node and
    // a file with a colon; only the gate stands between these members and the disk.
    const { dest } = await sandbox();
    const members: RawMember[] = [
      ...good,
      { name: 'go/second.txt', data: randomBytes(300 * 1024) },
      { name: 'go/colon:name', data: 'x' },
      { name: 'go/after.txt', data: 'after' },
    ];
    await expect(extractTarGz(streamOf(gzipSync(rawTar(members))), dest)).rejects.toThrow(
      UnsafeArchiveError,
    );
    const names = await tree(dest);
    expect(names).not.toContain('go/colon:name');
    expect(names).not.toContain('go/after.txt');
  });
});

describe('extractTarGz reports broken input clearly', () => {
  const archive = rawTar([
    { name: 'go/', type: '5' },
    { name: 'go/a.txt', data: randomBytes(100_000) },
  ]);

  it('corrupt gzip data', async () => {
    const gz = gzipSync(archive);
    const corrupt = Buffer.from(gz);
    corrupt.fill(0x55, 20, 200);
    await expect(extractTarGz(streamOf(corrupt), (await sandbox()).dest)).rejects.toThrow(
      /corrupt or truncated gzip stream/,
    );
    await expect(
      extractTarGz(streamOf(Buffer.from('not gzip at all')), (await sandbox()).dest),
    ).rejects.toThrow(/corrupt or truncated gzip stream: incorrect header check/);
  });

  it('a download cut short (truncated gzip)', async () => {
    const gz = gzipSync(archive);
    await expect(
      extractTarGz(streamOf(gz.subarray(0, gz.length >> 1)), (await sandbox()).dest),
    ).rejects.toThrow(/corrupt or truncated gzip stream: unexpected end of file/);
  });

  it('a truncated tar inside a complete gzip stream', async () => {
    const cut = gzipSync(archive.subarray(0, 50_000));
    await expect(extractTarGz(streamOf(cut), (await sandbox()).dest)).rejects.toThrow(
      /truncated tar archive: input ends inside member "go\/a.txt"/,
    );
    const noEnd = gzipSync(rawTar([{ name: 'x', data: 'x' }], false));
    await expect(extractTarGz(streamOf(noEnd), (await sandbox()).dest)).rejects.toThrow(
      /without an end-of-archive block/,
    );
  });

  it('a header with a bad checksum', async () => {
    const bad = Buffer.from(archive);
    bad[600] = (bad[600] ?? 0) ^ 0xff; // inside the second header's name
    await expect(extractTarGz(streamOf(gzipSync(bad)), (await sandbox()).dest)).rejects.toThrow(
      /bad header checksum at offset 512/,
    );
  });

  it('tar failing: exit status and stderr in the error', async () => {
    // A 300-byte name component: allowed by the policy, refused by the kernel (NAME_MAX).
    const long = rawTar([
      paxMember({ path: `go/${'n'.repeat(300)}` }),
      { name: 'go/x', data: 'x' },
    ]);
    await expect(extractTarGz(streamOf(gzipSync(long)), (await sandbox()).dest)).rejects.toThrow(
      /tar failed \(exit code 2\) extracting into .*File name too long/s,
    );
  });

  it('tar missing', async () => {
    const failure = extractTarGz(streamOf(gzipSync(archive)), (await sandbox()).dest, {
      tar: { command: 'sgv-no-such-tar', flavor: 'gnu' },
    });
    await expect(failure).rejects.toThrow(
      /could not run sgv-no-such-tar: spawn sgv-no-such-tar ENOENT/,
    );
  });

  it('an input stream that fails (e.g. the network) rejects with its error', async () => {
    const input = new PassThrough();
    const failure = extractTarGz(input, (await sandbox()).dest);
    input.write(gzipSync(archive).subarray(0, 1000));
    setTimeout(() => input.destroy(new Error('connection reset by peer')), 50);
    await expect(failure).rejects.toThrow('connection reset by peer');
  });

  it('an abort signal stops the extraction', async () => {
    const input = new PassThrough();
    const controller = new AbortController();
    const failure = extractTarGz(input, (await sandbox()).dest, { signal: controller.signal });
    input.write(gzipSync(archive).subarray(0, 1000));
    setTimeout(() => controller.abort(), 50);
    await expect(failure).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a destination that is not empty', async () => {
    const { dest } = await sandbox();
    await mkdir(dest);
    await writeFile(path.join(dest, 'x'), '');
    await expect(extractTarGz(streamOf(gzipSync(archive)), dest)).rejects.toThrow(/is not empty/);
  });
});
