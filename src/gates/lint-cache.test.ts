import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseGatesOptions } from './gates-options.js';
import { lintCacheDirs, lintCacheKey, userCacheDir } from './lint-cache.js';
import type { GoModule } from '../go/modules.js';

let root: string;
let mod: GoModule;
const options = parseGatesOptions(() => '');

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'sgv-lint-cache-'));
  mkdirSync(path.join(root, 'm'));
  writeFileSync(path.join(root, 'm', 'go.mod'), 'module example.com/m\n');
  writeFileSync(path.join(root, 'm', 'go.sum'), 'a v1 h1:x=\n');
  mod = { dir: path.join(root, 'm'), path: 'example.com/m', toolPins: {}, localDirs: [] };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const key = (opts = options) =>
  lintCacheKey({
    options: opts,
    modules: [mod],
    root,
    goVersion: 'go1.26.11',
    os: 'linux',
    arch: 'amd64',
  });

describe('lintCacheKey', () => {
  it('changes with go.sum, the golangci-lint config and the tool choices; restores by prefix', async () => {
    const first = await key();
    expect(first.key.startsWith(first.restoreKeys[0]!)).toBe(true);
    expect(first.restoreKeys[0]!.startsWith(first.restoreKeys[1]!)).toBe(true);
    expect(first.restoreKeys[1]).toBe(
      'setup-go-verified-lint-linux-amd64-go1.26.11-sc-default-gl-binary-default-',
    );
    expect((await key()).key).toBe(first.key);
    // New code, same dependencies: a new key that restores the entry of the old code first.
    writeFileSync(path.join(root, 'm', 'code.go'), 'package m\n');
    const edited = await key();
    expect(edited.key).not.toBe(first.key);
    expect(edited.restoreKeys[0]).toBe(first.restoreKeys[0]);
    writeFileSync(path.join(root, 'm', 'go.sum'), 'a v2 h1:y=\n');
    const afterSum = await key();
    expect(afterSum.key).not.toBe(first.key);
    writeFileSync(path.join(root, '.golangci.yml'), 'version: "2"\n');
    const afterConfig = await key();
    expect(afterConfig.key).not.toBe(afterSum.key);
    const pinned = await key({ ...options, staticcheckVersion: 'v0.7.0' });
    expect(pinned.restoreKeys[1]).toContain('-sc-v0.7.0-');
  });
});

describe('lint cache directories', () => {
  it('follow os.UserCacheDir and leave a user-chosen tool cache alone', () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBe('/x');
    expect(userCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux', '/home/u')).toBe('/home/u/.cache');
    expect(userCacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches');
    const dirs = lintCacheDirs({ XDG_CACHE_HOME: '/x', STATICCHECK_CACHE: '/mine' }, 'linux');
    expect(dirs.root).toBe(path.join('/x', 'setup-go-verified', 'lint'));
    expect(dirs.env).toEqual({
      GOLANGCI_LINT_CACHE: path.join('/x', 'setup-go-verified', 'lint', 'golangci-lint'),
    });
  });
});
