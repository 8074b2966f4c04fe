/** What the tar and zip extractors share: options beyond the policy, and the result. */
import type { AdmittedMember, ArchivePolicyOptions } from './archive-policy.js';

/** A regular file (or hardlink to one) that was extracted, with the SHA-256 of its bytes. */
export interface ExtractedFile {
  /** Relative '/'-separated path under the destination directory. */
  name: string;
  /** Normalised name in the archive (what a zip `h1:` dirhash is computed over). */
  archiveName: string;
  size: number;
  /** Lower-case hex SHA-256 of the contents, computed from the stream as it was written. */
  sha256: string;
}

export interface ExtractOptions extends ArchivePolicyOptions {
  /** Compute SHA-256 of every file while it streams and return them in `hashes` (costs CPU). */
  hashFiles?: boolean;
  /** Hash only the files this accepts (by destination name); default: all, when hashing. */
  hashOnly?: (name: string) => boolean;
  /** Called for every extracted file with its hash (implies hashing). */
  onFile?: (file: ExtractedFile) => void;
  /** Aborts the extraction (the promise rejects with an AbortError). */
  signal?: AbortSignal;
}

export interface ExtractResult {
  files: number;
  directories: number;
  symlinks: number;
  hardlinks: number;
  /** Members left out by the name mapping. */
  skipped: number;
  /** Total bytes of file data written. */
  bytes: number;
  /** Destination name → hex SHA-256, when `hashFiles` was set. */
  hashes?: Map<string, string>;
}

/** An unpacked toolchain tree, as the verification record states it. */
export interface TreeRecord {
  readonly files: number;
  readonly bytes: number;
  /** SHA-256 of every executable (bin/, pkg/tool/), as hashed in this run. */
  readonly executables: Readonly<Record<string, string>>;
}

/** Counts members and collects hashes as an extractor admits them. */
export class ResultTally {
  readonly result: ExtractResult;
  readonly hashing: boolean;
  private readonly byName = new Map<string, { size: number; sha256: string }>();

  constructor(private readonly options: Pick<ExtractOptions, 'hashFiles' | 'onFile' | 'hashOnly'>) {
    this.hashing = options.hashFiles === true || options.onFile !== undefined;
    this.result = { files: 0, directories: 0, symlinks: 0, hardlinks: 0, skipped: 0, bytes: 0 };
    if (options.hashFiles) this.result.hashes = new Map();
  }

  /** Whether this member's bytes are to be hashed. */
  shouldHash(member: AdmittedMember): boolean {
    return this.hashing && (this.options.hashOnly?.(member.name) ?? true);
  }

  skipped(): void {
    this.result.skipped += 1;
  }

  /** Records a directory, symlink or hardlink (a hardlink repeats its target's hash). */
  linkOrDirectory(member: AdmittedMember): void {
    if (member.type === 'directory') this.result.directories += 1;
    else if (member.type === 'symlink') this.result.symlinks += 1;
    else if (member.type === 'hardlink') {
      this.result.hardlinks += 1;
      const target =
        member.linkTarget === undefined ? undefined : this.byName.get(member.linkTarget);
      if (target !== undefined) this.emit(member, target.size, target.sha256);
    }
  }

  /** Records a regular file once all its bytes are written; sha256 is set when hashing. */
  file(member: AdmittedMember, size: number, sha256: string | undefined): void {
    this.result.files += 1;
    this.result.bytes += size;
    if (sha256 !== undefined) this.emit(member, size, sha256);
  }

  private emit(member: AdmittedMember, size: number, sha256: string): void {
    this.byName.set(member.name, { size, sha256 });
    this.result.hashes?.set(member.name, sha256);
    this.options.onFile?.({ name: member.name, archiveName: member.archiveName, size, sha256 });
  }
}
