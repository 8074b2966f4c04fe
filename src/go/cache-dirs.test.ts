import { describe, expect, it } from '@jest/globals';
import * as os from 'node:os';
import * as path from 'node:path';
import { goCacheDirs, hostedWindowsCacheEnv } from './cache-dirs.js';

describe('goCacheDirs', () => {
  it('reports what the go command itself uses, following the environment', async () => {
    const home = path.join(os.tmpdir(), 'cache-dirs-home');
    const dirs = await goCacheDirs('go', {
      ...process.env,
      GOMODCACHE: '',
      GOPATH: path.join(home, 'gopath'),
      GOCACHE: path.join(home, 'build'),
    });
    expect(dirs).toEqual({
      modCache: path.join(home, 'gopath', 'pkg', 'mod'),
      buildCache: path.join(home, 'build'),
    });
  });

  it('leaves the build cache out when GOCACHE is off', async () => {
    const dirs = await goCacheDirs('go', { ...process.env, GOCACHE: 'off' });
    expect(dirs.buildCache).toBe('');
  });

  it('says which go failed', async () => {
    await expect(goCacheDirs('false', process.env)).rejects.toThrow(/^false env failed \(exit 1\)/);
  });
});

describe('hostedWindowsCacheEnv', () => {
  const hosted = { RUNNER_OS: 'Windows', RUNNER_ENVIRONMENT: 'github-hosted' };
  const hasD = () => true;

  it('puts both caches on D: on hosted Windows runners', () => {
    expect(hostedWindowsCacheEnv(hosted, hasD)).toEqual({
      GOMODCACHE: 'D:\\go\\pkg\\mod',
      GOCACHE: 'D:\\go\\cache',
    });
  });

  it('keeps a place the job chose', () => {
    expect(hostedWindowsCacheEnv({ ...hosted, GOCACHE: 'E:\\c' }, hasD)).toEqual({
      GOMODCACHE: 'D:\\go\\pkg\\mod',
    });
  });

  it('changes nothing on self-hosted runners, other systems, or without a D: drive', () => {
    expect(hostedWindowsCacheEnv({ ...hosted, RUNNER_ENVIRONMENT: 'self-hosted' }, hasD)).toEqual(
      {},
    );
    expect(hostedWindowsCacheEnv({ ...hosted, RUNNER_OS: 'Linux' }, hasD)).toEqual({});
    expect(hostedWindowsCacheEnv(hosted, () => false)).toEqual({});
  });
});
