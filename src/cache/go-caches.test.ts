import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../log.js';
import { renderCacheSummary } from '../actions/cache-summary.js';
import { AGE_BEFORE_START_MS } from './build-cache-trim.js';
import { planGoCaches, restoreGoCaches, saveGoCaches, type PlannedEntry } from './go-caches.js';
import { LocalCacheBackend } from './local-store.js';

let work: string;
const lines: string[] = [];
const logger: Logger = {
  info: (m) => void lines.push(`info: ${m}`),
  warning: (m) => void lines.push(`warning: ${m}`),
  debug: () => undefined,
  group: (_n, fn) => fn(),
};

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'go-caches-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function tree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, body] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), body);
  }
}

describe('planGoCaches', () => {
  const base = {
    dirs: { modCache: '/m', buildCache: '/b' },
    os: 'linux',
    arch: 'amd64',
    goVersion: '1.22.5',
    unique: '123-1-build',
  };
  const inputs = { cache: true, cacheBuild: true, dependencyPath: [] as string[] };

  it('keys the module cache on go.sum and gives the build cache restore keys', async () => {
    const ws = path.join(work, 'plan-ws');
    await tree(ws, { 'go.sum': 'x v1 h1:abc\n', 'tools/go.sum': 'y v2 h1:def\n' });
    const plan = await planGoCaches({ ...base, inputs, workspace: ws });
    expect(plan.dependencyFiles).toEqual(['go.sum', 'tools/go.sum']);
    const [mod, build] = plan.entries;
    expect(mod).toMatchObject({ kind: 'mod', dir: '/m', restoreKeys: [] });
    expect(mod!.key).toMatch(/^setup-go-verified-linux-amd64-go1\.22\.5-mod-[0-9a-f]{64}$/);
    expect(build).toMatchObject({ kind: 'build', dir: '/b' });
    expect(build!.key).toMatch(/-build-[0-9a-f]{64}-123-1-build$/);
    expect(build!.restoreKeys).toHaveLength(2);
    expect(plan.notes).toEqual([]);
  });

  it('leaves out what there is nothing to cache for, and says why', async () => {
    const empty = path.join(work, 'plan-empty');
    await mkdir(empty, { recursive: true });
    const plan = await planGoCaches({
      ...base,
      dirs: { modCache: '/m', buildCache: '' },
      inputs,
      workspace: empty,
    });
    expect(plan.entries).toEqual([]);
    expect(plan.notes.join('\n')).toMatch(/no go\.sum or go\.work\.sum/);
    expect(plan.notes.join('\n')).toMatch(/GOCACHE is off/);
    const off = await planGoCaches({
      ...base,
      inputs: { ...inputs, cache: false },
      workspace: empty,
    });
    expect(off.entries).toEqual([]);
  });
});

describe('restoreGoCaches and saveGoCaches with the local backend', () => {
  it('saves on a miss, restores in the next job, trims the build cache to what was used', async () => {
    const store = new LocalCacheBackend({ dir: path.join(work, 'store'), maxBytes: 1 << 30 });
    const job1 = path.join(work, 'job1');
    const plan = (root: string, unique: string): PlannedEntry[] => [
      { kind: 'mod', dir: path.join(root, 'mod'), key: 'k-mod-1', restoreKeys: [] },
      {
        kind: 'build',
        dir: path.join(root, 'build'),
        key: `k-build-1-${unique}`,
        restoreKeys: ['k-build-1-', 'k-build-'],
      },
    ];
    const first = await restoreGoCaches(plan(job1, 'a'), store, logger);
    expect(first.reports.map((r) => r.result)).toEqual(['miss', 'miss']);
    await tree(path.join(job1, 'mod'), { 'example.com/m@v1.0.0/m.go': 'package m\n' });
    await tree(path.join(job1, 'build'), { '0a/0a11-a': 'used', '0b/0b22-d': 'also used' });
    const saved1 = await saveGoCaches(first.state, store, logger);
    expect(saved1.map((r) => r.result)).toEqual(['saved', 'saved']);

    // Job 2: restores both; the module cache exactly, the build cache from a prefix.
    const job2 = path.join(work, 'job2');
    const jobStart = Date.now();
    const second = await restoreGoCaches(plan(job2, 'b'), store, logger, jobStart);
    expect(second.reports.map((r) => [r.result, r.matchedKey])).toEqual([
      ['hit', 'k-mod-1'],
      ['partial', 'k-build-1-a'],
    ]);
    expect(await readFile(path.join(job2, 'mod/example.com/m@v1.0.0/m.go'), 'utf8')).toBe(
      'package m\n',
    );
    // The go command refreshes an old entry's mtime when it reads it: do so for one.
    const now = new Date();
    await utimes(path.join(job2, 'build/0a/0a11-a'), now, now);
    const saved2 = await saveGoCaches(second.state, store, logger);
    expect(saved2.map((r) => [r.result, r.reason])).toEqual([
      ['skipped', 'restored from this key'],
      ['saved', undefined],
    ]);
    expect(await readdir(path.join(job2, 'build/0b'))).toEqual([]); // not used: trimmed
    expect(lines.join('\n')).toMatch(
      /GOCACHE: removed 1 entries \(9 B\) the job did not use, kept 1/,
    );
    expect(second.state.jobStart).toBe(jobStart);
    expect(AGE_BEFORE_START_MS).toBeGreaterThan(60 * 60 * 1000);

    const summary = renderCacheSummary('restore', 'local', second.reports);
    expect(summary).toContain('| GOMODCACHE | `k-mod-1` | ✅ hit |');
    expect(summary).toContain('| GOCACHE | `k-build-1-b` (from `k-build-1-a`) | ◐ partial |');
  });

  it('leaves a directory that already has files alone, and turns a broken store into a warning', async () => {
    const full = path.join(work, 'full');
    await tree(full, { 'cache/x': 'already here' });
    const notADir = path.join(work, 'not-a-dir');
    await writeFile(notADir, 'a file where the store should be');
    const store = new LocalCacheBackend({ dir: notADir, maxBytes: 1 << 30 });
    lines.length = 0;
    const { reports } = await restoreGoCaches(
      [
        { kind: 'mod', dir: full, key: 'k1', restoreKeys: [] },
        { kind: 'build', dir: path.join(work, 'fresh'), key: 'k2', restoreKeys: ['k'] },
      ],
      store,
      logger,
    );
    expect(reports[0]).toMatchObject({ result: 'skipped' });
    expect(reports[0]!.reason).toMatch(/already has files/);
    expect(['miss', 'failed']).toContain(reports[1]!.result);

    await tree(path.join(work, 'fresh'), { '00/00aa-a': 'x' });
    const saved = await saveGoCaches(
      {
        jobStart: Date.now(),
        entries: [
          {
            kind: 'build',
            dir: path.join(work, 'fresh'),
            key: 'k3',
            restoreKeys: [],
            restored: 'miss',
          },
        ],
      },
      store,
      logger,
    );
    expect(saved[0]!.result).toBe('failed');
    expect(
      lines.some((l) => /^warning: GOCACHE cache k3: .*the job goes on without it$/.test(l)),
    ).toBe(true);
  });
});
