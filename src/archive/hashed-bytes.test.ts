import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractZip, extractZipBytes } from './extract-zip.js';
import { readHashed, sharedCopy } from './hashed-bytes.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'hashed-bytes-test-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A real zip made by Info-ZIP from `files` (name → text). */
async function makeZip(name: string, files: Record<string, string>): Promise<string> {
  const src = await mkdtemp(path.join(work, 'src-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(src, file)), { recursive: true });
    await writeFile(path.join(src, file), text);
  }
  const out = path.join(work, name);
  execFileSync('zip', ['-q', '-r', '-D', out, '.'], { cwd: src });
  return out;
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const tooLarge = () => new Error('too large');

describe('readHashed', () => {
  it('holds the whole body in shared memory with its SHA-256 and size', async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(1000 + i, i));
    const whole = Buffer.concat(chunks);
    const got = await readHashed(chunks, { maxBytes: whole.length, tooLarge });
    expect(got.size).toBe(whole.length);
    expect(got.sha256).toBe(sha256(whole));
    expect(got.bytes.equals(whole)).toBe(true);
    expect(got.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('stops at maxBytes with the caller error', async () => {
    const chunks = [Buffer.alloc(10), Buffer.alloc(10)];
    await expect(readHashed(chunks, { maxBytes: 15, tooLarge })).rejects.toThrow('too large');
  });
});

describe('extractZipBytes', () => {
  it('unpacks the bytes that were hashed even when the file is replaced after hashing', async () => {
    const file = await makeZip('good.zip', { 'go/VERSION': 'go1.99.0\n', 'go/bin/go': 'real' });
    const expected = sha256(await readFile(file));
    const body = await readHashed(createReadStream(file), { maxBytes: 1 << 20, tooLarge });
    expect(body.sha256).toBe(expected);
    // Another process swaps the file between the hash and the unpacking.
    const evil = await makeZip('evil.zip', { 'go/VERSION': 'go1.99.0\n', 'go/bin/go': 'evil' });
    await writeFile(file, await readFile(evil));

    const fromMemory = path.join(work, 'from-memory');
    const result = await extractZipBytes(body.bytes, fromMemory, { hashFiles: true }, 'good.zip');
    expect(await readFile(path.join(fromMemory, 'go/bin/go'), 'utf8')).toBe('real');
    expect(result.hashes?.get('go/bin/go')).toBe(sha256('real'));
    expect(result.files).toBe(2);

    // What the old way (hash while writing, unpack the file) would have unpacked:
    const fromDisk = path.join(work, 'from-disk');
    await extractZip(file, fromDisk);
    expect(await readFile(path.join(fromDisk, 'go/bin/go'), 'utf8')).toBe('evil');
  });

  it('writes many files from shared memory, on two threads when it can, each hashed', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 700; i++)
      files[`m/d${i % 7}/f${i}.go`] = `package d\n// ${i}\n`.repeat((i % 5) + 1);
    const file = await makeZip('many.zip', files);
    const body = await readHashed(createReadStream(file), { maxBytes: 1 << 24, tooLarge });
    const dest = path.join(work, 'many');
    const result = await extractZipBytes(body.bytes, dest, { hashFiles: true });
    expect(result.files).toBe(700);
    for (const name of ['m/d0/f0.go', 'm/d6/f699.go', 'm/d3/f346.go']) {
      expect(await readFile(path.join(dest, name), 'utf8')).toBe(files[name]);
      expect(result.hashes?.get(name)).toBe(sha256(files[name]!));
    }
  });

  it('takes an ordinary Buffer too, and names the zip in a corruption error', async () => {
    const file = await makeZip('plain.zip', { 'a.txt': 'a' });
    const plain = await readFile(file);
    const dest = path.join(work, 'plain');
    expect((await extractZipBytes(plain, dest)).files).toBe(1);
    const cut = sharedCopy([plain.subarray(0, plain.length - 30)], plain.length - 30);
    await expect(extractZipBytes(cut, path.join(work, 'cut'), {}, 'cut.zip')).rejects.toThrow(
      /corrupt zip \(cut\.zip\)/,
    );
  });
});
