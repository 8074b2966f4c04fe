/**
 * A download kept in memory and hashed on its way in, so what is unpacked is exactly what
 * was hashed. Written to disk and read back, an archive could be changed in between by any
 * process of the job's user (on a self-hosted runner, a hostile job's leftovers), and the
 * unpacked bytes would be ones nobody checked. Memory is this process's alone; archives
 * are small enough (a toolchain zip is ~75 MB, golangci-lint's ~15 MB).
 *
 * Each chunk is hashed as it arrives, then copied once into shared memory (the zip writer's
 * second thread reads the same bytes); chunks are this process's own and never written
 * after the hash has read them.
 */
import { createHash } from 'node:crypto';

export interface HashedBytes {
  /** The whole body, in a SharedArrayBuffer. */
  readonly bytes: Buffer;
  /** Lowercase hex SHA-256 of `bytes`. */
  readonly sha256: string;
  readonly size: number;
}

export interface ReadHashedOptions {
  /** More bytes than this fail the read with `tooLarge()`. */
  readonly maxBytes: number;
  readonly tooLarge: () => Error;
}

/** Reads all of `source` into memory, hashing it on the way. */
export async function readHashed(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>,
  opts: ReadHashedOptions,
): Promise<HashedBytes> {
  const sha = createHash('sha256');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > opts.maxBytes) throw opts.tooLarge();
    sha.update(bytes);
    chunks.push(bytes);
  }
  return { bytes: sharedCopy(chunks, size), sha256: sha.digest('hex'), size };
}

/** `chunks` joined in a SharedArrayBuffer. */
export function sharedCopy(chunks: readonly Uint8Array[], size: number): Buffer {
  const out = Buffer.from(new SharedArrayBuffer(size));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
