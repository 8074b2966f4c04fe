/**
 * The go.dev route of an air-gapped bundle through the built bundles on Node 24: dist/cli's
 * `mirror --source go.dev` builds it from a loopback go.dev serving a real go1.22.5
 * linux/amd64 archive signed by a key this test creates (and the toolchain module's proof from
 * the real checksum database); the server is stopped and every proxy variable points at a
 * dead loopback port. Then dist/setup installs and proves go1.22.5 from
 * `go-download-base-url: file://…/dl` alone, and refuses a flipped archive byte and an .asc by
 * another key with nothing installed; `mirror --check` reports both.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDownloadServer } from '../../test-support/dl-server.mjs';
import { node24 } from '../../test-support/node24.mjs';
import { CUT_ENV, machineProxyUrl } from '../../test-support/offline.mjs';
import {
  createSigningKey,
  signDetached,
  signedRelease,
  type SignedRelease,
  type SigningKey,
} from '../../test-support/release-fixture.mjs';
import { newJob, repoRoot, runStep } from '../../test-support/runner.mjs';
import { toolchainModuleZip, toolchainTarGz } from '../../test-support/toolchain.mjs';

const VERSION = '1.22.5';
const NAME = `go${VERSION}.linux-amd64.tar.gz`;
const OFFLINE = { ...CUT_ENV, GOPROXY: 'off' };

let node: string;
let scratch: string;
let bundle: string;
let key: SigningKey;
let keyFile: string;
let release: SignedRelease;
let mirrorOutput: string;

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(node, [path.join(repoRoot, 'dist/cli/index.js'), 'mirror', ...args], {
    encoding: 'utf8',
    env,
    timeout: 600_000,
  });

beforeAll(async () => {
  node = node24();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'mirror-godev-e2e-'));
  bundle = path.join(scratch, 'bundle');
  key = await createSigningKey();
  keyFile = path.join(scratch, 'release-key.asc');
  writeFileSync(keyFile, key.publicKey);
  release = await signedRelease({ archive: toolchainTarGz(VERSION), version: VERSION, key });
  const server = await startDownloadServer({ index: release.index, files: release.files });
  // The toolchain module zip the test cache holds, then the machine's proxy for the database.
  const { zip } = toolchainModuleZip(VERSION, 'linux', 'amd64');
  const downloads = path.resolve(path.dirname(zip), '..', '..', '..');
  const machineProxy = machineProxyUrl();
  try {
    // Asynchronous: the loopback server lives in this process and must keep answering.
    const args = [
      path.join(repoRoot, 'dist/cli/index.js'),
      'mirror',
      '--out',
      bundle,
      '--source',
      'go.dev',
      '--go-download-base-url',
      server.baseUrl,
      '--signing-keys',
      keyFile,
      '--go-version',
      VERSION,
      '--platform',
      'linux/amd64',
      '--goproxy',
      `${pathToFileURL(downloads).href},${machineProxy}`,
    ];
    const child = spawn(node, args, { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    mirrorOutput = out;
    if (code !== 0) throw new Error(`mirror --source go.dev failed (${code}): ${out}`);
  } finally {
    await server.close();
  }
}, 600_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function installFrom(dir: string) {
  const job = newJob();
  const step = runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': VERSION,
      'go-download-source': 'go.dev',
      'go-download-base-url': pathToFileURL(path.join(dir, 'dl')).href,
      'signing-keys': key.publicKey,
      // The toolchain module's proof in the same bundle: the unpacked tree is proven offline.
      goproxy: pathToFileURL(dir).href,
      cache: 'false',
      'health-check': 'quick',
    },
    env: { ...OFFLINE, RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' },
    timeoutMs: 300_000,
  });
  return { job, step };
}

function expectNothingInstalled(toolCache: string) {
  const dir = path.join(toolCache, 'go', VERSION);
  const left = existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith('.lock')) : [];
  expect(left).toEqual([]);
}

/** A copy of the bundle changed by `spoil`. */
function hostileCopy(name: string, spoil: (dl: string) => void | Promise<void>) {
  const dir = path.join(scratch, name);
  cpSync(bundle, dir, { recursive: true });
  return Promise.resolve(spoil(path.join(dir, 'dl'))).then(() => dir);
}

describe('the go.dev layout of a bundle, network cut', () => {
  it('was built with the archive, its .sha256 and .asc, and index.json under dl/', () => {
    expect(mirrorOutput).toContain(`go.dev archives ${NAME}`);
    expect(readdirSync(path.join(bundle, 'dl')).sort()).toEqual([
      NAME,
      `${NAME}.asc`,
      `${NAME}.sha256`,
      'index.json',
    ]);
  });

  it('mirror --check proves it offline with the test key, and refuses it with the pinned keys', () => {
    const env = { ...process.env, ...OFFLINE };
    const ok = cli(['--check', bundle, '--signing-keys', keyFile], env);
    expect(ok.stdout).toMatch(/1 module versions proven in tree \d+, 1 go\.dev archives verified/);
    expect(ok.status).toBe(0);
    const pinned = cli(['--check', bundle], env);
    expect(pinned.status).toBe(1);
    expect(pinned.stdout).toContain(`dl/${NAME}.asc:`);
  });

  it('the setup action installs and proves go1.22.5 from go-download-base-url: file://…/dl', async () => {
    const { job, step } = installFrom(bundle);
    const r = await step;
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBe(VERSION);
    const record = JSON.parse(r.outputs['verification']!) as {
      artifacts: { url: string; sha256: string; signature: { status: string } }[];
      proof: { h1: string };
    };
    expect(record.artifacts[0]?.url).toBe(pathToFileURL(path.join(bundle, 'dl', NAME)).href);
    expect(record.artifacts[0]?.sha256).toBe(release.sha256);
    expect(record.artifacts[0]?.signature.status).toBe('verified');
    expect(JSON.stringify(record)).toContain('sum.golang.org');
    const goBin = path.join(r.outputs['go-root']!, 'bin', 'go');
    const version = spawnSync(goBin, ['version'], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    });
    expect(version.stdout.trim()).toBe('go version go1.22.5 linux/amd64');
    expect(existsSync(path.join(job.toolCache, 'go', VERSION, 'x64', 'bin', 'go'))).toBe(true);
  });

  it('refuses an archive with a flipped byte, and installs nothing', async () => {
    const dir = await hostileCopy('flipped', (dl) => {
      const file = path.join(dl, NAME);
      const bytes = readFileSync(file);
      bytes[bytes.length >> 1]! ^= 0x01;
      writeFileSync(file, bytes);
    });
    const { job, step } = installFrom(dir);
    const r = await step;
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(
      new RegExp(
        `SHA-256 of ${NAME.replace(/\./g, '\\.')} does not match: expected ${release.sha256}`,
      ),
    );
    expectNothingInstalled(job.toolCache);
    const check = cli(['--check', dir, '--signing-keys', keyFile], { ...process.env, ...OFFLINE });
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(`dl/${NAME}: SHA-256 `);
    expect(check.stdout).toContain(`but the manifest's go.dev section says ${release.sha256}`);
  });

  it('refuses an .asc made by another key, and installs nothing', async () => {
    const other = await createSigningKey('Somebody Else');
    const dir = await hostileCopy('other-key', async (dl) => {
      const asc = await signDetached(readFileSync(path.join(dl, NAME)), other.privateKey);
      writeFileSync(path.join(dl, `${NAME}.asc`), asc);
    });
    const { job, step } = installFrom(dir);
    const r = await step;
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(
      new RegExp(`OpenPGP signature of ${NAME.replace(/\./g, '\\.')}`),
    );
    expectNothingInstalled(job.toolCache);
    const check = cli(['--check', dir, '--signing-keys', keyFile], { ...process.env, ...OFFLINE });
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(`dl/${NAME}.asc:`);
  });

  it('names the file and the layout when the bundle lacks the archive', async () => {
    const dir = await hostileCopy('missing', (dl) => rmSync(path.join(dl, NAME)));
    const { job, step } = installFrom(dir);
    const r = await step;
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toContain(
      `the go.dev layout ${pathToFileURL(path.join(dir, 'dl')).href} (go-download-base-url) has no ${NAME}`,
    );
    expectNothingInstalled(job.toolCache);
  });
});
