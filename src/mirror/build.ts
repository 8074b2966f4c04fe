/**
 * Builds (or adds to) an air-gapped bundle from a module proxy and the Go checksum database.
 * One path for every module version: the golang.org/toolchain versions asked for, the
 * versions in the go.sum files given (`--modules`) and those of the gate tools' graphs
 * (`--tools`) are each proven before they go in (database record with signed note and
 * inclusion proof, then the zip's and go.mod's `h1:`; a toolchain is also unpacked cleanly, as
 * the action does), and then the checksum-database data that proves them all in one signed
 * tree is written: the tree note as `latest`, a lookup answer per module version, the tiles of
 * the inclusion proofs, `@v/list` per module and the manifest.
 *
 * Re-running adds to the bundle: the tree head stored in it must be proven consistent with
 * the database's current one (a fork is refused), then every module version already in the
 * bundle is proven again in the new tree, so that one `latest` covers every lookup.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
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
import { carryHistory, databaseTileReader } from './head-history.js';
import type { TreeRoot } from '../verify/sumdb/consistency-tiles.js';
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
import { addModuleVersion, type AddContext } from './add-module.js';
import { readModuleSet, want, type ModuleSet } from './module-set.js';
import {
  harvestDownloadDir,
  harvestToolGraph,
  type HarvestOptions,
  type ToolPackage,
} from './tool-graph.js';

/** The largest module zip the go command accepts. */
const MAX_MODULE_ZIP_BYTES = 500 * 1024 * 1024;

/** The gate tools to put in (their module graphs), found with the connected machine's go. */
export interface ToolsOption {
  /** The go binary that runs `go install -n`. */
  readonly go: string;
  /** The tools the gates would build with this Go version (`1.26.1`). */
  readonly choose: (goVersion: string) => readonly ToolPackage[];
  readonly buildEnv: HarvestOptions['buildEnv'];
}

export interface BuildOptions {
  /** The bundle directory (created, or added to). */
  readonly out: string;
  /** Version specs, every form the action takes (1.22.5, 1.22, ^1.21, stable, …). */
  readonly goVersions: readonly string[];
  readonly platforms: readonly Platform[];
  /** go.mod, go.work or go.sum files whose module versions go in. */
  readonly moduleFiles?: readonly string[];
  readonly tools?: ToolsOption;
  /** GOPROXY setting of the connected machine. */
  readonly goproxy: string | readonly ProxyEntry[];
  /** GOSUMDB setting (default sum.golang.org). */
  readonly gosumdb?: string;
  readonly http: RequestOptions;
  readonly logger: Logger;
}

export interface BuildResult {
  /** `module@version` of each module version added by this run. */
  readonly added: readonly string[];
  readonly kept: readonly string[];
  readonly tree: { readonly size: number; readonly rootHash: string };
  readonly files: number;
}

/** A module version's proof in the making: its lookup answer and whether its zip is in. */
interface Entry {
  readonly module: string;
  readonly version: string;
  readonly answer: string;
  readonly zip: boolean;
}

const key = (module: string, version: string): string => `${module}@${version}`;

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

/** The Go versions (`1.26.1`) of toolchain module versions (`v0.0.1-go1.26.1.linux-amd64`). */
function goVersionsOf(toolchains: readonly string[]): string[] {
  const out = new Set<string>();
  for (const v of toolchains) {
    const m = /^v0\.0\.1-go(.+)\.[a-z0-9]+-[a-z0-9]+$/.exec(v);
    if (m !== null) out.add(m[1] as string);
  }
  return [...out].sort();
}

/**
 * Everything the options ask for: the toolchains, the go.sum lines of the module files, and
 * the tools' graphs (harvested into `work`, whose download directory becomes a source to read
 * first). Returns the set and the proxy list to fetch through.
 */
async function wantedVersions(
  opts: BuildOptions,
  list: readonly ProxyEntry[],
  work: string,
): Promise<{ wanted: ModuleSet; list: readonly ProxyEntry[] }> {
  if (opts.goVersions.length === 0 && (opts.moduleFiles ?? []).length === 0) {
    throw new InputError('give at least one Go version or --modules file');
  }
  const toolchains =
    opts.goVersions.length === 0
      ? []
      : await resolveToolchainVersions(opts.goVersions, opts.platforms, list, opts.http);
  const wanted: ModuleSet = new Map();
  for (const v of toolchains) want(wanted, TOOLCHAIN_MODULE, v, true);
  for (const file of opts.moduleFiles ?? []) await readModuleSet(file, wanted);
  if (opts.tools === undefined) return { wanted, list };
  const tools = new Map<string, ToolPackage>();
  const goVersions = goVersionsOf(toolchains);
  if (goVersions.length === 0) throw new InputError('--tools needs at least one --go-version');
  for (const go of goVersions) {
    for (const t of opts.tools.choose(go)) tools.set(`${t.pkg}@${t.version}`, t);
  }
  opts.logger.info(`tools: go install -n ${[...tools.keys()].join(', ')}`);
  const graph = await harvestToolGraph({
    go: opts.tools.go,
    tools: [...tools.values()],
    platforms: opts.platforms,
    buildEnv: opts.tools.buildEnv,
    workDir: work,
  });
  opts.logger.info(`tools: ${graph.size} module versions in their graphs`);
  for (const w of graph.values()) want(wanted, w.module, w.version, w.zip);
  const downloads: ProxyEntry = {
    kind: 'url',
    url: pathToFileURL(harvestDownloadDir(work)).href,
    fallBackOnError: false,
  };
  return { wanted, list: [downloads, ...list] };
}

/** The lookup answers of the module versions the bundle holds already. */
async function keptEntries(out: string, db: string, previous: Manifest | undefined) {
  const kept = new Map<string, Entry>();
  for (const m of previous?.modules ?? []) {
    const file = bundlePath(out, sumdbPaths.lookup(db, m.module, m.version));
    const answer = await readFile(file, 'utf8');
    kept.set(key(m.module, m.version), {
      module: m.module,
      version: m.version,
      answer,
      zip: m.zip,
    });
  }
  return kept;
}

/** Refuses a go.sum line (of a version kept from an earlier run) the proven record denies. */
function confirmKeptClaims(wanted: ModuleSet, proofs: readonly SumdbLookup[]): void {
  const byKey = new Map(proofs.map((p) => [key(p.module, p.version), p]));
  for (const w of wanted.values()) {
    const p = byKey.get(key(w.module, w.version));
    if (p === undefined) continue;
    for (const [claims, expected, what] of [
      [w.zipClaims, p.h1, ''],
      [w.modClaims, p.goModH1, '/go.mod'],
    ] as const) {
      const bad = claims.find((c) => c.h1 !== expected);
      if (bad !== undefined) {
        throw new VerificationError(
          `h1 of ${w.module}@${w.version}${what} in ${bad.where}`,
          `${expected ?? 'a hash'} (the checksum database's record)`,
          bad.h1,
          bad.where,
        );
      }
    }
  }
}

export async function buildBundle(opts: BuildOptions): Promise<BuildResult> {
  const out = path.resolve(opts.out);
  await mkdir(out, { recursive: true });
  const previous = await readPrevious(out);
  const stateDir = await mkdtemp(path.join(out, '.state-'));
  const work = await mkdtemp(path.join(tmpdir(), 'mirror-tools-'));
  try {
    const { wanted, list } = await wantedVersions(opts, proxyList(opts.goproxy), work);
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

    const entries = await keptEntries(out, db, previous);
    const kept = [...entries.keys()].sort();
    const ctx: AddContext = {
      client,
      list,
      fetcher: httpFetcher(opts.http),
      zipFetcher: httpFetcher(opts.http, MAX_MODULE_ZIP_BYTES),
      out,
      logger: opts.logger,
    };
    const added: string[] = [];
    for (const [k, w] of [...wanted].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const had = entries.get(k);
      if (had !== undefined && (had.zip || !w.zip)) continue;
      const record =
        w.module === TOOLCHAIN_MODULE
          ? await addToolchain(client, list, w.version, out, opts)
          : await addModuleVersion(ctx, w);
      entries.set(k, { module: w.module, version: w.version, answer: record.answer, zip: w.zip });
      added.push(k);
    }
    const proofs = await proveAll(client, entries);
    confirmKeptClaims(wanted, proofs);
    const tree = { size: proofs[0]?.treeSize ?? 0, rootHash: proofs[0]?.rootHash ?? '' };
    const base = await client.databaseUrl();
    const carried = await carryHistory(previous, tree, databaseTileReader(base, ctx.fetcher), base);
    const manifest = await writeProofs(out, db, proofs, entries, {
      fetchedAt,
      ...carried,
      ...(previous?.godev ? { godev: previous.godev } : {}),
    });
    return { added, kept, tree: manifest.tree, files: Object.keys(manifest.files).length };
  } finally {
    await rm(stateDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Proves every lookup answer again, now that the client's stored head is the largest tree
 * seen: each comes back proven in that one tree, with its note and tiles.
 */
async function proveAll(
  client: SumdbClient,
  entries: ReadonlyMap<string, Entry>,
): Promise<SumdbLookup[]> {
  const proofs: SumdbLookup[] = [];
  for (const k of [...entries.keys()].sort()) {
    const e = entries.get(k) as Entry;
    const where = `the lookup answer of ${k}`;
    proofs.push(
      await client.verifyLookupResponse(Buffer.from(e.answer, 'utf8'), e.module, e.version, where),
    );
  }
  const notes = new Set(proofs.map((p) => p.treeNote));
  if (notes.size > 1) {
    // The database grew between two proofs: a second pass proves them all in the newest.
    const again = new Map(entries);
    for (const p of proofs) {
      const k = key(p.module, p.version);
      again.set(k, { ...(entries.get(k) as Entry), answer: p.answer });
    }
    return proveAll(client, again);
  }
  return proofs;
}

/** `@v/list` of every module with a zip in the bundle: the versions whose zips it holds. */
async function writeLists(out: string, modules: readonly ManifestModule[]): Promise<void> {
  const lists = new Map<string, string[]>();
  for (const m of modules) {
    if (!m.zip) continue;
    lists.set(m.module, [...(lists.get(m.module) ?? []), m.version]);
  }
  for (const [module, versions] of lists) {
    await writeBundleFile(out, proxyPaths.list(module), `${versions.sort().join('\n')}\n`);
  }
}

/** Writes the checksum-database files, drops tiles no proof needs, and writes the manifest. */
async function writeProofs(
  out: string,
  db: string,
  proofs: readonly SumdbLookup[],
  entries: ReadonlyMap<string, Entry>,
  extras: {
    readonly fetchedAt: string;
    /** Earlier heads proven to be extended by this tree, and the tiles of those proofs. */
    readonly history: readonly TreeRoot[];
    readonly tiles: ReadonlyMap<string, Buffer>;
    /** The go.dev layout already in the bundle, kept as it is (godev-layout.ts adds to it). */
    readonly godev?: Manifest['godev'];
  },
) {
  const { fetchedAt, godev, history } = extras;
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
      zip: entries.get(key(p.module, p.version))?.zip ?? true,
    });
  }
  for (const [tile, data] of extras.tiles) tiles.set(sumdbPaths.tile(db, tile), data);
  for (const [rel, data] of tiles) await writeBundleFile(out, rel, data);
  for (const rel of await listFiles(out, `${sumdbPaths.dir(db)}/tile`)) {
    if (!tiles.has(rel)) await rm(bundlePath(out, rel), { force: true });
  }
  await writeBundleFile(out, sumdbPaths.supported(db), '');
  await writeBundleFile(out, sumdbPaths.latest(db), first.treeNote);
  await writeLists(out, modules);
  const files: Record<string, string> = {};
  for (const rel of await listFiles(out)) {
    if (rel === MANIFEST || rel.startsWith('.state-') || rel.startsWith('.verify-')) continue;
    files[rel] = await sha256File(bundlePath(out, rel));
  }
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA,
    database: db,
    tree: { size: first.treeSize, rootHash: first.rootHash, fetchedAt },
    ...(history.length > 0 ? { history } : {}),
    modules,
    files,
    ...(godev ? { godev } : {}),
  };
  await writeBundleFile(out, MANIFEST, serializeManifest(manifest));
  return manifest;
}
