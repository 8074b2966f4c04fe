/**
 * The module cache proof on a real module cache: github.com/google/uuid and
 * golang.org/x/text as `go mod download` leaves them (read-only directories, zips,
 * `.ziphash`, `.mod`, `.info`), made once through the module proxy and copied per test.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testCacheDir } from '../../test-support/cache.mjs';
import { gatesGoRoot, goEnv } from '../../test-support/gate-tools.mjs';
import { hashZipEntries } from '../verify/sumdb/dirhash.js';
import { ModCacheHashPool } from './modcache-hash-pool.js';
import { verifyModCache } from './verify-modcache.js';

const FIXTURE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../__tests__/e2e/fixtures/cache-module',
);
const TEXT = 'golang.org/x/text@v0.18.0';
const UUID = 'github.com/google/uuid@v1.6.0';
const dl = (mod: string, ext: string) => {
  const [p, v] = mod.split('@');
  return `cache/download/${p}/@v/${v}.${ext}`;
};

let goBin: string;
let pristine: string;
let scratch: string;
/** A copy of the fixture module (the go command may write to its go.sum). */
let work: string;
let GO_SUM: string;

function go(args: string[], modCache: string, extra: Record<string, string> = {}): string {
  return execFileSync(goBin, args, {
    cwd: work,
    encoding: 'utf8',
    env: { ...goEnv(), GOMODCACHE: modCache, GOFLAGS: '-mod=readonly', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

beforeAll(() => {
  goBin = path.join(gatesGoRoot(), 'bin', 'go');
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-modcache-proof-'));
  work = path.join(scratch, 'module');
  cpSync(FIXTURE, work, { recursive: true });
  GO_SUM = path.join(work, 'go.sum');
  pristine = testCacheDir('modcache-proof', 'pristine');
  if (!existsSync(path.join(pristine, dl(TEXT, 'ziphash')))) {
    // Through the shared test module cache first: no network when it has them.
    const shared = `file://${goEnv().GOMODCACHE}/cache/download`;
    go(['mod', 'download'], pristine, { GOPROXY: `${shared},${goEnv().GOPROXY}` });
  }
}, 300_000);

afterAll(() => {
  execFileSync('chmod', ['-R', 'u+w', scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

let copies = 0;
function copy(): string {
  const dir = path.join(scratch, `modcache-${copies++}`);
  execFileSync('cp', ['-a', pristine, dir]);
  return dir;
}

/** Makes a read-only file in a read-only directory writable, as an attacker would. */
function tamper(file: string, fn: () => void): void {
  chmodSync(path.dirname(file), 0o755);
  if (existsSync(file)) chmodSync(file, 0o644);
  fn();
}

describe('verifyModCache', () => {
  it('proves a cache the go command wrote, and removes nothing', async () => {
    const dir = copy();
    const proof = await verifyModCache({ modCache: dir, goSumFiles: [GO_SUM] });
    expect(proof).toMatchObject({
      goSumFiles: 1,
      proven: 2,
      provenDirs: 2,
      provenZips: 2,
      provenMods: 2,
      failed: [],
      uncovered: [],
      strays: [],
    });
    expect(proof.bytes).toBeGreaterThan(10_000_000);
    expect(existsSync(path.join(dir, TEXT, 'LICENSE'))).toBe(true);
  });

  it('removes a version with one changed source file and a genuine .ziphash; go downloads it again', async () => {
    const dir = copy();
    const file = path.join(dir, TEXT, 'cases/cases.go');
    tamper(file, () => appendFileSync(file, '\nfunc init() { panic("owned") }\n'));
    const proof = await verifyModCache({ modCache: dir, goSumFiles: [GO_SUM] });
    expect(proof.failed).toEqual([
      {
        key: TEXT,
        name: 'golang.org/x/text v0.18.0',
        reason: 'directory: 1 changed (cases/cases.go)',
      },
    ]);
    expect(proof.proven).toBe(1);
    for (const gone of [TEXT, dl(TEXT, 'zip'), dl(TEXT, 'ziphash'), dl(TEXT, 'info')])
      expect(existsSync(path.join(dir, gone))).toBe(false);
    // The go.mod file was proven on its own and stays.
    expect(existsSync(path.join(dir, dl(TEXT, 'mod')))).toBe(true);
    go(['mod', 'download'], dir);
    expect(readFileSync(path.join(dir, TEXT, 'cases/cases.go'))).toEqual(
      readFileSync(path.join(pristine, TEXT, 'cases/cases.go')),
    );
    expect(go(['mod', 'verify'], dir, { GOPROXY: 'off' })).toMatch(/all modules verified/);
  });

  it('removes directories and zips no go.sum line covers, and counts them', async () => {
    const dir = copy();
    cpSync(path.join(dir, UUID), path.join(dir, 'example.com/!evil@v1.0.0'), { recursive: true });
    mkdirSync(path.join(dir, 'cache/download/example.com/other/@v'), { recursive: true });
    cpSync(
      path.join(dir, dl(UUID, 'zip')),
      path.join(dir, 'cache/download/example.com/other/@v/v1.0.0.zip'),
    );
    writeFileSync(path.join(dir, 'cache/download/example.com/other/@v/v1.0.0.info'), '{}');
    const proof = await verifyModCache({ modCache: dir, goSumFiles: [GO_SUM] });
    expect(proof.uncovered).toEqual(['example.com/!evil@v1.0.0', 'example.com/other@v1.0.0']);
    expect(proof.failed).toEqual([]);
    expect(proof.proven).toBe(2);
    expect(existsSync(path.join(dir, 'example.com/!evil@v1.0.0'))).toBe(false);
    expect(existsSync(path.join(dir, 'cache/download/example.com/other/@v/v1.0.0.zip'))).toBe(
      false,
    );
    // Kept: the .info of a version that was not proven wrong.
    expect(existsSync(path.join(dir, 'cache/download/example.com/other/@v/v1.0.0.info'))).toBe(
      true,
    );
  });

  it('fails a link inside a module and removes links between modules', async () => {
    const dir = copy();
    const inside = path.join(dir, UUID, 'zz.go');
    tamper(inside, () => symlinkSync('/etc/passwd', inside));
    symlinkSync(path.join(dir, TEXT), path.join(dir, 'golang.org/x/evil@v1.0.0'));
    const proof = await verifyModCache({ modCache: dir, goSumFiles: [GO_SUM] });
    expect(proof.failed).toEqual([
      expect.objectContaining({
        name: 'github.com/google/uuid v1.6.0',
        reason: 'directory holds zz.go: a symbolic link',
      }),
    ]);
    expect(proof.strays).toEqual([path.join(dir, 'golang.org/x/evil@v1.0.0')]);
    expect(existsSync(path.join(dir, UUID))).toBe(false);
    expect(existsSync(path.join(dir, TEXT))).toBe(true);
  });

  it('fails a replaced zip, a wrong .ziphash and a changed go.mod', async () => {
    const dir = copy();
    cpSync(path.join(dir, dl(UUID, 'zip')), path.join(dir, dl(TEXT, 'zip')));
    writeFileSync(
      path.join(dir, dl(UUID, 'ziphash')),
      'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    );
    const mod = path.join(dir, dl(UUID, 'mod'));
    tamper(mod, () => appendFileSync(mod, 'replace x => ../x\n'));
    const proof = await verifyModCache({ modCache: dir, goSumFiles: [GO_SUM] });
    expect(proof.failed.map((f) => [f.key, f.reason])).toEqual([
      [UUID, '.ziphash differs from go.sum; go.mod differs from go.sum'],
      [TEXT, 'zip differs from go.sum'],
    ]);
    expect(proof.proven).toBe(0);
    expect(existsSync(mod)).toBe(false);
    expect(existsSync(path.join(dir, TEXT))).toBe(false);
  });

  it('with remove: false reports and removes nothing', async () => {
    const dir = copy();
    cpSync(path.join(dir, dl(UUID, 'zip')), path.join(dir, dl(TEXT, 'zip')));
    const proof = await verifyModCache({ modCache: dir, goSumFiles: [GO_SUM], remove: false });
    expect(proof.failed).toHaveLength(1);
    expect(existsSync(path.join(dir, dl(TEXT, 'zip')))).toBe(true);
  });

  it('proves nothing and removes everything without a go.sum line', async () => {
    const dir = copy();
    const proof = await verifyModCache({ modCache: dir, goSumFiles: [] });
    expect(proof.uncovered).toEqual([UUID, TEXT].sort());
    expect(existsSync(path.join(dir, dl(TEXT, 'mod')))).toBe(true);
    expect(existsSync(path.join(dir, dl(TEXT, 'zip')))).toBe(false);
  });
});

describe('the zip hasher', () => {
  const hash = async (file: string) => {
    const pool = new ModCacheHashPool(scratch, 1);
    try {
      return await pool.hashZip(file);
    } finally {
      await pool.close();
    }
  };

  it('agrees with yauzl on a module zip, member by member', async () => {
    const zip = path.join(pristine, dl(TEXT, 'zip'));
    const ours = await hash(zip);
    const theirs = await hashZipEntries(zip);
    if ('problem' in ours) throw new Error(ours.problem);
    expect(ours.h1).toBe(theirs.h1);
    expect(new Map(ours.names.map((n, i) => [n, ours.hex[i]]))).toEqual(theirs.entries);
  });

  it('hashes stored members, and refuses prepended data, a bad CRC and a link', async () => {
    const work = mkdtempSync(path.join(scratch, 'zips-'));
    mkdirSync(path.join(work, 'm@v1/d'), { recursive: true });
    writeFileSync(path.join(work, 'm@v1/a.txt'), 'hello\n');
    writeFileSync(path.join(work, 'm@v1/d/b.txt'), 'x'.repeat(5000));
    execFileSync('zip', ['-q', '-r', '-D', '-0', 'stored.zip', 'm@v1'], { cwd: work });
    execFileSync('zip', ['-q', '-r', '-D', '-9', 'deflated.zip', 'm@v1'], { cwd: work });
    for (const name of ['stored.zip', 'deflated.zip']) {
      const r = await hash(path.join(work, name));
      expect(r).toMatchObject({ h1: (await hashZipEntries(path.join(work, name))).h1 });
    }
    const data = readFileSync(path.join(work, 'stored.zip'));
    writeFileSync(path.join(work, 'prepended.zip'), Buffer.concat([Buffer.from('junk'), data]));
    expect(await hash(path.join(work, 'prepended.zip'))).toEqual({
      problem: 'central directory does not end at its end record',
    });
    const flipped = Buffer.from(data);
    flipped[flipped.indexOf('hello') + 1]! ^= 1;
    writeFileSync(path.join(work, 'crc.zip'), flipped);
    expect(await hash(path.join(work, 'crc.zip'))).toEqual({ problem: 'CRC-32 mismatch' });
    symlinkSync(path.join(work, 'stored.zip'), path.join(work, 'link.zip'));
    expect(await hash(path.join(work, 'link.zip'))).toEqual({ problem: 'a symbolic link' });
    writeFileSync(path.join(work, 'garbage.zip'), 'not a zip');
    expect(await hash(path.join(work, 'garbage.zip'))).toEqual({
      problem: 'no end of central directory',
    });
  });
});
