#!/usr/bin/env node
// Runs the workflows of examples/ under nektos/act, a runner this project did not write, in
// host mode (-P <label>=-self-hosted), as a user's repository would run them: the example
// module is committed to a git repository of its own with the workflow in
// .github/workflows/, `org/setup-go-verified@v1` (its actions and its reusable workflow)
// resolves to this checkout, `my-org/go-setup@v1` to examples/go-setup-action, and
// `actions/checkout@v5` to test-support/act/checkout (host mode starts with an empty
// workspace). Then it checks what the runs did: the outputs, the post steps, the caches and
// the coverage artifacts.
//
// go.dev and github.com are out of reach here, so the runs get what an air-gapped user sets
// as repository variables: GO_DOWNLOAD_SOURCE=proxy with GOPROXY naming a loopback module
// proxy that serves the toolchain zip (its /sumdb/ goes to the real checksum database), and
// loopback mirrors of the staticcheck and golangci-lint releases. Artifacts go to the
// project's loopback artifact service (act's own rejects what @actions/artifact 6 sends);
// the GitHub cache backend goes to act's cache server, bound to 127.0.0.1.
//
// Usage: node scripts/act-examples.mjs [go | composite | self-hosted-cache | reusable ...]
// act comes from SETUP_GO_VERIFIED_ACT, else the test cache where .ci/run builds it.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startArtifactService } from '../test-support/artifact-service.mjs';
import { startAzurite } from '../test-support/azurite.mjs';
import { testCacheDir } from '../test-support/cache.mjs';
import {
  GOLANGCI_VERSION,
  golangciBinary,
  STATICCHECK_RELEASE,
  staticcheckBinary,
} from '../test-support/gate-tools.mjs';
import {
  startGolangciReleaseServer,
  startStaticcheckReleaseServer,
} from '../test-support/golangci-release-server.mjs';
import { node24 } from '../test-support/node24.mjs';
import { startToolchainProxy } from '../test-support/toolchain-proxy.mjs';
import { goProxy, toolchainModuleZip } from '../test-support/toolchain.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ACT_VERSION = 'v0.2.89';
const ACT_TIMEOUT_MS = 15 * 60_000;
/** Every runs-on label of the examples and of go-ci.yml's kept leg: all run on this host. */
const LABELS = ['ubuntu-latest', 'ubuntu-24.04', 'self-hosted', 'linux', 'x64'];
/** The files of this repository a release tag (v1) carries for the actions to run. */
const ACTION_FILES = [
  'action.yml',
  'gates/',
  'coverage/',
  'dist/',
  'keys/',
  '.github/workflows/go-ci.yml',
  'LICENSE',
];
/** The runs, in order: one per example workflow (self-hosted-cache runs its workflow twice). */
const RUNS = ['go', 'composite', 'self-hosted-cache', 'reusable'];
/** What the example module's tests cover: 11 of its 13 statements. */
const EXPECTED_COVERAGE = '84.6';

function actBinary() {
  const dir = testCacheDir('tools', `act-${ACT_VERSION}`);
  const bin = process.env.SETUP_GO_VERIFIED_ACT || path.join(dir, 'act');
  const install =
    `  GOBIN=${dir} GOTOOLCHAIN=local GOFLAGS= go install github.com/nektos/act@${ACT_VERSION}\n` +
    '(.ci/run does this), or set SETUP_GO_VERIFIED_ACT to an act binary.';
  if (!existsSync(bin)) {
    console.error(`act ${ACT_VERSION} is not installed at ${bin}. Build it:\n${install}`);
    process.exit(1);
  }
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.endsWith(` ${ACT_VERSION.slice(1)}`)) {
    console.error(
      `${bin} is ${JSON.stringify(version)}, not act ${ACT_VERSION}. Build it:\n${install}`,
    );
    process.exit(1);
  }
  return bin;
}

/** The example module's toolchain line: the Go the examples install. */
function exampleGoVersion() {
  const gomod = readFileSync(path.join(root, 'examples', 'module', 'go.mod'), 'utf8');
  const m = /^toolchain go(\S+)$/m.exec(gomod);
  if (!m) throw new Error('examples/module/go.mod has no toolchain line');
  return m[1];
}

/** A copy of the action files of this checkout's working tree: what `@v1` would hold. */
function actionCopy(dest) {
  const tracked = execFileSync('git', ['ls-files', '-z', '--', ...ACTION_FILES], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const rel of tracked) {
    mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    cpSync(path.join(root, rel), path.join(dest, rel));
  }
  return dest;
}

const git = (cwd, ...args) =>
  execFileSync(
    'git',
    ['-c', 'user.name=example', '-c', 'user.email=example@example.com', ...args],
    {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    },
  ).trim();

/** A user's repository: the example module and one example workflow, committed on main. */
function userRepository(dir, workflow) {
  cpSync(path.join(root, 'examples', 'module'), dir, { recursive: true });
  mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
  cpSync(
    path.join(root, 'examples', 'workflows', workflow),
    path.join(dir, '.github', 'workflows', workflow),
  );
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'example');
  git(dir, 'remote', 'add', 'origin', 'https://github.com/my-org/greet.git');
  return dir;
}

/** The log of one act run, read from its --json lines. */
class ActLog {
  constructor(lines) {
    this.entries = lines.flatMap((l) => {
      try {
        const e = JSON.parse(l);
        // act pads the names of the jobs of a reusable workflow.
        if (typeof e.job === 'string') e.job = e.job.trim();
        return [e];
      } catch {
        return [{ msg: l, level: 'text' }];
      }
    });
  }
  jobs() {
    return [...new Set(this.entries.filter((e) => e.job).map((e) => e.job))];
  }
  /** The one job whose name matches `re`. */
  job(re) {
    const names = this.jobs().filter((j) => re.test(j));
    if (names.length !== 1) throw new Error(`jobs matching ${re}: ${JSON.stringify(names)}`);
    return names[0];
  }
  jobResult(job) {
    return this.entries.find((e) => e.job === job && e.jobResult)?.jobResult;
  }
  /** The outputs a step set (its GITHUB_OUTPUT file, read by act after the step). */
  outputs(job, stepId) {
    const out = {};
    for (const e of this.entries) {
      if (e.job === job && e.command === 'set-output' && sameStep(e, stepId)) out[e.name] = e.arg;
    }
    return out;
  }
  /** What a step printed, in the given stage (Main or Post). */
  text(job, stepId, stage = 'Main') {
    return this.entries
      .filter((e) => e.job === job && e.raw_output && e.stage === stage && sameStep(e, stepId))
      .map((e) => e.msg)
      .join('');
  }
  /** Everything the steps of a job printed. */
  jobText(job) {
    return this.entries
      .filter((e) => e.job === job && e.raw_output)
      .map((e) => e.msg)
      .join('');
  }
  /** The id of the step of a job that runs `uses` (act numbers the steps that have no id). */
  stepOf(job, uses) {
    const e = this.entries.find(
      (x) => x.job === job && x.stage === 'Main' && x.step === uses && !x.raw_output,
    );
    if (!e) throw new Error(`${job}: no step ${uses}`);
    return (e.stepID ?? []).join('/');
  }
  /** The stepResult act gave a step in a stage ('success', 'failure'), or undefined. */
  result(job, stepId, stage = 'Main') {
    return this.entries.find(
      (e) => e.job === job && e.stepResult && e.stage === stage && sameStep(e, stepId),
    )?.stepResult;
  }
  /** Warnings and errors the steps of a job annotated. */
  annotations(job, level) {
    return this.entries
      .filter((e) => e.job === job && e.command === level)
      .map((e) => String(e.arg ?? ''));
  }
  /** The human-readable log, for a failure report. */
  render() {
    return this.entries.map((e) => (e.job ? `[${e.job}] ${e.msg}` : e.msg)).join('\n');
  }
}

/**
 * stepId: 'go' for a step of the job, 'setup/go' for step go of composite step setup (act
 * puts the step's number between them in a nested post step's ids: setup/1/go).
 */
function sameStep(entry, stepId) {
  const ids = entry.stepID ?? entry.stepid ?? [];
  const named = ids.filter((id, i) => i === 0 || i === ids.length - 1 || !/^\d+$/.test(id));
  return ids.join('/') === stepId || named.join('/') === stepId;
}

/**
 * What the runs printed, made fit for one line of this script's log: `%`, CR and LF escaped,
 * a leading `:` and every `##[` broken, so when .ci/run runs on GitHub nothing an example
 * step printed becomes a workflow command of the outer job.
 */
function inert(text) {
  return String(text)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/^([\s\u0085]*):/, '$1%3A')
    .replace(/##\[/g, '##%5B');
}

/** Problems found; each run adds to them and the script fails at the end if there are any. */
const problems = [];
function check(what, ok, detail = '') {
  console.log(
    `  ${ok ? 'ok  ' : 'FAIL'} ${inert(what)}${!ok && detail ? `: ${inert(detail)}` : ''}`,
  );
  if (!ok) problems.push(what);
}
function checkEq(what, actual, expected) {
  check(
    `${what} = ${JSON.stringify(expected)}`,
    actual === expected,
    `got ${JSON.stringify(actual)}`,
  );
}

async function main() {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !RUNS.includes(n));
  if (unknown.length > 0) {
    console.error(`no example ${unknown.join(', ')}; the examples are ${RUNS.join(', ')}`);
    process.exit(2);
  }
  const act = actBinary();
  const node = node24();
  const goVersion = exampleGoVersion();
  const realProxy = goProxy().split(/[,|]/)[0];
  const { zip, version: modVersion } = toolchainModuleZip(goVersion);
  const proxy = await startToolchainProxy(new Map([[modVersion, zip]]), realProxy);
  /** Loopback release mirrors of the gate tools, started for the first run with gates. */
  let gateMirrors;
  const startGateMirrors = async () => {
    gateMirrors ??= {
      golangci: await startGolangciReleaseServer({
        version: GOLANGCI_VERSION,
        binaries: { 'linux-amd64': golangciBinary() },
      }),
      staticcheck: await startStaticcheckReleaseServer({
        release: STATICCHECK_RELEASE,
        binaries: { 'linux-amd64': staticcheckBinary() },
      }),
    };
    return gateMirrors;
  };
  const azurite = await startAzurite();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-act-'));
  const action = actionCopy(path.join(scratch, 'setup-go-verified'));
  const passEnv = Object.fromEntries(
    [
      'NODE_EXTRA_CA_CERTS',
      'HTTPS_PROXY',
      'HTTP_PROXY',
      'NO_PROXY',
      'https_proxy',
      'http_proxy',
      'no_proxy',
      'SSL_CERT_FILE',
    ]
      .filter((k) => process.env[k])
      .map((k) => [k, process.env[k]]),
  );
  const timings = [];

  /** Runs one example workflow under act; returns its log and the artifact service it used. */
  async function runAct(name, workflow, { toolCacheRoot, gates = true } = {}) {
    const repo = userRepository(path.join(scratch, `repo-${name}`), workflow);
    const home = path.join(scratch, `home-${name}`);
    mkdirSync(home);
    const artifacts = await startArtifactService({ azurite });
    const actEnv = {
      ...passEnv,
      // Node 24 first: act runs `using: node24` actions with the node on PATH in host mode.
      PATH: [path.dirname(node), process.env.PATH].join(path.delimiter),
      // A fresh home is a fresh runner: an empty GOPATH, GOMODCACHE and GOCACHE.
      HOME: home,
      TMPDIR: os.tmpdir(),
      LANG: 'C.UTF-8',
      // The job's own go commands fetch the module's dependencies through the real proxy,
      // checked against the checksum database (GOSUMDB is the default, on).
      GOPROXY: goProxy(),
      EXAMPLE_REPOSITORY: repo,
      ...artifacts.jobEnv(),
    };
    const envFlags = Object.keys(actEnv)
      .filter((k) => !['PATH', 'HOME', 'TMPDIR', 'LANG'].includes(k))
      .flatMap((k) => ['--env', `${k}=${actEnv[k]}`]);
    const vars = { GO_DOWNLOAD_SOURCE: 'proxy', GOPROXY: proxy.url };
    if (gates) {
      const { staticcheck, golangci } = await startGateMirrors();
      vars.STATICCHECK_DOWNLOAD_BASE_URL = staticcheck.url;
      vars.GOLANGCI_LINT_DOWNLOAD_BASE_URL = golangci.url;
    }
    const args = [
      'push',
      '--json',
      '-W',
      path.join('.github', 'workflows', workflow),
      ...LABELS.flatMap((l) => ['-P', `${l}=-self-hosted`]),
      '--matrix',
      'runner:ubuntu-24.04',
      '--local-repository',
      `org/setup-go-verified@v1=${action}`,
      '--local-repository',
      `my-org/go-setup@v1=${path.join(root, 'examples', 'go-setup-action')}`,
      '--local-repository',
      `actions/checkout@v5=${path.join(root, 'test-support', 'act', 'checkout')}`,
      '--action-cache-path',
      toolCacheRoot ?? path.join(scratch, `act-${name}`),
      '--cache-server-addr',
      '127.0.0.1',
      '--cache-server-path',
      path.join(scratch, `act-cache-${name}`),
      '--artifact-server-addr',
      '127.0.0.1',
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}=${v}`]),
      ...envFlags,
    ];
    console.log(`== ${name}: act ${workflow}`);
    const started = Date.now();
    const lines = await new Promise((resolve, reject) => {
      const child = spawn(act, args, { cwd: repo, env: actEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      const out = [];
      let partial = '';
      const take = (chunk) => {
        const text = partial + chunk.toString('utf8');
        const parts = text.split('\n');
        partial = parts.pop();
        out.push(...parts.filter((l) => l.trim() !== ''));
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      const timer = setTimeout(() => child.kill('SIGKILL'), ACT_TIMEOUT_MS);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (partial.trim() !== '') out.push(partial);
        out.push(JSON.stringify({ msg: `act exited with ${code}`, actExit: code }));
        resolve(out);
      });
    });
    const seconds = (Date.now() - started) / 1000;
    timings.push([name, seconds]);
    const log = new ActLog(lines);
    writeFileSync(path.join(scratch, `${name}.log`), log.render());
    writeFileSync(path.join(scratch, `${name}.jsonl`), lines.join('\n'));
    const exit = log.entries.at(-1).actExit;
    console.log(`  act exited with ${exit} after ${seconds.toFixed(1)} s`);
    check(`${name}: act succeeded`, exit === 0, `log: ${path.join(scratch, `${name}.log`)}`);
    for (const job of log.jobs()) {
      const said = [...log.annotations(job, 'error'), ...log.annotations(job, 'warning')];
      check(`${job}: no warnings or errors`, said.length === 0, said.join(' | '));
    }
    return { log, artifacts };
  }

  /** The checks every job that ran the setup action gets: the proof and the post step. */
  function checkSetup(log, job, stepId, { toolchainHit, label = job }) {
    const out = log.outputs(job, stepId);
    checkEq(`${label}: go-version`, out['go-version'], goVersion);
    checkEq(`${label}: toolchain-cache-hit`, out['toolchain-cache-hit'], String(toolchainHit));
    let record = {};
    try {
      record = JSON.parse(out['verification'] ?? '{}');
    } catch (err) {
      check(`${label}: verification is JSON`, false, String(err));
    }
    checkEq(`${label}: verification proof.anchor`, record.proof?.anchor, 'checksum-database');
    checkEq(
      `${label}: verification proof.how`,
      record.proof?.how,
      toolchainHit ? 'reused' : 'installed',
    );
    checkEq(`${label}: post step of the setup action`, log.result(job, stepId, 'Post'), 'success');
    const post = log.text(job, stepId, 'Post');
    check(
      `${label}: the post step proved the toolchain unchanged`,
      post.includes(`unchanged since this job proved them (${record.proof?.h1})`),
      post.slice(0, 2000),
    );
    return { out, post };
  }

  function checkGates(log, job, stepId, label = job) {
    const out = log.outputs(job, stepId);
    checkEq(`${label}: gates passed`, out['passed'], 'true');
    checkEq(`${label}: gates findings`, out['findings'], '0');
    let results = {};
    try {
      results = JSON.parse(out['results'] ?? '{}');
    } catch (err) {
      check(`${label}: gates results is JSON`, false, String(err));
    }
    checkEq(
      `${label}: gates run and passed`,
      Object.entries(results)
        .map(([gate, r]) => `${gate}:${r.status}`)
        .join(','),
      'fmt:passed,vet:passed,staticcheck:passed,golangci-lint:passed',
    );
    return out;
  }

  const runs = {
    go: async () => {
      const { log, artifacts } = await runAct('go', 'go.yml');
      const job = log.job(/^go\/go$|^go$/);
      checkEq(`${job}: job result`, log.jobResult(job), 'success');
      const { post } = checkSetup(log, job, 'go', { toolchainHit: false });
      check(
        `${job}: the post step saved the module cache to act's cache server`,
        /GOMODCACHE cache setup-go-verified-\S+: saved/.test(post),
        post.slice(0, 2000),
      );
      checkGates(log, job, 'gates');
      const cov = log.outputs(job, 'coverage');
      checkEq(`${job}: coverage`, cov['coverage'], EXPECTED_COVERAGE);
      checkEq(`${job}: meets-threshold`, cov['meets-threshold'], 'true');
      check(
        `${job}: the coverage step uploaded coverage-linux-amd64`,
        artifacts.artifacts.some((a) => a.name === 'coverage-linux-amd64' && a.committed),
        JSON.stringify(artifacts.artifacts.map((a) => a.name)),
      );
      const all = log.jobText(job);
      check(
        `${job}: the last step read the outputs`,
        all.includes(
          `Go ${goVersion}, 0 gate findings, ${EXPECTED_COVERAGE}% of statements covered`,
        ),
      );
      await artifacts.close();
    },
    composite: async () => {
      const { log, artifacts } = await runAct('composite', 'composite.yml', { gates: false });
      const job = log.job(/test$/);
      checkEq(`${job}: job result`, log.jobResult(job), 'success');
      checkSetup(log, job, 'setup/go', { toolchainHit: false });
      const all = log.jobText(job);
      check(
        `${job}: the composite action's go-version output reached the job`,
        all.includes(`testing with Go ${goVersion}`),
      );
      check(`${job}: go test passed`, /^ok\s+example\.com\/greet\b/m.test(all));
      await artifacts.close();
    },
    'self-hosted-cache': async () => {
      // Two runs on one runner's tool cache and cache directory, each with a fresh home (an
      // ephemeral runner on a shared disk): the second restores what the first saved.
      const toolCacheRoot = path.join(scratch, 'act-self-hosted');
      const cacheDir = path.join(toolCacheRoot, 'tool_cache', 'go-caches');
      const first = await runAct('self-hosted-cache-1', 'self-hosted-cache.yml', { toolCacheRoot });
      let job = first.log.job(/go$/);
      checkEq(`${job} (first run): job result`, first.log.jobResult(job), 'success');
      const a = checkSetup(first.log, job, 'go', {
        toolchainHit: false,
        label: `${job} (first run)`,
      });
      checkEq(`${job} (first run): cache-hit`, a.out['cache-hit'], 'false');
      check(
        `${job} (first run): the post step saved the module and build caches locally`,
        /GOMODCACHE cache \S+: saved/.test(a.post) && /GOCACHE cache \S+: saved/.test(a.post),
        a.post.slice(0, 2000),
      );
      checkGates(first.log, job, 'gates', `${job} (first run)`);
      const entries = existsSync(cacheDir) ? readdirSync(cacheDir) : [];
      check(`${job} (first run): entries in the cache directory`, entries.length > 0);
      await first.artifacts.close();

      const second = await runAct('self-hosted-cache-2', 'self-hosted-cache.yml', {
        toolCacheRoot,
      });
      job = second.log.job(/go$/);
      checkEq(`${job} (second run): job result`, second.log.jobResult(job), 'success');
      const b = checkSetup(second.log, job, 'go', {
        toolchainHit: true,
        label: `${job} (second run)`,
      });
      checkEq(`${job} (second run): cache-hit`, b.out['cache-hit'], 'true');
      checkEq(`${job} (second run): build-cache-hit`, b.out['build-cache-hit'], 'true');
      const gates = checkGates(second.log, job, 'gates', `${job} (second run)`);
      checkEq(`${job} (second run): gates cache-hit`, gates['cache-hit'], 'true');
      await second.artifacts.close();
    },
    reusable: async () => {
      const { log, artifacts } = await runAct('reusable', 'reusable.yml');
      const test = log.job(/test/);
      const merge = log.job(/coverage$/);
      const report = log.job(/report$/);
      for (const job of [test, merge, report]) {
        checkEq(`${job}: job result`, log.jobResult(job), 'success');
      }
      checkSetup(log, test, log.stepOf(test, 'org/setup-go-verified@v1'), { toolchainHit: false });
      checkGates(log, test, log.stepOf(test, 'org/setup-go-verified/gates@v1'));
      const mergeOut = log.outputs(merge, 'merge');
      let mergeReport = {};
      try {
        mergeReport = JSON.parse(mergeOut['report'] ?? '{}');
      } catch (err) {
        check(`${merge}: report is JSON`, false, String(err));
      }
      checkEq(
        `${merge}: merged parts`,
        JSON.stringify(mergeReport.parts),
        '["coverage-linux-amd64"]',
      );
      checkEq(`${merge}: merged coverage`, mergeOut['coverage'], EXPECTED_COVERAGE);
      checkEq(`${merge}: meets-threshold`, mergeOut['meets-threshold'], 'true');
      const names = artifacts.artifacts.filter((a) => a.committed).map((a) => a.name);
      check(
        `the test leg uploaded coverage-linux-amd64 and the merge job coverage-merged`,
        names.includes('coverage-linux-amd64') && names.includes('coverage-merged'),
        JSON.stringify(names),
      );
      check(
        `${merge}: the merge job listed this run's artifacts`,
        artifacts.requests.some((r) => r.method === 'ListArtifacts' && r.status === 200),
      );
      const text = log.jobText(report);
      check(
        `${report}: the caller read the reusable workflow's outputs`,
        text.includes(`merged coverage ${EXPECTED_COVERAGE}%, meets the threshold true`),
        text,
      );
      await artifacts.close();
    },
  };

  if (Object.keys(runs).join() !== RUNS.join()) throw new Error('RUNS and runs differ');
  try {
    for (const [name, run] of Object.entries(runs)) {
      if (only.length > 0 && !only.includes(name)) continue;
      try {
        await run();
      } catch (err) {
        // A job or step the log does not hold: the run did not do what the example says.
        check(`${name}: the log holds what the checks look for`, false, String(err));
      }
    }
  } finally {
    await Promise.allSettled([
      proxy.close(),
      gateMirrors?.golangci.close(),
      gateMirrors?.staticcheck.close(),
    ]);
    await azurite.stop();
  }
  console.log(
    `act ${ACT_VERSION}: ${timings.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')}`,
  );
  if (problems.length > 0) {
    console.error(`${problems.length} check(s) failed; the logs are in ${scratch}`);
    process.exit(1);
  }
  execFileSync('chmod', ['-R', 'u+w', scratch]);
  rmSync(scratch, { recursive: true, force: true });
  console.log('the examples ran under act and did what they say');
}

await main();
