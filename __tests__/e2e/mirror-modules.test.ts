/**
 * A bundle that carries a project and its gates, through the built bundles on Node 24: the
 * CLI's `mirror` puts in the Go the gates run with, the module versions of a real module's
 * go.sum (examples/module: golang.org/x/text, github.com/google/go-cmp) and the module graphs
 * of staticcheck and golangci-lint, every one proven against the real checksum database.
 * Then the network is cut (every proxy variable at a dead loopback port, GOPROXY the bundle
 * through file://, GOSUMDB on): the setup action installs Go from the bundle, `go build` of
 * the module succeeds from an empty module cache, and the gates action builds staticcheck and
 * golangci-lint from source out of the bundle and reports the planted findings.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { testCacheDir } from '../../test-support/cache.mjs';
import { GATES_GO_VERSION, gatesGoRoot, goEnv } from '../../test-support/gate-tools.mjs';
import { node24 } from '../../test-support/node24.mjs';
import { CUT_ENV, machineProxyUrl } from '../../test-support/offline.mjs';
import { applyJobEnv, newJob, repoRoot, runStep } from '../../test-support/runner.mjs';
import { toolchainModuleZip } from '../../test-support/toolchain.mjs';

jest.setTimeout(1_800_000);

const CLI = path.join(repoRoot, 'dist/cli/index.js');
const MODULE = path.join(repoRoot, 'examples/module');
const CUT = CUT_ENV;
const GOLANGCI_CONFIG = `version: "2"
linters:
  exclusions:
    rules:
      - path: _test\\.go
        linters: [errcheck]
`;
const DEFECTS = {
  'defects/static.go':
    'package defects\n\nimport "strings"\n\nfunc Lower(s string) string {\n\tstrings.ToLower(s)\n\treturn s\n}\n',
  'defects/errs.go':
    'package defects\n\nimport "os"\n\nfunc Clean() {\n\tos.Remove("scratch.txt")\n}\n',
};

let node: string;
let scratch: string;
let bundle: string;
let offlineGoproxy: string;
const figures: Record<string, string> = {};

function seconds(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}

function duSize(dir: string): string {
  return execFileSync('du', ['-sh', dir], { encoding: 'utf8' }).split('\t')[0]!;
}

/**
 * The bundle, built once per set of inputs (the module's go.sum, the Go version, the CLI
 * bundle) and kept in the test cache; a kept one is only used after `mirror --check`.
 */
function buildOrReuseBundle(): string {
  const key = createHash('sha256')
    .update(readFileSync(path.join(MODULE, 'go.sum')))
    .update(GATES_GO_VERSION)
    .update(readFileSync(CLI))
    .digest('hex')
    .slice(0, 16);
  const dir = testCacheDir('mirror-bundles', key);
  const kept = path.join(dir, 'bundle');
  if (existsSync(path.join(kept, 'manifest.json'))) return kept;
  // Read first from the test cache's module downloads (a module proxy layout), then the
  // machine's proxy; every byte is proven against the checksum database either way.
  toolchainModuleZip(GATES_GO_VERSION, 'linux', 'amd64');
  const downloads = path.join(goEnv().GOMODCACHE!, 'cache', 'download');
  const machineProxy = machineProxyUrl();
  const tmp = path.join(dir, `bundle.tmp-${process.pid}`);
  const start = Date.now();
  const r = spawnSync(
    node,
    [
      CLI,
      'mirror',
      '--out',
      tmp,
      '--go-version',
      GATES_GO_VERSION,
      '--platform',
      'linux/amd64',
      '--modules',
      path.join(MODULE, 'go.mod'),
      '--tools',
      '--go',
      path.join(gatesGoRoot(), 'bin', 'go'),
      '--goproxy',
      `${pathToFileURL(downloads).href},${machineProxy}`,
    ],
    { encoding: 'utf8', env: process.env, timeout: 1_200_000 },
  );
  if (r.status !== 0) throw new Error(`mirror failed (${r.status}): ${r.stderr.slice(-4000)}`);
  figures['bundle build'] = seconds(start);
  renameSync(tmp, kept);
  return kept;
}

beforeAll(() => {
  node = node24();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'mirror-modules-e2e-'));
  bundle = buildOrReuseBundle();
  // A kept bundle is trusted no more than a carried one: checked offline before any use.
  const check = spawnSync(node, [CLI, 'mirror', '--check', bundle], {
    encoding: 'utf8',
    env: { ...process.env, ...CUT, GOPROXY: 'off' },
  });
  if (check.status !== 0) throw new Error(`the bundle ${bundle} fails --check: ${check.stdout}`);
  figures['bundle size'] = duSize(bundle);
  offlineGoproxy = pathToFileURL(bundle).href;
}, 1_800_000);

afterAll(() => {
  process.stderr.write(`mirror-modules figures: ${JSON.stringify(figures)}\n`);
  spawnSync('chmod', ['-R', 'u+w', scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

/** The job's environment after the setup action installed Go from the bundle, network cut. */
async function setupOffline(): Promise<{ env: Record<string, string>; goroot: string }> {
  const job = newJob({ toolCache: path.join(scratch, 'toolcache') });
  const r = await runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': GATES_GO_VERSION,
      'go-download-source': 'proxy',
      goproxy: offlineGoproxy,
      cache: 'false',
      'health-check': 'quick',
    },
    env: { ...CUT, GOPROXY: 'off', RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' },
    timeoutMs: 600_000,
  });
  expect(r.errors).toEqual([]);
  expect(r.code).toBe(0);
  return { env: applyJobEnv(job), goroot: r.outputs['go-root']! };
}

/** Go variables of an offline job: the bundle as proxy, the database on, fresh caches. */
function offlineGo(extra: Record<string, string> = {}): Record<string, string> {
  const caches = mkdtempSync(path.join(scratch, 'go-'));
  return {
    ...CUT,
    GOPROXY: offlineGoproxy,
    GOSUMDB: 'sum.golang.org',
    GONOSUMDB: '',
    GOPRIVATE: '',
    GOFLAGS: '-modcacherw',
    GOPATH: path.join(caches, 'gopath'),
    GOMODCACHE: path.join(caches, 'gomodcache'),
    GOCACHE: path.join(caches, 'gocache'),
    GOENV: 'off',
    ...extra,
  };
}

describe('a bundle with a project and its gate tools, network cut', () => {
  let job: { env: Record<string, string>; goroot: string };

  beforeAll(async () => {
    job = await setupOffline();
  }, 900_000);

  it('mirror --check proves every module version in it offline', () => {
    const r = spawnSync(node, [CLI, 'mirror', '--check', bundle, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, ...CUT, GOPROXY: 'off' },
    });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; modules: number; problems: string[] };
    expect(report.problems).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as {
      modules: { module: string; version: string; zip: boolean }[];
    };
    const names = manifest.modules.map((m) => `${m.module}@${m.version}`);
    for (const want of [
      `golang.org/toolchain@v0.0.1-go${GATES_GO_VERSION}.linux-amd64`,
      'golang.org/x/text@v0.44.0',
      'github.com/google/go-cmp@v0.7.0',
      'honnef.co/go/tools@v0.8.2',
      'github.com/golangci/golangci-lint/v2@v2.15.0',
    ]) {
      expect(names).toContain(want);
    }
    figures['module versions'] = String(report.modules);
  });

  it('go build of a real module succeeds from the bundle with GOSUMDB on and an empty module cache', () => {
    const work = path.join(scratch, 'module');
    cpSync(MODULE, work, { recursive: true });
    const env = { ...job.env, ...offlineGo() };
    const start = Date.now();
    const r = spawnSync(path.join(job.goroot, 'bin', 'go'), ['build', './...'], {
      cwd: work,
      env,
      encoding: 'utf8',
    });
    figures['offline go build'] = seconds(start);
    expect(r.stderr).not.toMatch(/verifying|SECURITY ERROR|dial tcp/);
    expect(r.status).toBe(0);
    // The tests' dependency (go-cmp) too: `go vet` loads every package with its tests.
    const vet = spawnSync(path.join(job.goroot, 'bin', 'go'), ['vet', './...'], {
      cwd: work,
      env,
      encoding: 'utf8',
    });
    expect(vet.stderr).not.toMatch(/verifying|SECURITY ERROR|dial tcp|missing go\.sum/);
    expect(vet.status).toBe(0);
    expect(existsSync(path.join(env.GOMODCACHE!, 'golang.org/x/text@v0.44.0'))).toBe(true);
  });

  it('the gates action builds staticcheck and golangci-lint from the bundle and reports findings', async () => {
    const gatesJob = newJob({ toolCache: path.join(scratch, 'toolcache') });
    cpSync(MODULE, gatesJob.workspace, { recursive: true });
    for (const [rel, text] of Object.entries({ '.golangci.yml': GOLANGCI_CONFIG, ...DEFECTS })) {
      mkdirSync(path.dirname(path.join(gatesJob.workspace, rel)), { recursive: true });
      writeFileSync(path.join(gatesJob.workspace, rel), text);
    }
    const start = Date.now();
    const r = await runStep(gatesJob, {
      bundle: 'dist/gates/index.js',
      node,
      actionYml: path.join(repoRoot, 'gates', 'action.yml'),
      inputs: {
        gates: 'staticcheck,golangci-lint',
        'staticcheck-install-mode': 'goinstall',
        'golangci-lint-install-mode': 'goinstall',
        cache: 'false',
      },
      env: { ...job.env, ...offlineGo() },
      timeoutMs: 1_500_000,
    });
    figures['offline gates (staticcheck + golangci-lint built from source)'] = seconds(start);
    const res = JSON.parse(r.outputs['results'] ?? '{}') as Record<
      string,
      {
        status: string;
        failure?: string;
        findings: { file: string; line: number; rule: string }[];
        tool?: { version: string; verifiedBy: string };
      }
    >;
    expect(res['staticcheck']?.failure).toBeUndefined();
    expect(res['golangci-lint']?.failure).toBeUndefined();
    expect(res['staticcheck']!.tool!.verifiedBy).toMatch(/^built in this job from honnef\.co/);
    expect(res['golangci-lint']!.tool!.verifiedBy).toMatch(
      /^built in this job from github\.com\/golangci/,
    );
    expect(res['staticcheck']!.findings).toContainEqual(
      expect.objectContaining({ file: 'defects/static.go', line: 6, rule: 'SA4017' }),
    );
    expect(res['golangci-lint']!.findings).toContainEqual(
      expect.objectContaining({ file: 'defects/errs.go', line: 6, rule: 'errcheck' }),
    );
    expect(r.code).toBe(1);
    expect(r.outputs['passed']).toBe('false');
  });
});
