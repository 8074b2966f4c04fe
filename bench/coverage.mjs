// Benchmark: reading, parsing and merging six coverage profiles (the legs of an OS × arch
// matrix) of 10k, 100k and 1M blocks each, with the library's parser (lib/, built first)
// against a baseline written here the way common merge tools do it: split the text into
// lines, a Map keyed by "file:position" holding {statements, count} objects, then totals.
// Each run is a child process, so its peak RSS is its own; runs alternate and the figures
// are medians. Both must agree on the totals, which are printed.
// Usage: node bench/coverage.mjs [runs=3] [sizes=10000,100000,1000000]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const LEGS = [
  'linux-amd64',
  'linux-arm64',
  'darwin-amd64',
  'darwin-arm64',
  'windows-amd64',
  'windows-arm64',
];
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

/**
 * Six legs of `blocks` blocks each: the same packages and files everywhere, except that each
 * leg also has files of its own (`_<os>.go`, `_<arch>.go`, as build tags make them), and its
 * own counts (a quarter of the blocks never ran).
 */
function generate(blocks, dir) {
  mkdirSync(dir, { recursive: true });
  const layout = rng(blocks);
  /** Blocks as [line, len, col] per file: the same source, so the same positions, in every leg. */
  const shape = (n) => {
    const out = [];
    let line = 10;
    for (let b = 0; b < n; b++) {
      const len = 1 + Math.floor(layout() * 4);
      out.push([line, len, b]);
      line += len + 1;
    }
    return out;
  };
  const files = [];
  let total = 0;
  for (let pkg = 0; total < blocks * 0.9; pkg++) {
    for (let f = 0; f < 8 && total < blocks * 0.9; f++) {
      const n = Math.min(50 + Math.floor(layout() * 150), Math.ceil(blocks * 0.9) - total);
      files.push({ name: `example.com/big/internal/pkg${pkg}/file${f}.go`, blocks: shape(n) });
      total += n;
    }
  }
  for (const [i, leg] of LEGS.entries()) {
    const random = rng(blocks + i + 1);
    const own = {
      name: `example.com/big/internal/platform/sys_${leg.replace('-', '_')}.go`,
      blocks: shape(blocks - total),
    };
    const out = ['mode: atomic'];
    for (const file of [...files, own]) {
      for (const [line, len, b] of file.blocks) {
        const count = random() < 0.25 ? 0 : Math.floor(random() * 1000);
        out.push(
          `${file.name}:${line}.${2 + (b % 7)},${line + len}.${3 + (b % 5)} ${1 + (b % 4)} ${count}`,
        );
      }
    }
    writeFileSync(path.join(dir, `${leg}.out`), `${out.join('\n')}\n`);
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

/** The library, loaded before the clock starts (the baseline has nothing to load). */
const lib = () => import(path.join(root, 'lib', 'coverage', 'profile.js'));

async function ours(files, { parseProfile, mergeProfiles, totals, blockCount }) {
  // One leg's text at a time (read as bytes, parsed, dropped), then one merge of all legs.
  const legs = files.map((f) => parseProfile(readFileSync(f), path.basename(f)));
  const merged = mergeProfiles(legs);
  const t = totals(merged);
  return {
    mode: merged.mode,
    blocks: blockCount(merged),
    statements: t.statements,
    covered: t.covered,
  };
}

if (process.argv[2] === '--child') {
  const [impl, dir] = process.argv.slice(3);
  const files = LEGS.map((l) => path.join(dir, `${l}.out`));
  const loaded = impl === 'ours' ? await lib() : undefined;
  const started = performance.now();
  const result = impl === 'ours' ? await ours(files, loaded) : baseline(files);
  const ms = performance.now() - started;
  const rssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ...result, ms, rssMB }));
  process.exit(0);
}

const runs = Number(process.argv[2] ?? 3);
const sizes = (process.argv[3] ?? '10000,100000,1000000').split(',').map(Number);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
const cache = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'),
  'setup-go-verified-tests',
  'bench-coverage',
);

function child(impl, dir) {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', fileURLToPath(import.meta.url), '--child', impl, dir],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`${impl} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `node ${process.version}, ${os.cpus().length} cores; ${runs} runs per figure (median); six legs per size`,
);
console.log(
  'blocks/leg | ours ms | ours MB | baseline ms | baseline MB | time ratio | memory ratio | ours ns/block',
);
const rows = [];
for (const size of sizes) {
  const dir = path.join(cache, String(size));
  if (!existsSync(path.join(dir, `${LEGS.at(-1)}.out`))) generate(size, dir);
  const got = { ours: [], baseline: [] };
  for (let i = 0; i < runs; i++)
    for (const impl of ['ours', 'baseline']) got[impl].push(child(impl, dir));
  const o = got.ours[0];
  const b = got.baseline[0];
  if (o.statements !== b.statements || o.covered !== b.covered || o.blocks !== b.blocks)
    throw new Error(
      `totals differ at ${size}: ours ${JSON.stringify(o)}, baseline ${JSON.stringify(b)}`,
    );
  const f = (impl, k) => median(got[impl].map((r) => r[k]));
  const row = {
    size,
    ms: f('ours', 'ms'),
    mb: f('ours', 'rssMB'),
    bms: f('baseline', 'ms'),
    bmb: f('baseline', 'rssMB'),
  };
  rows.push(row);
  console.log(
    `${size} | ${row.ms.toFixed(0)} | ${row.mb.toFixed(0)} | ${row.bms.toFixed(0)} | ${row.bmb.toFixed(0)} | ${(row.ms / row.bms).toFixed(2)} | ${(row.mb / row.bmb).toFixed(2)} | ${((row.ms * 1e6) / (size * 6)).toFixed(0)}`,
  );
  console.log(
    `  merged: ${o.blocks} blocks, ${o.covered} of ${o.statements} statements covered (both agree)`,
  );
}
const first = rows[0];
const last = rows.at(-1);
if (first && last && first !== last) {
  const perBlock = (r) => r.ms / r.size;
  console.log(
    `growth ${first.size} -> ${last.size} blocks (x${last.size / first.size}): time x${(last.ms / first.ms).toFixed(1)}, ns/block x${(perBlock(last) / perBlock(first)).toFixed(2)}`,
  );
}
