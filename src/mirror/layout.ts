/**
 * The layout of an air-gapped bundle: a Go module proxy tree (`<module>/@v/…`), the checksum
 * database data that proves it (`sumdb/<name>/supported`, `latest`, `lookup/…`, `tile/…`),
 * and `manifest.json`, which lists every other file with its SHA-256 and every module
 * version with its `h1:` and checksum-database record. Any static file server can serve the
 * directory, and the go command reads it as `GOPROXY=file:///…`.
 *
 * The manifest is read from a bundle that may have been carried over untrusted media: parsing
 * checks its shape only; check.ts proves it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { VerificationError } from '../errors.js';
import { escapeModulePath, escapeVersion } from '../fetch/goproxy.js';
import type { TreeRoot } from '../verify/sumdb/consistency-tiles.js';
import { parseGodev, serializeGodev, type GodevSection } from './godev-manifest.js';

export const MANIFEST = 'manifest.json';
export const MANIFEST_SCHEMA = 1;

/** One module version in the bundle, as the checksum database vouched for it. */
export interface ManifestModule {
  readonly module: string;
  readonly version: string;
  /** The zip's `h1:`. */
  readonly h1: string;
  /** The go.mod file's `h1:`. */
  readonly goModH1: string;
  readonly recordId: number;
  /** The record text, as the log holds it. */
  readonly record: string;
  /** The zip is in the bundle (false: only the .mod, for a module the build graph reads). */
  readonly zip: boolean;
}

export interface Manifest {
  readonly schema: typeof MANIFEST_SCHEMA;
  /** The checksum database, e.g. sum.golang.org. */
  readonly database: string;
  /**
   * The signed tree every record is proven in (`sumdb/<database>/latest`), and when it was
   * read from the database (a signed note carries no time: this unsigned date is a report).
   */
  readonly tree: { readonly size: number; readonly rootHash: string; readonly fetchedAt?: string };
  /**
   * Earlier tree heads of this bundle (newest first), each proven to be extended by `tree`
   * with the tiles of that proof kept in the bundle: a runner whose last head is one of them
   * proves the bundle's tree consistent with it offline.
   */
  readonly history?: readonly TreeRoot[];
  readonly modules: readonly ManifestModule[];
  /** Bundle-relative path (with `/`) → SHA-256 (hex) of every file but the manifest. */
  readonly files: Readonly<Record<string, string>>;
  /** The go.dev layout under `dl/`, when the bundle holds one (godev-manifest.ts). */
  readonly godev?: GodevSection;
}

/** Bundle-relative paths of the checksum database data. */
export const sumdbPaths = {
  dir: (db: string): string => `sumdb/${db}`,
  supported: (db: string): string => `sumdb/${db}/supported`,
  latest: (db: string): string => `sumdb/${db}/latest`,
  lookup: (db: string, module: string, version: string): string =>
    `sumdb/${db}/lookup/${escapeModulePath(module)}@${escapeVersion(version)}`,
  /** A tile path as the client names it (`tile/8/0/x123/456.p/7`). */
  tile: (db: string, tile: string): string => `sumdb/${db}/${tile}`,
};

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function serializeManifest(m: Manifest): string {
  const files: Record<string, string> = {};
  for (const k of Object.keys(m.files).sort(byString)) files[k] = m.files[k] as string;
  const modules = [...m.modules].sort(
    (a, b) => byString(a.module, b.module) || byString(a.version, b.version),
  );
  const ordered = {
    schema: m.schema,
    database: m.database,
    tree: {
      size: m.tree.size,
      rootHash: m.tree.rootHash,
      ...(m.tree.fetchedAt === undefined ? {} : { fetchedAt: m.tree.fetchedAt }),
    },
    ...(m.history?.length
      ? { history: m.history.map((h) => ({ size: h.size, rootHash: h.rootHash })) }
      : {}),
    modules: modules.map((x) => ({
      module: x.module,
      version: x.version,
      h1: x.h1,
      goModH1: x.goModH1,
      recordId: x.recordId,
      record: x.record,
      zip: x.zip,
    })),
    ...(m.godev ? { godev: serializeGodev(m.godev) } : {}),
    files,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(what: string, found: string, where: string): VerificationError {
  return new VerificationError(what, 'the bundle manifest format (schema 1)', found, where);
}

function str(obj: Record<string, unknown>, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== 'string') throw bad(`field ${key} of the manifest`, typeof v, where);
  return v;
}

function num(obj: Record<string, unknown>, key: string, where: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw bad(`field ${key} of the manifest`, JSON.stringify(v), where);
  }
  return v;
}

/** An optional ISO 8601 time field, as `{ [key]: value }` or `{}`. */
function optionalDate(obj: Record<string, unknown>, key: string, where: string) {
  const v = obj[key];
  if (v === undefined) return {};
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) {
    throw bad(`field ${key} of the manifest`, JSON.stringify(v), where);
  }
  return { [key]: v };
}

/** Parses untrusted manifest text: its shape only, never its content. */
export function parseManifest(text: string, where: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw bad('bundle manifest', `text that is not JSON (${String(err)})`, where);
  }
  if (!isObject(value)) throw bad('bundle manifest', 'JSON that is not an object', where);
  if (value['schema'] !== MANIFEST_SCHEMA) {
    throw bad('schema of the manifest', JSON.stringify(value['schema']), where);
  }
  const tree = value['tree'];
  const modules = value['modules'];
  const files = value['files'];
  if (!isObject(tree)) throw bad('tree of the manifest', typeof tree, where);
  if (!Array.isArray(modules)) throw bad('modules of the manifest', typeof modules, where);
  if (!isObject(files)) throw bad('files of the manifest', typeof files, where);
  const godev = parseGodev(value['godev'], where);
  const fileMap: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) {
    if (typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v) || !safeRelative(k)) {
      throw bad(`file entry ${JSON.stringify(k)} of the manifest`, JSON.stringify(v), where);
    }
    fileMap[k] = v;
  }
  return {
    schema: MANIFEST_SCHEMA,
    database: str(value, 'database', where),
    tree: {
      size: num(tree, 'size', where),
      rootHash: str(tree, 'rootHash', where),
      ...optionalDate(tree, 'fetchedAt', where),
    },
    ...historyOf(value['history'], where),
    modules: modules.map((m: unknown) => {
      if (!isObject(m)) throw bad('module entry of the manifest', typeof m, where);
      return {
        module: str(m, 'module', where),
        version: str(m, 'version', where),
        h1: str(m, 'h1', where),
        goModH1: str(m, 'goModH1', where),
        recordId: num(m, 'recordId', where),
        record: str(m, 'record', where),
        // Bundles written before go.mod-only entries hold zips only.
        zip: zipFlag(m, where),
      };
    }),
    files: fileMap,
    ...(godev ? { godev } : {}),
  };
}

/** The optional `history` list: `{ history }` or `{}`. */
function historyOf(value: unknown, where: string): { history?: TreeRoot[] } {
  if (value === undefined) return {};
  if (!Array.isArray(value)) throw bad('history of the manifest', typeof value, where);
  const history = value.map((h: unknown) => {
    if (!isObject(h)) throw bad('history entry of the manifest', typeof h, where);
    return { size: num(h, 'size', where), rootHash: str(h, 'rootHash', where) };
  });
  return { history };
}

function zipFlag(obj: Record<string, unknown>, where: string): boolean {
  const v = obj['zip'];
  if (v === undefined) return true;
  if (typeof v !== 'boolean') throw bad('field zip of the manifest', typeof v, where);
  return v;
}

/** A relative path with `/` that stays inside the bundle. */
export function safeRelative(rel: string): boolean {
  if (rel === '' || rel.startsWith('/') || rel.includes('\\') || rel.includes('\0')) return false;
  return rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

export function bundlePath(dir: string, rel: string): string {
  return path.join(dir, ...rel.split('/'));
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

/** Every regular file below `dir`, bundle-relative with `/`; symlinks and others are named too. */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: string[] = [];
  for (const e of entries) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort(byString);
}

/** Writes a bundle file atomically (a temporary name, then rename). */
export async function writeBundleFile(dir: string, rel: string, data: Uint8Array | string) {
  const file = bundlePath(dir, rel);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Working directories a build makes inside the bundle and removes: never bundle content. */
export const isScratch = (rel: string): boolean =>
  rel.startsWith('.state-') || rel.startsWith('.verify-');

/** SHA-256 of every file of the bundle but the manifest, for the manifest's `files`. */
export async function bundleFileHashes(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const rel of await listFiles(dir)) {
    if (rel === MANIFEST || isScratch(rel)) continue;
    files[rel] = await sha256File(bundlePath(dir, rel));
  }
  return files;
}
