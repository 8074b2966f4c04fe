import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { splitByBytes, writeFilesSync, writeZipFiles, type FileJob } from './zip-file-writer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zip-file-writer-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Lays the contents end to end (deflated or stored) in one buffer, as a zip holds them. */
function packed(
  contents: readonly Buffer[],
  { shared = true, deflate = true } = {},
): { zip: Buffer; jobs: FileJob[] } {
  const stored = contents.map((c) => (deflate ? deflateRawSync(c) : c));
  const total = stored.reduce((n, s) => n + s.length, 0);
  const zip = shared ? Buffer.from(new SharedArrayBuffer(total)) : Buffer.alloc(total);
  let at = 0;
  const jobs = stored.map((s, i): FileJob => {
    s.copy(zip, at);
    const job: FileJob = {
      path: path.join(dir, `f${i}`),
      start: at,
      end: at + s.length,
      method: deflate ? 8 : 0,
      size: contents[i]!.length,
      mode: i % 2 === 0 ? 0o644 : 0o755,
      hash: true,
    };
    at += s.length;
    return job;
  });
  return { zip, jobs };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const contents = (n: number) =>
  Array.from({ length: n }, (_, i) => Buffer.from(`file ${i}\n`.repeat((i % 37) + 1)));

describe('writeZipFiles', () => {
  it('writes 1000 files on two threads with the right bytes, modes and hashes', async () => {
    const files = contents(1000);
    const { zip, jobs } = packed(files);
    const outcome = await writeZipFiles(zip, jobs);
    expect(outcome).toEqual({ ok: true, sha256: files.map(sha256) });
    files.forEach((c, i) => {
      const file = path.join(dir, `f${i}`);
      expect(readFileSync(file)).toEqual(c);
      expect(statSync(file).mode & 0o100).toBe(i % 2 === 0 ? 0 : 0o100);
    });
  });

  it('writes stored entries and leaves hashes out where not asked', async () => {
    const files = contents(3);
    const { zip, jobs } = packed(files, { deflate: false, shared: false });
    const outcome = await writeZipFiles(
      zip,
      jobs.map((j, i) => ({ ...j, hash: i !== 1 })),
    );
    expect(outcome).toEqual({ ok: true, sha256: [sha256(files[0]!), null, sha256(files[2]!)] });
  });

  it.each([
    [
      'inflates to more than declared',
      (j: FileJob) => ({ ...j, size: j.size - 1 }),
      'larger-than-declared',
    ],
    [
      'inflates to less than declared',
      (j: FileJob) => ({ ...j, size: j.size + 1 }),
      'size-mismatch',
    ],
    ['is cut short', (j: FileJob) => ({ ...j, end: j.start + 2 }), 'corrupt'],
  ])(
    'names the entry that %s, wherever it falls among the threads',
    async (_label, spoil, kind) => {
      const files = contents(1500);
      const [mine, theirs] = splitByBytes(packed(files).jobs);
      // One bad entry in the worker's half, one in this thread's.
      for (const bad of [theirs[700]!, mine[3]!]) {
        rmSync(dir, { recursive: true, force: true });
        dir = mkdtempSync(path.join(os.tmpdir(), 'zip-file-writer-'));
        const again = packed(files);
        const spoiled = again.jobs.map((j, i) => (i === bad ? spoil(j) : j));
        const outcome = await writeZipFiles(again.zip, spoiled);
        expect(outcome).toMatchObject({ ok: false, index: bad, kind });
      }
    },
  );

  it('never writes through or over an existing file', async () => {
    const { zip, jobs } = packed(contents(2));
    writeFileSync(jobs[1]!.path, 'already here');
    const outcome = await writeZipFiles(zip, jobs);
    expect(outcome).toMatchObject({ ok: false, index: 1, kind: 'io' });
    expect(outcome.ok === false && outcome.message).toMatch(/EEXIST/);
    expect(readFileSync(jobs[1]!.path, 'utf8')).toBe('already here');
  });

  it('writes nothing more after the first failure on a thread', () => {
    const { zip, jobs } = packed(contents(5));
    const outcome = writeFilesSync(zip, [jobs[0]!, { ...jobs[1]!, size: 1 }, jobs[2]!]);
    expect(outcome).toMatchObject({ ok: false, index: 1 });
    expect(existsSync(jobs[0]!.path)).toBe(true);
    expect(existsSync(jobs[2]!.path)).toBe(false);
  });
});

describe('splitByBytes', () => {
  it('balances the stored bytes between the halves and keeps every job once', () => {
    const sizes = [5_000_000, 10, 20, 3_000_000, 2_500_000, 100, 40_000];
    const jobs = sizes.map((n, i): FileJob => ({
      path: `f${i}`,
      start: 0,
      end: n,
      method: 8,
      size: n,
      mode: 0o644,
      hash: false,
    }));
    const [a, b] = splitByBytes(jobs);
    expect([...a, ...b].sort()).toEqual(sizes.map((_, i) => i));
    const bytes = (half: number[]) => half.reduce((n, i) => n + sizes[i]!, 0);
    expect(Math.abs(bytes(a) - bytes(b))).toBeLessThan(1_000_000);
  });
});
