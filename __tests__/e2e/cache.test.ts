/**
 * The Go caches end to end on the built dist/: setup (install + restore), a real `go build`
 * of a module with real dependencies from the module proxy, post (trim + save), then a new
 * job that restores and builds with the network off. Against both backends: a local cache
 * directory, and the GitHub cache service (a loopback Twirp server over real Azure blobs in
 * azurite: saved by @actions/cache as on GitHub, restored by our own client and extractor).
 * Hostile entries are stored under the exact key and version a victim job looks up.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  actionsCacheVersion,
  actionsCompression,
  actionsMemberPrefix,
} from '../../src/cache/actions-cache-version.js';
import { startAzurite, type Azurite } from '../../test-support/azurite.mjs';
import {
  startCacheService,
  type CacheService,
  type Fault,
  type FaultKind,
} from '../../test-support/cache-service.mjs';
import { tarMembers } from '../../test-support/hostile-archives.mjs';
import { node24 } from '../../test-support/node24.mjs';
import { applyJobEnv, newJob, runStep, type Job } from '../../test-support/runner.mjs';
import { goProxy } from '../../test-support/toolchain.mjs';

jest.setTimeout(300_000);

const VERSION = '1.22.5';
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cache-module');
let node: string;
let toolCache: string;
let scratch: string;

beforeAll(() => {
  node = node24();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-cache-e2e-'));
  // One tool cache for every job: after the first install, setup reuses the toolchain.
  toolCache = path.join(scratch, 'toolcache');
  mkdirSync(toolCache);
});

afterAll(() => {
  // Go's module cache is read-only; make it writable so it can be removed. (The loopback
  // servers are stopped by now, so a synchronous child cannot starve them.)
  spawnSync('chmod', ['-R', 'u+w', scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

interface GoJob {
  job: Job;
  /** Variables every step of this job has: its own GOPATH and GOCACHE, as a fresh runner. */
  env: Record<string, string>;
}

/**
 * A new job on a fresh runner: the same GOPATH and GOCACHE paths every time (as on hosted
 * runners, where they are under /home/runner), empty at the start. Jobs that run at the
 * same time are on different machines: give them different `machine` names.
 */
function goJob(machine = 'runner', { warmBuildCache = false } = {}): GoJob {
  const home = path.join(scratch, machine);
  spawnSync('chmod', ['-R', 'u+w', home]);
  rmSync(home, { recursive: true, force: true });
  // The checkout is at the same place in every job too (@actions/cache stores paths
  // relative to it).
  const job = { ...newJob({ toolCache }), workspace: path.join(home, 'work') };
  cpSync(FIXTURE, job.workspace, { recursive: true });
  return {
    job,
    env: {
      GOPATH: path.join(home, 'go'),
      // Tests about the module cache share one warm build cache (cache-build: false), so
      // they do not each spend half a minute compiling the standard library.
      GOCACHE: warmBuildCache
        ? path.join(scratch, 'shared-go-build')
        : path.join(home, '.cache', 'go-build'),
      GOFLAGS: '',
      GOPROXY: goProxy(),
      GITHUB_RUN_ID: String(Math.floor(Math.random() * 1e9)),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'build',
      GITHUB_REF: 'refs/heads/main',
    },
  };
}

function setup(g: GoJob, inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runStep(g.job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': VERSION,
      'go-download-source': 'proxy',
      goproxy: goProxy(),
      'health-check': 'quick',
      ...inputs,
    },
    env: { ...g.env, ...env },
  });
}

function post(
  g: GoJob,
  state: Record<string, string>,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
) {
  return runStep(g.job, {
    bundle: 'dist/post/index.js',
    node,
    inputs,
    state,
    env: { ...g.env, ...env },
  });
}

/** Runs go in the job's workspace with what the job's later steps see. */
function go(g: GoJob, args: string[], extra: Record<string, string> = {}) {
  const env = { ...process.env, ...applyJobEnv(g.job), ...g.env, ...extra };
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('go', args, { cwd: g.job.workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const offline = { GOPROXY: 'off', GOFLAGS: '-mod=readonly' };

function files(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).length;
}

/** The whole cycle: a cold job fills the cache, a second job builds from it offline. */
async function coldThenWarm(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const cold = goJob();
  const s1 = await setup(cold, inputs, env);
  expect(s1.errors).toEqual([]);
  expect(s1.code).toBe(0);
  expect(s1.outputs['cache-hit']).toBe('false');
  expect(s1.outputs['cache-key']).toMatch(
    new RegExp(
      `^setup-go-verified-linux-amd64-go${VERSION.replace(/\./g, '\\.')}-mod-[0-9a-f]{64}$`,
    ),
  );
  const built = await go(cold, ['run', '.']);
  expect(built.stderr).toMatch(/downloading github\.com\/google\/uuid/);
  expect(built.stdout).toMatch(/^Cached Modules [0-9a-f-]{36}\n$/);
  const p1 = await post(cold, s1.state, inputs, env);
  expect(p1.code).toBe(0);
  expect(p1.summary).toContain('Go caches: save');

  const warm = goJob();
  const s2 = await setup(warm, inputs, env);
  expect(s2.errors).toEqual([]);
  expect(s2.outputs['cache-hit']).toBe('true');
  expect(s2.outputs['cache-matched-key']).toBe(s1.outputs['cache-key']);
  expect(s2.outputs['build-cache-hit']).toBe('partial');
  expect(s2.outputs['build-cache-matched-key']).toBe(s1.outputs['build-cache-key']);
  expect(s2.summary).toContain('Go caches: restore');
  // The restored module cache is complete: no network, no go.mod changes allowed.
  const again = await go(warm, ['build', '-x', '-o', os.devNull, '.'], offline);
  expect(again.code).toBe(0);
  // And the restored build cache holds the compiled packages: no dependency and no standard
  // library package is compiled again (only package main, whose build info differs by flags).
  const compiled = [...again.stderr.matchAll(/\/compile .* -p (\S+) /g)].map((m) => m[1]);
  expect(compiled.filter((p) => p !== 'main')).toEqual([]);
  return { cold, warm, s1, s2 };
}

describe('cache-backend: local', () => {
  let store: string;
  beforeAll(() => {
    store = path.join(scratch, 'local-store');
  });

  it('restores the module and build caches in a new job, which builds offline', async () => {
    const inputs = { 'cache-backend': 'local', 'cache-dir': store };
    const { warm, s2 } = await coldThenWarm(inputs);
    const p2 = await post(warm, s2.state, inputs);
    expect(p2.code).toBe(0);
    // The module cache is not saved again on a hit; the build cache is (a new entry).
    expect(p2.stdout).toMatch(/GOMODCACHE cache \S+: skipped \(restored from this key\)/);
    expect(p2.stdout).toMatch(/GOCACHE cache \S+: saved/);
  });

  it('two jobs saving into one store at the same time both succeed', async () => {
    const shared = path.join(scratch, 'shared-store');
    const inputs = { 'cache-backend': 'local', 'cache-dir': shared, 'cache-build': 'false' };
    const jobs = [
      goJob('runner-a', { warmBuildCache: true }),
      goJob('runner-b', { warmBuildCache: true }),
    ];
    const setups = await Promise.all(jobs.map((j) => setup(j, inputs)));
    for (const [i, j] of jobs.entries()) {
      expect(setups[i]!.code).toBe(0);
      expect((await go(j, ['build', '-o', os.devNull, '.'])).code).toBe(0);
    }
    const posts = await Promise.all(jobs.map((j, i) => post(j, setups[i]!.state, inputs)));
    for (const p of posts) {
      expect(p.code).toBe(0);
      expect(p.warnings).toEqual([]);
    }
    // One module entry (the same key) and two build entries; no temporary files left over.
    const third = goJob('runner', { warmBuildCache: true });
    const s3 = await setup(third, inputs);
    expect(s3.outputs['cache-hit']).toBe('true');
    expect((await go(third, ['build', '-o', os.devNull, '.'], offline)).code).toBe(0);
  });

  it('a truncated entry is a warning and an empty cache, never a half-restored one', async () => {
    const broken = path.join(scratch, 'broken-store');
    const inputs = { 'cache-backend': 'local', 'cache-dir': broken, 'cache-build': 'false' };
    const cold = goJob('runner', { warmBuildCache: true });
    const s1 = await setup(cold, inputs);
    expect((await go(cold, ['build', '-o', os.devNull, '.'])).code).toBe(0);
    expect((await post(cold, s1.state, inputs)).code).toBe(0);
    // Cut every archive in the store in half.
    for (const name of readdirSync(broken, { recursive: true }) as string[]) {
      const file = path.join(broken, name);
      if (statSync(file).isFile() && statSync(file).size > 4096) {
        truncateSync(file, Math.floor(statSync(file).size / 2));
      }
    }
    const next = goJob('runner', { warmBuildCache: true });
    const s2 = await setup(next, inputs);
    expect(s2.code).toBe(0);
    expect(s2.outputs['cache-hit']).toBe('false');
    expect(s2.warnings.join('\n')).toMatch(/GOMODCACHE cache .*the job goes on without it/);
    expect(files(path.join(next.env['GOPATH']!, 'pkg', 'mod'))).toBe(0);
    // The build works, fetching the modules again.
    expect((await go(next, ['build', '-o', os.devNull, '.'])).code).toBe(0);
  });

  it('a suffix with commas and spaces is made safe, with a warning', async () => {
    const inputs = {
      'cache-backend': 'local',
      'cache-dir': path.join(scratch, 'suffix-store'),
      'cache-key-suffix': 'race, tags=a b',
    };
    const g = goJob();
    const s = await setup(g, inputs);
    expect(s.code).toBe(0);
    expect(s.outputs['cache-key']).toMatch(/-mod-[0-9a-f]{64}-race_tags_a_b$/);
    expect(s.warnings.join('\n')).toMatch(/cache-key-suffix/);
  });

  it('a suffix that would make the key longer than 512 characters is shortened, with a warning', async () => {
    const inputs = {
      'cache-backend': 'local',
      'cache-dir': path.join(scratch, 'long-store'),
      'cache-build': 'false',
      'cache-key-suffix': 'x'.repeat(600),
    };
    const g = goJob('runner', { warmBuildCache: true });
    const s = await setup(g, inputs);
    expect(s.code).toBe(0);
    expect(s.errors).toEqual([]);
    expect(s.outputs['cache-key']!.length).toBeLessThanOrEqual(512);
    expect(s.outputs['cache-key']).toMatch(/-mod-[0-9a-f]{64}-[0-9a-f]{16}$/);
    expect(s.warnings.join('\n')).toMatch(/cache-key-suffix/);
    expect((await go(g, ['build', '-o', os.devNull, '.'])).code).toBe(0);
  });

  it('setup on a machine without a cache service warns once and goes on', async () => {
    const g = goJob();
    const s = await setup(g, {});
    expect(s.code).toBe(0);
    expect(s.warnings.join('\n')).toMatch(/cache service is not available/);
    expect(s.outputs['cache-hit']).toBe('false');
  });

  it('cache-save: never restores but does not save', async () => {
    const inputs = {
      'cache-backend': 'local',
      'cache-dir': path.join(scratch, 'never-store'),
      'cache-save': 'never',
      'cache-build': 'false',
    };
    const g = goJob('runner', { warmBuildCache: true });
    const s = await setup(g, inputs);
    expect((await go(g, ['build', '-o', os.devNull, '.'])).code).toBe(0);
    const p = await post(g, s.state, inputs);
    expect(p.stdout).toMatch(/Go caches not saved: cache-save is never/);
    expect(files(path.join(scratch, 'never-store'))).toBe(0);
  });
});

describe('cache-backend: github (cache service over azurite)', () => {
  let azurite: Azurite;
  let service: CacheService;
  let serviceEnv: Record<string, string>;

  beforeAll(async () => {
    azurite = await startAzurite();
    service = await startCacheService({ azurite });
    serviceEnv = {
      ACTIONS_RESULTS_URL: service.url,
      ACTIONS_RUNTIME_TOKEN: service.token,
      ACTIONS_CACHE_SERVICE_V2: 'true',
      HTTP_PROXY: service.proxyUrl,
      http_proxy: service.proxyUrl,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
    };
  });

  afterAll(async () => {
    await service?.stop();
    await azurite?.stop();
  });

  it('restores the module and build caches in a new job, which builds offline', async () => {
    service.setFault(null);
    await coldThenWarm({}, serviceEnv);
    expect(service.entries.filter((e) => e.committed).length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['the service answers 500', '500'],
    ['the service is rate-limited (429)', '429'],
    ['the service answers garbage', 'malformed'],
    ['the service is down', 'down'],
    ['the blob is truncated', 'truncate-blob'],
  ] as [string, FaultKind][])(
    '%s: a warning, an empty cache, and a working build',
    async (_label, fault) => {
      // A cache to find: the previous test saved one; make sure it exists either way.
      service.setFault(null);
      const modOnly = { 'cache-build': 'false' };
      const seed = goJob('runner', { warmBuildCache: true });
      const s0 = await setup(seed, modOnly, serviceEnv);
      if (s0.outputs['cache-hit'] !== 'true') {
        expect((await go(seed, ['build', '-o', os.devNull, '.'])).code).toBe(0);
        await post(seed, s0.state, modOnly, serviceEnv);
      }

      service.setFault(fault);
      const g = goJob('runner', { warmBuildCache: true });
      // @actions/cache retries a 5xx or garbage answer five times (~30 s); the action's own
      // deadline cuts that short. Five seconds here, so the test stays quick.
      const faultEnv = { ...serviceEnv, SETUP_GO_VERIFIED_CACHE_TIMEOUT: '5' };
      const s = await setup(g, modOnly, faultEnv);
      expect(s.code).toBe(0);
      expect(s.errors).toEqual([]);
      expect(s.outputs['cache-hit']).toBe('false');
      expect(s.warnings.length).toBeGreaterThan(0);
      expect(files(path.join(g.env['GOPATH']!, 'pkg', 'mod'))).toBe(0);
      const built = await go(g, ['build', '-o', os.devNull, '.']);
      expect(built.code).toBe(0);
      const p = await post(g, s.state, modOnly, faultEnv);
      expect(p.code).toBe(0);
      expect(p.errors).toEqual([]);
      service.setFault(null);
    },
  );

  /** The module cache key of the fixture: a job that misses saves nothing and says it. */
  async function victimKey(): Promise<string> {
    const probe = goJob('runner-probe', { warmBuildCache: true });
    const s = await setup(probe, { 'cache-build': 'false' }, serviceEnv);
    expect(s.outputs['cache-key']).toMatch(/-mod-[0-9a-f]{64}$/);
    return s.outputs['cache-key']!;
  }

  type Members = Parameters<typeof tarMembers>[0];
  const outsideDir = () => path.join(scratch, 'outside');
  it.each([
    ['an absolute member', (p: string, out: string) => [{ name: `${out}/abs`, data: 'x' }]],
    [
      'a ../ member escaping the module cache',
      (p: string, out: string, modCache: string) => [
        { name: `${p}/cache/`, type: '5' },
        { name: `${p}/${path.relative(modCache, out)}/dotdot`, data: 'x' },
      ],
    ],
    [
      'a symlink pointing outside, then a write through it',
      (p: string, out: string, modCache: string) => [
        { name: `${p}/github.com`, type: '2', linkname: path.relative(modCache, out) },
        { name: `${p}/github.com/through-link`, data: 'x' },
      ],
    ],
    [
      'a hard link to a file outside',
      (p: string, out: string) => [
        { name: `${p}/hl`, type: '1', linkname: `${out}/existing` },
        { name: `${p}/hl`, data: 'overwritten' },
      ],
    ],
  ] as [string, (p: string, out: string, modCache: string) => Members][])(
    'an entry under the exact key with %s is refused; the job fetches the modules again',
    async (label, members) => {
      service.setFault(null);
      const key = await victimKey();
      const g = goJob('runner', { warmBuildCache: true });
      const modCache = path.join(g.env['GOPATH']!, 'pkg', 'mod');
      const out = outsideDir();
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
      writeFileSync(path.join(out, 'existing'), 'original');
      const prefix = actionsMemberPrefix(g.job.workspace, modCache);
      const planted = members(prefix, out, modCache);
      const version = actionsCacheVersion([modCache], await actionsCompression(process.env));
      await service.putEntry({ key, version, data: gzipSync(tarMembers(planted)) });

      const modOnly = { 'cache-build': 'false' };
      const s = await setup(g, modOnly, serviceEnv);
      expect(s.code).toBe(0);
      expect(s.errors).toEqual([]);
      expect(s.outputs['cache-hit']).toBe('false');
      const refused = planted.find((m) => !m.name.endsWith('/'))!;
      const warning = s.warnings.find((w) => w.includes('refused the cache entry'));
      expect(warning).toBeDefined();
      expect(warning).toContain(`member ${JSON.stringify(refused.name)}`);
      expect(warning).toContain('nothing was unpacked');
      // Nothing written outside, nothing in the module cache, the outside file untouched.
      expect(readdirSync(out)).toEqual(['existing']);
      expect(statSync(path.join(out, 'existing')).nlink).toBe(1);
      expect(files(modCache)).toBe(0);
      const built = await go(g, ['build', '-o', os.devNull, '.']);
      expect(built.code).toBe(0);
      expect(built.stderr).toMatch(/downloading github\.com\/google\/uuid/);
      void label;
    },
  );

  it.each([
    ['the lookup is slow', { kind: 'slow', methods: ['GetCacheEntryDownloadURL'] }],
    ['the download is slow', { kind: 'slow-blob', methods: ['blob'] }],
  ] as [string, Exclude<Fault, string>][])(
    '%s: the restore stops at the deadline and nothing appears in the module cache later',
    async (_label, fault) => {
      service.setFault(null);
      const modOnly = { 'cache-build': 'false' };
      // A genuine entry to find.
      const seed = goJob('runner', { warmBuildCache: true });
      const s0 = await setup(seed, modOnly, serviceEnv);
      if (s0.outputs['cache-hit'] !== 'true') {
        expect((await go(seed, ['build', '-o', os.devNull, '.'])).code).toBe(0);
        await post(seed, s0.state, modOnly, serviceEnv);
      }
      const delayMs = 8_000;
      service.setFault({ ...fault, delayMs });
      const g = goJob('runner', { warmBuildCache: true });
      const modCache = path.join(g.env['GOPATH']!, 'pkg', 'mod');
      const started = Date.now();
      const s = await setup(g, modOnly, { ...serviceEnv, SETUP_GO_VERIFIED_CACHE_TIMEOUT: '2' });
      expect(s.code).toBe(0);
      expect(s.outputs['cache-hit']).toBe('false');
      expect(s.warnings.join('\n')).toMatch(/within 2 s, so the restore was stopped/);
      expect(files(modCache)).toBe(0);
      // Past the delay: the service has answered by now; the module cache stays empty.
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, started + delayMs + 2_000 - Date.now())),
      );
      expect(files(modCache)).toBe(0);
      // No staging directory left beside it either.
      const beside = existsSync(path.dirname(modCache)) ? readdirSync(path.dirname(modCache)) : [];
      expect(beside.filter((n) => n.startsWith('.'))).toEqual([]);
      service.setFault(null);
    },
  );
});
