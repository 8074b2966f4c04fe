/**
 * Re-verifies a bundle end to end without the network: the manifest's hash of every file (and
 * no file it does not list), the tree note's signature with the database's key (the built-in
 * sum.golang.org key unless GOSUMDB names another), each module version's lookup answer proven
 * in that signed tree with the bundle's tiles, and each zip's and go.mod's `h1:` against the
 * record (the zip when the bundle holds one); each earlier tree head in `history` proven a
 * prefix of the tree from the kept tiles; and the go.dev layout, when there is one
 * (godev-check.ts). Every problem found is reported, not only the first.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { NetworkError } from '../errors.js';
import { proxyPaths } from '../fetch/goproxy.js';
import { SumdbClient } from '../verify/sumdb/client.js';
import { hashGoMod, hashZip } from '../verify/sumdb/dirhash.js';
import { openNote, parseTreeNote } from '../verify/sumdb/note.js';
import { parseGosumdb } from '../verify/sumdb/gosumdb.js';
import { loadSigningKeys, readSigningKeysWithSource } from '../verify/keys.js';
import { checkGodev } from './godev-check.js';
import { checkHistory } from './head-history.js';
import { keptTileReader } from '../verify/sumdb/tile-source.js';
import {
  bundlePath,
  listFiles,
  MANIFEST,
  parseManifest,
  sha256File,
  sumdbPaths,
  type Manifest,
  type ManifestModule,
} from './layout.js';

export interface CheckReport {
  readonly ok: boolean;
  /** One sentence per problem, naming the file or module version. */
  readonly problems: readonly string[];
  readonly modules: number;
  readonly files: number;
  readonly tree?: { readonly size: number; readonly rootHash: string };
  /** Archives of the go.dev layout (`dl/`), when the bundle holds one. */
  readonly archives?: number;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A fetcher that refuses: the check never reaches the network. */
const noNetwork = (url: string): Promise<never> =>
  Promise.reject(new NetworkError(`offline check: no network access (${url})`, url, false));

async function checkFiles(dir: string, manifest: Manifest, problems: string[]): Promise<void> {
  const present = new Set(await listFiles(dir));
  present.delete(MANIFEST);
  for (const [rel, sha] of Object.entries(manifest.files)) {
    if (!present.has(rel)) {
      problems.push(`${rel}: listed in the manifest but missing from the bundle`);
      continue;
    }
    present.delete(rel);
    const found = await sha256File(bundlePath(dir, rel));
    if (found !== sha) problems.push(`${rel}: SHA-256 ${found}, but the manifest says ${sha}`);
  }
  for (const rel of present) problems.push(`${rel}: in the bundle but not in the manifest`);
}

/** Reads and verifies `latest`; returns its note, or undefined after reporting a problem. */
async function checkLatest(
  dir: string,
  manifest: Manifest,
  gosumdb: string | undefined,
  problems: string[],
): Promise<string | undefined> {
  const settings = parseGosumdb(gosumdb);
  if (manifest.database !== settings.name) {
    problems.push(
      `the manifest names the checksum database ${JSON.stringify(manifest.database)}, expected ${settings.name}`,
    );
    return undefined;
  }
  const rel = sumdbPaths.latest(settings.name);
  try {
    const note = await readFile(bundlePath(dir, rel), 'utf8');
    const opened = openNote(note, [settings.verifier], rel);
    const head = parseTreeNote(opened.text, rel);
    const root = head.hash.toString('base64');
    if (head.size !== manifest.tree.size || root !== manifest.tree.rootHash) {
      problems.push(
        `${rel}: signed tree ${head.size} ${root}, but the manifest says ${manifest.tree.size} ${manifest.tree.rootHash}`,
      );
    }
    return note;
  } catch (err) {
    problems.push(`${rel}: ${message(err)}`);
    return undefined;
  }
}

async function readTiles(dir: string, db: string): Promise<Map<string, Buffer>> {
  const tiles = new Map<string, Buffer>();
  const base = sumdbPaths.dir(db);
  for (const rel of await listFiles(dir, `${base}/tile`)) {
    tiles.set(rel.slice(base.length + 1), await readFile(bundlePath(dir, rel)));
  }
  return tiles;
}

/** Proves one module version's record in the bundle's tree, then its zip and go.mod. */
async function checkModule(
  dir: string,
  m: ManifestModule,
  ctx: { client: SumdbClient; tiles: Map<string, Buffer>; note: string; db: string },
  problems: string[],
  files: Readonly<Record<string, string>>,
): Promise<void> {
  const what = `${m.module}@${m.version}`;
  const rel = sumdbPaths.lookup(ctx.db, m.module, m.version);
  let answer: Buffer;
  try {
    answer = await readFile(bundlePath(dir, rel));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problems.push(
      code === 'ENOENT'
        ? `${what}: its checksum database lookup ${rel} is missing`
        : `${what}: its checksum database lookup ${rel} cannot be read (${String(code)})`,
    );
    return;
  }
  let h1: string;
  let goModH1: string | undefined;
  try {
    const proof = await ctx.client.verifyLookupResponse(answer, m.module, m.version, rel, {
      tiles: ctx.tiles,
      offline: true,
    });
    if (proof.treeNote !== ctx.note) {
      problems.push(
        `${what}: ${rel} is proven in tree ${proof.treeSize}, not in the bundle's tree`,
      );
    }
    if (proof.h1 !== m.h1 || proof.recordId !== m.recordId || (proof.goModH1 ?? '') !== m.goModH1) {
      problems.push(
        `${what}: the manifest says record ${m.recordId} ${m.h1}, the checksum database record ${proof.recordId} ${proof.h1}`,
      );
    }
    h1 = proof.h1;
    goModH1 = proof.goModH1;
  } catch (err) {
    problems.push(`${what}: ${message(err)}`);
    return;
  }
  const zipRel = proxyPaths.zip(m.module, m.version);
  // A zip in the bundle is checked even when the manifest says there is none.
  const hasZip = m.zip || Object.hasOwn(files, zipRel);
  try {
    const found = hasZip ? await hashZip(bundlePath(dir, zipRel)) : h1;
    if (found !== h1) problems.push(`${zipRel}: h1 ${found}, but the checksum database says ${h1}`);
  } catch (err) {
    problems.push(`${zipRel}: ${message(err)}`);
  }
  const modRel = proxyPaths.mod(m.module, m.version);
  try {
    const found = hashGoMod(await readFile(bundlePath(dir, modRel)));
    if (found !== goModH1) {
      problems.push(`${modRel}: h1 ${found}, but the checksum database says ${goModH1 ?? 'none'}`);
    }
  } catch (err) {
    problems.push(`${modRel}: ${message(err)}`);
  }
}

/** The keys for the go.dev layout's signatures, or undefined after reporting why not. */
async function godevKeys(input: string | undefined, problems: string[]) {
  try {
    const text = await readSigningKeysWithSource(input);
    return await loadSigningKeys(text.armored, text.source);
  } catch (err) {
    problems.push(`signing keys: ${message(err)}`);
    return undefined;
  }
}

export async function checkBundle(
  bundleDir: string,
  /** `signingKeys`: the keys the go.dev layout's signatures are checked with (default pinned). */
  options: { gosumdb?: string; signingKeys?: string } = {},
): Promise<CheckReport> {
  const dir = path.resolve(bundleDir);
  const problems: string[] = [];
  let manifest: Manifest;
  try {
    manifest = parseManifest(await readFile(path.join(dir, MANIFEST), 'utf8'), MANIFEST);
  } catch (err) {
    return { ok: false, problems: [`${MANIFEST}: ${message(err)}`], modules: 0, files: 0 };
  }
  await checkFiles(dir, manifest, problems);
  const note = await checkLatest(dir, manifest, options.gosumdb, problems);
  if (note !== undefined) {
    const client = new SumdbClient({
      goproxy: 'off',
      fetcher: noNetwork,
      ...(options.gosumdb === undefined ? {} : { gosumdb: options.gosumdb }),
    });
    const db = client.settings.name;
    const tiles = await readTiles(dir, db);
    for (const m of manifest.modules) {
      await checkModule(dir, m, { client, tiles, note, db }, problems, manifest.files);
    }
    const where = `the tiles of ${sumdbPaths.dir(db)}`;
    problems.push(
      ...(await checkHistory(manifest, keptTileReader(tiles, undefined, where), where)),
    );
  }
  if (manifest.godev !== undefined) {
    const keys = await godevKeys(options.signingKeys, problems);
    await checkGodev(dir, manifest, manifest.godev, keys, problems);
  }
  return {
    ok: problems.length === 0,
    problems,
    modules: manifest.modules.length,
    files: Object.keys(manifest.files).length,
    tree: manifest.tree,
    ...(manifest.godev ? { archives: manifest.godev.archives.length } : {}),
  };
}
