/**
 * The coverage action end to end on the built dist/: a real Go (installed by the setup action
 * from the module proxy), a real module from the proxy, a small module with build-tagged files
 * whose figures are counted by hand, artifacts through a loopback artifact service backed by
 * a real blob store (azurite), and hostile profiles and inputs.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  startArtifactService,
  type ArtifactService,
} from '../../test-support/artifact-service.mjs';
import { startAzurite, type Azurite } from '../../test-support/azurite.mjs';
import { GATES_GO_VERSION, goEnv, moduleSource } from '../../test-support/gate-tools.mjs';
import { node24 } from '../../test-support/node24.mjs';
import {
  applyJobEnv,
  newJob,
  repoRoot,
  runStep,
  type Job,
  type StepResult,
} from '../../test-support/runner.mjs';
import { goProxy } from '../../test-support/toolchain.mjs';

jest.setTimeout(600_000);

const MODULE = 'golang.org/x/sync@v0.18.0';
const TAGGED = path.join(repoRoot, '__tests__', 'e2e', 'fixtures', 'tagged-module');
const COVERAGE_YML = path.join(repoRoot, 'coverage', 'action.yml');

let node: string;
let scratch: string;
let toolCache: string;
let jobEnv: Record<string, string>;
let azurite: Azurite;
let service: ArtifactService;

beforeAll(async () => {
  node = node24();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-coverage-e2e-'));
  toolCache = path.join(scratch, 'toolcache');
  mkdirSync(toolCache);
  azurite = await startAzurite();
  service = await startArtifactService({ azurite });
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
    GOMODCACHE: shared.GOMODCACHE!,
    GOCACHE: shared.GOCACHE!,
    GOFLAGS: '-modcacherw',
    GOPROXY: goProxy(),
  };
}, 1_800_000);

afterAll(async () => {
  await service?.close();
  await azurite?.stop();
  spawnSync('chmod', ['-R', 'u+w', scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

function coverage(
  job: Job,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<StepResult> {
  return runStep(job, {
    bundle: 'dist/coverage/index.js',
    node,
    actionYml: COVERAGE_YML,
    inputs,
    env: { ...jobEnv, ...env },
    timeoutMs: 600_000,
  });
}

function errorsOf(r: StepResult): string {
  return r.annotations
    .filter((a) => a.level === 'error')
    .map((a) => a.message)
    .join('\n');
}

interface ReportJson {
  total: { percent: number; covered: number; statements: number };
  meetsThreshold: boolean;
  files: { name: string; path: string; covered: number; statements: number }[];
  test?: { exitCode: number; race: boolean };
  reports: Record<string, string>;
  parts: string[];
}

const report = (r: StepResult) => JSON.parse(r.outputs['report'] ?? '{}') as ReportJson;

/** go tool cover -func's total line: the Go team's own figure for a profile. */
function goCoverFunc(profile: string, cwd: string): string {
  const out = execFileSync('go', ['tool', 'cover', `-func=${profile}`], {
    cwd,
    env: { ...process.env, ...jobEnv },
    encoding: 'utf8',
  });
  return /^total:\s+\(statements\)\s+([\d.]+)%$/m.exec(out)![1]!;
}

describe('test mode on a real module', () => {
  let job: Job;
  let r: StepResult;

  beforeAll(async () => {
    job = newJob({ toolCache });
    moduleSource(MODULE, job.workspace);
    r = await coverage(job, {}, service.jobEnv());
  });

  it('runs go test -race with an atomic profile and reports the figure go tool cover gives', () => {
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/go test -covermode=atomic -coverprofile=\S+ -race \.\/\.\.\./);
    const rep = report(r);
    expect(rep.test).toEqual(expect.objectContaining({ exitCode: 0, race: true }));
    const profile = r.outputs['profile']!;
    expect(readFileSync(profile, 'utf8').startsWith('mode: atomic\n')).toBe(true);
    expect(r.outputs['coverage']).toBe(goCoverFunc(profile, job.workspace));
    expect(Number(r.outputs['coverage'])).toBeGreaterThan(50);
    expect(r.outputs['meets-threshold']).toBe('true');
  });

  it('writes the summary, HTML, Cobertura, LCOV and the badge', () => {
    const dir = r.outputs['report-dir']!;
    expect(dir).toBe(path.join(job.workspace, 'coverage'));
    expect(r.summary).toContain(`### Coverage: ${r.outputs['coverage']}% of statements`);
    expect(r.summary).toContain('`golang.org/x/sync/semaphore`');
    const html = readFileSync(path.join(dir, 'coverage.html'), 'utf8');
    expect(html).toContain('golang.org/x/sync/errgroup/errgroup.go');
    const xml = readFileSync(path.join(dir, 'cobertura.xml'), 'utf8');
    expect(xml).toContain('filename="errgroup/errgroup.go"');
    const lcov = readFileSync(path.join(dir, 'lcov.info'), 'utf8');
    expect(lcov).toContain('SF:semaphore/semaphore.go');
    expect(readFileSync(path.join(dir, 'badge.svg'), 'utf8')).toContain(
      `coverage: ${r.outputs['coverage']}%`,
    );
    expect(Object.keys(report(r).reports).sort()).toEqual(
      ['badge', 'cobertura', 'html', 'json', 'lcov', 'profile', 'summary'].sort(),
    );
  });

  it('uploads the profile and reports as the leg artifact', () => {
    const a = service.artifacts.find((x) => x.name === 'coverage-linux-amd64');
    expect(a?.committed).toBe(true);
    expect(a!.size).toBeGreaterThan(1000);
    expect(r.stdout).toContain('artifact coverage-linux-amd64 uploaded');
  });

  it('fails under a threshold above the real figure, with the outputs still set', async () => {
    const above = (Math.floor(Number(r.outputs['coverage'])) + 1).toString();
    const again = await coverage(job, {
      'threshold-total': above,
      'threshold-file': '95',
      'upload-artifact': 'false',
    });
    expect(again.code).toBe(1);
    expect(again.outputs['meets-threshold']).toBe('false');
    expect(again.outputs['coverage']).toBe(r.outputs['coverage']);
    expect(errorsOf(again)).toMatch(
      new RegExp(
        `^coverage below threshold: total ${r.outputs['coverage']!.replace('.', '\\.')}% \\(\\d+ of \\d+ statements\\) is below threshold-total ${above}%: cover \\d+ more statements?; \\d+ of \\d+ files below threshold-file 95%`,
      ),
    );
    expect(again.summary).toContain('**Thresholds not met**');
  });
});

describe('merge of legs built with different tags', () => {
  it('reports the union: 5 of 7 statements (counted by hand)', async () => {
    // Leg alpha: common.go 2 of 3 + alpha.go 1 of 1 = 3 of 4 (75.0%).
    // Leg beta: common.go 2 of 3 + beta.go 2 of 3 = 4 of 6 (66.7%).
    // Union: common 2/3 + alpha 1/1 + beta 2/3 = 5 of 7 (71.4%).
    const expected = { alpha: '75.0', beta: '66.7' } as const;
    for (const tag of ['alpha', 'beta'] as const) {
      const leg = newJob({ toolCache });
      cpSync(TAGGED, leg.workspace, { recursive: true });
      const r = await coverage(
        leg,
        { 'test-args': `-tags=${tag}`, 'artifact-name': `tagged-${tag}` },
        service.jobEnv(`leg-${tag}`),
      );
      expect(errorsOf(r)).toBe('');
      expect(r.outputs['coverage']).toBe(expected[tag]);
    }
    const merge = newJob({ toolCache });
    cpSync(TAGGED, merge.workspace, { recursive: true });
    const r = await coverage(
      merge,
      { mode: 'merge', 'merge-pattern': 'tagged-*', 'threshold-total': '71.4' },
      service.jobEnv('merge'),
    );
    expect(errorsOf(r)).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs['coverage']).toBe('71.4');
    const rep = report(r);
    expect(rep.parts).toEqual(['tagged-alpha', 'tagged-beta']);
    expect(rep.total).toEqual({ percent: 71.4, covered: 5, statements: 7 });
    expect(rep.files.map((f) => [f.path, f.covered, f.statements])).toEqual([
      ['alpha.go', 1, 1],
      ['beta.go', 2, 3],
      ['common.go', 2, 3],
    ]);
    expect(r.summary).toContain('merged from 2 profiles: tagged-alpha, tagged-beta');
    // The merged profile sums the atomic counts of the blocks both legs ran.
    expect(readFileSync(r.outputs['profile']!, 'utf8')).toContain(
      'example.com/tagged/common.go:6.24,7.11 1 2\n',
    );
    expect(service.artifacts.some((a) => a.name === 'coverage-merged' && a.committed)).toBe(true);
  });

  it('says which artifacts exist when none match', async () => {
    const job = newJob({ toolCache });
    cpSync(TAGGED, job.workspace, { recursive: true });
    const r = await coverage(
      job,
      { mode: 'merge', 'merge-pattern': 'cov-*', 'upload-artifact': 'false' },
      service.jobEnv(),
    );
    expect(r.code).toBe(1);
    expect(errorsOf(r)).toMatch(
      /no artifacts matching cov-\* in this run: .* artifacts present: .*tagged-alpha/,
    );
  });
});

describe('report mode', () => {
  function reportJob(files: Record<string, string>): Job {
    const job = newJob({ toolCache });
    cpSync(TAGGED, job.workspace, { recursive: true });
    for (const [name, text] of Object.entries(files))
      writeFileSync(path.join(job.workspace, name), text);
    return job;
  }
  const report1 = (job: Job, profiles: string, extra: Record<string, string> = {}) =>
    coverage(job, { mode: 'report', profiles, 'upload-artifact': 'false', ...extra });

  it('reads a GOCOVERDIR written by a coverage-instrumented test binary', async () => {
    const job = reportJob({});
    const dir = path.join(job.workspace, 'gocover');
    mkdirSync(dir);
    execFileSync('go', ['test', '-cover', '-tags=alpha', '.', `-args`, `-test.gocoverdir=${dir}`], {
      cwd: job.workspace,
      env: { ...process.env, ...jobEnv },
    });
    expect(existsSync(dir)).toBe(true);
    const r = await report1(job, 'gocover');
    expect(errorsOf(r)).toBe('');
    expect(r.outputs['coverage']).toBe('75.0');
  });

  const hostile: [string, Record<string, string>, string, RegExp][] = [
    ['an empty profile', { 'empty.out': '' }, 'empty.out', /empty\.out/],
    [
      'a truncated line',
      {
        'cut.out':
          'mode: set\nexample.com/tagged/common.go:6.24,7.11 1 1\nexample.com/tagged/common.go:7.11,9',
      },
      'cut.out',
      /cut\.out:3: .*truncated/,
    ],
    [
      'mixed modes',
      {
        'a.out': 'mode: set\nexample.com/tagged/common.go:6.24,7.11 1 1\n',
        'b.out': 'mode: count\nexample.com/tagged/common.go:6.24,7.11 1 3\n',
      },
      'a.out\nb.out',
      /cannot merge coverage profiles of different modes: a\.out uses mode "set" but b\.out uses mode "count"/,
    ],
    [
      'a profile of files that do not exist',
      { 'other.out': 'mode: set\nexample.com/elsewhere/x.go:1.1,2.2 1 1\n' },
      'other.out',
      /other\.out: the profile names files that are not in this workspace's modules \(example\.com\/elsewhere\/x\.go\); modules here: example\.com\/tagged in \./,
    ],
    [
      'a profile older than the source',
      { 'old.out': 'mode: set\nexample.com/tagged/common.go:6.24,90.2 3 1\n' },
      'old.out',
      /old\.out: common\.go has 11 lines but the profile has a block ending at line 90: the profile is older than the source/,
    ],
  ];
  it.each(hostile)('%s is a clear error, not a number', async (_what, files, profiles, message) => {
    const r = await report1(reportJob(files), profiles);
    expect(r.code).toBe(1);
    expect(errorsOf(r)).toMatch(message);
    expect(r.outputs['coverage']).toBeUndefined();
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace: a message, not a crash
  });

  it.each([
    ['mode', 'tset', 'input mode must be test, report or merge, not "tset"'],
    ['race', 'yes', 'input race must be true or false (also True, TRUE, False, FALSE), not "yes"'],
  ])('refuses a bad %s before it looks for go', async (name, value, message) => {
    // No go on PATH: the input is named, not the missing toolchain.
    const r = await coverage(reportJob({}), { [name]: value }, { PATH: '/nonexistent' });
    expect(r.code).toBe(1);
    expect(errorsOf(r)).toBe(message);
  });

  it('refuses a threshold of abc before doing anything', async () => {
    const r = await report1(reportJob({}), 'missing.out', { 'threshold-total': 'abc' });
    expect(r.code).toBe(1);
    expect(errorsOf(r)).toBe(
      'threshold-total: "abc" is not a percentage; use a number from 0 to 100, decimals allowed, optionally followed by % (for example 80 or 72.5%)',
    );
  });
});
