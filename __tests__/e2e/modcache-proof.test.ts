/**
 * The module cache proof end to end on the built dist/ (cache-backend: local): a job saves a
 * module cache in which another job's hand changed one source file of a module (its
 * `.ziphash` still genuine) and added a module directory no go.sum line covers. The next
 * job's setup step proves the restored cache before any go command runs: it warns naming the
 * changed module, removes it and the uncovered directory, and the job's `go build` downloads
 * the module again, so the published bytes are back. The same for a GOMODCACHE the setup
 * step finds already filled (a self-hosted runner's), which it does not restore over.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { node24 } from '../../test-support/node24.mjs';
import { applyJobEnv, newJob, runStep, type Job } from '../../test-support/runner.mjs';
import { goProxy } from '../../test-support/toolchain.mjs';

jest.setTimeout(300_000);

const VERSION = '1.22.5';
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cache-module');
const UUID = 'github.com/google/uuid@v1.6.0';
const CHANGED = `${UUID}/uuid.go`;
const EXTRA = 'example.com/!extra@v1.0.0';
let node: string;
let scratch: string;
let toolCache: string;
let published: Buffer;

interface GoJob {
  job: Job;
  env: Record<string, string>;
  modCache: string;
}

function goJob(machine: string): GoJob {
  const home = path.join(scratch, machine);
  const job = { ...newJob({ toolCache }), workspace: path.join(home, 'work') };
  cpSync(FIXTURE, job.workspace, { recursive: true });
  const modCache = path.join(home, 'go', 'pkg', 'mod');
  return {
    job,
    modCache,
    env: {
      GOPATH: path.join(home, 'go'),
      GOCACHE: path.join(scratch, 'shared-go-build'),
      GOFLAGS: '',
      GOPROXY: goProxy(),
      GITHUB_RUN_ID: String(Math.floor(Math.random() * 1e9)),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'build',
      GITHUB_REF: 'refs/heads/main',
    },
  };
}

const inputs = () => ({
  'go-version': VERSION,
  'go-download-source': 'proxy',
  goproxy: goProxy(),
  'health-check': 'quick',
  'cache-backend': 'local',
  'cache-dir': path.join(scratch, 'store'),
  'cache-build': 'false',
});

function go(g: GoJob, args: string[]) {
  const env = { ...process.env, ...applyJobEnv(g.job), ...g.env };
  return new Promise<{ code: number; stderr: string }>((resolve) => {
    const child = spawn('go', args, {
      cwd: g.job.workspace,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

/** What another job could do to a module cache: one file changed, one module added. */
function spoil(modCache: string): void {
  const file = path.join(modCache, CHANGED);
  chmodSync(path.dirname(file), 0o755);
  chmodSync(file, 0o644);
  appendFileSync(file, '\nfunc init() { panic("changed by another job") }\n');
  mkdirSync(path.dirname(path.join(modCache, EXTRA)), { recursive: true });
  cpSync(path.join(modCache, UUID), path.join(modCache, EXTRA), { recursive: true });
}

/** The setup step proves and cleans the cache; a build then gets the published module back. */
async function expectProvenAndRebuilt(g: GoJob, setup: Awaited<ReturnType<typeof runStep>>) {
  expect(setup.code).toBe(0);
  expect(setup.errors).toEqual([]);
  const warnings = setup.warnings.filter((w) => w.startsWith('GOMODCACHE'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain(
    '1 failed their proof and were removed: github.com/google/uuid v1.6.0 (directory: 1 changed (uuid.go))',
  );
  expect(warnings[0]).toContain(`1 not covered by any go.sum line were removed: ${EXTRA}`);
  expect(setup.summary).toContain('GOMODCACHE proof: 1 module version proven');
  expect(setup.summary).toContain('1 not covered by any go.sum line');
  expect(existsSync(path.join(g.modCache, UUID))).toBe(false);
  expect(existsSync(path.join(g.modCache, EXTRA))).toBe(false);
  expect(existsSync(path.join(g.modCache, 'golang.org/x/text@v0.18.0/LICENSE'))).toBe(true);

  const built = await go(g, ['build', '-o', os.devNull, '.']);
  expect(built.code).toBe(0);
  expect(built.stderr).toMatch(/downloading github\.com\/google\/uuid v1\.6\.0/);
  expect(readFileSync(path.join(g.modCache, CHANGED))).toEqual(published);
}

beforeAll(async () => {
  node = node24();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-modcache-e2e-'));
  toolCache = path.join(scratch, 'toolcache');
  mkdirSync(toolCache);
  // A job that fills the module cache, has it spoiled, and saves it.
  const cold = goJob('cold');
  const s = await runStep(cold.job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: inputs(),
    env: cold.env,
  });
  expect(s.code).toBe(0);
  expect((await go(cold, ['build', '-o', os.devNull, '.'])).code).toBe(0);
  published = readFileSync(path.join(cold.modCache, CHANGED));
  spoil(cold.modCache);
  const p = await runStep(cold.job, {
    bundle: 'dist/post/index.js',
    node,
    inputs: inputs(),
    state: s.state,
    env: cold.env,
  });
  expect(p.code).toBe(0);
  expect(p.stdout).toMatch(/GOMODCACHE cache \S+: saved/);
});

afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

describe('module cache proof', () => {
  it('a restored entry with a changed module file: warned, removed, downloaded again', async () => {
    const warm = goJob('warm');
    const s = await runStep(warm.job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputs(),
      env: warm.env,
    });
    expect(s.outputs['cache-hit']).toBe('true');
    await expectProvenAndRebuilt(warm, s);
  });

  it('a GOMODCACHE already on the runner is proven the same way', async () => {
    const reused = goJob('reused');
    const first = goJob('first');
    // Another job's module cache left on the machine, spoiled.
    const s0 = await runStep(first.job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: { ...inputs(), cache: 'false' },
      env: first.env,
    });
    expect(s0.code).toBe(0);
    expect((await go(first, ['build', '-o', os.devNull, '.'])).code).toBe(0);
    spoil(first.modCache);
    cpSync(first.modCache, reused.modCache, { recursive: true });
    const s = await runStep(reused.job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputs(),
      env: reused.env,
    });
    expect(s.stdout).toMatch(/GOMODCACHE cache \S+: skipped \(.* already has files/);
    await expectProvenAndRebuilt(reused, s);
  });
});
