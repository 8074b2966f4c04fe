/**
 * `mirror --source go.dev` on real bytes: a loopback go.dev serving a real go1.22.5
 * linux/amd64 archive (repacked from the module proxy's toolchain, so its tree is the one the
 * checksum database vouches for) signed by a key made here; the checksum database is the real
 * one. Then the layout is read back through file: URLs, checked offline, and tampered with.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDownloadServer, type DownloadServer } from '../../test-support/dl-server.mjs';
import {
  createSigningKey,
  signDetached,
  signedRelease,
  type SignedRelease,
  type SigningKey,
} from '../../test-support/release-fixture.mjs';
import { toolchainModuleZip, toolchainTarGz } from '../../test-support/toolchain.mjs';
import { fetchReleaseIndex, releaseSource } from '../go/godev.js';
import { machineProxyUrl } from '../../test-support/offline.mjs';
import { streamLogger } from '../log.js';
import { checkBundle } from './check.js';
import { GODEV_INDEX, parseGodev, staticIndex, type GodevArchive } from './godev-manifest.js';
import { buildGodevBundle, type GodevBuildResult } from './godev-layout.js';
import { MANIFEST, parseManifest } from './layout.js';

const VERSION = '1.22.5';
const NAME = 'go1.22.5.linux-amd64.tar.gz';
const H1_1225 = 'h1:LQChnsjY/4sr12W+7pci1Qg1+X/n7vmLOOaq2aTBG0w=';

let scratch: string;
let key: SigningKey;
let release: SignedRelease;
let server: DownloadServer;
let goproxy: string;
let bundle: string;
let built: GodevBuildResult;
const logs: string[] = [];
const logger = streamLogger((line) => logs.push(line));

function build(out: string, baseUrl: string, signingKeys = key.publicKey) {
  return buildGodevBundle({
    out,
    goVersions: [VERSION],
    platforms: [{ os: 'linux', arch: 'amd64' }],
    goproxy,
    downloadBaseUrl: baseUrl,
    signingKeys,
    http: { retries: 0 },
    logger,
  });
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'godev-layout-'));
  key = await createSigningKey();
  release = await signedRelease({ archive: toolchainTarGz(VERSION), version: VERSION, key });
  server = await startDownloadServer({ index: release.index, files: release.files });
  const { zip } = toolchainModuleZip(VERSION, 'linux', 'amd64');
  const downloads = path.resolve(path.dirname(zip), '..', '..', '..');
  goproxy = `${pathToFileURL(downloads).href},${machineProxyUrl()}`;
  bundle = path.join(scratch, 'bundle');
  built = await build(bundle, server.baseUrl);
}, 300_000);

afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('the static release index and the manifest section', () => {
  const archive = (filename: string, version: string): GodevArchive => ({
    filename,
    version,
    os: 'linux',
    arch: 'amd64',
    size: 1,
    sha256: 'a'.repeat(64),
    module: `golang.org/toolchain@v0.0.1-${version}.linux-amd64`,
    h1: H1_1225,
  });

  it('lists releases newest first, one entry each, in go.dev shape', () => {
    const doc = JSON.parse(
      staticIndex([
        archive('go1.21.0.linux-amd64.tar.gz', 'go1.21.0'),
        archive('go1.23rc1.linux-amd64.tar.gz', 'go1.23rc1'),
        archive('go1.22.5.linux-amd64.tar.gz', 'go1.22.5'),
        archive('go1.22.5.windows-amd64.zip', 'go1.22.5'),
      ]),
    ) as { version: string; stable: boolean; files: { filename: string; kind: string }[] }[];
    expect(doc.map((r) => [r.version, r.stable, r.files.map((f) => f.filename)])).toEqual([
      ['go1.23rc1', false, ['go1.23rc1.linux-amd64.tar.gz']],
      ['go1.22.5', true, ['go1.22.5.linux-amd64.tar.gz', 'go1.22.5.windows-amd64.zip']],
      ['go1.21.0', true, ['go1.21.0.linux-amd64.tar.gz']],
    ]);
    expect(doc[0]?.files[0]?.kind).toBe('archive');
  });

  it('refuses a section whose file name leaves dl/', () => {
    const hostile = { dir: 'dl', archives: [{ ...archive('x', 'go1.22.5'), filename: '../x' }] };
    expect(() => parseGodev(hostile, MANIFEST)).toThrow(/godev.archives\[\].filename/);
    expect(() => parseGodev({ dir: '../dl', archives: [] }, MANIFEST)).toThrow(/section godev/);
  });
});

describe('mirror --source go.dev', () => {
  it('writes the archive, .sha256, .asc and index.json under dl/, all in the manifest', async () => {
    expect(built.archives).toEqual([NAME]);
    expect(built.added).toEqual(['golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64']);
    const dl = path.join(bundle, 'dl');
    expect(readdirSync(dl).sort()).toEqual([NAME, `${NAME}.asc`, `${NAME}.sha256`, 'index.json']);
    expect(await readFile(path.join(dl, `${NAME}.sha256`), 'utf8')).toBe(release.sha256);
    expect(await readFile(path.join(dl, `${NAME}.asc`), 'utf8')).toBe(release.asc);
    const manifest = parseManifest(await readFile(path.join(bundle, MANIFEST), 'utf8'), MANIFEST);
    const [entry] = manifest.godev?.archives ?? [];
    expect(entry).toMatchObject({
      filename: NAME,
      version: 'go1.22.5',
      sha256: release.sha256,
      module: 'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64',
      h1: H1_1225,
    });
    expect(entry?.signature?.signingKeyFingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(manifest.files[`dl/${NAME}`]).toBe(release.sha256);
    expect(manifest.files[GODEV_INDEX]).toBeDefined();
    expect(await readFile(path.join(bundle, GODEV_INDEX), 'utf8')).toBe(staticIndex([entry!]));
    expect(readdirSync(bundle).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('is read back through a file: base URL, index and archive', async () => {
    const source = releaseSource(pathToFileURL(path.join(bundle, 'dl')).href);
    const releases = await fetchReleaseIndex(source, {});
    expect(releases.map((r) => r.version)).toEqual(['go1.22.5']);
    expect(releases[0]?.files[0]?.sha256).toBe(release.sha256);
  });

  it('checks offline with the keys it was built with, and not with the pinned ones', async () => {
    const ok = await checkBundle(bundle, { signingKeys: key.publicKey });
    expect(ok.problems).toEqual([]);
    expect(ok.archives).toBe(1);
    const pinned = await checkBundle(bundle);
    expect(pinned.ok).toBe(false);
    expect(pinned.problems).toHaveLength(1);
    expect(pinned.problems[0]).toMatch(new RegExp(`^dl/${NAME}\\.asc: `));
  });

  it('reports a flipped byte in the archive and an .asc made by another key', async () => {
    const hostile = path.join(scratch, 'hostile');
    execFileSync('cp', ['-a', bundle, hostile]);
    const file = path.join(hostile, 'dl', NAME);
    const bytes = await readFile(file);
    bytes[bytes.length >> 1]! ^= 0x01;
    await writeFile(file, bytes);
    const other = await createSigningKey('Somebody Else');
    const archive = await readFile(path.join(bundle, 'dl', NAME));
    await writeFile(`${file}.asc`, await signDetached(archive, other.privateKey));
    const report = await checkBundle(hostile, { signingKeys: key.publicKey });
    expect(report.ok).toBe(false);
    const text = report.problems.join('\n');
    expect(text).toMatch(
      new RegExp(`dl/${NAME}: SHA-256 [0-9a-f]{64}, but the manifest says ${release.sha256}`),
    );
    expect(text).toMatch(
      new RegExp(
        `dl/${NAME}: SHA-256 [0-9a-f]{64}, but the manifest's go.dev section says ${release.sha256}`,
      ),
    );
    expect(text).toMatch(new RegExp(`dl/${NAME}\\.asc: `));
    await rm(hostile, { recursive: true, force: true });
  });

  it('refuses an archive whose bytes are not the indexed ones, and puts nothing into dl/', async () => {
    const tampered = await startDownloadServer({
      index: release.index,
      files: release.files,
      faults: new Map([[NAME, { tamperAt: 5_000_000 }]]),
    });
    try {
      const out = path.join(scratch, 'tampered');
      const err = await rejection(build(out, tampered.baseUrl));
      expect(err.message).toMatch(
        new RegExp(`^${NAME.replace(/\./g, '\\.')} from ${tampered.baseUrl}/`),
      );
      expect(err.message).toMatch(/SHA-256|gzip|tar|invalid/i);
      expect(existsSync(path.join(out, 'dl'))).toBe(false);
      expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
    } finally {
      await tampered.close();
    }
  });

  it('refuses a signature by a key it was not given', async () => {
    const other = await createSigningKey('Somebody Else');
    const out = path.join(scratch, 'other-key');
    const err = await rejection(build(out, server.baseUrl, other.publicKey));
    expect(err.message).toMatch(/OpenPGP signature of go1\.22\.5\.linux-amd64\.tar\.gz/);
    expect(existsSync(path.join(out, 'dl'))).toBe(false);
  });
});
