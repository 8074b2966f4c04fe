// Benchmark: proving a module cache against go.sum (src/cache/verify-modcache.ts) against
// `go mod verify` on the same cache: the modules of bench/fixtures/modcache (see
// bench/cache-archive.mjs), ~430 MB, ~19k files, 81 zips. Both read every zip and every
// extracted file; ours also compares each with the go.sum line and looks for what no line
// covers. Runs alternate, after one untimed run of each (a warm page cache for both);
// figures are medians. Ours runs in this process with nothing removed (`remove: false`).
// Then, once: what removing uncovered versions costs, with a copy of the largest module
// (directory and zip) under a name no go.sum line covers.
// Usage: node bench/modcache-verify.mjs [runs=5] [threads]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchModCache, MODCACHE_FIXTURE, transpile } from './support.mjs';

const runs = Number(process.argv[2] ?? 5);
const threads = process.argv[3] ? Number(process.argv[3]) : undefined;
const fixture = MODCACHE_FIXTURE;

function goModVerify(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn('go', ['mod', 'verify'], {
      cwd: fixture,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        GOMODCACHE: dir,
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
        GOTOOLCHAIN: 'local',
      },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (c) =>
      c === 0 && /all modules verified/.test(out)
        ? resolve()
        : reject(new Error(`go mod verify: exit ${c}: ${out}`)),
    );
  });
}

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { seconds: (performance.now() - start) / 1000, result };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const { verifyModCache } = await import(
  transpile('src/cache/verify-modcache.ts', 'modcache-verify')
);
const dir = benchModCache();
const goSumFiles = [path.join(fixture, 'go.sum')];
const ours = async () => {
  const proof = await verifyModCache({ modCache: dir, goSumFiles, threads, remove: false });
  const removed = proof.failed.length + proof.uncovered.length + proof.strays.length;
  if (removed > 0) throw new Error(`the fixture does not prove: ${JSON.stringify(proof)}`);
  return proof;
};

// Untimed: warm the page cache, load the hash workers' code paths once.
await goModVerify(dir);
const first = await ours();
const du = execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0];
console.log(
  `module cache ${dir}: ${(Number(du) / 1e6).toFixed(0)} MB; ${first.proven} versions ` +
    `(${first.provenZips} zips, ${first.provenDirs} directories), ${first.provenMods} go.mod ` +
    `files proven, ${(first.bytes / 1e6).toFixed(0)} MB read; ${runs} runs; Node ${process.version}`,
);

const times = { go: [], ours: [] };
for (let i = 0; i < runs; i++) {
  const order = i % 2 === 0 ? ['go', 'ours'] : ['ours', 'go'];
  for (const name of order) {
    const { seconds } = await timed(name === 'go' ? () => goModVerify(dir) : ours);
    times[name].push(seconds);
  }
  process.stderr.write(`run ${i + 1}/${runs} done\n`);
}

const go = median(times.go);
console.log('approach                  median     min     max   ratio');
for (const [name, label] of [
  ['go', 'go mod verify'],
  ['ours', 'verifyModCache'],
]) {
  const t = times[name];
  console.log(
    [
      label.padEnd(22),
      `${median(t).toFixed(2)} s`.padStart(9),
      `${Math.min(...t).toFixed(2)} s`.padStart(8),
      `${Math.max(...t).toFixed(2)} s`.padStart(8),
      `${(median(t) / go).toFixed(2)}x`.padStart(7),
    ].join(' '),
  );
}

// The cost of removing what no go.sum line covers: the largest module, copied under a new
// name, found and removed by one run (the walk that finds it is part of every run).
const largest = execFileSync(
  'sh',
  ['-c', `cd '${dir}' && du -s --exclude=cache */*/*@* */*/*/*@* 2>/dev/null | sort -n | tail -1`],
  { encoding: 'utf8' },
)
  .trim()
  .split('\t')[1];
const [modPath, modVersion] = largest.split('@');
const fake = `example.com/uncovered@${modVersion}`;
const fakeZip = path.join(dir, 'cache/download/example.com/uncovered/@v', `${modVersion}.zip`);
const size = execFileSync('du', ['-sb', path.join(dir, largest)], { encoding: 'utf8' }).split(
  '\t',
)[0];
const removing = [];
for (let i = 0; i < 3; i++) {
  execFileSync('mkdir', ['-p', path.join(dir, 'example.com'), path.dirname(fakeZip)]);
  execFileSync('cp', ['-a', path.join(dir, largest), path.join(dir, fake)]);
  execFileSync('cp', [
    path.join(dir, 'cache/download', modPath, '@v', `${modVersion}.zip`),
    fakeZip,
  ]);
  spawnSync('sync');
  const { seconds, result } = await timed(() =>
    verifyModCache({ modCache: dir, goSumFiles, threads }),
  );
  execFileSync('rm', ['-rf', path.join(dir, 'example.com'), path.dirname(path.dirname(fakeZip))]);
  if (result.uncovered.length !== 1 || result.failed.length !== 0) {
    throw new Error(`unexpected: ${JSON.stringify(result)}`);
  }
  removing.push(seconds);
}
const seconds = median(removing);
console.log(
  `with ${largest} copied as ${fake} (${(Number(size) / 1e6).toFixed(0)} MB and its zip), ` +
    `not covered: found and removed in runs of ${seconds.toFixed(2)} s (median of 3) ` +
    `(${(seconds / median(times.ours)).toFixed(2)}x the median run)`,
);
