// Benchmark: SHA-256 of every file of a Go toolchain tree (a GOROOT, ~15k files, ~240 MB),
// the work a tool-cache reuse does to prove the tree. Warm page cache (one warm-up run each).
//
//   baseline   find . -type f -print0 | xargs -0 -P<cores> sha256sum > /dev/null   (via sh)
//   in-process hashTree(dir) in this process (its workers are started by each call)
//   fresh node hashTree(dir) in a new `node` process: startup, import and exit included
//
// Runs alternate between the three on the same tree, and the figures are medians.
// Usage: npm run build && node bench/tree-hash.mjs [dir=$(go env GOROOT)] [runs=5]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const libUrl = new URL('../lib/verify/tree-proof/hash-tree.js', import.meta.url);
if (!existsSync(fileURLToPath(libUrl))) {
  console.error(`${fileURLToPath(libUrl)} is missing: run \`npm run build\` first.`);
  process.exit(1);
}
const { hashTree } = await import(libUrl.href);

const dir = process.argv[2] || execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
const runs = Number(process.argv[3] ?? 5);
const cores = os.availableParallelism();
const baselineScript = `find . -type f -print0 | xargs -0 -P${cores} sha256sum > /dev/null`;

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (out += s));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')}: exit ${code}`)),
    );
  });
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const childScript = `
import { hashTree } from ${JSON.stringify(libUrl.href)};
const t = await hashTree(${JSON.stringify(dir)});
console.log(t.files.size);
`;

let tree;
const approaches = {
  baseline: () => run('sh', ['-c', baselineScript], { cwd: dir }),
  inProcess: async () => {
    tree = await hashTree(dir);
  },
  freshNode: async () => {
    const out = await run(process.execPath, ['--input-type=module', '-e', childScript]);
    if (Number(out) !== tree.files.size) throw new Error(`child hashed ${out.trim()} files`);
  },
};

const loadBefore = os.loadavg()[0];
for (const fn of Object.values(approaches)) await fn(); // warm-up: page cache, JIT
const results = Object.fromEntries(Object.keys(approaches).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  for (const [key, fn] of Object.entries(approaches)) results[key].push(await timed(fn));
}
const loadAfter = os.loadavg()[0];

const regular = Number(
  execFileSync('sh', ['-c', 'find . -type f | wc -l'], { cwd: dir, encoding: 'utf8' }),
);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const base = median(results.baseline);
const rows = [
  [`baseline: ${baselineScript.replaceAll('|', '\\|')}`, results.baseline],
  ['hashTree, in this process', results.inProcess],
  ['hashTree, fresh node process (startup included)', results.freshNode],
];
console.log(
  `tree: ${dir}, ${tree.files.size} files hashed (find -type f: ${regular}), ` +
    `${(tree.bytes / 1e6).toFixed(1)} MB, ${tree.problems.length} problems; ` +
    `${runs} runs each, alternating; Node ${process.version}; ${cores} cores; ` +
    `load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
);
console.log('');
console.log('| approach | median | min | max | ratio to baseline |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, xs] of rows) {
  const m = median(xs);
  console.log(
    `| ${name} | ${m.toFixed(3)} s | ${Math.min(...xs).toFixed(3)} s | ${Math.max(...xs).toFixed(3)} s | ${(m / base).toFixed(2)}× |`,
  );
}
