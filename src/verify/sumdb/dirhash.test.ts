import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseGoproxy, proxyGet, proxyPaths } from '../../fetch/goproxy.js';
import { DirHash, hashFiles, hashGoMod, hashZip, hashZipBuffer, hashZipStream } from './dirhash.js';
import { notRun } from '../../../test-support/not-run.mjs';
import { missingTool, onPath } from '../../../test-support/system-tools.mjs';

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

/** The h1 of explicit summary lines, computed straight from the definition. */
const h1Of = (lines: (string | Buffer)[]): string =>
  `h1:${createHash('sha256')
    .update(Buffer.concat(lines.map((l) => Buffer.from(l))))
    .digest('base64')}`;

// --- A minimal zip writer (stored entries), so tests control names and duplicates -------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const b of data) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function makeZip(entries: { name: Buffer | string; data: Buffer | string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const data = Buffer.from(e.data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dirhash-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DirHash', () => {
  it('hashes the go.mod of golang.org/toolchain to its go.sum value', () => {
    expect(hashGoMod('module golang.org/toolchain\n')).toBe(
      'h1:8wlg68NqwW7eMnI1aABk/C2pDYXj8mrMY4TyRfiLeS0=',
    );
  });

  it('follows the definition: sorted "<hex>  <name>\\n" lines', () => {
    const files: [string, string][] = [
      ['m@v1/b.go', 'package b\n'],
      ['m@v1/a.go', 'package a\n'],
      ['m@v1/go.mod', 'module m\n'],
    ];
    const expected = h1Of(
      ['m@v1/a.go', 'm@v1/b.go', 'm@v1/go.mod'].map(
        (n) => `${sha256(files.find(([f]) => f === n)![1])}  ${n}\n`,
      ),
    );
    expect(hashFiles(files)).toBe(expected);
    // Order of adding does not matter; digests may be given raw or in upper-case hex.
    const dh = new DirHash();
    dh.add('m@v1/go.mod', createHash('sha256').update('module m\n').digest());
    dh.add('m@v1/b.go', sha256('package b\n').toUpperCase());
    dh.add(Buffer.from('m@v1/a.go'), sha256('package a\n'));
    expect(dh.size).toBe(3);
    expect(dh.sum()).toBe(expected);
    expect(new DirHash().sum()).toBe(h1Of([]));
  });

  it('sorts names by their UTF-8 bytes, not by UTF-16 code units', () => {
    // U+FFFD is EF BF BD in UTF-8, U+1F600 is F0 9F 98 80: bytewise U+FFFD sorts first,
    // while JS string order puts the surrogate pair (D83D …) first.
    const high = 'm/\u{1F600}.txt';
    const bmp = 'm/\uFFFD.txt';
    expect([high, bmp].sort()[0]).toBe(high);
    const d = sha256('x');
    const expected = h1Of([`${d}  ${bmp}\n`, `${d}  ${high}\n`]);
    expect(new DirHash().add(high, d).add(bmp, d).sum()).toBe(expected);
  });

  it('refuses newlines in names, duplicate names and bad digests', () => {
    expect(() => new DirHash().add('a\nb', sha256(''))).toThrow(/newline/);
    expect(() => new DirHash().add('a', sha256('')).add('a', sha256('x'))).toThrow(/twice/);
    expect(() => new DirHash().add('a', 'abc')).toThrow(/not a SHA-256/);
  });
});

describe('hashZip', () => {
  it('hashes every entry by its full name, including non-UTF-8 names and directories', async () => {
    const latin1 = Buffer.from([0x6d, 0x2f, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "m/é.txt" in Latin-1
    const zip = makeZip([
      { name: 'm@v1/go.mod', data: 'module m\n' },
      { name: 'm@v1/dir/', data: '' },
      { name: latin1, data: 'hello' },
    ]);
    // Name order: "m/" (2F) before "m@" (40); "dir/" before "go.mod".
    const expected = h1Of([
      Buffer.concat([Buffer.from(`${sha256('hello')}  `), latin1, Buffer.from('\n')]),
      `${sha256('')}  m@v1/dir/\n`,
      `${sha256('module m\n')}  m@v1/go.mod\n`,
    ]);
    expect(await hashZipBuffer(zip)).toBe(expected);
    const file = join(dir, 'm.zip');
    await writeFile(file, zip);
    expect(await hashZip(file)).toBe(expected);
  });

  it('refuses a zip with two entries of the same name', async () => {
    const zip = makeZip([
      { name: 'm@v1/a.go', data: 'one' },
      { name: 'm@v1/a.go', data: 'two' },
    ]);
    await expect(hashZipBuffer(zip)).rejects.toThrow(/appears twice/);
  });

  it('rejects a file that is not a zip', async () => {
    const file = join(dir, 'not.zip');
    await writeFile(file, 'not a zip at all, just some text');
    await expect(hashZip(file)).rejects.toThrow();
  });

  // A deflated zip made by Info-ZIP.
  it('hashes a deflated zip made by the zip tool', async () => {
    if (!onPath('zip')) return notRun(missingTool('zip'));
    const src = join(dir, 'src');
    await mkdir(join(src, 'mod@v1.0.0/sub'), { recursive: true });
    await writeFile(join(src, 'mod@v1.0.0/go.mod'), 'module mod\n');
    await writeFile(join(src, 'mod@v1.0.0/sub/x.go'), 'package sub\n'.repeat(1000));
    execFileSync('zip', ['-q', '-r', '-D', join(dir, 'sys.zip'), 'mod@v1.0.0'], { cwd: src });
    expect(await hashZip(join(dir, 'sys.zip'))).toBe(
      hashFiles([
        ['mod@v1.0.0/go.mod', 'module mod\n'],
        ['mod@v1.0.0/sub/x.go', 'package sub\n'.repeat(1000)],
      ]),
    );
  });
});

describe('real module data through the module proxy', () => {
  const proxies = parseGoproxy(process.env['GOPROXY'] || goEnv('GOPROXY'));

  it('hashes the real toolchain go.mod to the value in the checksum database', async () => {
    const { body } = await proxyGet(
      proxies,
      proxyPaths.mod('golang.org/toolchain', 'v0.0.1-go1.22.5.linux-amd64'),
    );
    expect(body.toString()).toBe('module golang.org/toolchain\n');
    expect(hashGoMod(body)).toBe('h1:8wlg68NqwW7eMnI1aABk/C2pDYXj8mrMY4TyRfiLeS0=');
  });

  it('hashes a real module zip to its go.sum h1 (rsc.io/quote@v1.5.2)', async () => {
    const { body } = await proxyGet(proxies, proxyPaths.zip('rsc.io/quote', 'v1.5.2'));
    const h1 = 'h1:w5fcysjrx7yqtD/aO+QwRjYZOKnaM9Uh2b40tElTs3Y=';
    expect(await hashZipBuffer(body)).toBe(h1);
    // Streamed: spooled to a temporary file, or kept where the caller asks.
    expect(await hashZipStream(Readable.from([body.subarray(0, 1000), body.subarray(1000)]))).toBe(
      h1,
    );
    const keep = join(dir, 'quote.zip');
    expect(await hashZipStream(Readable.from([body]), keep)).toBe(h1);
    expect((await readFile(keep)).equals(body)).toBe(true);
  });
});

function goEnv(name: string): string {
  try {
    return execFileSync('go', ['env', name], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
