import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { SUM_GOLANG_ORG_KEY } from '../verify/sumdb/note.js';
import { buildDirs, buildTool, isolatedBuildEnv, MATCHES_NO_MODULE } from './tool-build.js';
import { buildFromSource, type ToolJob } from './tools.js';

const host = { go: 'go', version: 'go1.25.14', os: 'linux', arch: 'arm64' };
const dirs = buildDirs('/work');

describe('isolatedBuildEnv', () => {
  it('sets every exemption to a pattern no module matches, and the database with its key', () => {
    const env = isolatedBuildEnv(
      {
        PATH: '/bin',
        HOME: '/home/u',
        HTTPS_PROXY: 'http://proxy:3128',
        GONOSUMDB: 'honnef.co',
        GOPRIVATE: '*',
        GOINSECURE: '*',
        GONOPROXY: '*',
        GOSUMDB: 'off',
        GOFLAGS: '-mod=vendor -modcacherw',
        GOTOOLCHAIN: 'auto',
        GOOS: 'windows',
        GOARCH: 'amd64',
        GOMODCACHE: '/shared/mod',
        GOCACHE: '/shared/build',
        GOPROXY: 'https://corp.example/go',
        GOEXPERIMENT: 'nocoverageredesign',
      },
      host,
      dirs,
      '/out',
    );
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/u',
      HTTPS_PROXY: 'http://proxy:3128',
      GOENV: 'off',
      GOFLAGS: '-trimpath -modcacherw',
      GONOSUMDB: MATCHES_NO_MODULE,
      GONOPROXY: MATCHES_NO_MODULE,
      GOPRIVATE: MATCHES_NO_MODULE,
      GOINSECURE: MATCHES_NO_MODULE,
      GOSUMDB: SUM_GOLANG_ORG_KEY,
      GOTOOLCHAIN: 'local',
      GOWORK: 'off',
      GO111MODULE: 'on',
      GOPATH: dirs.gopath,
      GOMODCACHE: dirs.gomodcache,
      GOCACHE: dirs.gocache,
      GOBIN: '/out',
      GOOS: 'linux',
      GOARCH: 'arm64',
      CGO_ENABLED: '0',
      GOPROXY: 'https://corp.example/go',
    });
  });

  it('keeps the URL of a sum.golang.org mirror, under the built-in key', () => {
    const env = isolatedBuildEnv(
      { GOSUMDB: 'sum.golang.org https://sumdb.example' },
      host,
      dirs,
      '/o',
    );
    expect(env['GOSUMDB']).toBe(`${SUM_GOLANG_ORG_KEY} https://sumdb.example`);
    const other = isolatedBuildEnv(
      { GOSUMDB: 'evil.example+1234+AAAA https://x' },
      host,
      dirs,
      '/o',
    );
    expect(other['GOSUMDB']).toBe(SUM_GOLANG_ORG_KEY);
  });
});

describe('the isolated build against a hostile home (real go command)', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-tool-build-'));
  });
  afterAll(() => {
    execFileSync('chmod', ['-R', 'u+w', scratch]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('ignores a go env file with exemptions and a file proxy', () => {
    const home = path.join(scratch, 'home');
    const envFile = path.join(home, '.config', 'go', 'env');
    mkdirSync(path.dirname(envFile), { recursive: true });
    writeFileSync(
      envFile,
      'GONOSUMDB=honnef.co/go/tools\nGOPROXY=file:///tmp/evil\nGOSUMDB=off\nGOFLAGS=-mod=mod\nGOINSECURE=*\n',
    );
    const base = { PATH: process.env['PATH'], HOME: home, XDG_CONFIG_HOME: '' };
    // The file is real: the go command reads it when not isolated.
    const plain = JSON.parse(
      execFileSync('go', ['env', '-json', 'GONOSUMDB', 'GOPROXY', 'GOSUMDB'], {
        env: base,
        encoding: 'utf8',
      }),
    ) as Record<string, string>;
    expect(plain['GONOSUMDB']).toBe('honnef.co/go/tools');
    const isolated = JSON.parse(
      execFileSync(
        'go',
        ['env', '-json', 'GONOSUMDB', 'GOPROXY', 'GOSUMDB', 'GOFLAGS', 'GOINSECURE', 'GOPRIVATE'],
        {
          env: isolatedBuildEnv(base, host, buildDirs(scratch), path.join(scratch, 'bin')),
          encoding: 'utf8',
        },
      ),
    ) as Record<string, string>;
    expect(isolated).toMatchObject({
      GONOSUMDB: MATCHES_NO_MODULE,
      GOINSECURE: MATCHES_NO_MODULE,
      GOPRIVATE: MATCHES_NO_MODULE,
      GOSUMDB: SUM_GOLANG_ORG_KEY,
      GOFLAGS: '-trimpath -modcacherw',
    });
    expect(isolated['GOPROXY']).not.toContain('file://');
  });

  it("reports the go command's own words when the build fails", async () => {
    await expect(
      buildTool({
        pkg: 'honnef.co/go/tools/cmd/staticcheck',
        version: 'v0.6.1',
        binary: 'staticcheck',
        host: { ...host, os: process.platform === 'darwin' ? 'darwin' : 'linux', arch: 'amd64' },
        dirs: buildDirs(path.join(scratch, 'fail')),
        gobin: path.join(scratch, 'fail-bin'),
        env: { PATH: process.env['PATH'], HOME: scratch, GOPROXY: 'off' },
      }),
    ).rejects.toThrow(
      /go install honnef\.co\/go\/tools\/cmd\/staticcheck@v0\.6\.1 with go1\.25\.14 failed \(exit 1\):\n.*GOPROXY=off/,
    );
  });

  it("refuses, before building, a release the job's Go cannot build", async () => {
    const job: ToolJob = { go: host, root: scratch, runDir: scratch, env: {} };
    const err = await buildFromSource(job, 'staticcheck', 'v0.8.2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(
      /needs go1\.26\.0 or newer to build, and this job has go1\.25\.14/,
    );
  });
});
