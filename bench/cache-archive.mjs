// Benchmark: cache entry archives (src/cache/archive.ts) against the shell on a real Go
// module cache (the modules of bench/fixtures/modcache, fetched through the module proxy).
//
//   pack     shell: tar -C dir -cf - . | zstd -T0 -3 > f      ours: createArchive (level 1, 3)
//   unpack   shell: zstd -d < f | tar -x -C out                ours: extractArchive
//
// The TypeScript modules are transpiled (no type check) into .bench/ first. Runs alternate
// between the approaches and the figures are medians.
// Usage: node bench/cache-archive.mjs [runs=5] [directory]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchModCache, transpile } from './support.mjs';

const runs = Number(process.argv[2] ?? 5);

function sh(script) {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (c) => (c === 0 ? resolve() : reject(new Error(`${script}: exit ${c}`))));
  });
}

/** Untimed: flush earlier writes so one run's writeback does not land in the next. */
function settle() {
  spawnSync('sync');
}

async function timed(fn) {
  settle();
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const q = (p) => `'${p.replace(/'/g, `'\\''`)}'`;

const { createArchive, extractArchive } = await import(
  transpile('src/cache/archive.ts', 'cache-archive')
);
const { removeTree } = await import(transpile('src/archive/remove-tree.ts', 'cache-archive'));
const src = benchModCache(process.argv[3]);
const work = mkdtempSync(path.join(os.tmpdir(), 'sgv-bench-cache-'));
const du = execFileSync('du', ['-sb', src], { encoding: 'utf8' }).split('\t')[0];
console.log(`source ${src}: ${(Number(du) / 1e6).toFixed(0)} MB, ${runs} runs`);

const approaches = {
  'shell -3': {
    pack: (f) => sh(`tar -C ${q(src)} -cf - . | zstd -q -T0 -3 > ${q(f)}`),
    unpack: (f, d) => sh(`mkdir ${q(d)} && zstd -dc < ${q(f)} | tar -x -C ${q(d)}`),
  },
  'ours -1': {
    pack: (f) => createArchive(src, f, { zstdLevel: 1 }),
    unpack: (f, d) => extractArchive(f, d),
  },
  'ours -3': {
    pack: (f) => createArchive(src, f, { zstdLevel: 3 }),
    unpack: (f, d) => extractArchive(f, d),
  },
};
const names = Object.keys(approaches);
const times = Object.fromEntries(names.map((n) => [n, { pack: [], unpack: [], bytes: 0 }]));

try {
  for (let i = 0; i < runs; i++) {
    // Rotate the order so no approach always runs first (or after the same neighbour).
    const order = names.map((_, k) => names[(k + i) % names.length]);
    for (const name of order) {
      const file = path.join(work, `entry-${i}`);
      const dest = path.join(work, `out-${i}`);
      const a = approaches[name];
      times[name].pack.push(await timed(() => a.pack(file)));
      times[name].bytes = Number(execFileSync('stat', ['-c', '%s', file], { encoding: 'utf8' }));
      times[name].unpack.push(await timed(() => a.unpack(file, dest)));
      await removeTree(dest);
      await removeTree(file);
    }
    process.stderr.write(`run ${i + 1}/${runs} done\n`);
  }
} finally {
  await removeTree(work);
}

const base = times['shell -3'];
console.log('approach     pack (s)  ratio   unpack (s)  ratio   archive (MB)');
for (const name of names) {
  const t = times[name];
  const pack = median(t.pack);
  const unpack = median(t.unpack);
  console.log(
    [
      name.padEnd(10),
      pack.toFixed(2).padStart(9),
      `${(pack / median(base.pack)).toFixed(2)}x`.padStart(7),
      unpack.toFixed(2).padStart(12),
      `${(unpack / median(base.unpack)).toFixed(2)}x`.padStart(7),
      (t.bytes / 1e6).toFixed(0).padStart(14),
    ].join(' '),
  );
}
