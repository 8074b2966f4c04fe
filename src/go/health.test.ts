import { describe, expect, it } from '@jest/globals';
import { chmod, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { elfHeader, peHeader } from '../../test-support/executable-headers.mjs';
import * as os from 'node:os';
import * as path from 'node:path';
import { hostPlatform } from '../platform.js';
import { run, which } from '../process.js';
import {
  checkFirstOnPath,
  checkGoEnv,
  checkHealth,
  checkVersionOutput,
  type HealthFinding,
  parseGoEnv,
} from './health.js';

const linux = { os: 'linux', arch: 'amd64' };
const ok = (stdout: string) => ({ code: 0, stdout, stderr: '' });

describe('checkFirstOnPath', () => {
  it('passes when the first go is ours', () => {
    expect(checkFirstOnPath('/opt/go/bin/go', '/opt/go/bin/go')).toEqual({
      layer: 'binary',
      check: 'first go on PATH',
      ok: true,
      detail: '/opt/go/bin/go',
    });
  });

  it('names the shadowing go and how to fix it', () => {
    const f = checkFirstOnPath('/snap/bin/go', '/opt/go/bin/go');
    expect(f.ok).toBe(false);
    expect(f.detail).toBe('/snap/bin/go comes before /opt/go/bin/go');
    expect(f.fix).toBe('remove /snap/bin from PATH or put /opt/go/bin before it');
  });

  it('says to add our bin when no go is on PATH', () => {
    const f = checkFirstOnPath(undefined, '/opt/go/bin/go');
    expect(f.ok).toBe(false);
    expect(f.detail).toBe('no go on PATH (expected /opt/go/bin/go)');
    expect(f.fix).toBe('add /opt/go/bin to PATH');
  });
});

describe('checkVersionOutput', () => {
  it('accepts the exact tag and platform', () => {
    const f = checkVersionOutput(ok('go version go1.22.5 linux/amd64\n'), 'go1.22.5', linux);
    expect(f).toEqual({
      layer: 'binary',
      check: 'go version',
      ok: true,
      detail: 'go1.22.5 linux/amd64',
    });
  });

  it('refuses another version, even a prefix of the expected one', () => {
    const f = checkVersionOutput(ok('go version go1.22 linux/amd64'), 'go1.22.5', linux);
    expect(f.ok).toBe(false);
    expect(f.detail).toBe('expected go1.22.5 linux/amd64, found go1.22 linux/amd64');
    expect(f.fix).toMatch(/does not hold the version/);
    expect(checkVersionOutput(ok('go version go1.22.50 linux/amd64'), 'go1.22.5', linux).ok).toBe(
      false,
    );
  });

  it('refuses another OS or architecture', () => {
    expect(checkVersionOutput(ok('go version go1.22.5 linux/arm64'), 'go1.22.5', linux).ok).toBe(
      false,
    );
    expect(checkVersionOutput(ok('go version go1.22.5 darwin/amd64'), 'go1.22.5', linux).ok).toBe(
      false,
    );
  });

  it('reports output that is not a version line', () => {
    const f = checkVersionOutput(ok('hello\nworld'), 'go1.22.5', linux);
    expect(f.ok).toBe(false);
    expect(f.detail).toBe('expected go1.22.5 linux/amd64, found hello');
  });

  it('reports a binary that fails, with its exit code and first line of stderr', () => {
    const f = checkVersionOutput(
      { code: 126, stdout: '', stderr: 'cannot execute binary file: Exec format error\nmore' },
      'go1.22.5',
      linux,
    );
    expect(f.ok).toBe(false);
    expect(f.detail).toBe(
      'go version failed (exit 126): cannot execute binary file: Exec format error',
    );
    expect(f.fix).toMatch(/reinstall/);
    expect(checkVersionOutput({ code: 1, stdout: 'oops', stderr: '' }, 'go1', linux).detail).toBe(
      'go version failed (exit 1): oops',
    );
  });

  // The comment in checkVersionOutput says builds may print a suffix after the tag
  // ("go1.22.5 X:boringcrypto") and only the tag must match, but the regex requires os/arch
  // right after the tag, so such a line is refused as "found go version go1.22.5 X:…".
  it('accepts a GOEXPERIMENT suffix after the exact tag', () => {
    const f = checkVersionOutput(
      ok('go version go1.22.5 X:boringcrypto linux/amd64'),
      'go1.22.5',
      linux,
    );
    expect(f.ok).toBe(true);
  });
});

describe('parseGoEnv', () => {
  it('returns the variables of `go env -json`', () => {
    expect(parseGoEnv(ok('{"GOROOT": "/opt/go", "GOVERSION": "go1.22.5"}'))).toEqual({
      GOROOT: '/opt/go',
      GOVERSION: 'go1.22.5',
    });
  });

  it('explains a failing go env', () => {
    const f = parseGoEnv({ code: 1, stdout: '', stderr: 'go: GOPATH entry is relative\nx' });
    expect(f).toMatchObject({
      layer: 'environment',
      check: 'go env',
      ok: false,
      detail: 'go env failed (exit 1): go: GOPATH entry is relative',
    });
    expect((f as HealthFinding).fix).toMatch(/go env/);
  });

  it('explains output that is not JSON', () => {
    expect(parseGoEnv(ok('GOROOT=/opt/go\n'))).toMatchObject({
      ok: false,
      detail: 'go env printed no JSON: GOROOT=/opt/go',
    });
  });

  // JSON that is not an object (`null`, `[]`, `"x"`) is returned as if it were the variables;
  // checkHealth then runs `'layer' in vars`, which throws a TypeError on null.
  it('refuses JSON that is not an object', () => {
    for (const stdout of ['null', '[]', '"x"']) {
      expect(parseGoEnv(ok(stdout))).toMatchObject({ ok: false, check: 'go env' });
    }
  });
});

describe('checkGoEnv', () => {
  const ctx = {
    goRoot: '/opt/go',
    reportedGoRoot: '/opt/go',
    expectedVersion: 'go1.22.5',
    env: {},
  };
  const vars = { GOROOT: '/opt/go', GOVERSION: 'go1.22.5', GOTOOLCHAIN: 'local', GOBIN: '' };

  it('passes when go env agrees with the install', () => {
    const findings = checkGoEnv(vars, ctx);
    expect(findings.map((f) => [f.check, f.ok])).toEqual([
      ['GOROOT', true],
      ['GOVERSION', true],
    ]);
  });

  it('adds where go install writes when GOBIN is set', () => {
    const findings = checkGoEnv({ ...vars, GOBIN: '/srv/bin' }, ctx);
    expect(findings[2]).toEqual({
      layer: 'environment',
      check: 'GOBIN',
      ok: true,
      detail: 'go install writes to /srv/bin',
    });
  });

  it('blames a GOROOT set in the environment', () => {
    const [root] = checkGoEnv(
      { ...vars, GOROOT: '/usr/lib/go' },
      { ...ctx, reportedGoRoot: '/usr/lib/go', env: { GOROOT: '/usr/lib/go' } },
    );
    expect(root).toMatchObject({
      ok: false,
      detail: 'go env GOROOT is /usr/lib/go, expected /opt/go',
      fix: 'unset GOROOT (it is set to /usr/lib/go); go finds its root from its own location',
    });
  });

  it('blames the go env file when GOROOT is not in the environment', () => {
    const [root] = checkGoEnv({ ...vars, GOROOT: '/usr/lib/go' }, { ...ctx, reportedGoRoot: '/x' });
    expect(root?.ok).toBe(false);
    expect(root?.fix).toMatch(/go env -u GOROOT/);
  });

  it('names the GOTOOLCHAIN that switched the version', () => {
    const [, version] = checkGoEnv({ ...vars, GOVERSION: 'go1.23.0', GOTOOLCHAIN: 'auto' }, ctx);
    expect(version).toMatchObject({
      ok: false,
      detail: 'go env GOVERSION is go1.23.0, expected go1.22.5',
      fix: 'GOTOOLCHAIN=auto switched to another toolchain; set GOTOOLCHAIN=local',
    });
  });
});

/** The machine's own Go: its GOROOT and version, from `go env`. */
async function machineGo(): Promise<{ goRoot: string; version: string }> {
  const go = which('go', process.env['PATH'] ?? '', hostPlatform().os);
  if (!go) throw new Error('these tests need a go on PATH');
  const out = await run(go, ['env', 'GOROOT', 'GOVERSION'], {
    env: { ...process.env, GOTOOLCHAIN: 'local', GOROOT: '', GOFLAGS: '' },
  });
  expect(out.code).toBe(0);
  const [goRoot, version] = out.stdout.trim().split('\n');
  return { goRoot: await realpath(goRoot!), version: version! };
}

/** The environment a job would see: `extra` directories first on PATH, no stray Go settings. */
function jobEnv(...first: string[]): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, GOTOOLCHAIN: 'local' };
  delete env['GOROOT'];
  delete env['GOFLAGS'];
  env['PATH'] = [...first, process.env['PATH'] ?? ''].join(path.delimiter);
  return env;
}

describe('checkHealth', () => {
  const host = hostPlatform();

  it('passes for the machine’s own Go when it is first on PATH', async () => {
    const { goRoot, version } = await machineGo();
    const report = await checkHealth({
      goRoot,
      expectedVersion: version,
      target: host,
      host,
      env: jobEnv(path.join(goRoot, 'bin')),
      runtime: false,
    });
    expect(report.findings.filter((f) => !f.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    const checks = report.findings.map((f) => f.check);
    expect(checks.slice(0, 5)).toEqual([
      'executable format',
      'first go on PATH',
      'go version',
      'GOROOT',
      'GOVERSION',
    ]);
    expect(report.findings[0]?.detail).toMatch(/: ELF (amd64|arm64)$/);
    expect(report.findings[2]?.detail).toBe(`${version} ${host.os}/${host.arch}`);
    expect(report.findings[3]?.detail).toBe(goRoot);
  });

  it('reports a go earlier on PATH that shadows the install, with a fix', async () => {
    const { goRoot, version } = await machineGo();
    const fake = await realpath(await mkdtemp(path.join(os.tmpdir(), 'health-fake-go-')));
    try {
      await writeFile(path.join(fake, 'go'), '#!/bin/sh\necho "go version go1.0 linux/amd64"\n');
      await chmod(path.join(fake, 'go'), 0o755);
      const report = await checkHealth({
        goRoot,
        expectedVersion: version,
        target: host,
        host,
        env: jobEnv(fake, path.join(goRoot, 'bin')),
        runtime: false,
      });
      expect(report.ok).toBe(false);
      const first = report.findings.find((f) => f.check === 'first go on PATH');
      expect(first).toEqual({
        layer: 'binary',
        check: 'first go on PATH',
        ok: false,
        detail: `${path.join(fake, 'go')} comes before ${path.join(goRoot, 'bin', 'go')}`,
        fix: `remove ${fake} from PATH or put ${path.join(goRoot, 'bin')} before it`,
      });
      // The other checks run the installed go itself, not the impostor.
      expect(report.findings.find((f) => f.check === 'go version')?.ok).toBe(true);
    } finally {
      await rm(fake, { recursive: true, force: true });
    }
  });

  it('stops after go version when the install has no working go', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'health-empty-'));
    try {
      const report = await checkHealth({
        goRoot: empty,
        expectedVersion: 'go1.22.5',
        target: host,
        host,
        env: { PATH: empty },
        runtime: false,
      });
      expect(report.ok).toBe(false);
      expect(report.findings.map((f) => [f.check, f.ok])).toEqual([
        ['executable format', false],
        ['first go on PATH', false],
        ['go version', false],
      ]);
      expect(report.findings[0]?.detail).toMatch(/^cannot read .*ENOENT/);
      expect(report.findings[2]?.detail).toMatch(/^go version failed \(exit -1\): could not run /);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('checks the header of a toolchain built for another platform and runs nothing', async () => {
    const target =
      host.os === 'windows' ? { os: 'linux', arch: 's390x' } : { os: 'windows', arch: 'arm64' };
    const goRoot = await mkdtemp(path.join(os.tmpdir(), 'health-foreign-'));
    try {
      await mkdir(path.join(goRoot, 'bin'));
      const goBinary = path.join(goRoot, 'bin', target.os === 'windows' ? 'go.exe' : 'go');
      await writeFile(goBinary, target.os === 'windows' ? peHeader(0xaa64) : elfHeader(22, true));
      const report = await checkHealth({
        goRoot,
        expectedVersion: 'go1.22.5',
        target,
        host,
        env: {},
        runtime: true,
      });
      expect(report).toEqual({
        ok: true,
        findings: [
          {
            layer: 'binary',
            check: 'executable format',
            ok: true,
            detail: `${goBinary}: ${target.os === 'windows' ? 'PE arm64' : 'ELF s390x'}`,
          },
          {
            layer: 'binary',
            check: 'runnable here',
            ok: true,
            detail: `skipped: ${target.os}/${target.arch} binaries do not run on ${host.os}/${host.arch}`,
          },
        ],
      });

      // The same install claimed for another architecture is refused, with the reason.
      const wrong = { os: target.os, arch: 'amd64' };
      const refused = await checkHealth({
        goRoot,
        expectedVersion: 'go1.22.5',
        target: wrong,
        host,
        env: {},
        runtime: false,
      });
      expect(refused.ok).toBe(false);
      expect(refused.findings[0]).toEqual({
        layer: 'binary',
        check: 'executable format',
        ok: false,
        detail: `${goBinary} is ${target.os === 'windows' ? 'PE arm64' : 'ELF s390x'}, expected ${target.os === 'windows' ? 'PE' : 'ELF'} amd64 for ${target.os}/amd64`,
        fix: 'the archive holds a toolchain for another platform: check the mirror or the architecture input',
      });
    } finally {
      await rm(goRoot, { recursive: true, force: true });
    }
  });
});
