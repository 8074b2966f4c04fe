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
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile, type ZipFileOptions } from 'yauzl';
import { UnsafeArchiveError } from '../errors.js';
import { ArchivePolicy, type AdmittedMember, type MemberHeader } from './archive-policy.js';
import { ResultTally, type ExtractOptions, type ExtractResult } from './extract-result.js';

export type ExtractZipOptions = ExtractOptions;

/** Files written at the same time: overlaps inflate with file-system latency. */
const PARALLEL_WRITES = 8;
/**
 * Files up to this size are read compressed in one piece and inflated on the main thread:
 * a toolchain is ~12k mostly small files, and per-file inflate streams cost more than the
 * inflating (each stream step is a thread-pool round trip shared with the file writes).
 */
const SMALL_FILE = 1024 * 1024;
/**
 * Zips up to this size are read into memory first (a toolchain zip is ~75 MB): thousands
 * of small positioned reads through the thread pool cost more than one sequential read.
 */
const IN_MEMORY_ZIP = 512 * 1024 * 1024;
/** A symlink entry's data is its target; PATH_MAX is 4096 on Linux. */
const MAX_SYMLINK_TARGET = 4096;

/**
 * Extracts `zipPath` into `destDir` (created if missing; must be empty). Rejects with
 * UnsafeArchiveError for a refused entry and with an Error for a corrupt zip.
 */
export async function extractZip(
  zipPath: string,
  destDir: string,
  options: ExtractZipOptions = {},
): Promise<ExtractResult> {
  const dest = path.resolve(destDir);
  await mkdir(dest, { recursive: true });
  if ((await readdir(dest)).length > 0)
    throw new Error(`extraction directory ${dest} is not empty`);
  options.signal?.throwIfAborted();

  const policy = new ArchivePolicy(options);
  const tally = new ResultTally(options);
  const zip = await openZip(zipPath);
  const writer = new DirectoryWriter(dest);
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
        while (inFlight.size >= PARALLEL_WRITES) await Promise.race(inFlight);
        const hashing = tally.shouldHash(member);
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

/**
 * Reads and inflates a small entry. Bounded like yauzl's validateEntrySizes: inflating
 * stops past the declared size, and any other length is refused.
 */
async function readSmallEntry(zip: ZipFile, entry: Entry, member: AdmittedMember): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openEntry(zip, entry, { decodeFileData: false }))
    chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
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

async function openZip(zipPath: string): Promise<ZipFile> {
  const options = {
    lazyEntries: true,
    autoClose: false,
    decodeStrings: false,
    validateEntrySizes: true,
    strictFileNames: true,
  };
  const size = (await stat(zipPath)).size;
  const bytes = size <= IN_MEMORY_ZIP ? await readFile(zipPath) : undefined;
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip: ZipFile): void =>
      err ? reject(describeZipError(zipPath, err)) : resolve(zip);
    if (bytes) yauzl.fromBuffer(bytes, options, done);
    else yauzl.open(zipPath, options, done);
  });
}

/** The next entry of a lazyEntries zip, or undefined at the end. */
function nextEntry(zip: ZipFile, zipPath: string): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry): void => {
      cleanup();
      resolve(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(undefined);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(describeZipError(zipPath, err));
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry, options: ZipFileOptions = {}): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, options, (err, stream) =>
      err ? reject(describeZipError(entry.fileNameRaw.toString('latin1'), err)) : resolve(stream),
    );
  });
}

function describeZipError(what: string, err: Error): Error {
  return new Error(`corrupt zip (${what}): ${err.message}`, { cause: err });
}
