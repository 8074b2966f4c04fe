// Benchmark: the gates action (dist/gates/index.js, run the way the runner runs it) against
// the same four tools run one after another, as four workflow steps would run them:
//
//   steps   test -z "$(gofmt -l .)"; go vet ./...; staticcheck ./...; golangci-lint run ./...
//   ours    the gates action with the same tool binaries, served as release archives from
//           loopback: every run fetches the checksum lines, proves the kept archives and
//           extracts the binaries, as every job does
//
// cold: an empty GOCACHE and empty staticcheck and golangci-lint caches; warm: the same
// again with the caches the cold run left (the gates reuse their results for identical
// inputs); edited: warm caches after one source file changed, so every tool runs again.
// Each approach has its own caches, on disk. Runs alternate between the approaches and the
// figures are medians. The module comes from the proxy.
// Usage: node bench/gates.mjs [runs=3] [module@version] [file to edit]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  GATES_GO_VERSION,
  gatesGoRoot,
  goEnv,
  golangciBinary,
  GOLANGCI_VERSION,
  moduleSource,
  STATICCHECK_RELEASE,
  staticcheckBinary,
} from '../test-support/gate-tools.mjs';
import {
  startGolangciReleaseServer,
  startStaticcheckReleaseServer,
} from '../test-support/golangci-release-server.mjs';
import { node24 } from '../test-support/node24.mjs';
import { newJob, repoRoot, runStep } from '../test-support/runner.mjs';

const runs = Number(process.argv[2] ?? 3);
const module = process.argv[3] ?? 'golang.org/x/mod@v0.30.0';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-bench-gates-'));
const toolCache = path.join(scratch, 'toolcache');
const node = node24();
const goroot = gatesGoRoot();
const base = goEnv(goroot);

function sh(script, cwd, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { cwd, env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('close', (c) => (c === null ? reject(new Error(`${script}: killed`)) : resolve(c)));
  });
}

/** Caches of one approach: a build cache and the two lint caches, empty until used. */
function caches(name) {
  const dir = path.join(scratch, name);
  return {
    dir,
    env: {
      XDG_CACHE_HOME: dir,
      GOCACHE: path.join(dir, 'go-build'),
      STATICCHECK_CACHE: path.join(dir, 'staticcheck'),
      GOLANGCI_LINT_CACHE: path.join(dir, 'golangci-lint'),
    },
  };
}

const release = await startGolangciReleaseServer({
  version: GOLANGCI_VERSION,
  binaries: { 'linux-amd64': golangciBinary() },
});
const scRelease = await startStaticcheckReleaseServer({
  release: STATICCHECK_RELEASE,
  binaries: { 'linux-amd64': staticcheckBinary() },
});
const job = newJob({ toolCache });
moduleSource(module, job.workspace);
const inputs = {
  'golangci-lint-download-base-url': release.url,
  'staticcheck-download-base-url': scRelease.url,
  'fail-on': 'never',
  // On-disk caches only: no cache service here, as in the steps.
  cache: 'true',
};

/** Per phase, per gate: how long each gate of ours took (from the results output). */
const gateTimes = { cold: {}, warm: {}, edited: {} };
let phase = 'cold';

async function ours(env, extra = {}) {
  const r = await runStep(job, {
    bundle: 'dist/gates/index.js',
    node,
    actionYml: path.join(repoRoot, 'gates', 'action.yml'),
    inputs: { ...inputs, ...extra },
    env: { ...base, ...env },
    timeoutMs: 1_800_000,
  });
  for (const [gate, res] of Object.entries(JSON.parse(r.outputs.results ?? '{}'))) {
    (gateTimes[phase][gate] ??= []).push(res.durationMs / 1000);
  }
  return r;
}

// Untimed: let the action keep its release archives; the steps run the very same binaries.
const first = await ours(caches('install').env);
const results = JSON.parse(first.outputs.results ?? '{}');
const staticcheck = staticcheckBinary();
const golangci = golangciBinary();
if (!results.staticcheck?.tool || !results['golangci-lint']?.tool)
  throw new Error(`the gates did not install their tools:\n${first.stdout}`);
rmSync(caches('install').dir, { recursive: true, force: true });
gateTimes.cold = {};
const findings = Object.fromEntries(
  Object.entries(results).map(([g, r]) => [g, r.findings.length]),
);

function steps(env) {
  const e = { ...base, ...env };
  return (async () => {
    await sh('test -z "$(gofmt -l .)"', job.workspace, e);
    await sh('go vet ./...', job.workspace, e);
    await sh(`'${staticcheck}' ./...`, job.workspace, e);
    await sh(`'${golangci}' run ./...`, job.workspace, e);
  })();
}

/** Untimed: flush what the last run wrote (a cold run writes ~100 MB of build cache). */
function settle() {
  spawnSync('sync');
}

async function timed(fn) {
  settle();
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const PHASES = ['cold', 'warm', 'edited'];
const t = {
  steps: { cold: [], warm: [], edited: [] },
  ours: { cold: [], warm: [], edited: [] },
};
// The file edited between the warm and the edited run: a package others import.
const edited = path.join(job.workspace, process.argv[4] ?? 'module/module.go');
const original = readFileSync(edited, 'utf8');
for (let i = 0; i < runs; i++) {
  const order = i % 2 === 0 ? ['steps', 'ours'] : ['ours', 'steps'];
  for (const who of order) {
    const c = caches(`${who}-${i}`);
    const run = who === 'steps' ? () => steps(c.env) : () => ours(c.env);
    phase = 'cold';
    t[who].cold.push(await timed(run));
    phase = 'warm';
    t[who].warm.push(await timed(run));
    writeFileSync(edited, `${original}\n// edited by the benchmark: ${who} ${i}\n`);
    phase = 'edited';
    t[who].edited.push(await timed(run));
    writeFileSync(edited, original);
    rmSync(c.dir, { recursive: true, force: true });
  }
}
// staticcheck-install-mode: the release archive (proven, extracted) against a build from
// source in fresh caches, which goinstall mode does in every job. staticcheck alone, warm
// lint caches of one approach, so the difference is the tool.
const modes = { binary: [], goinstall: [] };
{
  const c = caches('modes');
  await ours(c.env, { gates: 'staticcheck' });
  for (let i = 0; i < Math.max(1, Math.min(runs, 2)); i++) {
    for (const mode of ['binary', 'goinstall']) {
      phase = 'warm';
      modes[mode].push(
        await timed(() =>
          ours(c.env, { gates: 'staticcheck', 'staticcheck-install-mode': mode, cache: 'false' }),
        ),
      );
    }
  }
  rmSync(c.dir, { recursive: true, force: true });
}
await release.close();
await scRelease.close();
rmSync(scratch, { recursive: true, force: true });

console.log(
  `module ${module}, go${GATES_GO_VERSION}, staticcheck ${results.staticcheck.tool.version}, golangci-lint ${GOLANGCI_VERSION}, ${os.cpus().length} CPUs, ${runs} runs (medians)`,
);
console.log(`findings per gate: ${JSON.stringify(findings)}`);
for (const phase of PHASES) {
  const s = median(t.steps[phase]);
  const o = median(t.ours[phase]);
  const gates = Object.entries(gateTimes[phase])
    .map(([g, xs]) => `${g} ${median(xs).toFixed(2)}`)
    .join(', ');
  console.log(
    `${phase}: four steps ${s.toFixed(2)} s, gates action ${o.toFixed(2)} s, ratio ${(o / s).toFixed(2)}x (per gate: ${gates})`,
  );
}
const b = median(modes.binary);
const g = median(modes.goinstall);
console.log(
  `staticcheck gate alone, every job: release archive ${b.toFixed(2)} s, goinstall (fresh caches) ${g.toFixed(2)} s, ratio ${(g / b).toFixed(1)}x`,
);
