/**
 * The gates action end to end on the built dist/: a real Go (installed by the setup action
 * from the module proxy), real modules from the proxy, staticcheck built by the job's Go,
 * golangci-lint from a loopback release server (release-shaped archives around a binary
 * built from its module, since github.com is out of reach) or built with `go install`.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  GATES_GO_VERSION,
  GOLANGCI_VERSION,
  goEnv,
  golangciBinary,
  moduleSource,
  STATICCHECK_RELEASE,
  STATICCHECK_VERSION,
  staticcheckBinary,
} from '../../test-support/gate-tools.mjs';
import {
  startGolangciReleaseServer,
  startStaticcheckReleaseServer,
  type GolangciReleaseServer,
  type StaticcheckReleaseServer,
} from '../../test-support/golangci-release-server.mjs';
import { node24 } from '../../test-support/node24.mjs';
import {
  applyJobEnv,
  newJob,
  runStep,
  type Job,
  type StepResult,
} from '../../test-support/runner.mjs';
import { goProxy } from '../../test-support/toolchain.mjs';
import { repoRoot } from '../../test-support/runner.mjs';

jest.setTimeout(600_000);

const CLEAN_MODULE = 'golang.org/x/sync@v0.18.0';
/** What the project would commit: its tests may ignore errors (errcheck stays on elsewhere). */
const GOLANGCI_CONFIG = `version: "2"
linters:
  exclusions:
    rules:
      - path: _test\\.go
        linters: [errcheck]
`;
const GATES_YML = path.join(repoRoot, 'gates', 'action.yml');

let node: string;
let scratch: string;
let toolCache: string;
let release: GolangciReleaseServer;
let scRelease: StaticcheckReleaseServer;
/** PATH and Go variables after the setup step: what a later step of the job sees. */
let jobEnv: Record<string, string>;

beforeAll(async () => {
  node = node24();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-gates-e2e-'));
  toolCache = path.join(scratch, 'toolcache');
  mkdirSync(toolCache);
  release = await startGolangciReleaseServer({
    version: GOLANGCI_VERSION,
    binaries: { 'linux-amd64': golangciBinary() },
  });
  scRelease = await startStaticcheckReleaseServer({
    release: STATICCHECK_RELEASE,
    binaries: { 'linux-amd64': staticcheckBinary() },
  });
  const shared = goEnv();
  const setupJob = newJob({ toolCache });
  const setup = await runStep(setupJob, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': GATES_GO_VERSION,
      'go-download-source': 'proxy',
      goproxy: goProxy(),
      'health-check': 'quick',
      cache: 'false',
    },
    env: { GOPROXY: goProxy() },
  });
  expect(setup.code).toBe(0);
  jobEnv = {
    ...applyJobEnv(setupJob),
    // Shared with the test support's builds: staticcheck compiles once per machine.
    GOMODCACHE: shared.GOMODCACHE!,
    GOCACHE: shared.GOCACHE!,
    GOFLAGS: '-modcacherw',
    GOPROXY: goProxy(),
  };
}, 1_800_000);

afterAll(async () => {
  await release?.close();
  await scRelease?.close();
  spawnSync('chmod', ['-R', 'u+w', scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

/** A job whose workspace holds a copy of `module` (plus `files`). */
function workspace(module: string, files: Record<string, string> = {}, sub = ''): Job {
  const job = newJob({ toolCache });
  moduleSource(module, path.join(job.workspace, sub));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(job.workspace, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return job;
}

function gates(
  job: Job,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<StepResult> {
  return runStep(job, {
    bundle: 'dist/gates/index.js',
    node,
    actionYml: GATES_YML,
    inputs: {
      'golangci-lint-download-base-url': release.url,
      'staticcheck-download-base-url': scRelease.url,
      cache: 'false',
      ...inputs,
    },
    env: { ...jobEnv, ...env },
    timeoutMs: 900_000,
  });
}

interface GateJson {
  status: string;
  findings: {
    file: string;
    line: number;
    column: number;
    rule: string;
    message: string;
    severity: string;
  }[];
  failure?: string;
  tool?: { version: string; source: string; verifiedBy: string };
}

function results(r: StepResult): Record<string, GateJson> {
  return JSON.parse(r.outputs['results'] ?? '{}') as Record<string, GateJson>;
}

const DEFECTS = {
  'defects/format.go': 'package defects\n\nfunc   Sloppy( ) int {\nreturn 1 }\n',
  'defects/vet.go':
    'package defects\n\nimport "fmt"\n\nfunc Greet() {\n\tfmt.Printf("%d items\\n", "three")\n}\n',
  'defects/static.go':
    'package defects\n\nimport "strings"\n\nfunc Lower(s string) string {\n\tstrings.ToLower(s)\n\treturn s\n}\n',
  'defects/errs.go':
    'package defects\n\nimport "os"\n\nfunc Clean() {\n\tos.Remove("scratch.txt")\n}\n',
};

describe('gates action', () => {
  it('passes a clean real module on all four gates and says so', async () => {
    const job = workspace(CLEAN_MODULE, { '.golangci.yml': GOLANGCI_CONFIG });
    const r = await gates(job);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs['passed']).toBe('true');
    expect(r.outputs['findings']).toBe('0');
    const res = results(r);
    expect(Object.keys(res)).toEqual(['fmt', 'vet', 'staticcheck', 'golangci-lint']);
    for (const gate of Object.values(res)) expect(gate.status).toBe('passed');
    expect(res['staticcheck']!.tool).toMatchObject({ version: 'v0.8.2', source: 'pinned default' });
    expect(res['staticcheck']!.tool!.verifiedBy).toMatch(
      /^release archive staticcheck_linux_amd64\.tar\.gz with SHA-256 [0-9a-f]{64}, the value .*staticcheck_linux_amd64\.tar\.gz\.sha256 gave in this job; the binary was taken from those bytes$/,
    );
    expect(res['golangci-lint']!.tool!.verifiedBy).toMatch(
      /^release archive golangci-lint-2\.15\.0-linux-amd64\.tar\.gz with SHA-256 [0-9a-f]{64}, the value .*golangci-lint-2\.15\.0-checksums\.txt gave in this job/,
    );
    expect(r.summary).toContain('### Go gates: ✅ passed — 0 findings');
    for (const gate of ['fmt', 'vet', 'staticcheck', 'golangci-lint']) {
      expect(r.summary).toMatch(new RegExp(`\\| ${gate} \\| ✅ passed \\| 0 \\|`));
    }
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([]);
    // golangci-lint does not redo (or report twice) what the vet and staticcheck gates do.
    expect(r.summary).toContain(
      'golangci-lint left govet, staticcheck, unused to the vet and staticcheck gates',
    );
  });

  it('reports each planted defect with the right gate, file and line, and fails', async () => {
    const job = workspace(CLEAN_MODULE, { '.golangci.yml': GOLANGCI_CONFIG, ...DEFECTS });
    const r = await gates(job);
    expect(r.code).toBe(1);
    expect(r.outputs['passed']).toBe('false');
    const res = results(r);
    expect(res['fmt']!.findings).toEqual([
      expect.objectContaining({
        file: 'defects/format.go',
        line: 3,
        rule: 'gofmt',
        severity: 'error',
      }),
    ]);
    expect(res['vet']!.findings).toEqual([
      expect.objectContaining({
        file: 'defects/vet.go',
        line: 6,
        rule: 'printf',
        severity: 'error',
      }),
    ]);
    expect(res['vet']!.findings[0]!.message).toMatch(/%d.*string/);
    // staticcheck also knows the printf mistake (SA5009); its own planted one is SA4017.
    expect(res['staticcheck']!.findings).toContainEqual(
      expect.objectContaining({ file: 'defects/static.go', line: 6, rule: 'SA4017' }),
    );
    expect(res['staticcheck']!.findings.map((f) => f.file)).not.toContain('defects/errs.go');
    const gl = res['golangci-lint']!.findings;
    expect(gl).toContainEqual(
      expect.objectContaining({ file: 'defects/errs.go', line: 6, rule: 'errcheck' }),
    );
    for (const gate of ['fmt', 'vet', 'staticcheck', 'golangci-lint'])
      expect(res[gate]!.status).toBe('failed');
    // Annotations point at the lines, with gate and rule in the title.
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        level: 'error',
        file: 'defects/vet.go',
        line: 6,
        title: 'vet: printf',
      }),
    );
    expect(r.annotations).toContainEqual(
      expect.objectContaining({
        file: 'defects/errs.go',
        line: 6,
        title: 'golangci-lint: errcheck',
      }),
    );
    expect(r.summary).toContain('| `defects/errs.go:6:');
    expect(r.summary).toContain('gofmt diff for <code>defects/format.go</code>');
    expect(r.errors.at(-1)).toMatch(/gates failed: fmt, vet, staticcheck, golangci-lint/);
  });

  it('fail-on never reports the findings and passes the step', async () => {
    const job = workspace(CLEAN_MODULE, { 'defects/vet.go': DEFECTS['defects/vet.go'] });
    const r = await gates(job, { gates: 'vet', 'fail-on': 'never' });
    expect(r.code).toBe(0);
    expect(r.outputs['findings']).toBe('1');
    expect(r.annotations).toContainEqual(
      expect.objectContaining({ file: 'defects/vet.go', line: 6 }),
    );
  });

  it('runs golangci-lint with its defaults in a module with no config', async () => {
    const job = workspace('github.com/google/uuid@v1.6.0');
    const r = await gates(job, { gates: 'golangci-lint' });
    expect(r.code).toBe(1);
    const gl = results(r)['golangci-lint']!;
    expect(gl.status).toBe('failed');
    expect(gl.findings).toContainEqual(
      expect.objectContaining({ file: 'uuid_test.go', line: 582, rule: 'errcheck' }),
    );
  });

  it('lints every module of a go.work, with paths from the repository root', async () => {
    const job = newJob({ toolCache });
    const files: Record<string, string> = {
      'go.work': 'go 1.24\n\nuse (\n\t./api\n\t./worker\n)\n',
      'api/go.mod': 'module example.com/api\n\ngo 1.24\n',
      'api/api.go': 'package api\n\n// Name is the service name.\nconst Name = "api"\n',
      'worker/go.mod': 'module example.com/worker\n\ngo 1.24\n',
      'worker/work.go':
        'package worker\n\nimport "fmt"\n\nfunc Run() {\n\tfmt.Printf("%s\\n", 42)\n}\n',
    };
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(job.workspace, rel)), { recursive: true });
      writeFileSync(path.join(job.workspace, rel), content);
    }
    const r = await gates(job, { gates: 'fmt,vet,staticcheck' });
    expect(r.code).toBe(1);
    const res = results(r);
    expect(res['fmt']!.status).toBe('passed');
    expect(res['vet']!.findings).toEqual([
      expect.objectContaining({ file: 'worker/work.go', line: 6, rule: 'printf' }),
    ]);
    expect(r.stdout).toMatch(/in api, worker/);
  });
});

/** A tar.gz whose `<top>/<name>` is a shell script that leaves a mark when it runs. */
function plantedArchive(file: string, top: string, name: string, mark: string): void {
  const stage = mkdtempSync(path.join(scratch, 'planted-'));
  mkdirSync(path.join(stage, top));
  writeFileSync(
    path.join(stage, top, name),
    `#!/bin/sh\ntouch '${mark}'\necho '{"Issues":[]}'\nexit 0\n`,
    { mode: 0o755 },
  );
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('tar', ['-czf', file, '-C', stage, top]);
}

describe('gate tools a job cannot poison', () => {
  const STATIC = { 'defects/static.go': DEFECTS['defects/static.go'] };

  it('kept release archives swapped for scripts, records rewritten, are proven again and never run', async () => {
    // A first job keeps both archives in the tool cache.
    const first = await gates(workspace(CLEAN_MODULE, { '.golangci.yml': GOLANGCI_CONFIG }), {
      gates: 'staticcheck,golangci-lint',
    });
    expect(first.code).toBe(0);
    const scDir = path.join(toolCache, 'staticcheck', `${STATICCHECK_RELEASE}-src-`);
    const kept = readdirSync(path.join(toolCache, 'staticcheck'));
    expect(kept).toHaveLength(1);
    expect(kept[0]!.startsWith(path.basename(scDir))).toBe(true);
    const scKeep = path.join(toolCache, 'staticcheck', kept[0]!, 'linux-amd64');
    const glKeep = path.join(
      toolCache,
      'golangci-lint',
      readdirSync(path.join(toolCache, 'golangci-lint')).find((d) => d.includes('-src-'))!,
      'linux-amd64',
    );
    // A hostile job swaps each kept archive for one holding a script, and writes records
    // that vouch for it.
    const mark = path.join(scratch, 'planted-tool-ran');
    plantedArchive(
      path.join(scKeep, 'staticcheck_linux_amd64.tar.gz'),
      'staticcheck',
      'staticcheck',
      mark,
    );
    plantedArchive(
      path.join(glKeep, 'golangci-lint-2.15.0-linux-amd64.tar.gz'),
      'golangci-lint-2.15.0-linux-amd64',
      'golangci-lint',
      mark,
    );
    for (const dir of [scKeep, glKeep])
      writeFileSync(path.join(dir, '.verified.json'), '{"sha256":"planted","binarySha256":"x"}');

    const job = workspace(CLEAN_MODULE, {
      ...STATIC,
      '.golangci.yml': GOLANGCI_CONFIG,
      'defects/errs.go': DEFECTS['defects/errs.go'],
    });
    const r = await gates(job, { gates: 'staticcheck,golangci-lint' });
    expect(existsSync(mark)).toBe(false);
    const res = results(r);
    expect(res['staticcheck']!.findings).toContainEqual(
      expect.objectContaining({ file: 'defects/static.go', line: 6, rule: 'SA4017' }),
    );
    expect(res['golangci-lint']!.findings).toContainEqual(
      expect.objectContaining({ file: 'defects/errs.go', line: 6, rule: 'errcheck' }),
    );
    expect(r.outputs['passed']).toBe('false');
    // The genuine archives are back for the next job, which downloads nothing.
    const downloads = scRelease.countFor('staticcheck_linux_amd64.tar.gz');
    const again = await gates(job, { gates: 'staticcheck' });
    expect(results(again)['staticcheck']!.findings).toHaveLength(1);
    expect(scRelease.countFor('staticcheck_linux_amd64.tar.gz')).toBe(downloads);
  });

  it("goinstall builds ignore the home's go env file and the job's module cache", async () => {
    // The go env file of a self-hosted runner's home, as a hostile job left it: staticcheck
    // exempt from the checksum database and served from a file proxy of its own.
    const home = mkdtempSync(path.join(scratch, 'home-'));
    const evilProxy = path.join(scratch, 'evil-proxy');
    mkdirSync(path.join(home, '.config', 'go'), { recursive: true });
    writeFileSync(
      path.join(home, '.config', 'go', 'env'),
      `GONOSUMDB=honnef.co/go/tools\nGOPRIVATE=honnef.co/go/tools\nGOPROXY=file://${evilProxy}\nGOFLAGS=-mod=mod\n`,
    );
    // The job's module cache holds a staticcheck whose main.go was replaced behind its
    // genuine .ziphash.
    const modcache = mkdtempSync(path.join(scratch, 'modcache-'));
    execFileSync('go', ['mod', 'download', `honnef.co/go/tools@${STATICCHECK_VERSION}`], {
      cwd: scratch,
      env: { ...goEnv(), GOMODCACHE: modcache, GOFLAGS: '-modcacherw' },
    });
    const main = path.join(
      modcache,
      `honnef.co/go/tools@${STATICCHECK_VERSION}`,
      'cmd',
      'staticcheck',
      'staticcheck.go',
    );
    writeFileSync(main, 'package main\n\nfunc main() {}\n');

    const job = workspace(CLEAN_MODULE, STATIC);
    const r = await gates(
      job,
      { gates: 'staticcheck', 'staticcheck-install-mode': 'goinstall' },
      { HOME: home, GOMODCACHE: modcache },
    );
    const sc = results(r)['staticcheck']!;
    expect(sc.failure).toBeUndefined();
    expect(sc.tool!.verifiedBy).toBe(
      `built in this job from honnef.co/go/tools/cmd/staticcheck@${STATICCHECK_VERSION} with ` +
        `go${GATES_GO_VERSION}, every module checked against the Go checksum database ` +
        '(GOENV=off, no exemptions, fresh module and build caches)',
    );
    expect(sc.findings).toContainEqual(
      expect.objectContaining({ file: 'defects/static.go', line: 6, rule: 'SA4017' }),
    );
    // Nothing of the build is kept for another job to trust.
    expect(
      existsSync(
        path.join(
          toolCache,
          'staticcheck',
          `${STATICCHECK_VERSION.slice(1)}-go${GATES_GO_VERSION}`,
        ),
      ),
    ).toBe(false);
  });

  it('refuses a plain-http release mirror before anything runs', async () => {
    const r = await gates(workspace(CLEAN_MODULE), {
      'golangci-lint-download-base-url': 'http://mirror.example/golangci',
    });
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(
      /golangci-lint-download-base-url: http:\/\/mirror\.example\/golangci must be an https:\/\/ URL/,
    );
  });

  it('refuses a bad lint cache input before any gate or output', async () => {
    const r = await gates(workspace(CLEAN_MODULE), { cache: 'true', 'cache-backend': 'gcs' });
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(/input cache-backend must be github or local, not "gcs"/);
    expect(r.outputs).toEqual({});
    expect(r.stdout).not.toMatch(/gates fmt, vet/);
  });
});

describe('golangci-lint release verification', () => {
  async function withServer(
    tamper: Parameters<typeof startGolangciReleaseServer>[0]['tamper'],
    version: string,
  ) {
    const server = await startGolangciReleaseServer({
      version,
      binaries: { 'linux-amd64': golangciBinary() },
      tamper,
    });
    const job = workspace(CLEAN_MODULE, { '.golangci.yml': GOLANGCI_CONFIG });
    try {
      return await gates(job, {
        gates: 'golangci-lint',
        'golangci-lint-download-base-url': server.url,
        'golangci-lint-version': version,
      });
    } finally {
      await server.close();
    }
  }

  it('refuses an archive whose hash differs from checksums.txt, installing nothing', async () => {
    const r = await withServer({ wrongHash: ['linux-amd64'] }, 'v2.15.1');
    expect(r.code).toBe(1);
    const gl = results(r)['golangci-lint']!;
    expect(gl.status).toBe('error');
    expect(gl.failure).toMatch(/SHA-256.*does not match/);
    // Nothing kept: no archive of 2.15.1 from any source, no temporary file.
    const kept = readdirSync(path.join(toolCache, 'golangci-lint'))
      .filter((d) => d.startsWith('2.15.1'))
      .flatMap((d) => readdirSync(path.join(toolCache, 'golangci-lint', d, 'linux-amd64')));
    expect(kept).toEqual([]);
  });

  it('does not match a checksums.txt that names the file only inside longer names', async () => {
    const r = await withServer({ substringOnly: ['linux-amd64'] }, 'v2.15.2');
    expect(r.code).toBe(1);
    expect(results(r)['golangci-lint']!.failure).toMatch(
      /golangci-lint-2\.15\.2-linux-amd64\.tar\.gz/,
    );
    expect(
      existsSync(path.join(toolCache, 'golangci-lint', '2.15.2', 'linux-amd64', 'golangci-lint')),
    ).toBe(false);
  });
});

describe('tools that misbehave', () => {
  it("fails the gate with the tool's own words when it crashes or prints garbage", async () => {
    const crash = path.join(scratch, 'crash-golangci-lint');
    writeFileSync(
      crash,
      '#!/bin/sh\nif [ "$1" = run ]; then echo "panic: runtime error: index out of range [3] with length 3" >&2; echo "goroutine 1 [running]:" >&2; exit 2; fi\nexit 0\n',
      { mode: 0o755 },
    );
    const garbage = path.join(scratch, 'garbage-golangci-lint');
    writeFileSync(garbage, '#!/bin/sh\necho "<html>502 Bad Gateway</html>"\nexit 0\n', {
      mode: 0o755,
    });
    for (const [bin, version, words] of [
      [crash, 'v2.15.3', /panic: runtime error: index out of range/],
      [garbage, 'v2.15.4', /502 Bad Gateway/],
    ] as const) {
      const server = await startGolangciReleaseServer({
        version,
        binaries: { 'linux-amd64': bin },
      });
      try {
        const job = workspace(CLEAN_MODULE);
        const r = await gates(job, {
          gates: 'golangci-lint',
          'golangci-lint-download-base-url': server.url,
          'golangci-lint-version': version,
        });
        expect(r.code).toBe(1);
        const gl = results(r)['golangci-lint']!;
        expect(gl.status).toBe('error');
        expect(gl.failure).toMatch(words);
        expect(gl.failure).not.toMatch(/Unexpected token|JSON\.parse|SyntaxError/);
        expect(r.summary).toContain('golangci-lint: the tool failed');
      } finally {
        await server.close();
      }
    }
  });
});

describe('only-new-issues', () => {
  function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    });
  }

  it('reports only findings on lines changed since the base', async () => {
    const job = workspace(CLEAN_MODULE, { 'defects/vet.go': DEFECTS['defects/vet.go'] });
    const ws = job.workspace;
    git(ws, 'init', '-q', '-b', 'main');
    git(ws, 'add', '-A');
    git(ws, 'commit', '-qm', 'base with an old finding');
    git(ws, 'checkout', '-qb', 'feature');
    writeFileSync(
      path.join(ws, 'defects', 'new.go'),
      'package defects\n\nimport "fmt"\n\nfunc New() {\n\tfmt.Printf("%s\\n", 1)\n}\n',
    );
    git(ws, 'add', '-A');
    git(ws, 'commit', '-qm', 'a new finding');
    const r = await gates(job, {
      gates: 'vet',
      'only-new-issues': 'true',
      'only-new-issues-base': 'main',
    });
    expect(r.code).toBe(1);
    expect(results(r)['vet']!.findings).toEqual([
      expect.objectContaining({ file: 'defects/new.go', line: 6 }),
    ]);
    expect(r.summary).toMatch(/1 older finding not shown/);
  });

  it('says loudly when there is no base, and strict mode fails', async () => {
    const job = workspace(CLEAN_MODULE);
    const loose = await gates(job, { gates: 'fmt', 'only-new-issues': 'true' });
    expect(loose.code).toBe(0);
    expect(loose.warnings.join('\n')).toMatch(
      /only-new-issues: no base to compare with.*not a git repository/i,
    );
    const strict = await gates(job, { gates: 'fmt', 'only-new-issues': 'strict' });
    expect(strict.code).toBe(1);
    expect(strict.errors.join('\n')).toMatch(/only-new-issues: strict and no base/);
  });
});

describe('lint cache and results', () => {
  it('saves the analysis caches and results, and the next job reuses them until a file changes', async () => {
    const store = path.join(scratch, 'lint-store');
    const inputs = {
      gates: 'vet,staticcheck',
      cache: 'true',
      'cache-backend': 'local',
      'cache-dir': store,
    };
    const xdg = (name: string) => ({ XDG_CACHE_HOME: path.join(scratch, name) });
    const first = await gates(workspace(CLEAN_MODULE), inputs, xdg('machine-1'));
    expect(first.code).toBe(0);
    expect(first.outputs['cache-hit']).toBe('false');
    expect(first.stdout).toMatch(/lint cache saved as setup-go-verified-lint-linux-amd64-go/);
    expect(results(first)['staticcheck']).toMatchObject({ reused: 0 });

    // A new machine: the entry restores the analysis caches and the results of identical inputs.
    const second = await gates(workspace(CLEAN_MODULE), inputs, xdg('machine-2'));
    expect(second.code).toBe(0);
    expect(second.outputs['cache-hit']).toBe('true');
    expect(
      existsSync(path.join(scratch, 'machine-2', 'setup-go-verified', 'lint', 'staticcheck')),
    ).toBe(true);
    expect(results(second)['vet']).toMatchObject({ status: 'passed', reused: 1 });
    expect(results(second)['staticcheck']).toMatchObject({ status: 'passed', reused: 1 });
    expect(second.summary).toMatch(/\| staticcheck \| ✅ passed \| 0 \| [\d.]+ s \(reused\) \|/);
    // What the reuse rests on is said, not hidden.
    expect(second.summary).toContain('Reused: 2 gate results for inputs identical to an');
    expect(second.summary).toContain(
      "Lint caches: restored from the runner's local cache directory; not proven",
    );
    expect(first.summary).not.toContain('Lint caches: restored');

    // One changed file: the tools run again and find what it brought.
    const third = await gates(
      workspace(CLEAN_MODULE, { 'defects/vet.go': DEFECTS['defects/vet.go'] }),
      inputs,
      xdg('machine-3'),
    );
    expect(third.code).toBe(1);
    expect(results(third)['vet']).toMatchObject({ reused: 0, status: 'failed' });
    expect(results(third)['vet']!.findings).toEqual([
      expect.objectContaining({ file: 'defects/vet.go', line: 6 }),
    ]);
  });
});

describe('command line and pre-commit hook', () => {
  const cli = path.join(repoRoot, 'dist', 'cli', 'index.js');
  const gitEnv = () => ({
    ...process.env,
    ...jobEnv,
    GIT_AUTHOR_NAME: 'test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
    // Stored gate results go to the test's scratch directory, not the user's cache.
    XDG_CACHE_HOME: path.join(scratch, 'cli-cache'),
  });

  it('`gates` prints findings as file:line:col lines and exits 1', () => {
    const job = workspace(CLEAN_MODULE, { 'defects/vet.go': DEFECTS['defects/vet.go'] });
    const r = spawnSync(node, [cli, 'gates', '--gates', 'fmt,vet', '--tool-cache', toolCache], {
      cwd: job.workspace,
      env: { ...process.env, ...jobEnv, XDG_CACHE_HOME: path.join(scratch, 'cli-cache') },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^defects\/vet\.go:6:\d+: error: vet\/printf: .*%d.*string/m);
    expect(r.stdout).toMatch(/^vet: failed, 1 finding/m);
    expect(r.stdout).toMatch(/^fmt: passed, 0 findings/m);
  });

  it('the installed hook lints staged files and blocks a bad commit', () => {
    const job = workspace(CLEAN_MODULE);
    const ws = job.workspace;
    const git = (...args: string[]) =>
      spawnSync('git', args, { cwd: ws, env: gitEnv(), encoding: 'utf8' });
    expect(git('init', '-q', '-b', 'main').status).toBe(0);
    expect(git('add', '-A').status).toBe(0);
    expect(git('commit', '-qm', 'base').status).toBe(0);
    const install = spawnSync(node, [cli, 'hooks', 'install', '--', '--gates', 'fmt,vet'], {
      cwd: ws,
      env: gitEnv(),
      encoding: 'utf8',
    });
    expect(install.status).toBe(0);
    expect(install.stderr).toMatch(/installed the pre-commit hook at .*pre-commit/);

    writeFileSync(
      path.join(ws, 'errgroup', 'sloppy.go'),
      'package errgroup\n\nfunc  sloppy( ) {}\n',
    );
    git('add', 'errgroup/sloppy.go');
    const blocked = git('commit', '-qm', 'sloppy');
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toMatch(/errgroup\/sloppy\.go:3: error: fmt\/gofmt/);
    expect(git('rev-list', '--count', 'HEAD').stdout.trim()).toBe('1');

    writeFileSync(path.join(ws, 'errgroup', 'sloppy.go'), 'package errgroup\n\nfunc sloppy() {}\n');
    git('add', 'errgroup/sloppy.go');
    const ok = git('commit', '-qm', 'tidy');
    expect(ok.stderr).toMatch(/fmt: passed/);
    expect(ok.status).toBe(0);
    expect(git('rev-list', '--count', 'HEAD').stdout.trim()).toBe('2');
  });
});
