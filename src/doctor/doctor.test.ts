import { describe, expect, it } from '@jest/globals';
import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { which } from '../process.js';
import { notRun } from '../../test-support/not-run.mjs';
import { checkCgo } from './check-cgo.js';
import { checkGoEnvRan, checkGopath, checkGoroot } from './check-go-env.js';
import { checkGoflags } from './check-goflags.js';
import { checkGoOnPath } from './check-go-on-path.js';
import { checkPrivatePatterns } from './check-private.js';
import { checkChecksumDb, checkGoproxy } from './check-proxy-sumdb.js';
import { checkGotoolchain } from './check-toolchain-switch.js';
import { checkExpectedVersion } from './check-version-file.js';
import { checkWsl } from './check-wsl.js';
import { diagnose, summarizeDoctor } from './diagnose.js';
import { runDoctor } from './doctor.js';
import type { DoctorFacts, DoctorFinding, GoOnPath } from './facts.js';
import { classifyGoInstall, parseGoVersionOutput } from './go-install.js';
import { findAllOnPath } from './machine.js';
import { matchesModulePattern } from './patterns.js';
import { renderDoctor } from './render.js';

const linux = { os: 'linux', arch: 'amd64' };

function go(p: string, version: string | undefined, resolved = p): GoOnPath {
  return {
    path: p,
    resolved,
    versionOutput: version ? `go version ${version} linux/amd64` : '',
    ...(version ? { version, platform: 'linux/amd64' } : { error: 'exec format error' }),
  };
}

const USR_LOCAL = go('/usr/local/go/bin/go', 'go1.22.5');

/** A healthy Linux machine; each test changes what it is about. */
function facts(over: Partial<DoctorFacts> = {}, goEnv: Record<string, string> = {}): DoctorFacts {
  return {
    host: linux,
    env: { PATH: '/usr/local/go/bin:/home/u/go/bin:/usr/bin', HOME: '/home/u' },
    cwd: '/home/u/project',
    gos: [USR_LOCAL],
    goEnv: {
      GOROOT: '/usr/local/go',
      GOPATH: '/home/u/go',
      GOBIN: '',
      GOPROXY: 'https://proxy.golang.org,direct',
      GOSUMDB: 'sum.golang.org',
      GONOSUMDB: '',
      GOPRIVATE: '',
      GONOPROXY: '',
      GOINSECURE: '',
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      GOVERSION: 'go1.22.5',
      CGO_ENABLED: '1',
      CC: 'gcc',
      GOMODCACHE: '/home/u/go/pkg/mod',
      GOCACHE: '/home/u/.cache/go-build',
      GOENV: '/home/u/.config/go/env',
      ...goEnv,
    },
    ownGoRoot: '/usr/local/go',
    cCompiler: { name: 'gcc', path: '/usr/bin/gcc', others: ['cc'] },
    pkgConfig: { name: 'pkg-config', path: '/usr/bin/pkg-config' },
    wsl: false,
    wantProxy: false,
    ...over,
  };
}

const only = (fs: DoctorFinding[], check: string) => {
  const hits = fs.filter((f) => f.check === check);
  expect(hits).toHaveLength(1);
  return hits[0] as DoctorFinding;
};

describe('parseGoVersionOutput', () => {
  it('reads release, vendor-suffixed and development builds', () => {
    expect(parseGoVersionOutput('go version go1.22.5 linux/amd64\n')).toEqual({
      version: 'go1.22.5',
      platform: 'linux/amd64',
    });
    expect(parseGoVersionOutput('go version go1.22.5 X:boringcrypto linux/arm64')).toEqual({
      version: 'go1.22.5',
      platform: 'linux/arm64',
    });
    expect(
      parseGoVersionOutput(
        'go version devel go1.24-ce1ad0f Tue Jan 2 10:00:00 2024 +0000 darwin/arm64',
      ),
    ).toEqual({ version: 'devel go1.24-ce1ad0f', platform: 'darwin/arm64' });
    expect(parseGoVersionOutput('bash: go: command not found')).toEqual({});
  });
});

describe('classifyGoInstall', () => {
  it('tells snap, distribution packages, Homebrew and the rest apart', () => {
    expect(classifyGoInstall('/snap/bin/go', '/usr/bin/snap')).toBe('snap');
    expect(classifyGoInstall('/usr/bin/go', '/usr/lib/go-1.19/bin/go')).toBe('distro');
    expect(classifyGoInstall('/usr/bin/go', '/usr/lib/golang/bin/go')).toBe('distro');
    expect(classifyGoInstall('/usr/bin/go', '/usr/lib/go/bin/go')).toBe('distro');
    expect(classifyGoInstall('/usr/bin/go', '/usr/bin/go')).toBe('distro');
    expect(
      classifyGoInstall('/opt/homebrew/bin/go', '/opt/homebrew/Cellar/go/1.22.5/libexec/bin/go'),
    ).toBe('homebrew');
    expect(classifyGoInstall('/usr/local/go/bin/go', '/usr/local/go/bin/go')).toBe('other');
  });
});

describe('matchesModulePattern (GOPRIVATE semantics)', () => {
  it('matches a glob against as many leading path elements as it has', () => {
    expect(matchesModulePattern('github.com', 'github.com/stretchr/testify')).toBe(true);
    expect(matchesModulePattern('github.com/myorg', 'github.com/stretchr/testify')).toBe(false);
    expect(matchesModulePattern('github.com/myorg', 'github.com/myorg/lib/v2')).toBe(true);
    expect(matchesModulePattern('rsc.io/private', 'rsc.io/private/quux')).toBe(true);
    expect(matchesModulePattern('rsc.io/private', 'rsc.io/privateer')).toBe(false);
    expect(matchesModulePattern('rsc.io/private', 'rsc.io')).toBe(false);
  });
  it('supports *, ?, classes, lists and a trailing slash', () => {
    expect(matchesModulePattern('*.corp.example.com', 'git.corp.example.com/x')).toBe(true);
    expect(matchesModulePattern('*.corp.example.com', 'corp.example.com/x')).toBe(false);
    expect(matchesModulePattern('*', 'golang.org/x/mod')).toBe(true);
    expect(matchesModulePattern('gitlab.com/team?', 'gitlab.com/team1/a')).toBe(true);
    expect(matchesModulePattern('gitlab.com/[a-c]*', 'gitlab.com/beta/a')).toBe(true);
    expect(matchesModulePattern('gitlab.com/[^a-c]*', 'gitlab.com/beta/a')).toBe(false);
    expect(matchesModulePattern('a.com,,github.com/org/', 'github.com/org/x')).toBe(true);
  });
  it('treats malformed and space-padded patterns as no match, like the go command', () => {
    expect(matchesModulePattern('github.com/[org', 'github.com/[org/x')).toBe(false);
    expect(matchesModulePattern('a.com, b.com', 'b.com/x')).toBe(false);
  });
});

describe('checkGoOnPath', () => {
  it('reports no go, with the install command', () => {
    const f = only(checkGoOnPath(facts({ gos: [] })), 'go on PATH');
    expect(f).toMatchObject({ ok: false, severity: 'error', layer: 'binary' });
    expect(f.fix).toContain('setup-go-verified install');
  });
  it('mentions the Windows go.exe under WSL', () => {
    const f = only(checkGoOnPath(facts({ gos: [], wsl: true })), 'go on PATH');
    expect(f.fix).toContain('WSL');
  });
  it('accepts a single go', () => {
    const f = only(checkGoOnPath(facts()), 'go on PATH');
    expect(f).toMatchObject({ ok: true, severity: 'info' });
    expect(f.detail).toContain('/usr/local/go/bin/go (go1.22.5)');
  });
  it('names a snap that shadows a hand-installed go and how to reorder PATH', () => {
    const snap = go('/snap/bin/go', 'go1.23.0', '/usr/bin/snap');
    const f = only(checkGoOnPath(facts({ gos: [snap, USR_LOCAL] })), 'go on PATH');
    expect(f).toMatchObject({ ok: false, severity: 'warning' });
    expect(f.detail).toContain('/snap/bin/go');
    expect(f.detail).toContain('snap package');
    expect(f.detail).toContain('/usr/local/go/bin/go');
    expect(f.fix).toContain('export PATH="/usr/local/go/bin:$PATH"');
    expect(f.fix).toContain('sudo snap remove go');
  });
  it('names the distribution package behind /usr/bin/go', () => {
    const distro = go('/usr/bin/go', 'go1.19.8', '/usr/lib/go-1.19/bin/go');
    const f = only(checkGoOnPath(facts({ gos: [distro, USR_LOCAL] })), 'go on PATH');
    expect(f.detail).toContain('/usr/bin/go → /usr/lib/go-1.19/bin/go');
    expect(f.detail).toContain('distribution package');
    expect(f.fix).toContain('put /usr/local/go/bin before /usr/bin on PATH');
    expect(f.fix).toContain('sudo apt remove golang-1.19-go golang-go');
  });
  it('is an error when only a later go satisfies the version file', () => {
    const old = go('/opt/go1.21/bin/go', 'go1.21.0');
    const f = only(
      checkGoOnPath(
        facts({
          gos: [old, USR_LOCAL],
          expected: { file: '/home/u/project/go.mod', spec: '1.22' },
        }),
      ),
      'go on PATH',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.detail).toContain('go.mod requires go >= 1.22');
    expect(f.fix).toContain('/usr/local/go/bin before /opt/go1.21/bin');
  });
  it('warns when an older go hides a newer one', () => {
    const old = go('/opt/go1.21/bin/go', 'go1.21.0');
    const f = only(checkGoOnPath(facts({ gos: [old, USR_LOCAL] })), 'go on PATH');
    expect(f).toMatchObject({ ok: false, severity: 'warning' });
    expect(f.detail).toContain('older go hides a newer one');
  });
  it('lists later gos without complaint when the first is the newest', () => {
    const older = go('/opt/go1.21/bin/go', 'go1.21.0');
    const f = only(checkGoOnPath(facts({ gos: [USR_LOCAL, older] })), 'go on PATH');
    expect(f).toMatchObject({ ok: true, severity: 'info' });
    expect(f.detail).toContain('also on PATH: /opt/go1.21/bin/go (go1.21.0)');
  });
  it('does not call one binary reached through two PATH entries shadowing', () => {
    const a = go('/bin/go', 'go1.19.8', '/usr/lib/go-1.19/bin/go');
    const b = go('/usr/bin/go', 'go1.19.8', '/usr/lib/go-1.19/bin/go');
    const f = only(checkGoOnPath(facts({ gos: [a, b] })), 'go on PATH');
    expect(f.ok).toBe(true);
  });
  it('reports a first go that does not run, and the later one that does', () => {
    const broken = go('/opt/arm/bin/go', undefined);
    const fs = checkGoOnPath(facts({ gos: [broken, USR_LOCAL] }));
    expect(only(fs, 'go version')).toMatchObject({ ok: false, severity: 'error' });
    expect(only(fs, 'go version').fix).toContain('another architecture');
    expect(only(fs, 'go on PATH')).toMatchObject({ ok: false, severity: 'error' });
  });
  it('says how to reorder PATH in PowerShell on Windows', () => {
    const win = { os: 'windows', arch: 'amd64' };
    const a = go('C:\\Go119\\bin\\go.exe', 'go1.19.0');
    const b = go('C:\\Program Files\\Go\\bin\\go.exe', 'go1.22.5');
    const f = only(checkGoOnPath(facts({ host: win, gos: [a, b] })), 'go on PATH');
    expect(f.fix).toContain('$env:PATH = "C:\\Program Files\\Go\\bin;" + $env:PATH');
  });
});

describe('checkExpectedVersion', () => {
  const gomod = '/home/u/project/go.mod';
  it('treats a go.mod version as a minimum', () => {
    const f = only(
      checkExpectedVersion(
        facts({ gos: [go('/g/bin/go', 'go1.23.1')], expected: { file: gomod, spec: '1.22' } }),
      ),
      'go version file',
    );
    expect(f).toMatchObject({ ok: true, severity: 'info' });
  });
  it('reports a go below the go.mod version with the install command', () => {
    const f = only(
      checkExpectedVersion(
        facts({ gos: [go('/g/bin/go', 'go1.21.0')], expected: { file: gomod, spec: '1.22.1' } }),
      ),
      'go version file',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.detail).toContain('go.mod requires go >= 1.22.1');
    expect(f.fix).toContain(`--go-version-file ${gomod}`);
  });
  it('points at a later go on PATH that would do', () => {
    const f = only(
      checkExpectedVersion(
        facts({
          gos: [go('/g/bin/go', 'go1.21.0'), USR_LOCAL],
          expected: { file: gomod, spec: '1.22' },
        }),
      ),
      'go version file',
    );
    expect(f.fix).toContain('/usr/local/go/bin/go (go1.22.5) satisfies it');
  });
  it('compares release candidates', () => {
    const f = only(
      checkExpectedVersion(
        facts({ gos: [go('/g/bin/go', 'go1.23.0')], expected: { file: gomod, spec: '1.23rc1' } }),
      ),
      'go version file',
    );
    expect(f.ok).toBe(true);
  });
  it('wants exactly the version of a .go-version file', () => {
    const f = only(
      checkExpectedVersion(
        facts({
          gos: [go('/g/bin/go', 'go1.23.1')],
          expected: { file: '/p/.go-version', spec: '1.22.5' },
        }),
      ),
      'go version file',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.detail).toContain('.go-version asks for go 1.22.5');
  });
  it('cannot judge an alias offline', () => {
    const f = only(
      checkExpectedVersion(facts({ expected: { file: '/p/.go-version', spec: 'stable' } })),
      'go version file',
    );
    expect(f).toMatchObject({ ok: true, severity: 'info' });
  });
  it('reports an unreadable file', () => {
    const f = only(
      checkExpectedVersion(
        facts({ expected: { file: gomod, error: 'go-version-file x not found' } }),
      ),
      'go version file',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
  });
});

describe('checkGoEnvRan', () => {
  it('explains a go env failure caused by GOFLAGS', () => {
    const f = only(
      checkGoEnvRan(
        facts({
          goEnvError: 'go: parsing $GOFLAGS: non-flag "mod=mod"',
          env: { GOFLAGS: 'mod=mod' },
        }),
      ),
      'go env',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.fix).toContain('unset GOFLAGS');
  });
  it('leaves a missing GOROOT to the GOROOT check', () => {
    const missing = {
      value: '/opt/gone',
      source: 'environment',
      exists: false,
      resolved: '/opt/gone',
    } as const;
    const error = 'go: cannot find GOROOT directory: /opt/gone';
    expect(checkGoEnvRan(facts({ goEnvError: error, goroot: missing }))).toEqual([]);
    expect(only(checkGoEnvRan(facts({ goEnvError: error })), 'go env').fix).toContain('GOROOT');
  });
  it('says nothing when go env ran', () => {
    expect(checkGoEnvRan(facts())).toEqual([]);
  });
});

describe('checkGoroot', () => {
  it('is fine when GOROOT is not set', () => {
    expect(only(checkGoroot(facts()), 'GOROOT')).toMatchObject({ ok: true, severity: 'info' });
  });
  it('reports a GOROOT that does not exist', () => {
    const f = only(
      checkGoroot(
        facts({
          env: { PATH: '/usr/bin', GOROOT: '/usr/local/go1.18' },
          goroot: {
            value: '/usr/local/go1.18',
            source: 'environment',
            exists: false,
            resolved: '/usr/local/go1.18',
          },
        }),
      ),
      'GOROOT',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.detail).toContain('cannot find GOROOT directory');
    expect(f.fix).toContain('unset GOROOT');
  });
  it('reports a GOROOT naming another tree than the binary (stale after an upgrade)', () => {
    const f = only(
      checkGoroot(
        facts({
          env: { PATH: '/usr/bin', GOROOT: '/usr/lib/go-1.19' },
          goroot: {
            value: '/usr/lib/go-1.19',
            source: 'environment',
            exists: true,
            resolved: '/usr/lib/go-1.19',
          },
        }),
      ),
      'GOROOT',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.detail).toContain('belongs to /usr/local/go');
    expect(f.detail).toContain('does not match go tool version');
  });
  it('says `go env -u` for a GOROOT from the go env file', () => {
    const f = only(
      checkGoroot(
        facts({
          goEnvFile: { GOROOT: '/opt/old' },
          goroot: { value: '/opt/old', source: 'go env file', exists: true, resolved: '/opt/old' },
        }),
      ),
      'GOROOT',
    );
    expect(f.detail).toContain('in the go env file');
    expect(f.fix).toContain('go env -u GOROOT');
  });
  it('warns about a GOROOT that matches today', () => {
    const f = only(
      checkGoroot(
        facts({
          env: { GOROOT: '/usr/local/go/' },
          goroot: {
            value: '/usr/local/go/',
            source: 'environment',
            exists: true,
            resolved: '/usr/local/go',
          },
        }),
      ),
      'GOROOT',
    );
    expect(f).toMatchObject({ ok: true, severity: 'warning' });
  });
});

describe('checkGopath', () => {
  it('reports GOPATH equal to GOROOT', () => {
    const fs = checkGopath(facts({}, { GOPATH: '/usr/local/go' }));
    expect(only(fs, 'GOPATH')).toMatchObject({ ok: false, severity: 'error' });
  });
  it('notes a go install directory that is not on PATH', () => {
    const f = only(
      checkGopath(facts({ env: { PATH: '/usr/local/go/bin:/usr/bin' } })),
      'go install directory',
    );
    expect(f.detail).toContain('/home/u/go/bin, which is not on PATH');
    expect(f.fix).toContain('export PATH="/home/u/go/bin:$PATH"');
    // It comes with a fix, so it is something to act on, not a pass.
    expect(f).toMatchObject({ ok: true, severity: 'warning' });
  });
  it('uses GOBIN when set', () => {
    const f = only(checkGopath(facts({}, { GOBIN: '/home/u/bin' })), 'go install directory');
    expect(f.detail).toContain('/home/u/bin');
  });
});

describe('checkWsl', () => {
  it('does nothing outside WSL', () => {
    expect(checkWsl(facts({}, { GOMODCACHE: '/mnt/c/go/pkg/mod' }))).toEqual([]);
  });
  it('warns about caches and GOPATH on a Windows drive', () => {
    const fs = checkWsl(
      facts(
        {
          wsl: true,
          env: {
            PATH: '/usr/bin',
            HOME: '/home/u',
            GOCACHE: '/mnt/c/Users/u/AppData/Local/go-build',
          },
        },
        {
          GOPATH: '/mnt/c/Users/u/go',
          GOMODCACHE: '/mnt/c/Users/u/go/pkg/mod',
          GOCACHE: '/mnt/c/Users/u/AppData/Local/go-build',
        },
      ),
    );
    expect(fs).toHaveLength(3);
    expect(fs.every((f) => !f.ok && f.severity === 'warning')).toBe(true);
    expect(fs[0]?.detail).toContain('GOPATH=/mnt/c/Users/u/go');
    expect(fs[1]?.fix).toContain('follows GOPATH');
    expect(fs[0]?.fix).toContain("go env -w GOPATH='/home/u/go'");
    expect(fs[2]?.fix).toContain("export GOCACHE='/home/u/.cache/go-build'");
  });
  it('suggests a Linux home when HOME itself is on the Windows drive', () => {
    const fs = checkWsl(
      facts(
        { wsl: true, env: { HOME: '/mnt/c/Users/u', USER: 'u' } },
        { GOPATH: '/mnt/c/Users/u/go', GOMODCACHE: '/mnt/c/Users/u/go/pkg/mod' },
      ),
    );
    expect(fs[0]?.fix).toBe(
      "HOME=/mnt/c/Users/u is on the Windows drive; run `go env -w GOPATH='/home/u/go'`",
    );
  });
  it('warns about a project on a Windows drive', () => {
    const fs = checkWsl(facts({ wsl: true, cwd: '/mnt/d/src/app' }));
    expect(only(fs, 'WSL file system').detail).toContain('/mnt/d/src/app');
  });
  it('is fine when everything is on the Linux file system', () => {
    expect(only(checkWsl(facts({ wsl: true })), 'WSL file system')).toMatchObject({ ok: true });
  });
});

describe('checkChecksumDb', () => {
  it('reports GOSUMDB=off as an error', () => {
    const f = only(
      checkChecksumDb(facts({ env: { GOSUMDB: 'off' } }, { GOSUMDB: 'off' })),
      'GOSUMDB',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.fix).toContain('unset GOSUMDB');
    expect(f.fix).toContain('GOPRIVATE');
  });
  it('accepts the default and names a custom database', () => {
    expect(only(checkChecksumDb(facts()), 'GOSUMDB').ok).toBe(true);
    const f = only(checkChecksumDb(facts({}, { GOSUMDB: 'sum.corp.example' })), 'GOSUMDB');
    expect(f.detail).toContain('not sum.golang.org');
  });
  it('says GONOSUMCHECK does nothing', () => {
    const f = only(checkChecksumDb(facts({ env: { GONOSUMCHECK: '*' } })), 'GONOSUMCHECK');
    expect(f).toMatchObject({ ok: false, severity: 'warning' });
    expect(f.detail).toContain('has no effect');
    expect(f.detail).toContain('would also stop verifying public modules');
  });
});

describe('checkPrivatePatterns', () => {
  // go env prints GONOSUMDB and GONOPROXY as GOPRIVATE when they are not set.
  const priv = (p: string, extra: Record<string, string> = {}) =>
    facts(
      { env: { GOPRIVATE: p, ...extra } },
      { GOPRIVATE: p, GONOSUMDB: p, GONOPROXY: p, ...extra },
    );

  it('accepts an organisation prefix', () => {
    expect(checkPrivatePatterns(priv('github.com/myorg,*.corp.example.com'))).toEqual([]);
  });
  it('reports GOPRIVATE covering all of github.com', () => {
    const f = only(checkPrivatePatterns(priv('github.com')), 'GOPRIVATE');
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.detail).toContain('github.com/stretchr/testify');
    expect(f.detail).toContain('never checked against the checksum database');
    expect(f.fix).toContain('unset GOPRIVATE');
  });
  it('keeps the narrow patterns in the fix for GOPRIVATE=*', () => {
    const f = only(checkPrivatePatterns(priv('gitlab.corp.com,*')), 'GOPRIVATE');
    expect(f.fix).toContain("export GOPRIVATE='gitlab.corp.com'");
  });
  it('reports a broad GONOSUMDB set on its own', () => {
    const f = only(
      checkPrivatePatterns(facts({ env: { GONOSUMDB: '*' } }, { GONOSUMDB: '*' })),
      'GONOSUMDB',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.detail).toContain('not verified');
  });
  it('reports GONOSUMDB overriding GOPRIVATE without covering it', () => {
    const f = only(
      checkPrivatePatterns(priv('*.corp.example.com', { GONOSUMDB: 'git.corp.example.com' })),
      'GOPRIVATE/GONOSUMDB',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.detail).toContain('does not cover *.corp.example.com');
    expect(f.detail).toContain('sum.golang.org');
    expect(f.fix).toContain("GONOSUMDB='git.corp.example.com,*.corp.example.com'");
  });
  it('accepts a GONOSUMDB that covers GOPRIVATE', () => {
    const fs = checkPrivatePatterns(priv('gitlab.corp.com/team', { GONOSUMDB: 'gitlab.corp.com' }));
    expect(fs).toEqual([]);
  });
  it('accepts GONOPROXY=none with a company proxy (go help private)', () => {
    const f = only(
      checkPrivatePatterns(
        priv('*.corp.example.com', {
          GONOPROXY: 'none',
          GOPROXY: 'https://proxy.corp.example.com',
        }),
      ),
      'GOPRIVATE/GONOPROXY',
    );
    expect(f).toMatchObject({ ok: true, severity: 'info' });
  });
  it('warns when GONOPROXY sends private modules to proxy.golang.org', () => {
    const f = only(
      checkPrivatePatterns(priv('*.corp.example.com', { GONOPROXY: 'none' })),
      'GOPRIVATE/GONOPROXY',
    );
    expect(f).toMatchObject({ ok: false, severity: 'warning' });
    expect(f.detail).toContain('proxy.golang.org');
  });
  it('warns about a broad GOINSECURE and patterns with spaces', () => {
    const fs = checkPrivatePatterns(
      facts(
        {},
        {
          GOINSECURE: '*',
          GOPRIVATE: 'a.com, b.com',
          GONOSUMDB: 'a.com, b.com',
          GONOPROXY: 'a.com, b.com',
        },
      ),
    );
    expect(fs.find((f) => f.check === 'GOINSECURE')?.severity).toBe('warning');
    const space = fs.find((f) => f.check === 'GOPRIVATE');
    expect(space?.detail).toContain('" b.com" has a space');
    expect(space?.fix).toContain("'a.com,b.com'");
  });
});

describe('checkGoproxy', () => {
  it('accepts the default', () => {
    expect(only(checkGoproxy(facts()), 'GOPROXY')).toMatchObject({ ok: true, severity: 'info' });
  });
  it('notes GOPROXY=off, and fails it when toolchains come from the proxy', () => {
    expect(only(checkGoproxy(facts({}, { GOPROXY: 'off' })), 'GOPROXY')).toMatchObject({
      ok: true,
      severity: 'warning',
    });
    const f = only(checkGoproxy(facts({ wantProxy: true }, { GOPROXY: 'off' })), 'GOPROXY');
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.fix).toContain("go env -w GOPROXY='https://proxy.golang.org,direct'");
  });
  it('fails direct-only when toolchains come from the proxy', () => {
    expect(only(checkGoproxy(facts({}, { GOPROXY: 'direct' })), 'GOPROXY').ok).toBe(true);
    expect(
      only(checkGoproxy(facts({ wantProxy: true }, { GOPROXY: 'direct' })), 'GOPROXY').ok,
    ).toBe(false);
  });
  it('warns about a plain-HTTP proxy but not a loopback one', () => {
    expect(
      only(checkGoproxy(facts({}, { GOPROXY: 'http://athens.corp:3000,direct' })), 'GOPROXY')
        .severity,
    ).toBe('warning');
    expect(
      only(checkGoproxy(facts({}, { GOPROXY: 'http://127.0.0.1:3000' })), 'GOPROXY').severity,
    ).toBe('info');
  });
});

describe('checkGoflags', () => {
  it('reports -insecure and keeps the other flags in the fix', () => {
    const f = only(checkGoflags(facts({}, { GOFLAGS: '-insecure -trimpath' })), 'GOFLAGS');
    expect(f).toMatchObject({ ok: false, severity: 'error' });
    expect(f.fix).toContain("go env -w GOFLAGS='-trimpath'");
    expect(f.fix).toContain('GOINSECURE');
  });
  it('warns about -mod=mod', () => {
    const f = only(
      checkGoflags(facts({ env: { GOFLAGS: '-mod=mod' } }, { GOFLAGS: '-mod=mod' })),
      'GOFLAGS',
    );
    expect(f).toMatchObject({ ok: false, severity: 'warning' });
    expect(f.fix).toContain('unset GOFLAGS');
  });
  it('reports an entry that is not a flag', () => {
    const f = only(checkGoflags(facts({}, { GOFLAGS: '-mod vendor' })), 'GOFLAGS');
    expect(f.detail).toContain('"vendor"');
  });
  it('accepts ordinary flags and an empty GOFLAGS', () => {
    expect(only(checkGoflags(facts({}, { GOFLAGS: '-mod=vendor' })), 'GOFLAGS').ok).toBe(true);
    expect(checkGoflags(facts())).toEqual([]);
  });
});

describe('checkGotoolchain', () => {
  it('is fine with local', () => {
    expect(only(checkGotoolchain(facts()), 'GOTOOLCHAIN')).toMatchObject({
      ok: true,
      severity: 'info',
    });
  });
  it('warns (ok) about auto', () => {
    const f = only(checkGotoolchain(facts({}, { GOTOOLCHAIN: 'auto' })), 'GOTOOLCHAIN');
    expect(f).toMatchObject({ ok: true, severity: 'warning' });
    expect(f.detail).toContain('golang.org/toolchain');
    expect(f.fix).toContain("go env -w GOTOOLCHAIN='local'");
  });
  it('is an error when the switched toolchain would not be verified at all', () => {
    const off = only(
      checkGotoolchain(facts({}, { GOTOOLCHAIN: 'auto', GOSUMDB: 'off' })),
      'GOTOOLCHAIN',
    );
    expect(off).toMatchObject({ ok: false, severity: 'error' });
    const priv = only(
      checkGotoolchain(
        facts({}, { GOTOOLCHAIN: 'auto', GOPRIVATE: 'golang.org', GONOSUMDB: 'golang.org' }),
      ),
      'GOTOOLCHAIN',
    );
    expect(priv.ok).toBe(false);
  });
  it('names a forced version and the path mode', () => {
    expect(
      only(checkGotoolchain(facts({}, { GOTOOLCHAIN: 'go1.23.0+auto' })), 'GOTOOLCHAIN').detail,
    ).toContain('switches to go1.23.0');
    expect(
      only(checkGotoolchain(facts({}, { GOTOOLCHAIN: 'path' })), 'GOTOOLCHAIN').detail,
    ).toContain('on PATH');
  });
  it('knows go before 1.21 ignores it', () => {
    const f = only(
      checkGotoolchain(facts({ gos: [go('/g/bin/go', 'go1.20.14')] }, { GOTOOLCHAIN: '' })),
      'GOTOOLCHAIN',
    );
    expect(f.detail).toContain('predates');
  });
});

describe('checkCgo', () => {
  it('reports CGO_ENABLED=1 without a C compiler, offering one that exists', () => {
    const f = only(
      checkCgo(facts({ cCompiler: { name: 'gcc', others: ['clang'] } })),
      'C compiler',
    );
    expect(f).toMatchObject({ ok: false, severity: 'error', layer: 'runtime' });
    expect(f.detail).toContain('cgo: C compiler "gcc" not found');
    expect(f.fix).toContain('sudo apt install gcc');
    expect(f.fix).toContain("go env -w CC='clang'");
    expect(f.fix).toContain('CGO_ENABLED');
  });
  it('says xcode-select on macOS', () => {
    const f = only(
      checkCgo(
        facts({ host: { os: 'darwin', arch: 'arm64' }, cCompiler: { name: 'clang', others: [] } }),
      ),
      'C compiler',
    );
    expect(f.fix).toContain('xcode-select --install');
  });
  it('explains cgo turned off for lack of a compiler', () => {
    const fs = checkCgo(facts({ cCompiler: { name: 'gcc', others: [] } }, { CGO_ENABLED: '0' }));
    expect(only(fs, 'C compiler')).toMatchObject({ ok: true, severity: 'warning' });
    expect(only(fs, 'C compiler').fix).toContain('if you need cgo: install gcc');
    expect(fs.some((f) => f.check === 'pkg-config')).toBe(false);
  });
  it('is fine with cgo turned off by choice', () => {
    const fs = checkCgo(facts({}, { CGO_ENABLED: '0' }));
    expect(only(fs, 'C compiler')).toMatchObject({
      ok: true,
      severity: 'info',
      detail: 'cgo disabled (CGO_ENABLED=0)',
    });
    expect(only(fs, 'C compiler').fix).toBeUndefined();
  });
  it('warns about a missing pkg-config when cgo is on', () => {
    const f = only(checkCgo(facts({ pkgConfig: { name: 'pkg-config' } })), 'pkg-config');
    expect(f).toMatchObject({ ok: false, severity: 'warning' });
    expect(f.fix).toContain('apt install pkg-config');
  });
});

describe('diagnose and renderDoctor', () => {
  it('finds nothing wrong on a healthy machine', () => {
    const report = summarizeDoctor(facts(), diagnose(facts()));
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0 });
    expect(renderDoctor(report)).toContain('no problems found');
  });
  it('renders one line per finding, the fix indented below, no colour unless asked', () => {
    const bad = facts(
      { env: { PATH: '/usr/local/go/bin:/home/u/go/bin', GOSUMDB: 'off' } },
      {
        GOSUMDB: 'off',
        GOTOOLCHAIN: 'auto',
      },
    );
    const report = summarizeDoctor(bad, diagnose(bad));
    expect(report.ok).toBe(false);
    const text = renderDoctor(report);
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.startsWith('  ✖ GOSUMDB: GOSUMDB=off'));
    expect(i).toBeGreaterThan(0);
    expect(lines[i + 1]).toMatch(/^ {6}fix: run `unset GOSUMDB`/);
    expect(text).toContain('  ✔ go on PATH:');
    expect(text).toContain('environment\n');
    expect(text).toMatch(/2 errors, \d+ warnings?\n$/);
    expect(text).not.toContain('\u001b[');
    expect(renderDoctor(report, { color: true })).toContain('\u001b[31m✖\u001b[0m');
  });
});

describe('a finding that comes with a fix', () => {
  /** Machines with one thing each that a check has a fix for, including the ones that work. */
  const machines: DoctorFacts[] = [
    facts({ gos: [] }),
    facts({ gos: [go('/snap/bin/go', 'go1.22.5'), USR_LOCAL] }),
    facts({ gos: [go('/usr/bin/go', 'go1.19'), USR_LOCAL] }),
    facts({ env: { PATH: '/usr/local/go/bin:/usr/bin' } }),
    facts({ cCompiler: { name: 'gcc', others: [] } }, { CGO_ENABLED: '0' }),
    facts({ cCompiler: { name: 'gcc', others: ['cc'] } }),
    facts({ pkgConfig: { name: 'pkg-config' } }),
    facts(
      {
        goroot: {
          value: '/usr/local/go',
          source: 'environment',
          exists: true,
          resolved: '/usr/local/go',
        },
      },
      {},
    ),
    facts({
      ownGoRoot: undefined,
      goroot: { value: '/opt/go', source: 'environment', exists: true, resolved: '/opt/go' },
    }),
    facts({}, { GOTOOLCHAIN: 'auto' }),
    facts({}, { GOTOOLCHAIN: 'path' }),
    facts({}, { GOPROXY: 'http://proxy.corp.example' }),
    facts({}, { GOFLAGS: '-mod=mod' }),
    facts({}, { GOSUMDB: 'off' }),
    facts({}, { GOPRIVATE: 'github.com' }),
    facts({ wsl: true, cwd: '/mnt/c/src' }, { GOCACHE: '/mnt/c/cache' }),
    facts({ treeProof: { dir: '/usr/local/go', error: 'GOPROXY is unreachable' } }),
  ];

  it('is never counted or shown as fine', () => {
    let withFix = 0;
    for (const m of machines) {
      const report = summarizeDoctor(m, diagnose(m));
      const lines = renderDoctor(report).split('\n');
      for (const f of report.findings.filter((x) => x.fix !== undefined)) {
        withFix++;
        expect(f.severity).not.toBe('info');
        const line = lines.find(
          (l) => l.startsWith(`  `) && l.includes(` ${f.check}: ${f.detail}`),
        );
        expect(line).toMatch(/^ {2}[!✖] /);
      }
      const shown = lines.filter((l) => /^ {2}[!✖] /.test(l)).length;
      expect(report.errors + report.warnings).toBe(shown);
    }
    expect(withFix).toBeGreaterThanOrEqual(machines.length);
  });

  it('is shown with ! even when a report made elsewhere calls it info', () => {
    const m = facts();
    const findings: DoctorFinding[] = [
      {
        layer: 'binary',
        check: 'made elsewhere',
        ok: true,
        severity: 'info',
        detail: 'x',
        fix: 'do y',
      },
    ];
    const report = summarizeDoctor(m, findings);
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 1 });
    const text = renderDoctor(report);
    expect(text).toContain('  ! made elsewhere: x\n      fix: do y\n');
    expect(text).not.toContain('no problems found');
  });
});

describe('findAllOnPath', () => {
  it('lists every match in PATH order, once', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'doctor-path-'));
    try {
      for (const d of ['a', 'b', 'c']) await mkdir(path.join(dir, d));
      for (const d of ['a', 'c']) {
        await writeFile(path.join(dir, d, 'tool'), '#!/bin/sh\n');
        await chmod(path.join(dir, d, 'tool'), 0o755);
      }
      await writeFile(path.join(dir, 'b', 'tool'), 'not executable');
      const p = ['a', 'b', 'c', 'a'].map((d) => path.join(dir, d)).join(path.delimiter);
      const goos = process.platform === 'win32' ? 'windows' : 'linux';
      const found = findAllOnPath('tool', p, goos);
      if (goos === 'linux')
        expect(found).toEqual([path.join(dir, 'a', 'tool'), path.join(dir, 'c', 'tool')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('runDoctor on this machine', () => {
  it('finds the first go on PATH and parses its version', async () => {
    const report = await runDoctor({ env: process.env, cwd: process.cwd(), timeoutMs: 60_000 });
    const first = report.facts.gos[0];
    const expectedPath = which(
      'go',
      process.env['PATH'] ?? '',
      report.facts.host.os,
      process.env['PATHEXT'],
    );
    expect(first?.path).toBe(expectedPath);
    expect(first?.resolved).toBe(await realpath(expectedPath ?? ''));
    expect(first?.version).toMatch(/^go1\.\d+/);
    expect(first?.platform).toBe(`${report.facts.host.os}/${report.facts.host.arch}`);
    expect(report.facts.goEnv?.['GOVERSION']).toBe(first?.version);
    expect(report.facts.ownGoRoot).toBeDefined();
    expect(report.findings.find((f) => f.check === 'go on PATH')?.detail).toContain(
      first?.version ?? '',
    );
    expect(renderDoctor(report)).toContain('setup-go-verified doctor');
  }, 120_000);

  it('explains a GOROOT that does not exist from the real go env failure', async () => {
    const missing = path.join(os.tmpdir(), `doctor-no-such-goroot-${process.pid}`);
    const report = await runDoctor({
      env: { ...process.env, GOROOT: missing, GOFLAGS: '-mod=mod' },
      cwd: process.cwd(),
      timeoutMs: 60_000,
    });
    expect(report.facts.goEnvError).toContain('cannot find GOROOT directory');
    expect(report.facts.goroot).toMatchObject({ value: missing, exists: false });
    expect(report.findings.find((f) => f.check === 'GOROOT')).toMatchObject({
      ok: false,
      severity: 'error',
    });
    expect(report.findings.find((f) => f.check === 'GOROOT')?.fix).toContain('unset GOROOT');
    // One finding for one cause: the GOROOT check explains the go env failure.
    expect(report.findings.some((f) => f.check === 'go env')).toBe(false);
    // The retry ran without GOFLAGS, yet the user's GOFLAGS is still checked.
    expect(report.findings.find((f) => f.check === 'GOFLAGS')?.detail).toContain('-mod=mod');
    // The retry without GOROOT still gathered the settings.
    expect(report.facts.goEnv?.['GOVERSION']).toBe(report.facts.gos[0]?.version);
  }, 120_000);

  it('shows what comes with a fix as a problem: a go install directory off PATH, cgo off for lack of a C compiler', async () => {
    if (process.platform === 'win32')
      return notRun('PATH without a C compiler is set up for POSIX');
    const goBin = which('go', process.env['PATH'] ?? '', 'linux');
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'doctor-fix-')));
    try {
      // Only go's own directory on PATH: no gcc, so go turns cgo off; GOPATH/bin not on PATH.
      const report = await runDoctor({
        env: { PATH: path.dirname(goBin ?? ''), HOME: dir, GOPATH: path.join(dir, 'gopath') },
        cwd: dir,
        timeoutMs: 60_000,
      });
      const install = report.findings.find((f) => f.check === 'go install directory');
      expect(install).toMatchObject({ ok: true, severity: 'warning' });
      expect(install?.fix).toContain(path.join(dir, 'gopath', 'bin'));
      const cc = report.findings.find((f) => f.check === 'C compiler');
      expect(report.facts.goEnv?.['CGO_ENABLED']).toBe('0');
      expect(cc).toMatchObject({ ok: true, severity: 'warning' });
      expect(cc?.fix).toContain('if you need cgo');
      const text = renderDoctor(report);
      expect(text).toContain(
        `  ! go install directory: tools installed with \`go install\` land in ${path.join(dir, 'gopath', 'bin')}`,
      );
      expect(text).toContain('  ! C compiler: cgo disabled: no C compiler');
      expect(text).not.toMatch(/^ {2}✔ (go install directory|C compiler):/m);
      expect(report.warnings).toBeGreaterThanOrEqual(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('shows an old go shadowing the one go.mod needs, from real PATH lookups', async () => {
    if (process.platform === 'win32') return notRun('its stand-in go commands are sh scripts');
    const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'doctor-shadow-')));
    try {
      const host = `${process.platform === 'darwin' ? 'darwin' : 'linux'}/amd64`;
      const fakeGo = async (version: string) => {
        const root = path.join(dir, 'sdk', version);
        await mkdir(path.join(root, 'bin'), { recursive: true });
        const bin = path.join(root, 'bin', 'go');
        await writeFile(
          bin,
          [
            '#!/bin/sh',
            'case "$1" in',
            `version) echo "go version ${version} ${host}" ;;`,
            `env) if [ "$2" = "-json" ]; then echo '{"GOROOT":"${root}","GOVERSION":"${version}","CGO_ENABLED":"0","GOPATH":"${dir}/gopath"}'; else echo local; fi ;;`,
            '*) exit 2 ;;',
            'esac',
            '',
          ].join('\n'),
        );
        await chmod(bin, 0o755);
        return bin;
      };
      const old = await fakeGo('go1.19');
      const wanted = await fakeGo('go1.22.5');
      // A symlinked go, as /usr/bin/go -> ../lib/go-1.19/bin/go.
      await mkdir(path.join(dir, 'links'));
      await symlink(path.relative(path.join(dir, 'links'), old), path.join(dir, 'links', 'go'));
      await writeFile(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');

      const report = await runDoctor({
        env: { PATH: [path.join(dir, 'links'), path.dirname(wanted)].join(':'), HOME: dir },
        cwd: dir,
        goVersionFile: 'go.mod',
        timeoutMs: 30_000,
      });
      const { gos } = report.facts;
      expect(gos.map((g) => [g.path, g.resolved, g.version])).toEqual([
        [path.join(dir, 'links', 'go'), old, 'go1.19'],
        [wanted, wanted, 'go1.22.5'],
      ]);
      expect(report.facts.expected).toEqual({ file: path.join(dir, 'go.mod'), spec: '1.22' });
      const shadow = report.findings.find((f) => f.check === 'go on PATH');
      expect(shadow).toMatchObject({ ok: false, severity: 'error' });
      expect(shadow?.detail).toContain(`${path.join(dir, 'links', 'go')} → ${old}`);
      expect(shadow?.detail).toContain(wanted);
      expect(shadow?.fix).toContain(`export PATH="${path.dirname(wanted)}:$PATH"`);
      expect(report.findings.find((f) => f.check === 'go version file')).toMatchObject({
        ok: false,
        severity: 'error',
      });
      expect(report.facts.goEnv?.['GOROOT']).toBe(path.join(dir, 'sdk', 'go1.19'));
      expect(report.ok).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
