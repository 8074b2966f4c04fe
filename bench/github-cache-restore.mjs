// Benchmark: restoring a GitHub cache entry, @actions/cache's restoreCache (tar -P) against
// this project's restore (own lookup client, download and tar gate: GitHubCacheBackend),
// on the same entry saved once by @actions/cache's saveCache, through the loopback cache
// service over Azurite (test-support/cache-service.mjs).
//
// The TypeScript modules are transpiled (no type check) into .bench/ first. Runs alternate
// between the two and the figures are medians.
// Usage: node bench/github-cache-restore.mjs [runs=3] [directory]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startAzurite } from '../test-support/azurite.mjs';
import { startCacheService } from '../test-support/cache-service.mjs';
import { benchModCache, transpile } from './support.mjs';

const runs = Number(process.argv[2] ?? 3);

/** Runs `fn` with @actions/core's stdout chatter dropped. */
async function quietly(fn) {
  const write = process.stdout.write;
  process.stdout.write = () => true;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const src = benchModCache(process.argv[3]);
const work = mkdtempSync(path.join(os.tmpdir(), 'sgv-bench-ghcache-'));
const workspace = path.join(work, 'home', 'work', 'repo');
const dir = path.join(work, 'home', 'go', 'pkg', 'mod');
mkdirSync(workspace, { recursive: true });
mkdirSync(path.dirname(dir), { recursive: true });
execFileSync('cp', ['-a', src, dir]);

const azurite = await startAzurite({ dir: path.join(work, 'azurite') });
const service = await startCacheService({ azurite });
Object.assign(process.env, {
  ACTIONS_CACHE_SERVICE_V2: 'true',
  ACTIONS_RESULTS_URL: service.url,
  ACTIONS_RUNTIME_TOKEN: service.token,
  RUNNER_TEMP: path.join(work, 'temp'),
  GITHUB_WORKSPACE: workspace,
  HTTP_PROXY: service.proxyUrl,
});
for (const name of ['http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'])
  delete process.env[name];

const { saveCache, restoreCache } = await import('@actions/cache');
const { GitHubCacheBackend } = await import(
  transpile('src/cache/github-backend.ts', 'github-cache-restore')
);
const { removeTree } = await import(
  transpile('src/archive/remove-tree.ts', 'github-cache-restore')
);
const t0 = () => (performance.now() / 1000).toFixed(2);
const logger = {
  info: (m) => process.env.BENCH_TRACE && console.error(t0(), m),
  warning: console.error,
  debug() {},
  group: (_n, fn) => fn(),
};
const key = `bench-${Date.now()}`;

try {
  const du = execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0];
  await quietly(() => saveCache([dir], key));
  const entry = service.entries.find((e) => e.key === key && e.committed);
  if (!entry) throw new Error('saveCache did not save the entry');
  console.log(
    `entry: ${(Number(du) / 1e6).toFixed(0)} MB unpacked, ` +
      `${(entry.sizeBytes / 1e6).toFixed(0)} MB archive; ${runs} runs`,
  );
  const approaches = {
    '@actions/cache restoreCache (tar -P)': async () => {
      const hit = await quietly(() => restoreCache([dir], key, []));
      if (hit !== key) throw new Error(`restoreCache: ${hit}`);
    },
    'GitHubCacheBackend.restore (gate)': async () => {
      const outcome = await new GitHubCacheBackend({ logger }).restore({
        dir,
        key,
        restoreKeys: [],
      });
      if (outcome.kind !== 'hit') throw new Error(JSON.stringify(outcome));
    },
  };
  const names = Object.keys(approaches);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of names.map((_, k) => names[(k + i) % names.length])) {
      await removeTree(dir);
      spawnSync('sync');
      const start = performance.now();
      await approaches[name]();
      times[name].push((performance.now() - start) / 1000);
    }
    process.stderr.write(`run ${i + 1}/${runs} done\n`);
  }
  for (const name of names) {
    const all = times[name].map((t) => t.toFixed(2)).join(' ');
    console.log(`${name.padEnd(38)} ${median(times[name]).toFixed(2)} s  (${all})`);
  }
} finally {
  await service.stop();
  await azurite.stop();
  await removeTree(work);
}
