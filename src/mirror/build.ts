/**
 * Builds (or adds to) an air-gapped bundle from a module proxy and the Go checksum database:
 * the golang.org/toolchain module versions asked for, each zip proven before it goes in with
 * the checks the action runs (database record with signed note and inclusion proof, `h1:` of
 * the unpacked files, a clean unpack), and the checksum-database data that proves them all in
 * one signed tree: the tree note as `latest`, a lookup answer per module version and the tiles
 * of the inclusion proofs.
 *
 * Re-running adds to the bundle: the tree head stored in it must be proven consistent with
 * the database's current one (a fork is refused), then every module version already in the
 * bundle is proven again in the new tree, so that one `latest` covers every lookup.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError, VerificationError } from '../errors.js';
import { proxyGet, proxyPaths, type ProxyEntry } from '../fetch/goproxy.js';
import type { RequestOptions } from '../fetch/http.js';
import type { Logger } from '../log.js';
import type { Platform } from '../platform.js';
import { lookUpWhileDownloading, unpackVerified } from '../go/proxy-source.js';
import type { SumdbClient, SumdbLookup } from '../verify/sumdb/client.js';
import { hashGoMod } from '../verify/sumdb/dirhash.js';
import {
  httpFetcher,
  listToolchainVersions,
  proxyList,
  sumdbClient,
} from '../verify/sumdb-access.js';
import { parseToolchainList, proxyModuleVersion } from '../versions/proxy-list.js';
import { resolveRelease } from '../versions/resolve.js';
import { parseVersionSpec } from '../versions/spec.js';
import { TOOLCHAIN_MODULE } from '../versions/toolchain-module.js';
import {
  bundlePath,
  listFiles,
  MANIFEST,
  MANIFEST_SCHEMA,
  parseManifest,
  serializeManifest,
  sha256File,
  sumdbPaths,
  writeBundleFile,
  type Manifest,
  type ManifestModule,
} from './layout.js';

export interface BuildOptions {
  /** The bundle directory (created, or added to). */
  readonly out: string;
  /** Version specs, every form the action takes (1.22.5, 1.22, ^1.21, stable, …). */
  readonly goVersions: readonly string[];
  readonly platforms: readonly Platform[];
  /** GOPROXY setting of the connected machine. */
  readonly goproxy: string | readonly ProxyEntry[];
  /** GOSUMDB setting (default sum.golang.org). */
  readonly gosumdb?: string;
  readonly http: RequestOptions;
  readonly logger: Logger;
}

export interface BuildResult {
  readonly added: readonly string[];
  readonly kept: readonly string[];
  readonly tree: { readonly size: number; readonly rootHash: string };
  readonly files: number;
}

async function readPrevious(out: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(out, MANIFEST), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return parseManifest(text, path.join(out, MANIFEST));
}

/** The toolchain module versions the specs name on each platform (resolved on the proxy's list). */
export async function resolveToolchainVersions(
  specs: readonly string[],
  platforms: readonly Platform[],
  list: readonly ProxyEntry[],
  http: RequestOptions,
): Promise<string[]> {
  if (specs.length === 0) throw new InputError('give at least one Go version');
  const releases = parseToolchainList(await listToolchainVersions(list, http));
  const versions = new Set<string>();
  for (const spec of specs) {
    for (const platform of platforms) {
      const { file } = resolveRelease(parseVersionSpec(spec), releases, platform);
      versions.add(proxyModuleVersion(file));
    }
  }
  return [...versions].sort();
}

/**
 * Proves one toolchain module version and writes its zip, .info and .mod into the bundle.
 * Nothing is written before the zip's `h1:` and the go.mod's are the database's.
 */
async function addToolchain(
  client: SumdbClient,
  list: readonly ProxyEntry[],
  version: string,
  out: string,
  opts: BuildOptions,
): Promise<SumdbLookup> {
  const module = `${TOOLCHAIN_MODULE}@${version}`;
  const { record, downloaded } = await lookUpWhileDownloading(client, version, list, opts);
  const scratch = await mkdtemp(path.join(out, '.verify-'));
  try {
    const { tree } = await unpackVerified(downloaded, path.join(scratch, 'go'), version, record);
    opts.logger.info(`${module}: ${tree.files} files match ${record.h1}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const fetcher = httpFetcher(opts.http);
  const mod = await proxyGet(list, proxyPaths.mod(TOOLCHAIN_MODULE, version), fetcher);
  const modH1 = hashGoMod(mod.body);
  if (record.goModH1 === undefined || modH1 !== record.goModH1) {
    throw new VerificationError(
      `h1 of ${module}/go.mod`,
      record.goModH1 ?? 'a /go.mod line in the record',
      modH1,
      mod.url,
    );
  }
  const info = await proxyGet(list, proxyPaths.info(TOOLCHAIN_MODULE, version), fetcher);
  let infoVersion: unknown;
  try {
    infoVersion = (JSON.parse(info.body.toString('utf8')) as { Version?: unknown }).Version;
  } catch {
    infoVersion = undefined;
  }
  if (infoVersion !== version) {
    throw new VerificationError(
      `.info of ${module}`,
      `Version ${version}`,
      String(infoVersion),
      info.url,
    );
  }
  await writeBundleFile(out, proxyPaths.zip(TOOLCHAIN_MODULE, version), downloaded.bytes);
  await writeBundleFile(out, proxyPaths.mod(TOOLCHAIN_MODULE, version), mod.body);
  await writeBundleFile(out, proxyPaths.info(TOOLCHAIN_MODULE, version), info.body);
  return record;
}

/**
 * Copies the bundle's tree head into a fresh state directory, so the client proves the
 * database's current tree consistent with it before anything is added.
 */
async function seedState(out: string, stateDir: string, db: string): Promise<boolean> {
  const from = bundlePath(out, sumdbPaths.latest(db));
  const to = path.join(stateDir, encodeURIComponent(db), 'latest');
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await copyFile(from, to);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export async function buildBundle(opts: BuildOptions): Promise<BuildResult> {
  const list = proxyList(opts.goproxy);
  const out = path.resolve(opts.out);
  await mkdir(out, { recursive: true });
  const previous = await readPrevious(out);
  const stateDir = await mkdtemp(path.join(out, '.state-'));
  try {
    const client = sumdbClient(list, {
      http: opts.http,
      sumdbStateDir: stateDir,
      ...(opts.gosumdb === undefined ? {} : { gosumdb: opts.gosumdb }),
    });
    const db = client.settings.name;
    if (previous !== undefined && previous.database !== db) {
      throw new InputError(
        `the bundle ${out} holds proofs of ${previous.database}, not of ${db}: use a new directory`,
      );
    }
    if (await seedState(out, stateDir, db)) {
      opts.logger.info(
        `bundle tree head ${previous?.tree.size ?? '?'} found; proving the database's current tree extends it`,
      );
    }
    const head = await client.latest();
    const fetchedAt = new Date().toISOString();
    opts.logger.info(`checksum database ${db}: tree ${head.size}`);

    const wanted = await resolveToolchainVersions(opts.goVersions, opts.platforms, list, opts.http);
    const kept = (previous?.modules ?? []).filter((m) => m.module === TOOLCHAIN_MODULE);
    const keptVersions = new Set(kept.map((m) => m.version));
    const answers = new Map<string, string>();
    for (const m of kept) {
      const file = bundlePath(out, sumdbPaths.lookup(db, m.module, m.version));
      answers.set(m.version, await readFile(file, 'utf8'));
    }
    const added: string[] = [];
    for (const version of wanted) {
      if (keptVersions.has(version)) continue;
      const record = await addToolchain(client, list, version, out, opts);
      answers.set(version, record.answer);
      added.push(version);
    }
    const proofs = await proveAll(client, answers);
    const manifest = await writeProofs(out, db, proofs, fetchedAt, previous?.godev);
    return {
      added,
      kept: [...keptVersions].sort(),
      tree: manifest.tree,
      files: Object.keys(manifest.files).length,
    };
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}

/**
 * Proves every lookup answer again, now that the client's stored head is the largest tree
 * seen: each comes back proven in that one tree, with its note and tiles.
 */
async function proveAll(
  client: SumdbClient,
  answers: ReadonlyMap<string, string>,
): Promise<SumdbLookup[]> {
  const proofs: SumdbLookup[] = [];
  for (const [version, answer] of [...answers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const where = `the lookup answer of ${TOOLCHAIN_MODULE}@${version}`;
    proofs.push(
      await client.verifyLookupResponse(
        Buffer.from(answer, 'utf8'),
        TOOLCHAIN_MODULE,
        version,
        where,
      ),
    );
  }
  const notes = new Set(proofs.map((p) => p.treeNote));
  if (notes.size > 1) {
    // The database grew between two proofs: a second pass proves them all in the newest.
    return proveAll(client, new Map(proofs.map((p) => [p.version, p.answer])));
  }
  return proofs;
}

/** Writes the checksum-database files, drops tiles no proof needs, and writes the manifest. */
async function writeProofs(
  out: string,
  db: string,
  proofs: readonly SumdbLookup[],
  fetchedAt: string,
  /** The go.dev layout already in the bundle, kept as it is (godev-layout.ts adds to it). */
  godev?: Manifest['godev'],
) {
  const first = proofs[0];
  if (first === undefined) throw new InputError('the bundle would hold no module version');
  const tiles = new Map<string, Buffer>();
  const modules: ManifestModule[] = [];
  for (const p of proofs) {
    await writeBundleFile(out, sumdbPaths.lookup(db, p.module, p.version), p.answer);
    for (const [tile, data] of p.tiles) tiles.set(sumdbPaths.tile(db, tile), data);
    modules.push({
      module: p.module,
      version: p.version,
      h1: p.h1,
      goModH1: p.goModH1 ?? '',
      recordId: p.recordId,
      record: p.answer.slice(p.answer.indexOf('\n') + 1, p.answer.length - p.treeNote.length - 1),
    });
  }
  for (const [rel, data] of tiles) await writeBundleFile(out, rel, data);
  for (const rel of await listFiles(out, `${sumdbPaths.dir(db)}/tile`)) {
    if (!tiles.has(rel)) await rm(bundlePath(out, rel), { force: true });
  }
  await writeBundleFile(out, sumdbPaths.supported(db), '');
  await writeBundleFile(out, sumdbPaths.latest(db), first.treeNote);
  const versions = modules.filter((m) => m.module === TOOLCHAIN_MODULE).map((m) => m.version);
  await writeBundleFile(out, proxyPaths.list(TOOLCHAIN_MODULE), `${versions.sort().join('\n')}\n`);
  const files: Record<string, string> = {};
  for (const rel of await listFiles(out)) {
    if (rel === MANIFEST || rel.startsWith('.state-') || rel.startsWith('.verify-')) continue;
    files[rel] = await sha256File(bundlePath(out, rel));
  }
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    database: db,
    tree: { size: first.treeSize, rootHash: first.rootHash, fetchedAt },
    modules,
    files,
    ...(godev ? { godev } : {}),
  };
  await writeBundleFile(out, MANIFEST, serializeManifest(manifest));
  return manifest;
}
