// Benchmark: using a toolchain that is already on the runner, proven file by file.
//
//   adopt   a runner image's preinstalled Go (go.dev tree, no record of ours) in the tool
//           cache: dist/setup proves it against the checksum database (asked now through a
//           loopback proxy in front of the machine's GOPROXY) and adopts it, health-check quick
//   warm    the same step again: our entry, proven with the proof kept beside it (offline)
//   cold    what the adopt case cost before tree proofs: a full download and install from a
//           loopback go.dev mirror into an empty tool cache, health-check quick
//
// Every figure is the whole step as the runner runs it (Node 24 start included); runs
// alternate and the figures are medians. Usage: node bench/tree-proof.mjs [runs=5]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDownloadServer } from '../test-support/dl-server.mjs';
import { goDevTree, preinstall } from '../test-support/image-tree.mjs';
import { node24 } from '../test-support/node24.mjs';
import { createSigningKey, signedRelease } from '../test-support/release-fixture.mjs';
import { newJob, runStep } from '../test-support/runner.mjs';
import { goProxy, toolchainModuleZip, toolchainTarGz } from '../test-support/toolchain.mjs';
import { startToolchainProxy } from '../test-support/toolchain-proxy.mjs';

const runs = Number(process.argv[2] ?? 5);
const VERSION = '1.22.5';
const work = mkdtempSync(path.join(os.tmpdir(), 'sgv-bench-proof-'));
const node = node24();
const release = await signedRelease({
  archive: toolchainTarGz(VERSION),
  version: VERSION,
  key: await createSigningKey(),
});
const dl = await startDownloadServer({ index: release.index, files: release.files });
const { zip, version: modVersion } = toolchainModuleZip(VERSION);
const proxy = await startToolchainProxy(new Map([[modVersion, zip]]), goProxy().split(/[,|]/)[0]);
goDevTree(VERSION);

const inputs = {
  'go-version': VERSION,
  'go-download-base-url': dl.baseUrl,
  'signing-keys': release.publicKey,
  goproxy: proxy.url,
  'health-check': 'quick',
};

async function step(job, expectHow) {
  const start = performance.now();
  const r = await runStep(job, { bundle: 'dist/setup/index.js', node, inputs });
  const seconds = (performance.now() - start) / 1000;
  const how = r.code === 0 ? JSON.parse(r.outputs['verification']).proof.how : undefined;
  if (how !== expectHow)
    throw new Error(`expected ${expectHow}, got ${how}: ${r.stdout}\n${r.stderr}`);
  return seconds;
}

const results = { cold: [], adopt: [], warm: [] };
for (let i = 0; i <= runs; i++) {
  const imageCache = mkdtempSync(path.join(work, 'image-'));
  preinstall(imageCache, VERSION);
  // The copy's writes settle first: every timed step starts on a quiet disk.
  execFileSync('sync');
  const adoptTime = await step(newJob({ toolCache: imageCache }), 'adopted');
  execFileSync('sync');
  const warmTime = await step(newJob({ toolCache: imageCache }), 'reused');
  rmSync(imageCache, { recursive: true, force: true });

  const toolCache = mkdtempSync(path.join(work, 'cache-'));
  execFileSync('sync');
  const coldTime = await step(newJob({ toolCache }), 'installed');
  rmSync(toolCache, { recursive: true, force: true });
  if (i === 0) continue; // warm-up
  results.cold.push(coldTime);
  results.adopt.push(adoptTime);
  results.warm.push(warmTime);
}
await dl.close();
await proxy.close();
rmSync(work, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = median(results.cold);
console.log(
  `go${VERSION} linux/amd64, ${runs} runs (after a warm-up), medians, whole setup step on Node 24:`,
);
for (const [name, xs] of Object.entries(results)) {
  const m = median(xs);
  console.log(
    `  ${name.padEnd(6)} ${m.toFixed(2)} s  (min ${Math.min(...xs).toFixed(2)} s)  ${(m / cold).toFixed(2)}x of cold`,
  );
}
