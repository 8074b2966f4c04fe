/**
 * The `h1:` hash the Go checksum database records for module zips and go.mod files (the
 * scheme of golang.org/x/mod/sumdb/dirhash Hash1): SHA-256 over the lines
 * `"<hex sha256 of file>  <name>\n"`, one per file, names sorted bytewise, base64-encoded.
 *
 * DirHash takes per-file digests, so callers can hash files while they stream (during
 * extraction) and compare the result once at the end.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { InputError, VerificationError } from '../../errors.js';

/** Accumulates per-file SHA-256 digests and produces the `h1:` hash. */
export class DirHash {
  private readonly files = new Map<string, { name: Buffer; sha256: string }>();

  /**
   * Adds a file. `name` is the full name as hashed (for a module zip, the zip entry name,
   * e.g. `golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64/bin/go`); raw bytes are accepted
   * for names that are not valid UTF-8. `sha256` is the file's digest, hex or raw.
   */
  add(name: string | Uint8Array, sha256: string | Uint8Array): this {
    const nameBytes = typeof name === 'string' ? Buffer.from(name, 'utf8') : Buffer.from(name);
    if (nameBytes.includes(0x0a)) {
      throw new InputError(`dirhash: file name ${JSON.stringify(String(name))} contains a newline`);
    }
    const hex =
      typeof sha256 === 'string' ? sha256.toLowerCase() : Buffer.from(sha256).toString('hex');
    if (!/^[0-9a-f]{64}$/.test(hex)) {
      throw new InputError(`dirhash: ${JSON.stringify(String(sha256))} is not a SHA-256 digest`);
    }
    const key = nameBytes.toString('latin1'); // one char per byte: a lossless map key
    if (this.files.has(key)) {
      // Two files under one name would hash differently from what extraction leaves on disk.
      throw new InputError(
        `dirhash: file name ${JSON.stringify(nameBytes.toString())} appears twice`,
      );
    }
    this.files.set(key, { name: nameBytes, sha256: hex });
    return this;
  }

  get size(): number {
    return this.files.size;
  }

  /** The `h1:` hash of the files added so far. */
  sum(): string {
    // Go sorts names as byte strings; JS string order (UTF-16 units) differs above U+FFFF.
    const entries = [...this.files.values()].sort((a, b) => Buffer.compare(a.name, b.name));
    const summary = createHash('sha256');
    for (const { name, sha256 } of entries) {
      summary.update(`${sha256}  `);
      summary.update(name);
      summary.update('\n');
    }
    return `h1:${summary.digest('base64')}`;
  }
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `h1:` of in-memory files: name → content. */
export function hashFiles(files: Iterable<readonly [string, Uint8Array | string]>): string {
  const dh = new DirHash();
  for (const [name, content] of files) dh.add(name, sha256Hex(content));
  return dh.sum();
}

/** The `h1:` of a go.mod file as go.sum records it (`<module> <version>/go.mod h1:…`). */
export function hashGoMod(content: Uint8Array | string): string {
  return new DirHash().add('go.mod', sha256Hex(content)).sum();
}

/** Hashes the entries of an open zip (names as raw bytes, as Go's archive/zip reads them). */
async function hashZipFile(
  zip: yauzl.ZipFile,
  where: string,
  onEntry?: (name: Buffer, sha256: string) => void,
): Promise<string> {
  const dh = new DirHash();
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry): void => {
          zip.off('end', onEnd).off('error', reject);
          resolve(e);
        };
        const onEnd = (): void => {
          zip.off('entry', onEntry).off('error', reject);
          resolve(undefined);
        };
        zip.once('entry', onEntry).once('end', onEnd).once('error', reject);
        zip.readEntry();
      });
      if (entry === undefined) break;
      if (entry.isEncrypted()) {
        throw new VerificationError(
          'module zip entry',
          'unencrypted',
          `encrypted entry ${entry.fileNameRaw.toString()}`,
          where,
        );
      }
      const hash = createHash('sha256');
      await pipeline(await zip.openReadStreamPromise(entry), hash);
      const digest = hash.digest();
      dh.add(entry.fileNameRaw, digest);
      onEntry?.(entry.fileNameRaw, digest.toString('hex'));
    }
  } finally {
    zip.close();
  }
  return dh.sum();
}

/** The `h1:` hash of a module zip file on disk (every entry, by its full name). */
export async function hashZip(path: string): Promise<string> {
  // decodeStrings: false keeps names as the raw bytes Go hashes (no CP437 decoding).
  const zip = await yauzl.openPromise(path, { decodeStrings: false, validateEntrySizes: true });
  return hashZipFile(zip, path);
}

/** The `h1:` of a module zip on disk and the SHA-256 of each entry, by its full name. */
export async function hashZipEntries(
  path: string,
): Promise<{ h1: string; entries: Map<string, string> }> {
  const zip = await yauzl.openPromise(path, { decodeStrings: false, validateEntrySizes: true });
  const entries = new Map<string, string>();
  const h1 = await hashZipFile(zip, path, (name, sha) => entries.set(name.toString('utf8'), sha));
  return { h1, entries };
}

/** The `h1:` hash of a module zip held in memory. */
export async function hashZipBuffer(data: Buffer, where = 'zip in memory'): Promise<string> {
  const zip = await yauzl.fromBufferPromise(data, {
    decodeStrings: false,
    validateEntrySizes: true,
  });
  return hashZipFile(zip, where);
}

/**
 * The `h1:` hash of a module zip arriving as a stream. A zip's directory is at its end, so
 * the bytes are spooled to `keepAt` (left there for extraction) or to a temporary file that
 * is removed afterwards.
 */
export async function hashZipStream(
  source: Readable | AsyncIterable<Uint8Array>,
  keepAt?: string,
): Promise<string> {
  if (keepAt !== undefined) {
    await pipeline(source, createWriteStream(keepAt));
    return hashZip(keepAt);
  }
  const dir = await mkdtemp(join(tmpdir(), 'dirhash-'));
  try {
    const file = join(dir, 'module.zip');
    await pipeline(source, createWriteStream(file));
    return await hashZip(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
