/**
 * Verification records, built from what a run checked and from nothing else: an install
 * states its archive checks and its proof; a reuse states the proof made in this run (the
 * record found beside the entry is a report that any job could have written, and none of
 * its claims is repeated).
 */
import type { Platform } from '../platform.js';
import {
  RECORD_SCHEMA,
  type ArtifactRecord,
  type ChecksumDatabaseRecord,
  type ProofRecord,
  type TreeRecord,
  type VerificationRecord,
} from './record.js';
import type { SumdbLookup } from '../verify/sumdb/client.js';
import { ageInDays, describeBundleHead, type BundleHead } from '../verify/bundle-head.js';
import type { MeasuredTree } from '../verify/tree-proof/prove-tree.js';
import { gorootMemberName, TOOLCHAIN_MODULE } from '../versions/toolchain-module.js';
import type { ProvenEntry } from './entry-proof.js';
import { isToolchainExecutable } from '../versions/toolchain-module.js';

export const TOOL_NAME = 'setup-go-verified';

export interface RecordSubject {
  /** semver, e.g. 1.22.5 */
  readonly version: string;
  readonly tag: string;
  readonly platform: Platform;
}

/** The database part of a record, from a verified lookup. */
export function databaseRecord(
  lookup: SumdbLookup,
  database: string,
  module: string,
): ChecksumDatabaseRecord {
  return {
    database,
    url: lookup.databaseUrl,
    module: `${module}@${lookup.version}`,
    h1: lookup.h1,
    recordId: lookup.recordId,
    treeSize: lookup.treeSize,
    rootHash: lookup.rootHash,
    ...(lookup.bundle === undefined ? {} : { bundle: bundleRecord(lookup.bundle, Date.now()) }),
  };
}

function bundleRecord(
  head: BundleHead,
  now: number,
): NonNullable<ChecksumDatabaseRecord['bundle']> {
  if (head.fetchedAt === undefined) return { url: head.url };
  return { url: head.url, fetchedAt: head.fetchedAt, ageDays: ageInDays(head.fetchedAt, now) };
}

/** ", read offline from the bundle at …" for a statement, or nothing. */
function fromBundle(db: ChecksumDatabaseRecord): string {
  return db.bundle === undefined
    ? ''
    : `, read offline from ${describeBundleHead(db.bundle, Date.now())}`;
}

function goOf(s: RecordSubject): VerificationRecord['go'] {
  return { version: s.version, tag: s.tag, os: s.platform.os, arch: s.platform.arch };
}

/** What an install checked: the archives, the tree's `h1:`, and the database when it vouched. */
export function installRecord(
  subject: RecordSubject,
  install: {
    source: 'go.dev' | 'mirror' | 'proxy';
    artifacts: readonly ArtifactRecord[];
    tree: TreeRecord;
    h1: string;
    module: string;
    db?: ChecksumDatabaseRecord;
  },
): VerificationRecord {
  const { db } = install;
  const signed = install.artifacts.some((a) => a.signature.status === 'verified');
  const anchor: ProofRecord['anchor'] = db
    ? 'checksum-database'
    : signed
      ? 'openpgp-signature'
      : 'sha256';
  const statement = db
    ? `${install.tree.files} files hash to ${install.h1}, the h1: that ${db.database} record ${db.recordId} (signed tree ${db.treeSize}) holds for ${db.module}${fromBundle(db)}`
    : signed
      ? `${install.tree.files} files unpacked from an archive with a valid OpenPGP signature by a pinned key; the checksum database did not vouch for them`
      : `${install.tree.files} files unpacked from an archive whose SHA-256 matched ${install.artifacts[0]?.sha256Source ?? 'an index'}; no signature and no checksum database vouched for them`;
  return {
    schema: RECORD_SCHEMA,
    tool: TOOL_NAME,
    go: goOf(subject),
    source: install.source,
    artifacts: install.artifacts,
    ...(db ? { checksumDatabase: db } : {}),
    tree: install.tree,
    proof: { anchor, how: 'installed', h1: install.h1, module: install.module, statement },
    provenAt: new Date().toISOString(),
  };
}

/** A module zip as an artifact of the record: the database, not a signature, vouches for it. */
export function moduleZipArtifact(zip: {
  readonly module: string;
  readonly name: string;
  readonly url: string;
  readonly size: number;
  readonly sha256: string;
}): ArtifactRecord {
  return {
    name: `${zip.module}@${zip.name}`,
    url: zip.url,
    size: zip.size,
    sha256: zip.sha256,
    sha256Source: 'recorded as downloaded; the checksum database proves the h1: hash of its files',
    signature: {
      status: 'not-published',
      reason: 'module zips carry no OpenPGP signature; the Go checksum database vouches for them',
    },
  };
}

/** SHA-256 of the executables of a measured tree, by GOROOT-relative name. */
export function executablesOf(tree: MeasuredTree): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [member, sha] of tree.members) {
    const name = gorootMemberName(member);
    if (isToolchainExecutable(name)) out[name] = sha;
  }
  return out;
}

/** What reusing (or adopting) an entry proved in this run. */
export function reuseRecord(
  subject: RecordSubject,
  proven: Omit<ProvenEntry, 'adopted' | 'removed'> &
    Partial<Pick<ProvenEntry, 'adopted' | 'removed'>>,
  database: string,
): VerificationRecord {
  const db = databaseRecord(proven.lookup, database, TOOLCHAIN_MODULE);
  const how = proven.adopted ? 'adopted' : 'reused';
  const kept =
    proven.proofFrom === 'kept' ? 'kept beside the entry, verified offline' : 'asked now';
  const consistency = proven.lookup.consistencyNote ?? proven.lookup.consistency;
  return {
    schema: RECORD_SCHEMA,
    tool: TOOL_NAME,
    go: goOf(subject),
    source: 'tool-cache',
    artifacts: [],
    checksumDatabase: db,
    tree: {
      files: proven.tree.files,
      bytes: proven.tree.bytes,
      executables: executablesOf(proven.tree),
    },
    proof: {
      anchor: 'checksum-database',
      how,
      h1: proven.tree.h1,
      module: db.module,
      statement:
        `${proven.tree.files} files of ${proven.dir} hash to ${proven.tree.h1}, the h1: that ` +
        `${db.database} record ${db.recordId} (signed tree ${db.treeSize}, proof ${kept}) holds for ${db.module}${fromBundle(db)}`,
      databaseProof: proven.proofFrom,
      consistency,
      ...(proven.removed && proven.removed.length > 0 ? { removed: proven.removed } : {}),
    },
    provenAt: new Date().toISOString(),
  };
}
