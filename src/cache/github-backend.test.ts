// The GitHub cache backend against real Azurite and a loopback cache service speaking the
// Twirp protocol @actions/cache uses (and v1 for lookups), with real trees, real tar and
// zstd: saved by @actions/cache, restored by our own client and extractor. Entries written by
// hand (hostile ones, v1 lookups) are in github-backend-entries.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { startAzurite, type Azurite } from '../../test-support/azurite.mjs';
import { cacheSaveScript } from '../../test-support/cache-save-script.mjs';
import {
  startCacheService,
  type CacheService,
  type Fault,
} from '../../test-support/cache-service.mjs';
import type { Logger } from '../log.js';
import { CACHE_TIMEOUT_ENV, GitHubCacheBackend, githubCacheAvailable } from './github-backend.js';

let azurite: Azurite;
let service: CacheService;
let root: string;
let saveScript: string;
const savedEnv = new Map<string, string | undefined>();

/** Sets (or, for undefined, removes) an environment variable until afterAll. */
function setEnv(name: string, value: string | undefined): void {
  if (!savedEnv.has(name)) savedEnv.set(name, process.env[name]);
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'github-backend-'));
  saveScript = await cacheSaveScript(path.join(root, 'save-script'));
  azurite = await startAzurite({ dir: path.join(root, 'azurite') });
  service = await startCacheService({ azurite });
  const workspace = path.join(root, 'workspace');
  await mkdir(workspace);
  setEnv('ACTIONS_CACHE_SERVICE_V2', 'true');
  setEnv('ACTIONS_RESULTS_URL', service.url);
  setEnv('ACTIONS_RUNTIME_TOKEN', service.token);
  setEnv('RUNNER_TEMP', path.join(root, 'runner-temp'));
  setEnv('GITHUB_WORKSPACE', workspace);
  // Blob URLs name ACCOUNT.blob.core.windows.net, as on GitHub; the proxy leads them to Azurite.
  setEnv('HTTP_PROXY', service.proxyUrl);
  for (const name of [
    'http_proxy',
    'HTTPS_PROXY',
    'https_proxy',
    'ALL_PROXY',
    'all_proxy',
    'NO_PROXY',
    'no_proxy',
    'GITHUB_SERVER_URL',
    'ACTIONS_CACHE_URL',
    'ACTIONS_CACHE_MODE',
    'SEGMENT_DOWNLOAD_TIMEOUT_MINS',
    'CACHE_UPLOAD_CONCURRENCY',
    'CACHE_UPLOAD_CHUNK_SIZE',
    'RUNNER_DEBUG',
    CACHE_TIMEOUT_ENV,
  ]) {
    setEnv(name, undefined);
  }
}, 60_000);

afterAll(async () => {
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await service?.stop();
  await azurite?.stop();
  if (root) await removeTree(root);
});

afterEach(() => service.setFault(null));

interface Recorded extends Logger {
  readonly lines: { level: 'info' | 'warning' | 'debug'; text: string }[];
  text(level: 'info' | 'warning' | 'debug'): string;
}

function recordingLogger(): Recorded {
  const lines: Recorded['lines'] = [];
  return {
    lines,
    info: (text) => lines.push({ level: 'info', text }),
    warning: (text) => lines.push({ level: 'warning', text }),
    debug: (text) => lines.push({ level: 'debug', text }),
    group: (_name, fn) => fn(),
    text: (level) =>
      lines
        .filter((l) => l.level === level)
        .map((l) => l.text)
        .join('\n'),
  };
}

function backend(timeoutSeconds?: number): {
  cache: GitHubCacheBackend;
  log: Recorded;
  /** What the save process wrote that the backend passed on as it was. */
  passed: string[];
} {
  const log = recordingLogger();
  const env =
    timeoutSeconds === undefined
      ? process.env
      : { ...process.env, [CACHE_TIMEOUT_ENV]: String(timeoutSeconds) };
  const passed: string[] = [];
  const stdout = (text: string): void => void passed.push(text);
  return { cache: new GitHubCacheBackend({ logger: log, env, saveScript, stdout }), log, passed };
}

let counter = 0;
/** A key and a directory of their own for one test (the directory is part of the version). */
function fresh(name: string): { key: string; dir: string } {
  counter++;
  return {
    key: `setup-go-verified-test-${name}-${counter}-${randomBytes(4).toString('hex')}`,
    dir: path.join(root, 'dirs', `${name}-${counter}`, 'mod'),
  };
}

/**
 * A small module cache: incompressible zips (so the archive spans several zstd blocks) and,
 * as Go leaves them, a read-only extracted module.
 */
async function writeModuleTree(dir: string, seed: string): Promise<void> {
  const dl = path.join(dir, 'cache', 'download', 'example.com', 'm', '@v');
  const mod = path.join(dir, 'example.com', `m@v1.0.0-${seed}`);
  await mkdir(dl, { recursive: true });
  await mkdir(mod, { recursive: true });
  await writeFile(path.join(dl, 'list'), `v1.0.0-${seed}\n`);
  await writeFile(path.join(dl, `v1.0.0-${seed}.zip`), randomBytes(400_000));
  await writeFile(path.join(mod, 'go.mod'), `module example.com/m // ${seed}\n`);
  await writeFile(path.join(mod, 'data.bin'), randomBytes(400_000));
  await chmod(path.join(mod, 'go.mod'), 0o444);
  await chmod(path.join(mod, 'data.bin'), 0o444);
  await chmod(mod, 0o555);
}

/**
 * Every entry under `dir`: type, permission bits and a hash of the content. Restores write
 * canonical modes (the extractor's 0644/0755 less the umask), so `modes: false` leaves them out.
 */
async function snapshot(dir: string, { modes = true } = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(rel: string): Promise<void> {
    for (const name of await readdir(path.join(dir, rel))) {
      const r = path.join(rel, name);
      const st = await lstat(path.join(dir, r));
      const mode = modes ? (st.mode & 0o777).toString(8) : '-';
      if (st.isDirectory()) {
        out[r] = `dir ${mode}`;
        await walk(r);
      } else {
        const hash = createHash('sha256')
          .update(await readFile(path.join(dir, r)))
          .digest('hex');
        out[r] = `file ${mode} ${hash}`;
      }
    }
  }
  await walk('');
  return out;
}

/** Removes a tree with read-only directories in it. */
async function removeTree(dir: string): Promise<void> {
  const st = await lstat(dir).catch(() => undefined);
  if (!st) return;
  if (st.isDirectory()) {
    await chmod(dir, 0o755);
    for (const name of await readdir(dir)) await removeTree(path.join(dir, name));
  }
  await rm(dir, { recursive: true, force: true });
}

async function entriesOf(dir: string): Promise<string[] | undefined> {
  return readdir(dir).catch(() => undefined);
}

/**
 * What a restore, which runs in this process, writes to stdout while `fn` runs: a jest spy on
 * process.stdout.write for the test's duration (the backend itself hooks nothing).
 */
async function stdoutDuring<T>(fn: () => Promise<T>): Promise<{ result: T; written: string }> {
  let written = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written += String(chunk);
    return true;
  });
  try {
    return { result: await fn(), written };
  } finally {
    spy.mockRestore();
  }
}

function calls(method: string): number {
  return service.requests.filter((r) => r.method === method).length;
}

/** Saves a fresh module tree under `key` from `dir`, then deletes the tree. */
async function seed(key: string, dir: string, tree = key): Promise<Record<string, string>> {
  await writeModuleTree(dir, tree);
  const before = await snapshot(dir, { modes: false });
  const saved = await backend().cache.save({ dir, key });
  expect(saved.kind).toBe('saved');
  await removeTree(dir);
  return before;
}

describe('GitHubCacheBackend', () => {
  it('saves a tree and restores it byte for byte into a missing directory (hit)', async () => {
    const { key, dir } = fresh('hit');
    await writeModuleTree(dir, 'hit');
    const before = await snapshot(dir, { modes: false });
    const { cache, log, passed } = backend();

    const saved = await cache.save({ dir, key });
    expect(saved).toEqual({ kind: 'saved', bytes: expect.any(Number) });
    // The save process's `::add-mask::` of the upload URL's signature is passed on as it
    // was written, and nothing else is: its progress and debug lines went to the logger.
    const sig = /[?&]sig=([^&"\s]+)/.exec(log.text('debug'))?.[1];
    expect(sig).toBeDefined();
    expect(passed).toContain(`::add-mask::${decodeURIComponent(sig!)}\n`);
    expect(passed.filter((t) => !t.startsWith('::add-mask::'))).toEqual([]);
    expect(log.text('info')).toMatch(/^Sent \d+ of \d+ \(100\.0%\)/m);
    const entry = service.entries.find((e) => e.key === key);
    expect(entry).toMatchObject({ committed: true, sizeBytes: (saved as { bytes: number }).bytes });

    await removeTree(dir);
    const blobs = service.requests.filter((r) => r.method === 'blob').length;
    const { result, written } = await stdoutDuring(() =>
      cache.restore({ dir, key, restoreKeys: ['setup-go-verified-test-'] }),
    );
    expect(result).toEqual({ kind: 'hit', matchedKey: key, bytes: entry?.sizeBytes });
    expect(await snapshot(dir, { modes: false })).toEqual(before);
    // Modes are the extractor's: the read-only module directory comes back writable.
    expect((await lstat(path.join(dir, 'example.com'))).mode & 0o700).toBe(0o700);
    // One GET of the blob through the proxy (a CONNECT tunnel, as the project's HTTP layer
    // makes); nothing written to stdout (no workflow commands, no masks needed).
    const gets = service.requests
      .slice(blobs)
      .filter((r) => r.method === 'blob' && r.verb !== 'PUT');
    expect(gets.map((r) => r.verb)).toEqual(['GET']);
    expect(written).toBe('');
    expect(passed.filter((t) => !t.startsWith('::add-mask::'))).toEqual([]);
    expect(log.text('info')).toContain(`Restored ${key}`);
    expect(log.text('warning')).toBe('');
  });

  it('restores the newest entry matching a restore-key prefix into an empty directory (partial)', async () => {
    const { key, dir } = fresh('partial');
    await seed(`${key}-older`, dir);
    const newest = await seed(`${key}-newer`, dir);
    await mkdir(dir, { recursive: true });

    const outcome = await backend().cache.restore({
      dir,
      key: `${key}-wanted`,
      restoreKeys: [`${key}-`],
    });
    expect(outcome).toEqual({
      kind: 'partial',
      matchedKey: `${key}-newer`,
      bytes: expect.any(Number),
    });
    expect(await snapshot(dir, { modes: false })).toEqual(newest);
  });

  it('misses when no entry matches, also for an entry saved from another directory', async () => {
    const { key, dir } = fresh('miss');
    await seed(key, dir);
    const other = fresh('miss-other').dir;
    const { cache, log } = backend();

    expect(await cache.restore({ dir, key: `${key}-absent`, restoreKeys: ['no-such-'] })).toEqual({
      kind: 'miss',
    });
    expect(await entriesOf(dir)).toBeUndefined();
    // Same key, other path: @actions/cache hashes the path into the version.
    expect(await cache.restore({ dir: other, key, restoreKeys: [] })).toEqual({ kind: 'miss' });
    expect(await entriesOf(other)).toBeUndefined();
    expect(log.text('warning')).toBe('');
  });

  it('does not restore over files, and refuses what it cannot save', async () => {
    const { key, dir } = fresh('refuse');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'mine'), 'keep me');
    const { cache } = backend();
    const lookups = calls('GetCacheEntryDownloadURL');

    const outcome = await cache.restore({ dir, key, restoreKeys: [] });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: `${dir} already has files; not restoring over them`,
    });
    expect(await readFile(path.join(dir, 'mine'), 'utf8')).toBe('keep me');
    expect(calls('GetCacheEntryDownloadURL')).toBe(lookups);

    const empty = fresh('refuse-empty').dir;
    await mkdir(empty, { recursive: true });
    expect(await cache.save({ dir: empty, key })).toEqual({
      kind: 'failed',
      reason: expect.stringContaining('is empty or missing; there is nothing to save'),
    });
    expect(await cache.save({ dir: path.join(root, 'mod[1]'), key })).toEqual({
      kind: 'failed',
      reason: expect.stringContaining('contains glob characters'),
    });
    expect(await cache.save({ dir, key: 'a,b' })).toEqual({
      kind: 'failed',
      reason: expect.stringContaining('cannot contain commas'),
    });
  });

  it('reports a second save of the same key as exists', async () => {
    const { key, dir } = fresh('exists');
    await writeModuleTree(dir, 'exists');
    const { cache, log } = backend();
    expect((await cache.save({ dir, key })).kind).toBe('saved');
    expect(await cache.save({ dir, key })).toEqual({ kind: 'exists' });
    const creates = service.requests.filter(
      (r) => r.method === 'CreateCacheEntry' && (r.body as { key?: string }).key === key,
    );
    expect(creates.map((r) => r.status)).toEqual([200, 409]);
    expect(log.text('warning')).toBe('');
  });

  it('fails on a rate limit at once, without retrying and without a warning annotation', async () => {
    const { key, dir } = fresh('rate');
    await seed(key, dir);
    service.setFault('429');
    const { cache } = backend();
    const lookups = calls('GetCacheEntryDownloadURL');

    const { result, written } = await stdoutDuring(() =>
      cache.restore({ dir, key, restoreKeys: [] }),
    );
    expect(result).toEqual({ kind: 'failed', reason: expect.stringMatching(/\(429\)/) });
    expect((result as { reason: string }).reason).toMatch(/rate limit/i);
    expect(calls('GetCacheEntryDownloadURL')).toBe(lookups + 1);
    expect(written).not.toMatch(/::warning::|::error::/);
    expect(await entriesOf(dir)).toBeUndefined();

    await writeModuleTree(dir, 'rate');
    expect(await cache.save({ dir, key: `${key}-new` })).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(/did not reserve .*\(429\)/),
    });
  });

  it('fails when the service is down, for restore and save', async () => {
    const { key, dir } = fresh('down');
    await seed(key, dir);
    service.setFault('down');
    const { cache } = backend();

    const restored = await cache.restore({ dir, key, restoreKeys: [] });
    expect(restored).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(/ECONNRESET|ECONNREFUSED|socket hang up/),
    });
    expect(await entriesOf(dir)).toBeUndefined();

    await writeModuleTree(dir, 'down');
    const saved = await cache.save({ dir, key: `${key}-new` });
    expect(saved).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(/ECONNRESET|ECONNREFUSED|socket hang up/),
    });
  });

  it('leaves the directory empty when the downloaded archive is truncated', async () => {
    const { key, dir } = fresh('truncated');
    await seed(key, dir);
    await mkdir(dir, { recursive: true });
    service.setFault('truncate-blob');
    const { cache, log } = backend();

    const outcome = await cache.restore({ dir, key, restoreKeys: [] });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringContaining('the cache entry is corrupt or truncated'),
    });
    expect(await entriesOf(dir)).toEqual([]);
    // The staging directory beside it is gone too.
    expect(await entriesOf(path.dirname(dir))).toEqual(['mod']);
    expect(log.text('warning')).toBe('');
  });

  it.each([
    ['a slow lookup', { kind: 'slow', methods: ['GetCacheEntryDownloadURL'] }],
    ['a slow download', { kind: 'slow-blob', methods: ['blob'] }],
  ] as [string, Fault][])(
    'stops %s at the deadline, and nothing reaches the directory later',
    async (_label, fault) => {
      const { key, dir } = fresh('slow');
      await seed(key, dir);
      service.setFault({ ...(fault as Exclude<Fault, string>), delayMs: 2_500 });
      const { cache, log } = backend(0.5);

      const started = Date.now();
      const outcome = await cache.restore({ dir, key, restoreKeys: [] });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(outcome).toEqual({
        kind: 'failed',
        reason: expect.stringContaining(`did not finish restoring ${key}`),
      });
      expect((outcome as { reason: string }).reason).toMatch(
        /within 0\.5 s, so the restore was stopped/,
      );
      expect(await entriesOf(dir)).toBeUndefined();

      // Past the delay: the service answered by now, and still nothing arrived.
      await cache.idle();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await entriesOf(dir)).toBeUndefined();
      expect(await entriesOf(path.dirname(dir))).toEqual([]);
      expect(log.text('warning')).toBe('');
    },
  );

  it('stops a save at the deadline: its process is gone and nothing is uploaded later', async () => {
    const { key, dir } = fresh('slow-save');
    await writeModuleTree(dir, 'slow-save');
    const delayMs = 4_000;
    service.setFault({ kind: 'slow', methods: ['CreateCacheEntry'], delayMs });
    const { cache, log } = backend(1);
    const puts = service.requests.filter((r) => r.verb === 'PUT').length;

    const started = Date.now();
    const outcome = await cache.save({ dir, key });
    expect(Date.now() - started).toBeLessThan(delayMs);
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringContaining(
        `did not finish saving ${key} within 1 s, so the save was stopped`,
      ),
    });
    // save() returned only once the process had ended, and the group it led is empty too.
    const pid = Number(/saving \S+ in process (\d+)/.exec(log.text('debug'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    const probe = (target: number): string | undefined => {
      try {
        process.kill(target, 0);
        return 'running';
      } catch (err) {
        return (err as NodeJS.ErrnoException).code;
      }
    };
    expect(probe(pid)).toBe('ESRCH');
    if (process.platform !== 'win32') expect(probe(-pid)).toBe('ESRCH');

    // Past the delay: the service answered the reservation by now, to nobody.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, started + delayMs + 1_500 - Date.now())),
    );
    expect(service.entries.filter((e) => e.key === key && e.committed)).toEqual([]);
    expect(service.requests.filter((r) => r.verb === 'PUT').length).toBe(puts);
    expect(
      service.requests.filter(
        (r) => r.method === 'FinalizeCacheEntryUpload' && (r.body as { key?: string }).key === key,
      ),
    ).toEqual([]);
    expect(log.text('warning')).toBe('');
  });

  it('fails after @actions/cache retries a failing service (500 on lookup, garbage on reserve)', async () => {
    // @actions/cache makes 5 attempts 3 s, 4.5 s, 6.75 s, 10 s apart: about 30 s. Both
    // faults run at once to pay that only once.
    const { key, dir } = fresh('retry');
    await seed(key, dir);
    const other = fresh('retry-save');
    await writeModuleTree(other.dir, 'retry');
    service.setFault([
      { kind: '500', methods: ['GetCacheEntryDownloadURL'] },
      { kind: 'malformed', methods: ['CreateCacheEntry'] },
    ]);
    const lookups = calls('GetCacheEntryDownloadURL');
    const creates = calls('CreateCacheEntry');

    const [restored, saved] = await Promise.all([
      backend().cache.restore({ dir, key, restoreKeys: [] }),
      backend().cache.save(other),
    ]);
    expect(restored).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(/after 5 attempts: .*\(500\) Internal Server Error/),
    });
    expect(await entriesOf(dir)).toBeUndefined();
    expect(saved).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(/did not reserve .*after 5 attempts: .*JSON/),
    });
    expect(calls('GetCacheEntryDownloadURL') - lookups).toBe(5);
    expect(calls('CreateCacheEntry') - creates).toBe(5);
  }, 90_000);
});

describe('githubCacheAvailable', () => {
  const v2 = { ACTIONS_CACHE_SERVICE_V2: 'True', ACTIONS_RUNTIME_TOKEN: 't' };

  it('needs the v2 service URL and the runtime token on github.com', () => {
    expect(githubCacheAvailable({ ...v2, ACTIONS_RESULTS_URL: 'https://results/' })).toBe(true);
    expect(githubCacheAvailable({ ...v2, ACTIONS_CACHE_URL: 'https://cache/' })).toBe(false);
    expect(
      githubCacheAvailable({ ACTIONS_CACHE_SERVICE_V2: 'True', ACTIONS_RESULTS_URL: 'https://r/' }),
    ).toBe(false);
    expect(githubCacheAvailable(process.env)).toBe(true);
  });

  it('needs the v1 service URL on GitHub Enterprise Server or without the v2 switch', () => {
    const ghes = { ...v2, GITHUB_SERVER_URL: 'https://github.example.com' };
    expect(githubCacheAvailable({ ...ghes, ACTIONS_RESULTS_URL: 'https://results/' })).toBe(false);
    expect(githubCacheAvailable({ ...ghes, ACTIONS_CACHE_URL: 'https://cache/' })).toBe(true);
    expect(
      githubCacheAvailable({ ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_CACHE_URL: 'https://cache/' }),
    ).toBe(true);
    expect(
      githubCacheAvailable({
        ...v2,
        GITHUB_SERVER_URL: 'https://acme.ghe.com',
        ACTIONS_RESULTS_URL: 'x',
      }),
    ).toBe(true);
  });
});
