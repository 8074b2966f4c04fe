// The version and member layout of @actions/cache entries, checked against @actions/cache's
// own functions (imported from its files: the package exports only its entry point).
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import {
  getCacheVersion,
  getCompressionMethod,
} from '../../node_modules/@actions/cache/lib/internal/cacheUtils.js';
import type { CompressionMethod } from '../../node_modules/@actions/cache/lib/internal/constants.js';
import {
  actionsCacheVersion,
  actionsCompression,
  actionsMemberPrefix,
  actionsWorkspace,
} from './actions-cache-version.js';

describe('actionsCacheVersion', () => {
  const dirs = ['/home/runner/go/pkg/mod', '/home/runner/.cache/go-build', 'relative/dir', '.'];

  it.each(dirs)('is the version @actions/cache files %s under, for both compressions', (dir) => {
    for (const compression of ['zstd-without-long', 'gzip'] as const) {
      expect(actionsCacheVersion([dir], compression)).toBe(
        getCacheVersion([dir], compression as CompressionMethod, false),
      );
    }
  });

  it('differs by path and compression, and adds windows-only on Windows', () => {
    const a = actionsCacheVersion(['/a'], 'gzip', { platform: 'linux' });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(actionsCacheVersion(['/b'], 'gzip', { platform: 'linux' })).not.toBe(a);
    expect(actionsCacheVersion(['/a'], 'zstd-without-long', { platform: 'linux' })).not.toBe(a);
    // sha256("C:\a|gzip|windows-only|1.0"), as cacheUtils builds it on Windows.
    expect(actionsCacheVersion(['C:\\a'], 'gzip', { platform: 'win32' })).toBe(
      createHash('sha256').update('C:\\a|gzip|windows-only|1.0').digest('hex'),
    );
    expect(actionsCacheVersion(['C:\\a'], 'gzip', { platform: 'win32', crossOs: true })).toBe(
      createHash('sha256').update('C:\\a|gzip|1.0').digest('hex'),
    );
  });
});

describe('actionsCompression', () => {
  it('chooses what @actions/cache chooses on this machine', async () => {
    expect(await actionsCompression(process.env)).toBe(await getCompressionMethod());
  });

  it('is gzip without a zstd program on PATH', async () => {
    expect(await actionsCompression({ PATH: '/nonexistent' })).toBe('gzip');
  });
});

describe('actionsMemberPrefix', () => {
  it('is the directory relative to the workspace, as tar -P stores it', () => {
    const ws = '/srv/ci/build/repo/repo';
    expect(actionsMemberPrefix(ws, '/srv/ci/go/pkg/mod', path.posix)).toBe('../../../go/pkg/mod');
    expect(actionsMemberPrefix(ws, `${ws}/vendor/cache`, path.posix)).toBe('vendor/cache');
    expect(actionsMemberPrefix(ws, ws, path.posix)).toBe('.');
    expect(actionsMemberPrefix('/', '/opt/x', path.posix)).toBe('opt/x');
  });

  it('uses / on Windows, and the absolute path for another drive', () => {
    const ws = 'D:\\a\\repo\\repo';
    expect(actionsMemberPrefix(ws, 'D:\\a\\_temp\\go-build', path.win32)).toBe(
      '../../_temp/go-build',
    );
    expect(actionsMemberPrefix(ws, 'C:\\Users\\runner\\go\\pkg\\mod', path.win32)).toBe(
      'C:/Users/runner/go/pkg/mod',
    );
  });

  it('reads GITHUB_WORKSPACE, else the working directory', () => {
    expect(actionsWorkspace({ GITHUB_WORKSPACE: '/w' })).toBe('/w');
    expect(actionsWorkspace({})).toBe(process.cwd());
  });
});
