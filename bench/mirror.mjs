// Benchmark: air-gapped bundles (issue: bundles whose proofs check offline).
//
// 1. Building a bundle of go1.22.5 linux/amd64 plus a module graph (default: the modules of
//    examples/module) with `dist/cli mirror`, every file proven by the checksum database
//    before it goes in, against the baseline `go mod download` of the same module versions
//    and the toolchain module into a fresh GOMODCACHE, outside any module (so the go command
//    checks each against the checksum database too).
//    Both read the machine's module proxy; runs alternate so its caching favours neither.
// 2. Installing go1.22.5 through the setup action (dist/, Node 24): offline from the bundle
//    (`goproxy: file://…`, every proxy variable at a dead port) against online from the
//    machine's module proxy (download + lookup + proof).
// Usage: node bench/mirror.mjs [runs=3] [go.mod or go.sum of the module graph]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { node24 } from '../test-support/node24.mjs';
import { CUT_ENV } from '../test-support/offline.mjs';
import { newJob, runStep } from '../test-support/runner.mjs';
import { goProxy } from '../test-support/toolchain.mjs';
import { repo } from './support.mjs';

const runs = Number(process.argv[2] ?? 3);
const modules = path.resolve(process.argv[3] ?? path.join(repo, 'examples', 'module', 'go.mod'));
const VERSION = '1.22.5';
const TOOLCHAIN = `golang.org/toolchain@v0.0.1-go${VERSION}.linux-amd64`;
const node = node24();
const proxy = goProxy();
const work = mkdtempSync(path.join(os.tmpdir(), 'sgv-bench-mirror-'));

function timed(fn) {
  const start = performance.now();
  const value = fn();
  return { seconds: (performance.now() - start) / 1000, value };
}

function buildBundle(out) {
  const r = spawnSync(
    node,
    [
      path.join(repo, 'dist/cli/index.js'),
      'mirror',
      '--out',
      out,
      '--go-version',
      VERSION,
      '--platform',
      'linux/amd64',
      '--modules',
      modules,
      '--goproxy',
      proxy,
      '--json',
    ],
    { encoding: 'utf8', env: process.env, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`mirror failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The module versions whose zips the go.sum beside `modules` names (what the bundle holds). */
function zipVersions() {
  const sum = readFileSync(path.join(path.dirname(modules), 'go.sum'), 'utf8');
  const out = new Set();
  for (const line of sum.split('\n')) {
    const [mod, ver] = line.split(' ');
    if (mod && ver && !ver.endsWith('/go.mod')) out.add(`${mod}@${ver}`);
  }
  return [...out];
}

/**
 * The same module versions and the toolchain module through the go command, outside any
 * module (no go.sum, so each is checked against the checksum database, as the bundle's are).
 */
function goModDownload(gomodcache) {
  const env = {
    ...process.env,
    GOMODCACHE: gomodcache,
    GOPROXY: proxy,
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
  };
  execFileSync('go', ['mod', 'download', ...zipVersions(), TOOLCHAIN], {
    cwd: work,
    env,
    stdio: 'ignore',
  });
}

function du(dir) {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}

async function install(inputs, env) {
  const job = newJob({ toolCache: mkdtempSync(path.join(work, 'cache-')) });
  const start = performance.now();
  const r = await runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': VERSION,
      'go-download-source': 'proxy',
      cache: 'false',
      'health-check': 'off',
      ...inputs,
    },
    env: { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64', ...env },
    timeoutMs: 600_000,
  });
  const seconds = (performance.now() - start) / 1000;
  if (r.code !== 0) throw new Error(`setup failed: ${r.errors.join('\n')}`);
  rmSync(job.root, { recursive: true, force: true });
  rmSync(job.toolCache, { recursive: true, force: true });
  return seconds;
}

const build = [];
const download = [];
let bundle;
let result;
for (let i = 0; i < runs; i++) {
  const out = path.join(work, `bundle-${i}`);
  const cache = mkdtempSync(path.join(work, 'modcache-'));
  const pair = [
    () => {
      const t = timed(() => buildBundle(out));
      build.push(t.seconds);
      result = t.value;
    },
    () => download.push(timed(() => goModDownload(cache)).seconds),
  ];
  for (const f of i % 2 === 0 ? pair : pair.reverse()) f();
  if (i < runs - 1) rmSync(out, { recursive: true, force: true });
  else bundle = out;
  rmSync(cache, { recursive: true, force: true });
}

const offlineEnv = { ...CUT_ENV, GOPROXY: 'off' };
const online = [];
const offline = [];
for (let i = 0; i < runs; i++) {
  const pair = [
    async () => online.push(await install({ goproxy: proxy }, {})),
    async () => offline.push(await install({ goproxy: pathToFileURL(bundle).href }, offlineEnv)),
  ];
  for (const f of i % 2 === 0 ? pair : pair.reverse()) await f();
}
const size = du(bundle);
rmSync(work, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (name, xs, base) =>
  `| ${name} | ${median(xs).toFixed(2)} s | ${Math.min(...xs).toFixed(2)} s | ${Math.max(...xs).toFixed(2)} s | ${(median(xs) / median(base)).toFixed(2)}× |`;
console.log(
  `bundle: go${VERSION} linux/amd64 + the module graph of ${path.relative(repo, modules)}; ` +
    `${result.files} files, ${(size / 1e6).toFixed(1)} MB; ${runs} runs each, alternating`,
);
console.log('');
console.log('| approach | median | min | max | ratio |');
console.log('|---|---:|---:|---:|---:|');
console.log(
  row(
    'baseline: go mod download of the same module versions, fresh GOMODCACHE',
    download,
    download,
  ),
);
console.log(
  row('mirror --out (every file proven before it goes in, tiles, manifest)', build, download),
);
console.log(row('baseline: setup action online from the module proxy', online, online));
console.log(row('setup action offline from the bundle (file://, network cut)', offline, online));
