// Benchmark: reading, parsing and merging six coverage profiles (the legs of an OS × arch
// matrix) of 10k, 100k and 1M blocks each, with the library (lib/, built first):
//
//   merger       ProfileMerger.addStream: each leg streamed from its file (1 MiB reads),
//                parsed piece by piece and merged in; no leg's whole text is ever in memory
//   parse+merge  each leg read whole and parsed (parseProfile), then mergeProfiles over the
//                six: all parsed legs in memory at once
//   baseline     written here the way common merge tools work: split the text into lines, a
//                Map keyed by "file:position" holding {statements, count} objects, then sum
//
// The legs are generated into a temporary directory: `atomic` profiles of a Go-like module
// (import paths, packages of several files of 50-200 blocks), the same blocks in every leg
// with the leg's own counts, plus build-tagged files (`_<os>.go`, `_<arch>.go`,
// `_<os>_<arch>.go`) that only some legs compile. Every run is a child process of its own, so
// its peak RSS is that run's; the library is loaded before the clock starts; runs alternate
// between the approaches and the figures are medians. All approaches must agree on the
// merged blocks and statements, or the bench fails.
// Usage: node bench/coverage.mjs [runs=3] [sizes=10000,100000,1000000]
//        node bench/coverage.mjs --generate <blocks> <dir>   (only write the six legs)
import { execFileSync, spawnSync } from 'node:child_process';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const OSES = ['linux', 'darwin', 'windows'];
const ARCHES = ['amd64', 'arm64'];
const LEGS = OSES.flatMap((o) => ARCHES.map((a) => `${o}-${a}`));
const IMPLS = ['merger', 'parse+merge', 'baseline'];
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

/** A deterministic pseudo-random sequence, so every run measures the same profiles. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = (
  'api auth billing cache cluster config crypto db dns events fleet gateway health http ' +
  'ingest jobs kv lease log metrics mux node oauth pipeline policy proxy queue raft rate ' +
  'registry replica router rpc sched session shard snapshot storage stream sync telemetry ' +
  'tenant trace tx upload util wal watch worker'
).split(' ');

/**
 * The profiles of six legs with `blocks` blocks each. Packages of a made-up module hold files
 * of 50-200 blocks; 90% of a leg's blocks are in files every leg compiles (same positions,
 * the leg's own counts, a quarter never ran), the rest in build-tagged files: per OS (shared
 * by its two legs), per arch (shared by three) and per leg. Files are listed by package and
 * name, as `go test -coverprofile` writes them.
 */
function generate(blocks, dir) {
  const pick = rng(blocks);
  const word = () => WORDS[Math.floor(pick() * WORDS.length)];
  const packages = [];
  const newPackage = () => {
    const top = ['internal', 'pkg', 'cmd'][Math.floor(pick() * 3)];
    const depth = 1 + Math.floor(pick() * 2);
    const dirs = Array.from({ length: depth }, word);
    const pkg = {
      path: `github.com/acme-infra/fleetd/${top}/${dirs.join('/')}${packages.length}`,
      files: [],
    };
    packages.push(pkg);
    return pkg;
  };
  /** Block positions of one file: [startLine, startCol, endLine, endCol, statements]. */
  const shape = (n) => {
    const out = [];
    let line = 12 + Math.floor(pick() * 20);
    for (let b = 0; b < n; b++) {
      const span = Math.floor(pick() * 6);
      const statements = span === 0 ? 1 : 1 + Math.floor(pick() * span * 2);
      const startCol = 2 + Math.floor(pick() * 40);
      // A one-line block ends after it starts; others end anywhere on their last line.
      const endCol =
        span === 0 ? startCol + 1 + Math.floor(pick() * 60) : 2 + Math.floor(pick() * 30);
      out.push([line, startCol, line + span, endCol, statements]);
      line += span + 1 + Math.floor(pick() * 3);
    }
    return out;
  };
  /** Files of `total` blocks in all, 50-200 each, `suffix` before `.go`, `legs` compile them. */
  const addFiles = (total, suffix, legs) => {
    let pkg = packages.length === 0 ? newPackage() : undefined;
    for (let left = total; left > 0;) {
      if (pkg === undefined || pkg.files.length >= 3 + Math.floor(pick() * 10)) {
        pkg =
          packages.length > 0 && suffix !== ''
            ? packages[Math.floor(pick() * packages.length)]
            : newPackage();
      }
      const n = Math.min(left, 50 + Math.floor(pick() * 151));
      const stem = pick() < 0.5 ? word() : `${word()}_${word()}`;
      pkg.files.push({
        name: `${pkg.path}/${stem}${pkg.files.length}${suffix}.go`,
        blocks: shape(n),
        legs,
      });
      left -= n;
      if (suffix !== '') pkg = undefined;
    }
  };
  const shared = Math.round(blocks * 0.9);
  const perOs = Math.round(blocks * 0.06);
  const perArch = Math.round(blocks * 0.02);
  addFiles(shared, '', new Set(LEGS));
  for (const o of OSES) addFiles(perOs, `_${o}`, new Set(ARCHES.map((a) => `${o}-${a}`)));
  for (const a of ARCHES) addFiles(perArch, `_${a}`, new Set(OSES.map((o) => `${o}-${a}`)));
  for (const leg of LEGS)
    addFiles(blocks - shared - perOs - perArch, `_${leg.replace('-', '_')}`, new Set([leg]));
  for (const pkg of packages) pkg.files.sort((a, b) => (a.name < b.name ? -1 : 1));

  for (const [i, leg] of LEGS.entries()) {
    const random = rng(blocks * 7 + i);
    const lines = ['mode: atomic'];
    for (const pkg of packages) {
      for (const file of pkg.files) {
        if (!file.legs.has(leg)) continue;
        for (const [sl, sc, el, ec, st] of file.blocks) {
          // A quarter never ran; the rest ran from once to ~100k times (loops), skewed low.
          const count = random() < 0.25 ? 0 : Math.floor(Math.exp(random() * 11.5));
          lines.push(`${file.name}:${sl}.${sc},${el}.${ec} ${st} ${count}`);
        }
      }
    }
    writeFileSync(path.join(dir, `${leg}.out`), `${lines.join('\n')}\n`);
  }
}

/** The baseline: what a straightforward merge tool does. */
function baseline(files) {
  const blocks = new Map();
  let mode;
  for (const f of files) {
    const lines = readFileSync(f, 'utf8').split('\n');
    for (const line of lines) {
      if (line === '') continue;
      if (line.startsWith('mode:')) {
        mode = line.slice(5).trim();
        continue;
      }
      const colon = line.lastIndexOf(':');
      const [spec, stmts, count] = line.slice(colon + 1).split(' ');
      const key = `${line.slice(0, colon)}:${spec}`;
      const prev = blocks.get(key);
      if (prev) prev.count += Number(count);
      else blocks.set(key, { statements: Number(stmts), count: Number(count) });
    }
  }
  let statements = 0;
  let covered = 0;
  for (const b of blocks.values()) {
    statements += b.statements;
    if (b.count > 0) covered += b.statements;
  }
  return { mode, blocks: blocks.size, statements, covered };
}

function summary(profile, { totals, blockCount }) {
  const t = totals(profile);
  return {
    mode: profile.mode,
    blocks: blockCount(profile),
    statements: t.statements,
    covered: t.covered,
  };
}

/** Each leg streamed from its file and merged in as it is read. */
async function merger(files, lib) {
  const m = new lib.ProfileMerger();
  for (const f of files) {
    const stream = createReadStream(f, { highWaterMark: 1 << 20 });
    await m.addStream(stream, path.basename(f), statSync(f).size);
  }
  return summary(m.result(), lib);
}

/** Every leg read as bytes and parsed first, then one merge of all six. */
function parseThenMerge(files, lib) {
  const legs = files.map((f) => lib.parseProfile(readFileSync(f), path.basename(f)));
  return summary(lib.mergeProfiles(legs), lib);
}

if (process.argv[2] === '--generate') {
  const [size, dir] = process.argv.slice(3);
  mkdirSync(dir, { recursive: true });
  generate(Number(size), dir);
  process.exit(0);
}

if (process.argv[2] === '--child') {
  const [impl, dir] = process.argv.slice(3);
  const files = LEGS.map((l) => path.join(dir, `${l}.out`));
  // The library is loaded before the clock starts (the baseline has nothing to load).
  const lib =
    impl === 'baseline'
      ? undefined
      : await import(path.join(root, 'lib', 'coverage', 'profile.js'));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result =
    impl === 'merger'
      ? await merger(files, lib)
      : impl === 'parse+merge'
        ? parseThenMerge(files, lib)
        : baseline(files);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const rssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({ ...result, ms, cpuMs: (used.user + used.system) / 1000, rssMB }),
  );
  process.exit(0);
}

const runs = Number(process.argv[2] ?? 3);
const sizes = (process.argv[3] ?? '10000,100000,1000000').split(',').map(Number);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});

function child(impl, dir) {
  // The baseline's Map of a million-odd objects needs more than the default heap at 1M.
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--child', impl, dir],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`${impl} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const k = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
const work = mkdtempSync(path.join(os.tmpdir(), 'sgv-bench-coverage-'));
const rows = [];
try {
  console.log(
    `node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}; ` +
      `six legs per size; medians of ${runs}; blocks/s counts the blocks of all six legs read`,
  );
  console.log(
    'blocks/leg | approach | wall ms | CPU ms | peak RSS MB | blocks/s | ns/block | time vs baseline | memory vs baseline',
  );
  for (const size of sizes) {
    const dir = path.join(work, String(size));
    mkdirSync(dir);
    generate(size, dir);
    const mb =
      LEGS.reduce((sum, l) => sum + readFileSync(path.join(dir, `${l}.out`)).length, 0) / 1e6;
    const got = Object.fromEntries(IMPLS.map((i) => [i, []]));
    for (let r = 0; r < runs; r++) for (const impl of IMPLS) got[impl].push(child(impl, dir));
    const ref = got.baseline[0];
    for (const impl of IMPLS) {
      const o = got[impl][0];
      if (o.statements !== ref.statements || o.covered !== ref.covered || o.blocks !== ref.blocks)
        throw new Error(
          `totals differ at ${size}: ${impl} ${JSON.stringify(o)}, baseline ${JSON.stringify(ref)}`,
        );
    }
    const f = (impl, key) => median(got[impl].map((r) => r[key]));
    for (const impl of IMPLS) {
      const row = { size, impl, ms: f(impl, 'ms'), cpuMs: f(impl, 'cpuMs'), mb: f(impl, 'rssMB') };
      rows.push(row);
      const perBlock = (row.ms * 1e6) / (size * LEGS.length);
      console.log(
        [
          k(size),
          impl,
          row.ms.toFixed(0),
          row.cpuMs.toFixed(0),
          row.mb.toFixed(0),
          `${((size * LEGS.length) / (row.ms / 1000) / 1e6).toFixed(2)}M`,
          perBlock.toFixed(0),
          `${(row.ms / f('baseline', 'ms')).toFixed(2)}×`,
          `${(row.mb / f('baseline', 'rssMB')).toFixed(2)}×`,
        ].join(' | '),
      );
    }
    console.log(
      `  ${k(size)}: ${mb.toFixed(0)} MB of profiles; merged ${ref.blocks} blocks, ${ref.covered} of ${ref.statements} statements covered (all agree)`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Linear growth: the time per block stays about the same (or falls, as fixed costs such as
// starting up and compiling the hot loops spread over more blocks) from the smallest size on.
if (sizes.length > 1) {
  for (const impl of IMPLS) {
    const mine = rows.filter((r) => r.impl === impl);
    const perBlock = mine.map((r) => r.ms / r.size);
    const worst = Math.max(...perBlock.slice(1).map((p, i) => p / perBlock[i]));
    const first = mine[0];
    const last = mine.at(-1);
    console.log(
      `${impl}: ${k(first.size)} -> ${k(last.size)} blocks (×${last.size / first.size}): time ×${(last.ms / first.ms).toFixed(1)}, ` +
        `memory ×${(last.mb / first.mb).toFixed(1)}; ns/block ${perBlock.map((p) => ((p * 1e6) / LEGS.length).toFixed(0)).join(' -> ')}; ` +
        `${worst <= 1.25 ? 'linear' : `NOT linear (ns/block grew ×${worst.toFixed(2)} between two sizes)`}`,
    );
  }
}
