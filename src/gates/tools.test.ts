import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { installFromSource, toolDir, verifiedInstallEnv, type GoInfo } from './tools.js';

const go: GoInfo = { go: 'go', version: 'go1.25.14', os: 'linux', arch: 'arm64' };

describe('verifiedInstallEnv', () => {
  it('clears every setting that would skip the checksum database and pins the toolchain', () => {
    const env = verifiedInstallEnv(
      {
        PATH: '/bin',
        GONOSUMDB: 'honnef.co',
        GONOSUMCHECK: '1',
        GOPRIVATE: '*',
        GOINSECURE: '*',
        GOSUMDB: 'off',
        GOFLAGS: '-mod=vendor -modcacherw',
        GOTOOLCHAIN: 'auto',
        GOOS: 'windows',
        GOARCH: 'amd64',
      },
      go,
      '/out',
    );
    for (const k of ['GONOSUMDB', 'GONOSUMCHECK', 'GOPRIVATE', 'GOINSECURE'])
      expect(env[k]).toBeUndefined();
    expect(env).toMatchObject({
      PATH: '/bin',
      GOSUMDB: 'sum.golang.org',
      GOFLAGS: '-modcacherw',
      GOTOOLCHAIN: 'local',
      GOBIN: '/out',
      GOOS: 'linux',
      GOARCH: 'arm64',
      GOWORK: 'off',
    });
  });

  it('keeps a checksum database the user names (a mirror of sum.golang.org)', () => {
    expect(
      verifiedInstallEnv({ GOSUMDB: 'sum.golang.org https://sumdb.example' }, go, '/o')['GOSUMDB'],
    ).toBe('sum.golang.org https://sumdb.example');
  });
});

describe('toolDir', () => {
  it('keys source builds by the Go that built them, binaries by version alone', () => {
    expect(toolDir('/tc', 'staticcheck', 'v0.7.0', 'linux', 'arm64', 'go1.25.14')).toBe(
      path.join('/tc', 'staticcheck', '0.7.0-go1.25.14', 'linux-arm64'),
    );
    expect(toolDir('/tc', 'golangci-lint', 'v2.15.0', 'darwin', 'arm64')).toBe(
      path.join('/tc', 'golangci-lint', '2.15.0', 'darwin-arm64'),
    );
  });
});

describe('installFromSource', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sgv-tools-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("refuses, before building, a release the job's Go cannot build", async () => {
    await expect(
      installFromSource({ tool: 'staticcheck', version: 'v0.8.2', go, root, env: {} }),
    ).rejects.toThrow(InputError);
    await expect(
      installFromSource({ tool: 'staticcheck', version: 'v0.8.2', go, root, env: {} }),
    ).rejects.toThrow(/needs go1\.26\.0 or newer to build, and this job has go1\.25\.14/);
  });

  it('uses a finished entry without running go', async () => {
    const dir = toolDir(root, 'staticcheck', 'v0.7.0', go.os, go.arch, go.version);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'staticcheck'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(dir, '.setup-go-verified-tool.json'), '{}');
    const t = await installFromSource({
      tool: 'staticcheck',
      version: 'v0.7.0',
      go: { ...go, go: path.join(root, 'no-such-go') },
      root,
      env: {},
    });
    expect(t).toMatchObject({ cached: true, path: path.join(dir, 'staticcheck') });
  });

  it("reports the go command's own words when the build fails, leaving nothing behind", async () => {
    const fakeGo = path.join(root, 'failing-go');
    writeFileSync(fakeGo, '#!/bin/sh\necho "verifying module: checksum mismatch" >&2\nexit 1\n', {
      mode: 0o755,
    });
    await expect(
      installFromSource({
        tool: 'staticcheck',
        version: 'v0.6.1',
        go: { ...go, go: fakeGo },
        root,
        env: {},
      }),
    ).rejects.toThrow(
      /go install honnef\.co\/go\/tools\/cmd\/staticcheck@v0\.6\.1 with go1\.25\.14 failed \(exit 1\):\nverifying module: checksum mismatch/,
    );
    const versionDir = path.dirname(
      toolDir(root, 'staticcheck', 'v0.6.1', go.os, go.arch, go.version),
    );
    expect(readdirSync(versionDir)).toEqual([]);
  });
});
