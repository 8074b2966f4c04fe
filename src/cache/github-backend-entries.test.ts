// The GitHub cache backend restoring entries written by hand, as a hostile job could save
// them: stored under the exact key and version a victim looks up, in the loopback cache
// service over real Azurite; and lookups over the v1 protocol (GitHub Enterprise Server).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startAzurite, type Azurite } from '../../test-support/azurite.mjs';
import { startCacheService, type CacheService } from '../../test-support/cache-service.mjs';
import { tarMembers } from '../../test-support/hostile-archives.mjs';
import { silentLogger, type Logger } from '../log.js';
import { actionsCacheVersion, actionsMemberPrefix } from './actions-cache-version.js';
import { GitHubCacheBackend } from './github-backend.js';

let azurite: Azurite;
let service: CacheService;
let root: string;
let workspace: string;
const saved = new Map<string, string | undefined>();

function setEnv(name: string, value: string | undefined): void {
  if (!saved.has(name)) saved.set(name, process.env[name]);
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'github-backend-entries-'));
  azurite = await startAzurite({ dir: path.join(root, 'azurite') });
  service = await startCacheService({ azurite });
  workspace = path.join(root, 'workspace');
  await mkdir(workspace);
  setEnv('ACTIONS_CACHE_SERVICE_V2', 'true');
  setEnv('ACTIONS_RESULTS_URL', service.url);
  setEnv('ACTIONS_RUNTIME_TOKEN', service.token);
  setEnv('RUNNER_TEMP', path.join(root, 'runner-temp'));
  setEnv('GITHUB_WORKSPACE', workspace);
  setEnv('HTTP_PROXY', service.proxyUrl);
  for (const name of ['http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy']) {
    setEnv(name, undefined);
  }
  for (const name of ['NO_PROXY', 'no_proxy', 'GITHUB_SERVER_URL', 'ACTIONS_CACHE_URL']) {
    setEnv(name, undefined);
  }
  setEnv('ACTIONS_CACHE_MODE', undefined);
}, 60_000);

afterAll(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await service?.stop();
  await azurite?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

let counter = 0;
function fresh(name: string): { key: string; dir: string } {
  counter++;
  return {
    key: `setup-go-verified-test-${name}-${counter}-${randomBytes(4).toString('hex')}`,
    dir: path.join(root, 'dirs', `${name}-${counter}`, 'mod'),
  };
}

function backend(logger: Logger = silentLogger): { cache: GitHubCacheBackend } {
  // These tests only restore: no save process is ever started.
  const saveScript = path.join(root, 'no-saves-here.mjs');
  const stdout = (): void => undefined;
  return { cache: new GitHubCacheBackend({ logger, env: process.env, saveScript, stdout }) };
}

async function entriesOf(dir: string): Promise<string[] | undefined> {
  return readdir(dir).catch(() => undefined);
}

function calls(method: string): number {
  return service.requests.filter((r) => r.method === method).length;
}

describe('GitHubCacheBackend with entries written by hand', () => {
  /** Stores `members` (gzip tar) as the entry a restore of `dir` under `key` finds. */
  async function plant(key: string, dir: string, members: Parameters<typeof tarMembers>[0]) {
    const version = actionsCacheVersion([dir], 'zstd-without-long');
    await service.putEntry({ key, version, data: gzipSync(tarMembers(members)) });
  }

  /** The member prefix of entries saved from `dir` (relative to GITHUB_WORKSPACE). */
  function prefixOf(dir: string): string {
    return actionsMemberPrefix(workspace, dir);
  }

  it('refuses an entry under the exact key whose member leaves the directory', async () => {
    const { key, dir } = fresh('escape');
    const prefix = prefixOf(dir);
    const outside = path.join(path.dirname(dir), 'pwned');
    await plant(key, dir, [
      { name: `${prefix}/`, type: '5' },
      { name: `${prefix}/ok.txt`, data: 'fine' },
      { name: `${prefix}/../pwned`, data: 'escaped' },
    ]);
    const warnings: string[] = [];
    const { cache } = backend({ ...silentLogger, warning: (m) => warnings.push(m) });
    const outcome = await cache.restore({ dir, key, restoreKeys: [] });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringContaining(`member "${prefix}/../pwned": '..' component`),
    });
    expect(await entriesOf(dir)).toBeUndefined();
    expect(await entriesOf(path.dirname(dir))).toEqual([]); // no staging directory left
    expect(existsSync(outside)).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('refuses an entry made with another workspace (members outside the prefix)', async () => {
    const { key, dir } = fresh('workspace');
    await plant(key, dir, [{ name: 'mod/go.mod', data: 'module x\n' }]);
    const outcome = await backend().cache.restore({ dir, key, restoreKeys: [] });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(
        /member "mod\/go\.mod": outside "\.\.\/dirs\/workspace-\d+\/mod"/,
      ),
    });
    expect(await entriesOf(dir)).toBeUndefined();
  });

  it('does not look up when the cache-mode forbids reads, as @actions/cache', async () => {
    const { key, dir } = fresh('mode');
    const lookups = calls('GetCacheEntryDownloadURL');
    setEnv('ACTIONS_CACHE_MODE', 'write-only');
    try {
      expect(await backend().cache.restore({ dir, key, restoreKeys: [] })).toEqual({
        kind: 'miss',
      });
    } finally {
      setEnv('ACTIONS_CACHE_MODE', undefined);
    }
    expect(calls('GetCacheEntryDownloadURL')).toBe(lookups);
  });

  it('finds entries through the v1 protocol (GitHub Enterprise Server)', async () => {
    const { key, dir } = fresh('v1');
    await plant(key, dir, [{ name: `${prefixOf(dir)}/a/b.txt`, data: 'v1' }]);
    const v2 = process.env['ACTIONS_CACHE_SERVICE_V2'];
    delete process.env['ACTIONS_CACHE_SERVICE_V2'];
    process.env['ACTIONS_CACHE_URL'] = service.url;
    try {
      const lookups = calls('v1-lookup');
      const outcome = await backend().cache.restore({ dir, key: `${key}-x`, restoreKeys: [key] });
      expect(outcome).toEqual({ kind: 'partial', matchedKey: key, bytes: expect.any(Number) });
      expect(await readFile(path.join(dir, 'a', 'b.txt'), 'utf8')).toBe('v1');
      expect(calls('v1-lookup')).toBe(lookups + 1);
      const miss = await backend().cache.restore({ dir: `${dir}2`, key, restoreKeys: [] });
      expect(miss).toEqual({ kind: 'miss' });
    } finally {
      process.env['ACTIONS_CACHE_SERVICE_V2'] = v2;
      delete process.env['ACTIONS_CACHE_URL'];
    }
  });
});
