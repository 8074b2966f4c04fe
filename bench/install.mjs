// Benchmark: installing a real ~67 MB Go toolchain archive from a loopback server.
//
//   baseline   curl -o f && sha256sum f && tar xzf f          (the shell way, no signature)
//   cold       dist/setup/index.js on Node 24, empty tool cache (SHA-256 + OpenPGP + safe extract)
//   warm       dist/setup/index.js on Node 24, tool-cache hit (record + executables re-checked)
//
// Runs alternate between the approaches on the same archive and server, and the figures
// are medians. Usage: node bench/install.mjs [runs=5]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDownloadServer } from '../test-support/dl-server.mjs';
import { node24 } from '../test-support/node24.mjs';
import { createSigningKey, signedRelease } from '../test-support/release-fixture.mjs';
import { newJob, runStep } from '../test-support/runner.mjs';
import { toolchainTarGz } from '../test-support/toolchain.mjs';

const runs = Number(process.argv[2] ?? 5);
const VERSION = '1.22.5';
const work = mkdtempSync(path.join(os.tmpdir(), 'sgv-bench-'));

const node = node24();
const archive = toolchainTarGz(VERSION);
const release = await signedRelease({ archive, version: VERSION, key: await createSigningKey() });
const server = await startDownloadServer({ index: release.index, files: release.files });
const url = `${server.baseUrl}/${release.archiveName}`;

function sh(script, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script}: exit ${code}`)),
    );
  });
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const inputs = (healthCheck) => ({
  'go-version': VERSION,
  'go-download-base-url': server.baseUrl,
  'signing-keys': release.publicKey,
  'health-check': healthCheck,
});

async function action(job, healthCheck) {
  const r = await runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: inputs(healthCheck),
  });
  if (r.code !== 0) throw new Error(`action failed: ${r.stdout}\n${r.stderr}`);
  return r;
}

const results = { baseline: [], coldOff: [], coldQuick: [], warm: [] };
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(work, 'baseline-'));
  results.baseline.push(
    await timed(() => sh(`curl -sS -o f '${url}' && sha256sum f >/dev/null && tar xzf f`, dir)),
  );
  rmSync(dir, { recursive: true, force: true });

  for (const [key, level] of [
    ['coldOff', 'off'],
    ['coldQuick', 'quick'],
  ]) {
    const job = newJob({ toolCache: mkdtempSync(path.join(work, 'cache-')) });
    results[key].push(await timed(() => action(job, level)));
    if (key === 'coldQuick') results.warm.push(await timed(() => action(job, 'quick')));
    rmSync(job.root, { recursive: true, force: true });
    rmSync(job.toolCache, { recursive: true, force: true });
  }
}

// One cold install with the full health check (builds and runs a program; the build
// cache is emptied first so the figure is what a fresh runner pays).
const gocache = mkdtempSync(path.join(work, 'gocache-'));
const fullJob = newJob({ toolCache: mkdtempSync(path.join(work, 'cache-')) });
const full = await timed(async () => {
  const r = await runStep(fullJob, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: inputs('full'),
    env: { GOCACHE: gocache },
  });
  if (r.code !== 0) throw new Error(r.stdout);
});

await server.close();
rmSync(work, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const base = median(results.baseline);
const rows = [
  ['baseline: curl -o f && sha256sum f && tar xzf f', results.baseline],
  ['cold install, health-check off', results.coldOff],
  ['cold install, health-check quick', results.coldQuick],
  ['warm (tool-cache hit), whole process', results.warm],
];
const mb = (execFileSync('stat', ['-c', '%s', archive], { encoding: 'utf8' }) / 1e6).toFixed(1);
console.log(
  `archive: ${release.archiveName}, ${mb} MB; ${runs} runs each, alternating; Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}; ${os.cpus().length} cores`,
);
console.log('');
console.log('| approach | median | min | max | ratio to baseline |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, xs] of rows) {
  const m = median(xs);
  console.log(
    `| ${name} | ${m.toFixed(2)} s | ${Math.min(...xs).toFixed(2)} s | ${Math.max(...xs).toFixed(2)} s | ${(m / base).toFixed(2)}× |`,
  );
}
console.log(
  `| cold install, health-check full (empty GOCACHE, one run) | ${full.toFixed(2)} s | | | ${(full / base).toFixed(2)}× |`,
);
