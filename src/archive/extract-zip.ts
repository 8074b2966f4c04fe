/**
 * Hostile-input-safe extraction of a .zip (go.dev Windows archives, module-proxy toolchain
 * zips, golangci-lint Windows archives) with yauzl, written from Node.
 *
 * Every entry goes through the {@link ArchivePolicy} before anything is written. Sizes are
 * bounded twice: the declared (central directory) sizes are checked against the limits
 * before reading, and yauzl's `validateEntrySizes` fails an entry whose data inflates to
 * more (or fewer) bytes than declared, so a zip bomb cannot lie its way past the limits.
 * Names are decoded here, not by yauzl: UTF-8 when the entry's UTF-8 flag is set, plain
 * ASCII otherwise (any other byte is refused rather than guessed as CP437); the Info-ZIP
 * unicode-path extra field is ignored, so one name is checked and the same name written.
 *
 * Files are created with O_EXCL (never through or over an existing path) and mode 0o644,
 * or 0o755 when the stored unix mode has an x bit or `isExecutable` says so (module zips
 * store no modes); the umask applies, as it does for tar. Modification times are not
 * restored. On failure the destination is left partly filled: extract into a fresh
 * temporary directory and remove it on error.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inflateRawSync } from 'node:zlib';
import type { Entry, ZipFile } from 'yauzl';
import { UnsafeArchiveError } from '../errors.js';
import { ArchivePolicy, type AdmittedMember, type MemberHeader } from './archive-policy.js';
import { ResultTally, type ExtractOptions, type ExtractResult } from './extract-result.js';
import { writeZipFiles, type FileJob } from './zip-file-writer.js';
import { nextEntry, openEntry, openZip, type ZipSource } from './zip-open.js';

export type ExtractZipOptions = ExtractOptions;

/** Files written at the same time when entries are streamed from a zip on disk. */
const PARALLEL_WRITES = 8;
/**
 * Zips up to this size are read into memory first (a toolchain zip is ~75 MB): thousands
 * of small positioned reads through the thread pool cost more than one sequential read.
 */
const IN_MEMORY_ZIP = 512 * 1024 * 1024;
/**
 * From an in-memory zip, entries up to this size are collected and written in one batch by
 * writeZipFiles (synchronous writes on two threads, see there).
 */
const SYNC_FILE = 64 * 1024 * 1024;
/** From a zip on disk, entries up to this size are read whole and inflated in one call. */
const SMALL_FILE = 1024 * 1024;
/** A symlink entry's data is its target; PATH_MAX is 4096 on Linux. */
const MAX_SYMLINK_TARGET = 4096;

/**
 * Extracts `zipPath` into `destDir` (created if missing; must be empty). Rejects with
 * UnsafeArchiveError for a refused entry and with an Error for a corrupt zip. For a zip
 * whose hash was checked, use {@link extractZipBytes}: a file can change after its hash.
 */
export async function extractZip(
  zipPath: string,
  destDir: string,
  options: ExtractZipOptions = {},
): Promise<ExtractResult> {
  return extractFrom({ label: zipPath, path: zipPath }, destDir, options);
}

/**
 * Extracts the zip in `bytes` (a download hashed in memory, see readHashed) into `destDir`,
 * as {@link extractZip} does: the bytes unpacked are the bytes that were hashed. A Buffer
 * in a SharedArrayBuffer lets a second thread write files; any Buffer works. `label` names
 * the zip in errors.
 */
export async function extractZipBytes(
  bytes: Buffer,
  destDir: string,
  options: ExtractZipOptions = {},
  label = 'zip',
): Promise<ExtractResult> {
  return extractFrom({ label, bytes }, destDir, options);
}

async function extractFrom(
  source: ZipSource,
  destDir: string,
  options: ExtractZipOptions,
): Promise<ExtractResult> {
  const zipPath = source.label;
  const dest = path.resolve(destDir);
  await mkdir(dest, { recursive: true });
  if ((await readdir(dest)).length > 0)
    throw new Error(`extraction directory ${dest} is not empty`);
  options.signal?.throwIfAborted();

  const policy = new ArchivePolicy(options);
  const tally = new ResultTally(options);
  const { zip, bytes: zipBytes } = await openZip(source, IN_MEMORY_ZIP);
  const writer = new DirectoryWriter(dest);
  const batch: BatchedFile[] = [];
  const inFlight = new Set<Promise<void>>();
  let writeError: unknown;
  const track = (work: Promise<void>): void => {
    const done = work.then(
      () => void inFlight.delete(done),
      (err: unknown) => {
        inFlight.delete(done);
        writeError ??= err;
      },
    );
    inFlight.add(done);
  };

  try {
    if (zip.entryCount > policy.limits.maxEntries) {
      throw new UnsafeArchiveError(
        zipPath,
        `zip has ${zip.entryCount} entries, more than ${policy.limits.maxEntries}`,
      );
    }
    for (let entry = await nextEntry(zip, zipPath); entry; entry = await nextEntry(zip, zipPath)) {
      options.signal?.throwIfAborted();
      if (writeError !== undefined) throw writeError;
      const header = describeEntry(entry);
      if (header.type === 'symlink') {
        header.linkTarget = await readSymlinkTarget(zip, entry, header.name);
        header.size = 0;
      }
      const member = policy.admit(header);
      if (!member) {
        tally.skipped();
        continue;
      }
      if (member.type === 'directory') {
        await writer.directory(member.name);
        tally.linkOrDirectory(member);
      } else if (member.type === 'symlink') {
        await writer.symlink(member);
        tally.linkOrDirectory(member);
      } else {
        const hashing = tally.shouldHash(member);
        if (zipBytes && member.size <= SYNC_FILE) {
          // Written below, all at once; the data's place is checked now.
          const data = storedData(zipBytes, entry, member);
          writer.parentSync(member.name);
          batch.push({ member, job: writer.job(member, entry, data, hashing) });
          continue;
        }
        while (inFlight.size >= PARALLEL_WRITES) await Promise.race(inFlight);
        const work =
          member.size <= SMALL_FILE
            ? readSmallEntry(zip, entry, member).then((bytes) =>
                writer.smallFile(member, bytes, hashing),
              )
            : openEntry(zip, entry).then((data) => writer.file(member, data, hashing));
        track(work.then((sha256) => tally.file(member, member.size, sha256)));
      }
    }
    await Promise.all(inFlight);
    if (writeError !== undefined) throw writeError;
    if (zipBytes && batch.length > 0) await writeBatch(zipBytes, batch, tally);
    return tally.result;
  } catch (err) {
    await Promise.all(inFlight);
    throw err;
  } finally {
    zip.close();
  }
}

/** Turns a central-directory record into a member header for the policy. */
function describeEntry(entry: Entry): MemberHeader {
  const name = decodeName(entry);
  if ((entry.generalPurposeBitFlag & 0x1) !== 0)
    throw new UnsafeArchiveError(name, 'encrypted entries are not supported');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new UnsafeArchiveError(name, `unsupported compression method ${entry.compressionMethod}`);
  }
  const header: MemberHeader = { name, type: 'file', size: entry.uncompressedSize };
  const slash = name.endsWith('/');
  // High byte of "version made by": 3 = Unix, 19 = OS X; their high 16 attribute bits are st_mode.
  const host = entry.versionMadeBy >> 8;
  const unixMode = host === 3 || host === 19 ? entry.externalFileAttributes >>> 16 : 0;
  if (unixMode !== 0) {
    header.mode = unixMode & 0o7777;
    const kind = UNIX_TYPES.get(unixMode & 0o170000);
    if (kind === undefined)
      throw new UnsafeArchiveError(
        name,
        `unknown unix file type ${(unixMode & 0o170000).toString(8)}`,
      );
    header.type = kind === 'file' && slash ? 'directory' : kind;
    if (slash && header.type !== 'directory') {
      throw new UnsafeArchiveError(name, `name ends with '/' but the entry is a ${header.type}`);
    }
  } else if (slash || (entry.externalFileAttributes & 0x10) !== 0) {
    // MS-DOS attribute 0x10: directory.
    header.type = 'directory';
  }
  return header;
}

const UNIX_TYPES = new Map<number, MemberHeader['type']>([
  [0, 'file'],
  [0o100000, 'file'],
  [0o040000, 'directory'],
  [0o120000, 'symlink'],
  [0o020000, 'character-device'],
  [0o060000, 'block-device'],
  [0o010000, 'fifo'],
  [0o140000, 'socket'],
]);

function decodeName(entry: Entry): string {
  const raw = entry.fileNameRaw;
  const utf8Flag = (entry.generalPurposeBitFlag & 0x800) !== 0;
  if (!utf8Flag && raw.some((b) => b >= 0x80)) {
    throw new UnsafeArchiveError(
      raw.toString('latin1'),
      'non-ASCII name without the UTF-8 flag (legacy code page)',
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new UnsafeArchiveError(raw.toString('latin1'), 'name is not valid UTF-8');
  }
}

async function readSymlinkTarget(zip: ZipFile, entry: Entry, name: string): Promise<string> {
  if (entry.uncompressedSize > MAX_SYMLINK_TARGET) {
    throw new UnsafeArchiveError(name, `symlink target of ${entry.uncompressedSize} bytes`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of await openEntry(zip, entry)) chunks.push(chunk as Buffer);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new UnsafeArchiveError(name, 'symlink target is not valid UTF-8');
  }
}

interface BatchedFile {
  readonly member: AdmittedMember;
  readonly job: FileJob;
}

/** Writes the batched files (on two threads when worthwhile) and records them. */
async function writeBatch(
  zipBytes: Buffer,
  batch: readonly BatchedFile[],
  tally: ResultTally,
): Promise<void> {
  const outcome = await writeZipFiles(
    // Offsets in the jobs are relative to the zip's memory, wherever the Buffer starts in it.
    Buffer.from(zipBytes.buffer, 0, zipBytes.byteOffset + zipBytes.length),
    batch.map((b) => b.job),
  );
  if (!outcome.ok) {
    const { member } = batch[outcome.index]!;
    switch (outcome.kind) {
      case 'larger-than-declared':
        throw new UnsafeArchiveError(
          member.archiveName,
          `data inflates to more than the declared size ${member.size}`,
        );
      case 'size-mismatch':
        throw new UnsafeArchiveError(
          member.archiveName,
          `data does not match the declared size ${member.size}: ${outcome.message}`,
        );
      case 'corrupt':
        throw new Error(
          `corrupt zip entry ${JSON.stringify(member.archiveName)}: ${outcome.message}`,
        );
      case 'io':
        throw new Error(`cannot write ${JSON.stringify(member.name)}: ${outcome.message}`);
    }
  }
  batch.forEach(({ member }, i) => tally.file(member, member.size, outcome.sha256[i] ?? undefined));
}

/** Reads a small entry's stored (compressed) bytes through yauzl and inflates them. */
async function readSmallEntry(zip: ZipFile, entry: Entry, member: AdmittedMember): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openEntry(zip, entry, { decodeFileData: false }))
    chunks.push(chunk as Buffer);
  return inflateEntry(member, entry, Buffer.concat(chunks));
}

/**
 * An entry's stored bytes in an in-memory zip, found through its local file header the way
 * yauzl's openReadStream finds them (the header's own name and sizes are not trusted: the
 * central directory's were the ones the policy checked).
 */
function storedData(zipBytes: Buffer, entry: Entry, member: AdmittedMember): Buffer {
  const at = entry.relativeOffsetOfLocalHeader;
  const corrupt = (why: string): Error =>
    new Error(`corrupt zip entry ${JSON.stringify(member.archiveName)}: ${why}`);
  if (at + 30 > zipBytes.length || zipBytes.readUInt32LE(at) !== 0x04034b50) {
    throw corrupt(`no local file header at offset ${at}`);
  }
  const start = at + 30 + zipBytes.readUInt16LE(at + 26) + zipBytes.readUInt16LE(at + 28);
  const end = start + entry.compressedSize;
  if (end > zipBytes.length) throw corrupt('data runs past the end of the zip');
  return zipBytes.subarray(start, end);
}

/**
 * Inflates an entry's stored bytes. Bounded like yauzl's validateEntrySizes: inflating stops
 * past the declared size, and any other length is refused.
 */
function inflateEntry(member: AdmittedMember, entry: Entry, raw: Buffer): Buffer {
  let bytes: Buffer;
  if (entry.compressionMethod === 0) {
    bytes = raw;
  } else {
    try {
      bytes = inflateRawSync(raw, { maxOutputLength: Math.max(member.size, 1) });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new UnsafeArchiveError(
          member.archiveName,
          `data inflates to more than the declared size ${member.size}`,
        );
      }
      throw new Error(
        `corrupt zip entry ${JSON.stringify(member.archiveName)}: ${(err as Error).message}`,
        { cause: err },
      );
    }
  }
  if (bytes.length !== member.size) {
    throw new UnsafeArchiveError(
      member.archiveName,
      `data does not match the declared size ${member.size}: got ${bytes.length} bytes`,
    );
  }
  return bytes;
}

/** Writes admitted members under one root, creating parent directories once. */
class DirectoryWriter {
  private readonly made = new Set<string>(['']);

  constructor(private readonly root: string) {}

  async directory(name: string): Promise<void> {
    if (this.made.has(name)) return;
    await mkdir(this.full(name), { recursive: true, mode: 0o755 });
    this.made.add(name);
  }

  async symlink(member: AdmittedMember): Promise<void> {
    await this.parent(member.name);
    await symlink(member.linkTarget ?? '', this.full(member.name));
  }

  /** Creates a member's parent directory now (the batch writer only creates files). */
  parentSync(name: string): void {
    const slash = name.lastIndexOf('/');
    const parent = slash < 0 ? '' : name.slice(0, slash);
    if (this.made.has(parent)) return;
    mkdirSync(this.full(parent), { recursive: true, mode: 0o755 });
    this.made.add(parent);
  }

  /** The batch job that writes `member` from its stored bytes `data` (a view into the zip). */
  job(member: AdmittedMember, entry: Entry, data: Buffer, hashing: boolean): FileJob {
    return {
      path: this.full(member.name),
      start: data.byteOffset,
      end: data.byteOffset + data.length,
      method: entry.compressionMethod === 0 ? 0 : 8,
      size: member.size,
      mode: member.executable ? 0o755 : 0o644,
      hash: hashing,
    };
  }

  /** Writes a file already in memory; returns its SHA-256 when hashing. */
  async smallFile(
    member: AdmittedMember,
    bytes: Buffer,
    hashing: boolean,
  ): Promise<string | undefined> {
    await this.parent(member.name);
    await writeFile(this.full(member.name), bytes, {
      flag: 'wx',
      mode: member.executable ? 0o755 : 0o644,
    });
    return hashing ? createHash('sha256').update(bytes).digest('hex') : undefined;
  }

  /** Streams the file to disk and returns the SHA-256 of its bytes when hashing. */
  async file(
    member: AdmittedMember,
    data: Readable,
    hashing: boolean,
  ): Promise<string | undefined> {
    await this.parent(member.name);
    const out = createWriteStream(this.full(member.name), {
      flags: 'wx',
      mode: member.executable ? 0o755 : 0o644,
    });
    let dataError: unknown;
    data.once('error', (err) => (dataError = err));
    const hash = hashing ? createHash('sha256') : undefined;
    try {
      if (!hash) {
        await pipeline(data, out);
        return undefined;
      }
      await pipeline(
        data,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            hash.update(chunk);
            yield chunk;
          }
        },
        out,
      );
      return hash.digest('hex');
    } catch (err) {
      if (err !== dataError) throw err;
      const message = (err as Error).message;
      // yauzl's validateEntrySizes: the data inflates to other than the declared size.
      if (/bytes in the stream/.test(message)) {
        throw new UnsafeArchiveError(
          member.archiveName,
          `data does not match the declared size ${member.size}: ${message}`,
        );
      }
      throw new Error(`corrupt zip entry ${JSON.stringify(member.archiveName)}: ${message}`, {
        cause: err,
      });
    }
  }

  private async parent(name: string): Promise<void> {
    const slash = name.lastIndexOf('/');
    await this.directory(slash < 0 ? '' : name.slice(0, slash));
  }

  private full(name: string): string {
    return path.join(this.root, ...name.split('/'));
  }
}
