import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { VerificationError } from '../errors.js';

/**
 * A pass-through stream that computes the SHA-256 of the bytes flowing through it. Chunks
 * are handed on unchanged (no copy), so it can sit in a download → gunzip → untar pipeline
 * and the archive is hashed without a second pass.
 */
export class Sha256Tap extends Transform {
  #hash: Hash = createHash('sha256');
  #hex: string | undefined;
  #bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.#hex = this.#hash.digest('hex');
    callback();
  }

  /** Bytes seen so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The lowercase hex digest; only once every byte has passed (the stream ended). */
  hex(): string {
    if (this.#hex === undefined) {
      throw new Error('sha256Tap: hex() called before the stream ended');
    }
    return this.#hex;
  }
}

export function sha256Tap(): Sha256Tap {
  return new Sha256Tap();
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Throws a VerificationError unless `actual` equals `expected` (hex, case-insensitive).
 * An expected value that is not a SHA-256 at all fails too: nothing to check against is a
 * failure, never a pass.
 */
export function expectDigest(actual: string, expected: string, what: string, where: string): void {
  const want = expected.trim().toLowerCase();
  const got = actual.toLowerCase();
  if (!SHA256_HEX.test(want)) {
    throw new VerificationError(
      what,
      `a SHA-256 to compare with (the source gave ${JSON.stringify(expected)})`,
      got,
      where,
    );
  }
  if (got !== want) {
    throw new VerificationError(what, want, got, where);
  }
}
