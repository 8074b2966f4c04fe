/**
 * Proving a tool-cache entry before it is used, whoever installed it.
 *
 * Any job on a runner can write the tool cache: the tree, the record beside it, the kept
 * proof, the manifest. So an entry is used only when, in this job, its tree hashes to the
 * `h1:` that the checksum database holds for its toolchain module (signed tree note with the
 * built-in key, inclusion proof), and holds nothing the hash cannot see. The proof material
 * kept beside the entry lets that run offline; being untrusted, it is verified again each
 * time, and a copy that does not verify is simply asked for again.
 *
 * An entry without our record (a runner image's preinstalled Go, an earlier actions/setup-go
 * install) that proves is adopted: under the entry's lock the directories the module leaves
 * out (`api/ doc/ misc/ test/`) are removed, so the entry holds exactly the proven tree, and
 * the proof, the manifest and a record are written beside it.
 */
import { lstat, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { NetworkError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Platform } from '../platform.js';
import { TreeForkError, type SumdbClient, type SumdbLookup } from '../verify/sumdb/client.js';
import {
  keptProofOf,
  parseKeptProof,
  serializeKeptProof,
  verifyKeptProof,
} from '../verify/sumdb/kept-proof.js';
import {
  differenceFrom,
  judgeTree,
  measureTree,
  type MeasuredTree,
} from '../verify/tree-proof/prove-tree.js';
import {
  formatManifest,
  manifestH1,
  parseManifest,
  type TreeDifference,
} from '../verify/tree-proof/tree-shape.js';
import {
  MODULE_OMITTED_DIRS,
  TOOLCHAIN_MODULE,
  toolchainModuleVersion,
} from '../versions/toolchain-module.js';
import { lookUpToolchain } from '../verify/sumdb-access.js';
import {
  entryPaths,
  findEntry,
  withEntryLock,
  writeEntryFile,
  type Entry,
  type EntryPaths,
} from './tool-cache.js';
import { inert } from '../log-text.js';

/** The entry asked for. */
export interface EntryTarget {
  readonly toolCacheDir: string;
  /** The semver directory name, e.g. 1.22.5. */
  readonly version: string;
  /** The Go tag, e.g. go1.22.5. */
  readonly tag: string;
  readonly platform: Platform;
  /** The tool cache's architecture name (x64, arm64). */
  readonly cacheArch: string;
}

/** The toolchain module version the target's tree is measured as. */
export function targetModuleVersion(target: EntryTarget): string {
  return toolchainModuleVersion(target.tag, target.platform.os, target.platform.arch);
}

/** How the checksum database can be reached for this job. */
export interface DatabaseAccess {
  readonly client: SumdbClient;
  /** False with `verify-sumdb: off`: kept proofs are still checked (offline), never fetched. */
  readonly online: boolean;
}

/** What a successful proof established. */
export interface ProvenEntry {
  readonly dir: string;
  readonly tree: MeasuredTree;
  /** The database's record, verified in this job. */
  readonly lookup: SumdbLookup;
  /** `kept`: the proof beside the entry, verified offline; `database`: asked now. */
  readonly proofFrom: 'kept' | 'database';
  /** The entry had no record of ours and is ours now. */
  readonly adopted: boolean;
  /** Top-level directories removed because the module leaves them out. */
  readonly removed: readonly string[];
  /** The record that was beside the entry (a report of how it was installed), if any. */
  readonly installRecord?: unknown;
}

export type EntryProof =
  | { readonly kind: 'absent' }
  | { readonly kind: 'proven'; readonly entry: ProvenEntry }
  | {
      readonly kind: 'refused';
      readonly dir: string;
      /** Whether the entry had our record (then files under api/ doc/ misc/ test/ count as added). */
      readonly ours: boolean;
      readonly reasons: readonly string[];
      readonly tree?: MeasuredTree;
      /** Files that differ from the published tree, when a trusted file list was at hand. */
      readonly difference?: TreeDifference;
    };

export interface ProveOptions {
  readonly logger: Logger;
  /** The caller holds the entry's lock already (installEntry's reuse check). */
  readonly locked?: boolean;
  /** Writes the record of an adopted entry. */
  readonly adoptionRecord?: (proven: Omit<ProvenEntry, 'adopted' | 'removed'>) => unknown;
}

/** Proves the entry (version, arch) of the tool cache, adopting it when it is not ours. */
export async function proveEntry(
  target: EntryTarget,
  db: DatabaseAccess,
  options: ProveOptions,
): Promise<EntryProof> {
  const entry = await findEntry(target.toolCacheDir, target.version, target.cacheArch);
  if (!entry) return { kind: 'absent' };
  return proveFoundEntry(target, entry, db, options);
}

/** As proveEntry, for an entry already found (under the lock, by installEntry). */
export async function proveFoundEntry(
  target: EntryTarget,
  entry: Entry,
  db: DatabaseAccess,
  options: ProveOptions,
): Promise<EntryProof> {
  const paths = entryPaths(target.toolCacheDir, target.version, target.cacheArch);
  const moduleVersion = targetModuleVersion(target);
  const ours = entry.state === 'recorded';
  const [proof, measured] = await Promise.all([
    databaseProof(paths, moduleVersion, db, options.logger),
    // Another job may be replacing the entry right now: an unreadable tree is refused.
    measureTree(entry.dir, moduleVersion).catch((err: Error) => err),
  ]);
  if (measured instanceof Error) {
    return {
      kind: 'refused',
      dir: entry.dir,
      ours,
      reasons: [`its tree could not be read: ${measured.message}`],
    };
  }
  const tree = measured;
  if ('problem' in proof) {
    return { kind: 'refused', dir: entry.dir, ours, reasons: [proof.problem], tree };
  }
  const verdict = judgeTree(tree, proof.lookup.h1, { omittedAllowed: !ours });
  if (!verdict.ok) {
    const difference = await trustedDifference(paths, tree, proof.lookup.h1, ours);
    return { kind: 'refused', dir: entry.dir, ours, reasons: verdict.reasons, tree, difference };
  }
  const proven = {
    dir: entry.dir,
    tree,
    lookup: proof.lookup,
    proofFrom: proof.from,
    ...(ours ? { installRecord: entry.record } : {}),
  };
  const stale =
    proof.from !== 'kept' || proof.refreshed || !(await hasManifest(paths, proof.lookup.h1));
  if (ours && tree.omitted.length === 0 && !stale) {
    return { kind: 'proven', entry: { ...proven, adopted: false, removed: [] } };
  }
  const update = () => settleEntry(paths, proven, db.client.settings.name, !ours, options);
  const removed = options.locked
    ? await update()
    : await withEntryLock(target.toolCacheDir, target.version, target.cacheArch, update);
  return { kind: 'proven', entry: { ...proven, adopted: !ours, removed } };
}

/** Whether the manifest beside the entry is the published file list. */
async function hasManifest(paths: EntryPaths, provenH1: string): Promise<boolean> {
  const text = await readFile(paths.manifest, 'utf8').catch(() => undefined);
  return text !== undefined && manifestH1(text) === provenH1;
}

type DatabaseProof =
  { lookup: SumdbLookup; from: 'kept' | 'database'; refreshed: boolean } | { problem: string };

/**
 * The database's record for the module: the kept proof verified offline (refreshed online
 * when its tree could not be tied to the newest one seen here), else a lookup now.
 */
async function databaseProof(
  paths: EntryPaths,
  moduleVersion: string,
  db: DatabaseAccess,
  logger: Logger,
): Promise<DatabaseProof> {
  const expected = { module: TOOLCHAIN_MODULE, version: moduleVersion };
  const kept = await readFile(paths.proof, 'utf8').catch(() => undefined);
  if (kept !== undefined) {
    try {
      const proof = parseKeptProof(kept, paths.proof);
      const lookup = await verifyKeptProof(db.client, proof, expected, paths.proof, {
        offline: true,
      });
      if (lookup.consistency !== 'unchecked' || !db.online) {
        if (lookup.consistencyNote) logger.info(inert(lookup.consistencyNote));
        return { lookup, from: 'kept', refreshed: false };
      }
      const fresh = await verifyKeptProof(db.client, proof, expected, paths.proof).catch(
        (err: unknown) => {
          if (!(err instanceof NetworkError)) throw err;
          logger.info(inert(`${lookup.consistencyNote ?? ''} (${err.message})`));
          return undefined;
        },
      );
      return fresh
        ? { lookup: fresh, from: 'kept', refreshed: true }
        : { lookup, from: 'kept', refreshed: false };
    } catch (err) {
      if (err instanceof TreeForkError) throw err;
      logger.warning(
        `the checksum-database proof kept at ${paths.proof} does not verify (${(err as Error).message}); ` +
          (db.online ? 'asking the database again' : 'verify-sumdb: off forbids asking again'),
      );
    }
  }
  if (!db.online) {
    return {
      problem:
        'no valid checksum-database proof is kept with it, and verify-sumdb: off forbids asking the database',
    };
  }
  try {
    return {
      lookup: await lookUpToolchain(db.client, moduleVersion),
      from: 'database',
      refreshed: false,
    };
  } catch (err) {
    if (err instanceof TreeForkError) throw err;
    return { problem: `the checksum database could not prove it: ${(err as Error).message}` };
  }
}

/** Differences from the published tree, when the manifest beside the entry is the published one. */
async function trustedDifference(
  paths: EntryPaths,
  tree: MeasuredTree,
  provenH1: string,
  ours: boolean,
): Promise<TreeDifference | undefined> {
  const text = await readFile(paths.manifest, 'utf8').catch(() => undefined);
  if (text === undefined || manifestH1(text) !== provenH1) return undefined;
  const published = parseManifest(text, tree.moduleVersion);
  if (!published) return undefined;
  return differenceFrom(tree, published, ours);
}

/**
 * Makes the entry hold exactly the proven tree and writes what proves it: the directories
 * the module leaves out go, the kept proof and manifest are (re)written, and an adopted
 * entry gets a record. Returns the directories removed.
 */
async function settleEntry(
  paths: EntryPaths,
  proven: Omit<ProvenEntry, 'adopted' | 'removed'>,
  database: string,
  adopting: boolean,
  options: ProveOptions,
): Promise<string[]> {
  const removed: string[] = [];
  for (const top of MODULE_OMITTED_DIRS) {
    const dir = path.join(paths.dir, top);
    const info = await lstat(dir).catch(() => undefined);
    if (!info?.isDirectory()) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(`${top}/`);
  }
  await writeEntryFile(paths.proof, serializeKeptProof(keptProofOf(proven.lookup, database)));
  await writeEntryFile(
    paths.manifest,
    formatManifest(proven.tree.members, proven.tree.moduleVersion),
  );
  if (adopting && options.adoptionRecord) {
    await writeEntryFile(
      paths.record,
      `${JSON.stringify(options.adoptionRecord(proven), null, 2)}\n`,
    );
  }
  if (removed.length > 0) {
    options.logger.info(
      `removed ${removed.map(inert).join(' ')} from ${inert(paths.dir)}: no proof covers them (the toolchain module leaves them out)`,
    );
  }
  return removed;
}

/**
 * What the setup step keeps in its step state for the post step: the tree it proved. Job
 * steps cannot write another step's state, so this `h1:` is an anchor the job cannot forge.
 */
export interface ProvenTreeState {
  readonly root: string;
  readonly version: string;
  readonly arch: string;
  readonly moduleVersion: string;
  readonly h1: string;
}

export type AfterJobCheck =
  | { readonly ok: true; readonly files: number }
  | {
      readonly ok: false;
      readonly reasons: readonly string[];
      readonly difference?: TreeDifference;
    };

/** Proves the whole tree again against the `h1:` carried in the step state. */
export async function reproveAfterJob(state: ProvenTreeState): Promise<AfterJobCheck> {
  const paths = entryPaths(state.root, state.version, state.arch);
  const tree = await measureTree(paths.dir, state.moduleVersion);
  const verdict = judgeTree(tree, state.h1, { omittedAllowed: false });
  if (verdict.ok) return { ok: true, files: tree.files };
  const difference = await trustedDifference(paths, tree, state.h1, true);
  return { ok: false, reasons: verdict.reasons, ...(difference ? { difference } : {}) };
}
