/**
 * The verification record: what was checked for an install, stated as facts that were
 * checked and nothing else. Written beside the tool-cache entry and given to the job as the
 * `verification` output.
 */

export const RECORD_SCHEMA = 1;

export type SignatureRecord =
  | {
      readonly status: 'verified';
      readonly url: string;
      readonly primaryFingerprint: string;
      readonly signingKeyFingerprint: string;
      /** When the signature was made (ISO 8601). */
      readonly created: string;
      readonly hashAlgorithm: string;
    }
  | {
      /** go.dev publishes no .asc for .zip, .msi and .pkg files. */
      readonly status: 'not-published';
      readonly reason: string;
    };

export interface ArtifactRecord {
  readonly name: string;
  readonly url: string;
  readonly size: number;
  readonly sha256: string;
  /** Where the expected SHA-256 came from (the index URL). */
  readonly sha256Source: string;
  readonly signature: SignatureRecord;
}

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
}

export interface TreeRecord {
  readonly files: number;
  readonly bytes: number;
  /** SHA-256 of every executable (bin/, pkg/tool/), re-checked before a tool-cache entry is reused. */
  readonly executables: Readonly<Record<string, string>>;
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
  readonly source: 'go.dev' | 'mirror' | 'proxy';
  readonly artifacts: readonly ArtifactRecord[];
  /** Set when the Go checksum database vouched for the toolchain (module-proxy installs). */
  readonly checksumDatabase?: ChecksumDatabaseRecord;
  readonly tree: TreeRecord;
  readonly installedAt: string;
}

/** Reads a record written earlier; anything that is not one of ours is `undefined`. */
export function parseRecord(value: unknown): VerificationRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Partial<VerificationRecord>;
  if (r.schema !== RECORD_SCHEMA || !r.go || !r.tree || !Array.isArray(r.artifacts))
    return undefined;
  if (typeof r.tree.executables !== 'object' || r.tree.executables === null) return undefined;
  if (typeof r.go.version !== 'string' || typeof r.go.arch !== 'string') return undefined;
  return r as VerificationRecord;
}
