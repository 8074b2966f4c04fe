/**
 * Every tree that runs is proven: dist/setup and dist/post on Node 24 against tool caches
 * holding a runner image's preinstalled Go, our own entries, and entries a hostile job
 * changed. Real toolchains come from the module proxy, and the real checksum database
 * answers through a loopback proxy (its /sumdb/ passed through to the machine's GOPROXY); a
 * loopback go.dev mirror serves a signed archive for the fresh installs that replace a tree.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { startDownloadServer } from '../../test-support/dl-server.mjs';
import { GO_DEV_ONLY, goDevTree, preinstall } from '../../test-support/image-tree.mjs';
import { node24 } from '../../test-support/node24.mjs';
import {
  createSigningKey,
  indexWith,
  releaseEntry,
  signedRelease,
} from '../../test-support/release-fixture.mjs';
import { applyJobEnv, newJob, runStep } from '../../test-support/runner.mjs';
import { goProxy, toolchainModuleZip, toolchainTarGz } from '../../test-support/toolchain.mjs';
import { startToolchainProxy, type ToolchainProxy } from '../../test-support/toolchain-proxy.mjs';

jest.setTimeout(300_000);

const VERSION = '1.22.5';
const OTHER = '1.25.14';
let node: string;
let proxy: ToolchainProxy;
let release: Awaited<ReturnType<typeof signedRelease>>;
let dl: Awaited<ReturnType<typeof startDownloadServer>>;
const sums = new Map<string, string>();

beforeAll(async () => {
  node = node24();
  const zips = new Map<string, string>();
  for (const [v, os, arch] of [
    [VERSION, 'linux', 'amd64'],
    [OTHER, 'windows', 'amd64'],
    [OTHER, 'darwin', 'arm64'],
  ] as const) {
    const { zip, sum, version } = toolchainModuleZip(v, os, arch);
    zips.set(version, zip);
    sums.set(version, sum);
  }
  proxy = await startToolchainProxy(zips, goProxy().split(/[,|]/)[0]!);
  release = await signedRelease({
    archive: toolchainTarGz(VERSION),
    version: VERSION,
    key: await createSigningKey(),
  });
  dl = await startDownloadServer({ index: release.index, files: release.files });
  goDevTree(VERSION);
});

afterAll(async () => {
  await proxy.close();
  await dl.close();
});

/** The setup step against the loopback mirror and proxy, health-check quick. */
function setup(job: ReturnType<typeof newJob>, inputs: Record<string, string> = {}, env = {}) {
  return runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': VERSION,
      'go-download-base-url': dl.baseUrl,
      'signing-keys': release.publicKey,
      goproxy: proxy.url,
      'health-check': 'quick',
      ...inputs,
    },
    env: { SETUP_GO_VERIFIED_RETRIES: '0', SETUP_GO_VERIFIED_RETRY_DELAY: '0.05', ...env },
  });
}

function post(job: ReturnType<typeof newJob>, state: Record<string, string>) {
  return runStep(job, { bundle: 'dist/post/index.js', node, state });
}

const entryDir = (job: ReturnType<typeof newJob>, version = VERSION, arch = 'x64') =>
  path.join(job.toolCache, 'go', version, arch);

function goVersionOf(job: ReturnType<typeof newJob>): string {
  const env = { ...process.env, ...applyJobEnv(job) };
  return execFileSync('go', ['version'], { env, encoding: 'utf8' }).trim();
}

describe('a runner image tree (no record of ours)', () => {
  it('is adopted with no archive request, proven by the database, and reused offline after', async () => {
    const job = newJob();
    const dir = preinstall(job.toolCache, VERSION);
    const before = dl.countFor(release.archiveName);
    const r = await setup(job);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(dl.countFor(release.archiveName)).toBe(before);
    expect(proxy.zipRequests).toBe(0);
    expect(r.outputs['toolchain-cache-hit']).toBe('true');
    expect(r.outputs['go-root']).toBe(dir);
    const record = JSON.parse(r.outputs['verification']!);
    expect(record.source).toBe('tool-cache');
    expect(record.proof).toMatchObject({
      anchor: 'checksum-database',
      how: 'adopted',
      h1: sums.get(`v0.0.1-go${VERSION}.linux-amd64`),
      databaseProof: 'database',
      removed: ['api/', 'doc/', 'misc/', 'test/'],
    });
    expect(record.checksumDatabase.h1).toBe(record.proof.h1);
    expect(record.artifacts).toEqual([]);
    for (const top of ['api', 'doc', 'misc', 'test'])
      expect(existsSync(path.join(dir, top))).toBe(false);
    for (const side of [
      'x64.complete',
      'x64.verification.json',
      'x64.sumdb-proof.json',
      'x64.files',
    ])
      expect(existsSync(path.join(job.toolCache, 'go', VERSION, side))).toBe(true);
    expect(r.summary).toContain('adopted from the tool cache');
    expect(goVersionOf(job)).toBe(`go version go${VERSION} linux/amd64`);

    // The post step proves the whole tree against the h1: in its step state.
    const p = await post(job, r.state);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain(`unchanged since this job proved them (${record.proof.h1})`);

    // The next job: the kept proof suffices, with the database unreachable.
    const again = await setup(newJob({ toolCache: job.toolCache }), {
      goproxy: 'http://127.0.0.1:9',
    });
    expect(again.errors).toEqual([]);
    expect(again.code).toBe(0);
    const reused = JSON.parse(again.outputs['verification']!);
    expect(reused.proof).toMatchObject({
      how: 'reused',
      databaseProof: 'kept',
      h1: record.proof.h1,
    });
    expect(dl.countFor(release.archiveName)).toBe(before);
  });

  it.each([
    [
      'one changed byte in go.env',
      (d: string) => appendFileSync(path.join(d, 'go.env'), '#'),
      /changed \(go\.env\)/,
    ],
    [
      'one changed byte in src/fmt/print.go',
      (d: string) => {
        const f = path.join(d, 'src/fmt/print.go');
        const b = readFileSync(f);
        b[100] = b[100]! ^ 1;
        writeFileSync(f, b);
      },
      /changed \(src\/fmt\/print\.go\)/,
    ],
    [
      'an added src/fmt/zz.go',
      (d: string) =>
        writeFileSync(
          path.join(d, 'src/fmt/zz.go'),
          'package fmt\n\nfunc init() { println("hi") }\n',
        ),
      /added \(src\/fmt\/zz\.go\)/,
    ],
    [
      'a removed file',
      (d: string) => rmSync(path.join(d, 'src/fmt/format.go')),
      /missing \(src\/fmt\/format\.go\)/,
    ],
    [
      'a symlink into misc/',
      (d: string) => {
        writeFileSync(path.join(d, 'misc/evil.go'), 'package runtime\n');
        symlinkSync('../../misc/evil.go', path.join(d, 'src/runtime/zz_evil.go'));
      },
      /src\/runtime\/zz_evil\.go: symlink/,
    ],
  ])(
    'with %s is not adopted: the files are named and a fresh install replaces it',
    async (_what, spoil, named) => {
      const job = newJob();
      const dir = preinstall(job.toolCache, VERSION);
      spoil(dir);
      const before = dl.countFor(release.archiveName);
      const r = await setup(job);
      expect(r.errors).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.warnings.join('\n')).toMatch(named);
      expect(r.outputs['toolchain-cache-hit']).toBe('false');
      expect(dl.countFor(release.archiveName)).toBe(before + 1);
      const record = JSON.parse(r.outputs['verification']!);
      expect(record.proof.how).toBe('installed');
      expect(record.proof.anchor).toBe('checksum-database');
      // The replacement is the published tree.
      expect(existsSync(path.join(dir, 'src/runtime/zz_evil.go'))).toBe(false);
      expect(existsSync(path.join(dir, 'misc'))).toBe(false);
      expect(existsSync(path.join(dir, 'src/fmt/format.go'))).toBe(true);
      expect(readFileSync(path.join(dir, 'go.env'), 'utf8')).toBe(
        readFileSync(path.join(goDevTree(VERSION), 'go.env'), 'utf8'),
      );
    },
  );

  it('two jobs adopt the same tree at once: both succeed with the same proven entry', async () => {
    const job = newJob();
    const other = newJob({ toolCache: job.toolCache });
    preinstall(job.toolCache, VERSION);
    const [a, b] = await Promise.all([setup(job), setup(other)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.outputs['go-root']).toBe(b.outputs['go-root']);
    const proofs = [a, b].map((r) => JSON.parse(r.outputs['verification']!).proof.h1);
    expect(proofs[0]).toBe(proofs[1]);
    for (const top of Object.keys(GO_DEV_ONLY))
      expect(existsSync(path.join(entryDir(job), top))).toBe(false);
    const again = await setup(newJob({ toolCache: job.toolCache }));
    expect(JSON.parse(again.outputs['verification']!).proof.how).toBe('reused');
  });

  it.each([
    ['windows', 'amd64', 'Windows', 'x64'],
    ['darwin', 'arm64', 'macOS', 'arm64'],
  ])('a %s-%s image tree is proven too', async (os, arch, runnerOs, cacheArch) => {
    const job = newJob();
    preinstall(job.toolCache, OTHER, { os, arch, cacheArch });
    const r = await setup(
      job,
      { 'go-version': OTHER, architecture: arch === 'amd64' ? 'x64' : arch },
      { RUNNER_OS: runnerOs },
    );
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.outputs['verification']!);
    expect(record.proof).toMatchObject({
      how: 'adopted',
      h1: sums.get(`v0.0.1-go${OTHER}.${os}-${arch}`),
    });
    expect(record.go).toMatchObject({ os, arch });
  });
});

describe('our own entries, attacked as a hostile job would', () => {
  async function installed() {
    const job = newJob();
    const r = await setup(job);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs['verification']!).proof.how).toBe('installed');
    return { job, r };
  }

  it('a go.env GOFLAGS line and a backdoor in fmt during the job: the post step removes the entry', async () => {
    const { job, r } = await installed();
    const dir = entryDir(job);
    appendFileSync(path.join(dir, 'go.env'), 'GOFLAGS=-toolexec=/tmp/evil\n');
    writeFileSync(path.join(dir, 'src/fmt/zz_backdoor.go'), 'package fmt\n\nfunc init() {}\n');
    const p = await post(job, r.state);
    expect(p.code).toBe(0);
    expect(p.warnings.join('\n')).toMatch(
      /modified during this job.*1 changed \(go\.env\), 1 added \(src\/fmt\/zz_backdoor\.go\).*removed/,
    );
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(`${dir}.complete`)).toBe(false);
  });

  it('bin/gofmt replaced and the record rewritten to match: refused on reuse, nothing forged reaches the output', async () => {
    const { job } = await installed();
    const dir = entryDir(job);
    const evil = '#!/bin/sh\necho pwned\n';
    writeFileSync(path.join(dir, 'bin', 'gofmt'), evil);
    const recordFile = `${dir}.verification.json`;
    const forged = JSON.parse(readFileSync(recordFile, 'utf8'));
    const sha = execFileSync('sha256sum', [path.join(dir, 'bin', 'gofmt')], {
      encoding: 'utf8',
    }).split(' ')[0];
    forged.tree.executables['bin/gofmt'] = sha;
    writeFileSync(recordFile, JSON.stringify(forged));
    const r = await setup(newJob({ toolCache: job.toolCache }));
    expect(r.code).toBe(0);
    expect(r.warnings.join('\n')).toMatch(/is not used: .*changed \(bin\/gofmt\)/);
    const record = JSON.parse(r.outputs['verification']!);
    expect(record.tree.executables['bin/gofmt']).not.toBe(sha);
    expect(readFileSync(path.join(dir, 'bin', 'gofmt'), 'utf8')).not.toBe(evil);
  });

  it('a file added under misc/ of our entry is refused (an entry holds the module tree only)', async () => {
    const { job } = await installed();
    const dir = entryDir(job);
    execFileSync('mkdir', ['-p', path.join(dir, 'misc')]);
    writeFileSync(path.join(dir, 'misc', 'evil.go'), 'package evil\n');
    const r = await setup(newJob({ toolCache: job.toolCache }));
    expect(r.code).toBe(0);
    expect(r.warnings.join('\n')).toMatch(/outside the module tree \(misc\/evil\.go\)/);
    expect(existsSync(path.join(dir, 'misc'))).toBe(false);
  });

  it("an entry installed with verify-sumdb off and the job's own key is proven by the database before a stricter job reuses it", async () => {
    const job = newJob();
    const first = await setup(job, { 'verify-sumdb': 'off' });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.outputs['verification']!).proof.anchor).toBe('openpgp-signature');
    expect(existsSync(`${entryDir(job)}.sumdb-proof.json`)).toBe(false);
    const strict = await setup(newJob({ toolCache: job.toolCache }), {
      'verify-sumdb': 'required',
      'signing-keys': '',
    });
    expect(strict.errors).toEqual([]);
    expect(strict.code).toBe(0);
    const record = JSON.parse(strict.outputs['verification']!);
    expect(record.proof).toMatchObject({
      how: 'reused',
      anchor: 'checksum-database',
      databaseProof: 'database',
    });
    // ...and a job that may not ask the database, with no kept proof, installs afresh.
    rmSync(`${entryDir(job)}.sumdb-proof.json`);
    const off = await setup(newJob({ toolCache: job.toolCache }), { 'verify-sumdb': 'off' });
    expect(off.code).toBe(0);
    expect(off.warnings.join('\n')).toMatch(/verify-sumdb: off forbids asking the database/);
    expect(JSON.parse(off.outputs['verification']!).proof.how).toBe('installed');
  });

  it('a kept proof that was tampered with, and no database: the entry is not used and the step says why', async () => {
    const { job } = await installed();
    const proofFile = `${entryDir(job)}.sumdb-proof.json`;
    const kept = JSON.parse(readFileSync(proofFile, 'utf8'));
    kept.answer = kept.answer.replace(
      /(— sum\.golang\.org \S{10})(\S)/,
      (_m: string, a: string, c: string) => a + (c === 'A' ? 'B' : 'A'),
    );
    writeFileSync(proofFile, JSON.stringify(kept));
    const r = await setup(newJob({ toolCache: job.toolCache }), {
      goproxy: 'http://127.0.0.1:9',
      'go-download-base-url': 'http://127.0.0.1:9/dl',
    });
    expect(r.code).toBe(1);
    expect(r.warnings.join('\n')).toMatch(/proof kept at .* does not verify/);
    expect(r.errors.join('\n')).toMatch(/could not be proven .*and installing it again failed/);
    expect(r.addedPath).toEqual([]);
  });
});

describe('fresh installs are bound to the version asked for', () => {
  it('a validly signed archive whose VERSION names another release is refused, whatever the health check', async () => {
    const work = path.join(newJob().root, 'other-version');
    execFileSync('mkdir', ['-p', work]);
    execFileSync('tar', ['-xzf', toolchainTarGz(VERSION), '-C', work]);
    writeFileSync(path.join(work, 'go', 'VERSION'), 'go1.21.0\ntime 2023-08-08T15:00:00Z\n');
    const archive = path.join(work, 'go.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', work, 'go']);
    const key = await createSigningKey();
    const bad = await signedRelease({ archive, version: VERSION, key });
    const server = await startDownloadServer({ index: bad.index, files: bad.files });
    try {
      const job = newJob();
      const r = await setup(job, {
        'go-download-base-url': server.baseUrl,
        'signing-keys': bad.publicKey,
        'verify-sumdb': 'off',
        'health-check': 'off',
      });
      expect(r.code).toBe(1);
      expect(r.errors.join('\n')).toMatch(
        /first line of \$GOROOT\/VERSION does not match: expected go1\.22\.5, found "go1\.21\.0"/,
      );
      expect(existsSync(path.join(job.toolCache, 'go', VERSION, 'x64.complete'))).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('retired keys and hostile mirror archives', () => {
  it('a signature by a subkey that has expired since counts only with the database', async () => {
    const key = await createSigningKey('Retired Signing', { subkeyExpiresIn: 3 });
    const signed = await signedRelease({ archive: toolchainTarGz(VERSION), version: VERSION, key });
    await new Promise((r) => setTimeout(r, 4000));
    const server = await startDownloadServer({ index: signed.index, files: signed.files });
    try {
      const inputs = { 'go-download-base-url': server.baseUrl, 'signing-keys': signed.publicKey };
      const off = await setup(newJob(), { ...inputs, 'verify-sumdb': 'off' });
      expect(off.code).toBe(1);
      expect(off.errors.join('\n')).toMatch(
        /signed by subkey [0-9A-F]+, which expired on .*accepted only when the Go checksum database also vouches/,
      );
      const auto = await setup(newJob(), inputs);
      expect(auto.errors).toEqual([]);
      expect(auto.code).toBe(0);
      const record = JSON.parse(auto.outputs['verification']!);
      expect(record.proof.anchor).toBe('checksum-database');
      expect(record.artifacts[0].signature.signerExpires).toBeDefined();
    } finally {
      await server.close();
    }
  });

  it("a mirror's Windows .zip that adds misc/evil.go and links it into runtime is refused", async () => {
    const work = path.join(newJob().root, 'evil-zip');
    execFileSync('mkdir', [
      '-p',
      path.join(work, 'go', 'misc'),
      path.join(work, 'go', 'src', 'runtime'),
    ]);
    writeFileSync(path.join(work, 'go', 'VERSION'), `go${OTHER}\n`);
    writeFileSync(path.join(work, 'go', 'misc', 'evil.go'), 'package runtime\n');
    symlinkSync('../../misc/evil.go', path.join(work, 'go', 'src', 'runtime', 'zz_evil.go'));
    execFileSync('zip', ['-qry', 'evil.zip', 'go'], { cwd: work });
    const zipFile = path.join(work, 'evil.zip');
    const name = `go${OTHER}.windows-amd64.zip`;
    const sha256 = execFileSync('sha256sum', [zipFile], { encoding: 'utf8' }).split(' ')[0]!;
    const index = indexWith([
      releaseEntry(OTHER, [{ filename: name, os: 'windows', arch: 'amd64', sha256, size: 1000 }]),
    ]);
    const server = await startDownloadServer({
      index,
      files: new Map([[name, { path: zipFile }]]),
    });
    try {
      const job = newJob();
      const r = await setup(
        job,
        { 'go-version': OTHER, 'go-download-base-url': server.baseUrl },
        { RUNNER_OS: 'Windows' },
      );
      expect(r.code).toBe(1);
      expect(r.errors.join('\n')).toMatch(
        /go\/src\/runtime\/zz_evil\.go.*symbolic links are not allowed/,
      );
      expect(server.countFor(name)).toBe(1);
      expect(existsSync(path.join(job.toolCache, 'go', OTHER, 'x64.complete'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('two jobs replace the same spoiled image tree at once: one download, both end with the published tree', async () => {
    const job = newJob();
    const dir = preinstall(job.toolCache, VERSION);
    appendFileSync(path.join(dir, 'go.env'), 'GOFLAGS=-toolexec=/tmp/evil\n');
    const before = dl.countFor(release.archiveName);
    const [a, b] = await Promise.all([setup(job), setup(newJob({ toolCache: job.toolCache }))]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(dl.countFor(release.archiveName)).toBe(before + 1);
    const hows = [a, b].map((r) => JSON.parse(r.outputs['verification']!).proof.how).sort();
    expect(hows).toEqual(['installed', 'reused']);
    expect(readFileSync(path.join(dir, 'go.env'), 'utf8')).not.toContain('toolexec');
  });
});
