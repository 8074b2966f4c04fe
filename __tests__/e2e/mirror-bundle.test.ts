/**
 * An air-gapped bundle through the built bundles on Node 24: the CLI's `mirror` builds it
 * from the real module proxy and checksum database; then, with every proxy variable pointing
 * at a dead loopback port, the setup action installs and proves go1.22.5 from the bundle
 * alone through `goproxy: file://…`, and refuses a bundle whose toolchain zip was changed.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { node24 } from '../../test-support/node24.mjs';
import { CUT_ENV, machineProxyUrl } from '../../test-support/offline.mjs';
import { newJob, repoRoot, runStep } from '../../test-support/runner.mjs';
import { toolchainModuleZip } from '../../test-support/toolchain.mjs';

const VERSION = '1.22.5';
const ZIP = 'golang.org/toolchain/@v/v0.0.1-go1.22.5.linux-amd64.zip';
const OFFLINE = { ...CUT_ENV, GOPROXY: 'off' };

let node: string;
let bundle: string;

beforeAll(() => {
  node = node24();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mirror-e2e-'));
  bundle = path.join(scratch, 'bundle');
  // The zip the test cache holds (its download directory is a module proxy layout) first,
  // then the machine's proxy for the checksum database.
  const { zip } = toolchainModuleZip(VERSION, 'linux', 'amd64');
  const downloads = path.resolve(path.dirname(zip), '..', '..', '..');
  const machineProxy = machineProxyUrl();
  const r = spawnSync(
    node,
    [
      path.join(repoRoot, 'dist/cli/index.js'),
      'mirror',
      '--out',
      bundle,
      '--go-version',
      VERSION,
      '--platform',
      'linux/amd64',
      '--goproxy',
      `${pathToFileURL(downloads).href},${machineProxy}`,
    ],
    { encoding: 'utf8', env: process.env, timeout: 300_000 },
  );
  if (r.status !== 0) throw new Error(`mirror failed (${r.status}): ${r.stderr}`);
}, 320_000);

function installFrom(dir: string) {
  const job = newJob();
  const step = runStep(job, {
    bundle: 'dist/setup/index.js',
    node,
    inputs: {
      'go-version': VERSION,
      'go-download-source': 'proxy',
      goproxy: pathToFileURL(dir).href,
      cache: 'false',
      'health-check': 'quick',
    },
    env: { ...OFFLINE, RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' },
    timeoutMs: 300_000,
  });
  return { job, step };
}

describe('an air-gapped bundle, network cut', () => {
  it('mirror --check proves it offline through dist/cli', () => {
    const r = spawnSync(
      node,
      [path.join(repoRoot, 'dist/cli/index.js'), 'mirror', '--check', bundle],
      {
        encoding: 'utf8',
        env: { ...process.env, ...OFFLINE },
      },
    );
    expect(r.stderr + r.stdout).not.toMatch(/::/);
    expect(r.status).toBe(0);
  });

  it('the setup action installs and proves go1.22.5 from the bundle alone', async () => {
    const { job, step } = installFrom(bundle);
    const r = await step;
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs['go-version']).toBe(VERSION);
    const record = JSON.parse(r.outputs['verification']!) as {
      proof: { statement: string };
      checksumDatabase: { bundle?: { url: string; fetchedAt?: string; ageDays?: number } };
    };
    // The record says the proof came from the bundle, and how old its tree head is.
    expect(record.checksumDatabase.bundle).toEqual({
      url: pathToFileURL(bundle).href,
      fetchedAt: expect.any(String),
      ageDays: 0,
    });
    expect(record.proof.statement).toMatch(
      /read offline from the bundle at file:\S+, tree head fetched \d{4}-\d\d-\d\d \(0 days ago, per its unsigned manifest\)/,
    );
    expect(r.summary).toMatch(/cannot show that the tree is current/);
    const goBin = path.join(r.outputs['go-root']!, 'bin', 'go');
    const version = spawnSync(goBin, ['version'], {
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local' },
    });
    expect(version.stdout.trim()).toBe('go version go1.22.5 linux/amd64');
    expect(existsSync(path.join(job.toolCache, 'go', VERSION))).toBe(true);
  });

  it('refuses a bundle whose toolchain zip has a flipped byte, and installs nothing', async () => {
    const hostile = mkdtempSync(path.join(os.tmpdir(), 'mirror-hostile-'));
    cpSync(bundle, hostile, { recursive: true });
    const file = path.join(hostile, ZIP);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(file, bytes);
    const { job, step } = installFrom(hostile);
    const r = await step;
    expect(r.code).toBe(1);
    expect(r.errors.join('\n')).toMatch(/golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64/);
    const dir = path.join(job.toolCache, 'go', VERSION);
    const left = existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith('.lock')) : [];
    expect(left).toEqual([]);
  });
});
