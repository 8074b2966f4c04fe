/**
 * The verification record: what was checked for an install, stated as facts that were
 * checked and nothing else. Written beside the tool-cache entry and given to the job as the
 * `verification` output.
 */

import type { TreeRecord } from '../archive/extract-result.js';

export const RECORD_SCHEMA = 2;

import type { ArtifactRecord } from '../go/release-archive.js';
export type { ArtifactRecord, SignatureRecord } from '../go/release-archive.js';

export interface ChecksumDatabaseRecord {
  /** e.g. sum.golang.org */
  readonly database: string;
  /** Where it was reached: a proxy's /sumdb/<name>/ or the database itself. */
  readonly url: string;
  /** The module version it vouched for, e.g. golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64. */
  readonly module: string;
  readonly h1: string;
  readonly recordId: number;
  /** Size and root hash (base64) of the signed tree the record was proven to be in. */
  readonly treeSize: number;
  readonly rootHash: string;
  /**
   * Set when the proof was read from an air-gapped bundle: its URL, and when its tree head
   * was fetched from the database with the age in days at proof time (from the bundle's
   * unsigned manifest: a report, since an offline proof cannot show the tree is current).
   */
  readonly bundle?: {
    readonly url: string;
    readonly fetchedAt?: string;
    readonly ageDays?: number;
  };
}

export type { TreeRecord } from '../archive/extract-result.js';

/**
 * What the tree's bytes rest on in this run, in one place: the anchor, how the tree got
 * here, and the `h1:` of its module-equivalent files as hashed in this run.
 */
export interface ProofRecord {
  /**
   * `checksum-database`: the tree hashes to the `h1:` the database's signed log holds.
   * `openpgp-signature`: the archive it came from carries a valid signature by a pinned key
   * (the database was not asked or could not be reached). `sha256`: only the archive's
   * SHA-256 from an index fetched over HTTPS in the install's job vouches for it.
   */
  readonly anchor: 'checksum-database' | 'openpgp-signature' | 'sha256';
  /** `installed` now, `reused` (our entry, proven again), `adopted` (not ours, proven, now ours). */
  readonly how: 'installed' | 'reused' | 'adopted';
  /** `h1:` of the module-equivalent tree on disk, as hashed in this run. */
  readonly h1: string;
  /** The module version the tree is measured as (golang.org/toolchain@…). */
  readonly module: string;
  /** One sentence that says exactly what was proven, for people. */
  readonly statement: string;
  /** Where the database proof came from: the copy kept beside the entry, or the database now. */
  readonly databaseProof?: 'kept' | 'database';
  /** How the proof's tree relates to the newest tree head seen on this runner. */
  readonly consistency?: string;
  /** Directories removed when the entry was adopted (no proof covers them). */
  readonly removed?: readonly string[];
}

export interface VerificationRecord {
  readonly schema: typeof RECORD_SCHEMA;
  readonly tool: string;
  readonly go: {
    readonly version: string;
    readonly tag: string;
    readonly os: string;
    readonly arch: string;
  };
  /** Where the bytes came from in this run; `tool-cache` for a reuse (nothing downloaded). */
  readonly source: 'go.dev' | 'mirror' | 'proxy' | 'tool-cache';
  /** Archives downloaded and checked in this run (none for a reuse). */
  readonly artifacts: readonly ArtifactRecord[];
  /** Set when the Go checksum database vouched for the toolchain (module-proxy installs). */
  readonly checksumDatabase?: ChecksumDatabaseRecord;
  readonly tree: TreeRecord;
  readonly proof: ProofRecord;
  /** When this run installed, or proved for reuse, the tree (ISO 8601). */
  readonly provenAt: string;
}

/**
 * Reads a record written earlier; anything that is not one of ours is `undefined`. A record
 * is a report of how an entry was installed, never a proof of what it holds now.
 */
export function parseRecord(value: unknown): VerificationRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<VerificationRecord>;
  if (r.schema !== RECORD_SCHEMA || !r.go || !r.tree || !Array.isArray(r.artifacts))
    return undefined;
  if (typeof r.tree.executables !== 'object' || r.tree.executables === null) return undefined;
  if (typeof r.go.version !== 'string' || typeof r.go.arch !== 'string') return undefined;
  return r as VerificationRecord;
}
