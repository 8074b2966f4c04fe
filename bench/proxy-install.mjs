// Benchmark: installing go1.22.5 linux/amd64 from a Go module proxy (issue: toolchains from
// a module proxy, proven by the checksum database), against the shell baseline
// `curl -o z && unzip -q z` on the same loopback copy of the module zip.
//
// The loopback proxy serves the zip from the test cache and passes /sumdb/ through to the
// real checksum database behind the machine's GOPROXY, so the proof is real.
// Usage: node bench/proxy-install.mjs [runs=3]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { node24 } from '../test-support/node24.mjs';
import { newJob, runStep } from '../test-support/runner.mjs';
import { goProxy, toolchainModuleZip } from '../test-support/toolchain.mjs';

const runs = Number(process.argv[2] ?? 3);
const VERSION = '1.22.5';
const MODULE_VERSION = `v0.0.1-go${VERSION}.linux-amd64`;
const upstream = goProxy().split(/[,|]/)[0];
const zipBytes = readFileSync(toolchainModuleZip(VERSION).zip);
const node = node24();

const server = http.createServer(async (req, res) => {
  const url = req.url ?? '/';
  if (url.startsWith('/sumdb/')) {
    const answer = await fetch(upstream + url);
    res.writeHead(answer.status).end(Buffer.from(await answer.arrayBuffer()));
  } else if (url === '/golang.org/toolchain/@v/list') {
    res.end(`${MODULE_VERSION}\n`);
  } else if (url === `/golang.org/toolchain/@v/${MODULE_VERSION}.zip`) {
    res.writeHead(200, { 'content-length': zipBytes.length }).end(zipBytes);
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const proxy = `http://127.0.0.1:${server.address().port}`;
const work = mkdtempSync(path.join(os.tmpdir(), 'sgv-bench-proxy-'));

function sh(script, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('close', (c) => (c === 0 ? resolve() : reject(new Error(`${script}: exit ${c}`))));
  });
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const baseline = [];
const ours = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(work, 'baseline-'));
  const zipUrl = `${proxy}/golang.org/toolchain/@v/${MODULE_VERSION}.zip`;
  baseline.push(await timed(() => sh(`curl -sS -o z '${zipUrl}' && unzip -q z`, dir)));
  rmSync(dir, { recursive: true, force: true });

  const job = newJob({ toolCache: mkdtempSync(path.join(work, 'cache-')) });
  ours.push(
    await timed(async () => {
      const r = await runStep(job, {
        bundle: 'dist/setup/index.js',
        node,
        inputs: {
          'go-version': VERSION,
          'go-download-source': 'proxy',
          goproxy: proxy,
          'health-check': 'off',
        },
      });
      if (r.code !== 0) throw new Error(`action failed: ${r.stdout}`);
    }),
  );
  rmSync(job.root, { recursive: true, force: true });
  rmSync(job.toolCache, { recursive: true, force: true });
}
server.close();
rmSync(work, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(baseline);
console.log(
  `zip: ${MODULE_VERSION}, ${(zipBytes.length / 1e6).toFixed(1)} MB; ${runs} runs each, alternating`,
);
console.log('');
console.log('| approach | median | min | max | ratio to baseline |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, xs] of [
  ['baseline: curl -o z && unzip -q z', baseline],
  ['proxy install (lookup + proof + download + h1 + install), health-check off', ours],
]) {
  console.log(
    `| ${name} | ${median(xs).toFixed(2)} s | ${Math.min(...xs).toFixed(2)} s | ${Math.max(...xs).toFixed(2)} s | ${(median(xs) / base).toFixed(2)}× |`,
  );
}
