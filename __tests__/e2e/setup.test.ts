/**
 * The setup action end to end: dist/setup/index.js and dist/post/index.js run on Node 24
 * exactly as the runner runs them, against a loopback go.dev mirror that serves a real Go
 * toolchain (from the module proxy) signed by a key this test creates.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startDownloadServer, type Fault, type ServedFile } from '../../test-support/dl-server.mjs';
import { node24 } from '../../test-support/node24.mjs';
import { createSigningKey, signedRelease } from '../../test-support/release-fixture.mjs';
import { applyJobEnv, newJob, runStep } from '../../test-support/runner.mjs';
import { toolchainTarGz } from '../../test-support/toolchain.mjs';
import { hostileTarGz, tarMembers } from '../../test-support/hostile-archives.mjs';
import { goProxy } from '../../test-support/toolchain.mjs';
import { gzipSync } from 'node:zlib';
import * as os from 'node:os';

jest.setTimeout(300_000);

const VERSION = '1.22.5';
let node: string;
let release: Awaited<ReturnType<typeof signedRelease>>;
let otherKey: Awaited<ReturnType<typeof createSigningKey>>;
const servers: { close(): Promise<void> }[] = [];

// Fast retries and a short stall timeout so failure cases finish in seconds.
const FAST_NET = {
  SETUP_GO_VERIFIED_RETRY_DELAY: '0.05',
  SETUP_GO_VERIFIED_STALL_TIMEOUT: '2',
  SETUP_GO_VERIFIED_RETRIES: '2',
};

beforeAll(async () => {
  node = node24();
  const key = await createSigningKey();
  otherKey = await createSigningKey('Somebody Else');
  release = await signedRelease({ archive: toolchainTarGz(VERSION), version: VERSION, key });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(
  overrides: { files?: Map<string, ServedFile>; faults?: Map<string, Fault>; index?: unknown } = {},
) {
  const s = await startDownloadServer({
    index: overrides.index ?? release.index,
    files: overrides.files ?? release.files,
    faults: overrides.faults ?? new Map(),
  });
  servers.push(s);
  return s;
}

function inputsFor(baseUrl: string, extra: Record<string, string> = {}) {
  return {
    'go-version': VERSION,
    'go-download-base-url': baseUrl,
    'signing-keys': release.publicKey,
    'health-check': 'quick',
    ...extra,
  };
}

/** Nothing of the version in the tool cache: no entry, no marker, no record, no temp dir. */
function expectNothingInstalled(toolCache: string) {
  const dir = path.join(toolCache, 'go', VERSION);
  const left = existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith('.lock')) : [];
  expect(left).toEqual([]);
}

describe('setup action, go.dev mirror path', () => {
  it('installs a verified toolchain, runs it from the PATH it wrote, and reuses it', async () => {
    const s = await server();
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputsFor(s.baseUrl, { 'go-version': '1.22', 'health-check': 'full' }),
      env: FAST_NET,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBe(VERSION);
    expect(r.outputs['toolchain-cache-hit']).toBe('false');
    const goRoot = path.join(job.toolCache, 'go', VERSION, 'x64');
    expect(r.outputs['go-root']).toBe(goRoot);
    expect(r.exported['GOTOOLCHAIN']).toBe('local');
    expect(r.addedPath).toContain(path.join(goRoot, 'bin'));

    const record = JSON.parse(r.outputs['verification']!);
    expect(record.go).toEqual({
      version: VERSION,
      tag: `go${VERSION}`,
      os: 'linux',
      arch: 'amd64',
    });
    expect(record.artifacts[0].sha256).toBe(release.sha256);
    expect(record.artifacts[0].signature.status).toBe('verified');
    expect(record.artifacts[0].signature.url).toBe(`${s.baseUrl}/${release.archiveName}.asc`);
    expect(r.summary).toContain(release.sha256);
    expect(r.summary).toContain('build and run hello world');
    expect(r.stdout).toContain('runtime: build and run hello world: built and ran');

    // A later step of the job runs `go` from the PATH the action wrote.
    const env = { ...process.env, ...applyJobEnv(job) };
    const version = execFileSync('go', ['version'], { env, encoding: 'utf8' });
    expect(version).toBe(`go version go${VERSION} linux/amd64\n`);
    expect(execFileSync('go', ['env', 'GOROOT'], { env, encoding: 'utf8' }).trim()).toBe(goRoot);

    // The post step proves the whole tree again.
    const post = await runStep(job, { bundle: 'dist/post/index.js', node, state: r.state });
    expect(post.code).toBe(0);
    expect(post.stdout).toContain(`unchanged since this job proved them (${record.proof.h1})`);

    // Second job on the same runner: a verified tool-cache hit, no download.
    const downloads = s.countFor(release.archiveName);
    const again = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputsFor(s.baseUrl, { 'go-version': '1.22' }),
    });
    expect(again.code).toBe(0);
    expect(again.outputs['toolchain-cache-hit']).toBe('true');
    expect(s.countFor(release.archiveName)).toBe(downloads);
  });

  it('removes a tool-cache entry whose go binary was swapped during the job', async () => {
    const s = await server();
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputsFor(s.baseUrl),
    });
    expect(r.code).toBe(0);
    writeFileSync(path.join(r.outputs['go-root']!, 'bin', 'gofmt'), '#!/bin/sh\necho pwned\n');
    const post = await runStep(job, { bundle: 'dist/post/index.js', node, state: r.state });
    expect(post.code).toBe(0);
    expect(post.warnings.join('\n')).toMatch(/modified during this job.*1 changed \(bin\/gofmt\)/);
    expectNothingInstalled(job.toolCache);
  });

  it('retries a server that fails twice, then succeeds', async () => {
    const s = await server({
      faults: new Map([[release.archiveName, { failTimes: 2, status: 503 }]]),
    });
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputsFor(s.baseUrl),
      env: FAST_NET,
    });
    expect(r.code).toBe(0);
    expect(s.countFor(release.archiveName)).toBe(3);
  });

  it('two concurrent installs of one version end with one good install', async () => {
    const s = await server();
    const job = newJob();
    const other = { ...newJob({ toolCache: job.toolCache }) };
    const [a, b] = await Promise.all([
      runStep(job, { bundle: 'dist/setup/index.js', node, inputs: inputsFor(s.baseUrl) }),
      runStep(other, { bundle: 'dist/setup/index.js', node, inputs: inputsFor(s.baseUrl) }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.outputs['go-root']).toBe(b.outputs['go-root']);
    // The second waited for the first's lock and reused its install.
    expect(s.countFor(release.archiveName)).toBe(1);
    expect(readdirSync(path.join(job.toolCache, 'go', VERSION)).sort()).toEqual([
      'x64',
      'x64.complete',
      'x64.files',
      'x64.sumdb-proof.json',
      'x64.verification.json',
    ]);
  });
});

describe('setup action, hostile cases: a failed step and an empty tool cache', () => {
  async function failing(
    opts: Parameters<typeof server>[0],
    inputs: Record<string, string> = {},
    env: Record<string, string> = {},
  ) {
    const s = await server(opts);
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputsFor(s.baseUrl, inputs),
      env: { ...FAST_NET, ...env },
    });
    expect(r.code).toBe(1);
    expectNothingInstalled(job.toolCache);
    expect(r.addedPath).toEqual([]);
    return { r, s, message: r.errors.join('\n') };
  }

  it('a tampered archive', async () => {
    const { message } = await failing({
      faults: new Map([[release.archiveName, { tamperAt: 30_000_000 }]]),
    });
    expect(message).toContain(
      `SHA-256 of ${release.archiveName} does not match: expected ${release.sha256}`,
    );
  });

  it('a signature by another key', async () => {
    const { message } = await failing({}, { 'signing-keys': otherKey.publicKey });
    expect(message).toMatch(/OpenPGP signature of go1\.22\.5\.linux-amd64\.tar\.gz/);
  });

  it('a missing .asc for a .tar.gz', async () => {
    const files = new Map(release.files);
    files.delete(`${release.archiveName}.asc`);
    const { message } = await failing({ files });
    expect(message).toContain(`a detached signature at`);
    expect(message).toContain('HTTP 404');
  });

  it('a download cut off midway, every time', async () => {
    const { message, s } = await failing({
      faults: new Map([[release.archiveName, { cutAfter: 10_000_000 }]]),
    });
    expect(message).toMatch(/cut off after/);
    expect(s.countFor(release.archiveName)).toBe(3);
  });

  it('a server that stalls', async () => {
    const started = Date.now();
    const { message } = await failing(
      { faults: new Map([[release.archiveName, { stallAfter: 5_000_000 }]]) },
      {},
      { SETUP_GO_VERIFIED_RETRIES: '0' },
    );
    expect(message).toMatch(/stalled: no data for 2/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('a validly signed archive that tries to escape its directory', async () => {
    const evil = await hostileTarGz();
    const key = await createSigningKey();
    const bad = await signedRelease({ archive: evil, version: VERSION, key });
    const { message } = await failing(
      { index: bad.index, files: bad.files },
      { 'signing-keys': bad.publicKey },
    );
    expect(message).toMatch(/refusing archive member/);
  });

  it('a malformed go-version', async () => {
    const { message, s } = await failing({}, { 'go-version': '1.22; rm -rf /' });
    expect(message).toContain('1.22; rm -rf /');
    expect(s.requests).toEqual([]);
  });

  it.each([
    [
      'cache-save',
      'sometimes',
      'input cache-save must be always, never or default-branch, not "sometimes"',
    ],
    [
      'cache',
      'yes',
      'input cache must be true or false (also True, TRUE, False, FALSE), not "yes"',
    ],
    [
      'check-latest',
      'yes',
      'input check-latest must be true or false (also True, TRUE, False, FALSE), not "yes"',
    ],
    ['cache-max-size', 'lots', 'input cache-max-size must be a size such as 500M'],
    ['health-check', 'sometimes', 'input health-check must be full, quick or off, not "sometimes"'],
  ])('a bad %s (%s) fails the step before any download', async (name, value, expected) => {
    const { message, s } = await failing({}, { [name]: value });
    expect(message).toContain(expected);
    expect(s.requests).toEqual([]);
  });

  it('a missing go-version-file', async () => {
    const { message } = await failing({}, { 'go-version': '', 'go-version-file': 'nope/go.mod' });
    expect(message).toMatch(/go-version-file .*nope\/go\.mod.* not found/);
  });

  it('a version that does not exist names the closest ones', async () => {
    const { message } = await failing({}, { 'go-version': '1.22.99' });
    expect(message).toMatch(/1\.22\.99.*closest.*1\.22\.5/);
  });

  it('a Windows .zip from a mirror without go.dev to vouch for its SHA-256', async () => {
    const index = structuredClone(release.index) as { files: unknown[] }[];
    index[0]!.files.push({
      filename: 'go1.22.5.windows-amd64.zip',
      os: 'windows',
      arch: 'amd64',
      version: 'go1.22.5',
      sha256: 'a'.repeat(64),
      size: 1000,
      kind: 'archive',
    });
    const { message, s } = await failing(
      { index },
      { 'verify-sumdb': 'off' },
      { RUNNER_OS: 'Windows' },
    );
    expect(message).toMatch(/go1\.22\.5\.windows-amd64\.zip comes from a mirror/);
    expect(message).toContain("go.dev's own index");
    expect(s.countFor('go1.22.5.windows-amd64.zip')).toBe(0);
  });
});

describe('setup action, go.dev archive cross-checked against the checksum database', () => {
  it('verify-sumdb: required proves the archive tree equals the toolchain module', async () => {
    const s = await server();
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputsFor(s.baseUrl, { 'verify-sumdb': 'required', goproxy: goProxy() }),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const record = JSON.parse(r.outputs['verification']!);
    expect(record.artifacts[0].signature.status).toBe('verified');
    expect(record.checksumDatabase.module).toBe(
      `golang.org/toolchain@v0.0.1-go${VERSION}.linux-amd64`,
    );
    expect(record.checksumDatabase.h1).toMatch(/^h1:/);
    expect(r.summary).toContain('Go checksum database');
  });

  it('a validly signed archive whose files differ from the module fails', async () => {
    const file = path.join(os.tmpdir(), `other-tree-${process.pid}.tar.gz`);
    writeFileSync(
      file,
      gzipSync(
        tarMembers([
          { name: 'go/', type: '5', mode: 0o755 },
          { name: 'go/VERSION', data: `go${VERSION}\n` },
        ]),
      ),
    );
    const bad = await signedRelease({
      archive: file,
      version: VERSION,
      key: await createSigningKey(),
    });
    const s = await server({ index: bad.index, files: bad.files });
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputsFor(s.baseUrl, {
        'signing-keys': bad.publicKey,
        'verify-sumdb': 'required',
        goproxy: goProxy(),
      }),
    });
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(
      /tree of go1\.22\.5\.linux-amd64\.tar\.gz as golang\.org\/toolchain.* does not match: expected h1:/,
    );
    expectNothingInstalled(job.toolCache);
  });

  it('an unreachable checksum database fails the step before any download', async () => {
    const s = await server();
    const job = newJob();
    const r = await runStep(job, {
      bundle: 'dist/setup/index.js',
      node,
      inputs: inputsFor(s.baseUrl, { 'verify-sumdb': 'required', goproxy: 'http://127.0.0.1:9' }),
      env: FAST_NET,
    });
    expect(r.code).toBe(1);
    expect(s.countFor(release.archiveName)).toBe(0);
    expectNothingInstalled(job.toolCache);
  });
});
