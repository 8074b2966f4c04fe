/**
 * A full disk, for real: a 4 MiB tmpfs mounted for the test (root only, as on the CI
 * machine; elsewhere they are recorded as not run). Saving into a full store and
 * restoring onto a full disk each end as a 'failed' outcome with a reason, and leave nothing
 * behind.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalCacheBackend } from './local-store.js';
import { notRun } from '../../test-support/not-run.mjs';

let work: string;
let small: string;
let mounted = false;
/** Why there is no small disk, when there is none. */
let noDisk = 'mounting a small tmpfs needs root';

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'full-disk-'));
  small = path.join(work, 'small');
  await mkdir(small);
  if (process.getuid?.() === 0) {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', small], {
      encoding: 'utf8',
    });
    mounted = r.status === 0;
    noDisk = `mount -t tmpfs failed: ${r.error?.message ?? r.stderr.trim()}`;
  }
});

afterAll(async () => {
  if (mounted) spawnSync('umount', [small]);
  await rm(work, { recursive: true, force: true });
});

/** A directory of incompressible files, `mib` MiB in all. */
async function bigTree(dir: string, mib: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < mib; i++) await writeFile(path.join(dir, `f${i}`), randomBytes(1 << 20));
}

async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String);
}

describe('a full disk', () => {
  it('saving into a store on a full disk fails with a reason and leaves no temporary files', async () => {
    if (!mounted) return notRun(`no full disk to test on: ${noDisk}`);
    const store = new LocalCacheBackend({ dir: path.join(small, 'store'), maxBytes: 1 << 30 });
    const source = path.join(work, 'source');
    await bigTree(source, 6);
    const outcome = await store.save({ dir: source, key: 'too-big-for-the-disk' });
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/disk full|ENOSPC|No space/i);
    // No saves in progress left over, and no entry.
    expect((await leftovers(path.join(small, 'store'))).filter((n) => n.includes('.tmp'))).toEqual(
      [],
    );
    expect((await store.list()).length).toBe(0);
  });

  it('restoring onto a full disk fails with a reason and leaves the directory empty', async () => {
    if (!mounted) return notRun(`no full disk to test on: ${noDisk}`);
    const store = new LocalCacheBackend({ dir: path.join(work, 'roomy-store'), maxBytes: 1 << 30 });
    const source = path.join(work, 'source2');
    await bigTree(source, 6);
    expect((await store.save({ dir: source, key: 'k' })).kind).toBe('saved');
    const dest = path.join(small, 'gomodcache');
    const outcome = await store.restore({ dir: dest, key: 'k', restoreKeys: [] });
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/disk full|ENOSPC|No space/i);
    // Nothing on the small disk but, at most, the empty directory itself.
    const left = (await leftovers(small)).filter((n) => !n.startsWith('store'));
    expect(left.filter((n) => n !== 'gomodcache')).toEqual([]);
  });
});
