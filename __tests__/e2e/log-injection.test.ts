/**
 * A repository cannot command the runner through the log. Its checkout holds a directory
 * whose name carries workflow commands on lines of their own; its tests print commands too.
 * The setup (with the local module cache keyed by that directory's go.sum), gates and
 * coverage actions run from dist/ on Node 24, and every line they print is read the way the
 * runner reads it: no line may be a `warning` titled Injected or an `add-mask` of `hello`.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GATES_GO_VERSION, goEnv } from '../../test-support/gate-tools.mjs';
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

jest.setTimeout(900_000);

const HOSTILE = 'x\n::warning title=Injected::boom\n::add-mask::hello\n';
const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cache-module');
const VET_FINDING =
  'package main\n\nimport "fmt"\n\nfunc greet() {\n\tfmt.Printf("%d items\\n", "three")\n}\n';
/** Test output a hostile repository controls: shown with `-v`, commands and all. */
const LOUD_TEST = `package main

import "testing"

func TestLoud(t *testing.T) {
	t.Log("::warning title=Injected::boom")
	t.Log("::add-mask::hello")
	t.Log("##[add-mask]hello")
	main()
}
`;

interface Command {
  readonly name: string;
  readonly title?: string;
  readonly data: string;
  /** The line the text that became a command belongs to: the last line that was none. */
  readonly origin: string;
}

/**
 * The runner's reading of a step's output (actions/runner ActionCommandManager): lines end
 * at CR or LF; a line whose start, trimmed of whitespace, is `::name props::data` is a
 * command, and so is `##[name props]data` anywhere in a line; after `::stop-commands::T`
 * nothing is one until `::T::`.
 */
function runnerCommands(stdout: string): Command[] {
  const found: Command[] = [];
  let stopToken: string | undefined;
  let origin = '';
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const v2 = /^::([^ :]+)( [^]*?)?::([^]*)$/.exec(line.replace(/^[\s\u0085]+/, ''));
    const legacy = /##\[([^ \]]+)( [^\]]*)?\]([^]*)$/.exec(line);
    const m = v2 ?? legacy;
    if (!m) {
      origin = line;
      continue;
    }
    const name = m[1]!.toLowerCase();
    if (stopToken !== undefined) {
      if (name === stopToken.toLowerCase()) stopToken = undefined;
      continue;
    }
    if (name === 'stop-commands') {
      stopToken = m[3]!;
      continue;
    }
    const title = /(?:^|[ ,;])title=([^,;]*)/.exec(m[2] ?? '')?.[1];
    found.push({ name, title, data: m[3]!, origin });
  }
  return found;
}

function injected(r: StepResult): Command[] {
  return runnerCommands(r.stdout).filter(
    (c) =>
      (c.name === 'warning' && (c.title === 'Injected' || c.data.trim() === 'boom')) ||
      (c.name === 'add-mask' && c.data.trim() === 'hello'),
  );
}

/**
 * Lines printed by src/actions/caches.ts, which another change escapes. Until it lands,
 * its "Module cache key covers <files>" line carries the directory name as it is: those
 * commands are told apart here so the rest is still checked strictly.
 */
const fromCachesTs = (c: Command) => c.origin.startsWith('Module cache key covers');

let node: string;
let scratch: string;
let job: Job;
let setup: StepResult;
let gates: StepResult;
let coverageOfName: StepResult;
let coverageOfOutput: StepResult;

beforeAll(async () => {
  node = node24();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-log-injection-e2e-'));
  const toolCache = path.join(scratch, 'toolcache');
  mkdirSync(toolCache);
  job = newJob({ toolCache });
  // The hostile module: Go itself refuses to build in it ("invalid package directory"),
  // so what reaches the log about it is our own lines and the tools' errors.
  const hostile = path.join(job.workspace, HOSTILE);
  cpSync(FIXTURE, hostile, { recursive: true });
  writeFileSync(path.join(hostile, 'vet.go'), VET_FINDING);
  writeFileSync(path.join(hostile, 'main_test.go'), LOUD_TEST);
  // A module Go builds, whose tests print commands, with a vet finding in another package
  // (go test vets what it builds: the tested package stays clean).
  const app = path.join(job.workspace, 'app');
  cpSync(FIXTURE, app, { recursive: true });
  const goMod = path.join(app, 'go.mod');
  writeFileSync(
    goMod,
    readFileSync(goMod, 'utf8').replace('example.com/cachemodule', 'example.com/app'),
  );
  mkdirSync(path.join(app, 'defects'));
  writeFileSync(
    path.join(app, 'defects', 'vet.go'),
    VET_FINDING.replace('package main', 'package defects'),
  );
  writeFileSync(path.join(app, 'main_test.go'), LOUD_TEST);
  writeFileSync(
    path.join(job.workspace, 'go.work'),
    `go 1.22\n\nuse (\n\t./app\n\t${JSON.stringify(HOSTILE)}\n)\n`,
  );

  const home = path.join(scratch, 'home');
  const goVars = {
    GOPATH: path.join(home, 'go'),
    GOCACHE: path.join(home, '.cache', 'go-build'),
    GOFLAGS: '',
    GOPROXY: goProxy(),
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'build',
    GITHUB_REF: 'refs/heads/main',
  };
  setup = await runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': GATES_GO_VERSION,
      'go-download-source': 'proxy',
      goproxy: goProxy(),
      'health-check': 'quick',
      cache: 'true',
      'cache-backend': 'local',
      'cache-dir': path.join(scratch, 'store'),
      'cache-dependency-path': 'x*/go.sum',
    },
    env: goVars,
  });
  const shared = goEnv();
  const stepEnv = {
    ...applyJobEnv(job),
    ...goVars,
    // The gates' tools compile once per machine, shared with the other tests.
    GOMODCACHE: shared.GOMODCACHE!,
    GOCACHE: shared.GOCACHE!,
    GOFLAGS: '-modcacherw',
  };
  gates = await runStep(job, {
    bundle: 'dist/gates/index.js',
    node,
    actionYml: path.join(repoRoot, 'gates', 'action.yml'),
    inputs: { gates: 'fmt,vet,staticcheck', cache: 'false' },
    env: stepEnv,
    timeoutMs: 900_000,
  });
  const coverage = (inputs: Record<string, string>) =>
    runStep(job, {
      bundle: 'dist/coverage/index.js',
      node,
      actionYml: path.join(repoRoot, 'coverage', 'action.yml'),
      inputs: { 'upload-artifact': 'false', ...inputs },
      env: stepEnv,
      timeoutMs: 600_000,
    });
  coverageOfName = await coverage({ 'working-directory': `${HOSTILE}/.` });
  coverageOfOutput = await coverage({
    'working-directory': 'app',
    packages: '.',
    'test-args': '-v',
  });
}, 1_800_000);

afterAll(() => {
  spawnSync('chmod', ['-R', 'u+w', scratch]);
  rmSync(scratch, { recursive: true, force: true });
  if (job) rmSync(job.root, { recursive: true, force: true });
});

describe('a repository that names a directory with workflow commands', () => {
  it('reads the runner rules right: a raw name would have commanded it', () => {
    expect(injected({ stdout: `restored ${HOSTILE}` } as StepResult).map((c) => c.name)).toEqual([
      'warning',
      'add-mask',
    ]);
  });

  it('setup: installs, keys the module cache by its go.sum, and commands nothing', () => {
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain('go.sum');
    const commands = injected(setup);
    expect(commands.filter((c) => !fromCachesTs(c))).toEqual([]);
    // MARKED: fails until the escaping of src/actions/caches.ts (another branch) is merged;
    // its "Module cache key covers x<LF>::warning…" line is the only one that commands.
    expect(commands.filter(fromCachesTs)).toEqual([]);
  });

  it('gates: finds the vet defect, reports the module Go refuses, and commands nothing', () => {
    expect(gates.stdout).not.toBe('');
    const results = JSON.parse(gates.outputs['results'] ?? '{}') as Record<
      string,
      { findings: { file: string; rule: string }[]; failure?: string }
    >;
    expect(results['vet']?.findings ?? []).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'printf' })]),
    );
    expect(gates.outputs['passed']).toBe('false');
    expect(injected(gates)).toEqual([]);
  });

  it('coverage of the directory itself: fails honestly, names it, commands nothing', () => {
    expect(coverageOfName.code).toBe(1);
    expect(coverageOfName.stdout).toContain('x%0A::warning title=Injected::boom%0A');
    expect(injected(coverageOfName)).toEqual([]);
  });

  it('coverage with -v: the tests print commands the log shows and the runner ignores', () => {
    expect(coverageOfOutput.code).toBe(0);
    expect(Number(coverageOfOutput.outputs['coverage'])).toBeGreaterThan(0);
    // Shown as they are, inside the fence:
    expect(coverageOfOutput.stdout).toContain('::warning title=Injected::boom');
    expect(coverageOfOutput.stdout).toContain('##[add-mask]hello');
    expect(injected(coverageOfOutput)).toEqual([]);
  });
});
