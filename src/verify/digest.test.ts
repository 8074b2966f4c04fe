import { describe, it, expect } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { VerificationError } from '../errors.js';
import { expectDigest, sha256Tap } from './digest.js';

describe('sha256Tap', () => {
  it('hashes the bytes that flow through and hands on the very same chunks', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => randomBytes(1000 + i * 997));
    const tap = sha256Tap();
    const seen: Buffer[] = [];
    await pipeline(
      Readable.from(chunks),
      tap,
      new Writable({
        write(chunk: Buffer, _enc, callback) {
          seen.push(chunk);
          callback();
        },
      }),
    );
    const whole = Buffer.concat(chunks);
    expect(tap.hex()).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(tap.bytes).toBe(whole.length);
    expect(seen).toHaveLength(chunks.length);
    seen.forEach((chunk, i) => expect(chunk).toBe(chunks[i]));
  });

  it('gives the empty-input digest for an empty stream', async () => {
    const tap = sha256Tap();
    await pipeline(Readable.from([]), tap, new Writable({ write: (_c, _e, cb) => cb() }));
    expect(tap.hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuses to give a digest before the stream ended', () => {
    const tap = sha256Tap();
    tap.write(Buffer.from('partial'));
    expect(() => tap.hex()).toThrow(/before the stream ended/);
    tap.destroy();
  });
});

describe('expectDigest', () => {
  const digest = createHash('sha256').update('go').digest('hex');
  const what = 'SHA-256 of go1.22.5.linux-amd64.tar.gz';
  const where = 'https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz';

  it('accepts an equal digest, whatever the case or surrounding whitespace', () => {
    expect(() => expectDigest(digest, digest, what, where)).not.toThrow();
    expect(() => expectDigest(digest, ` ${digest.toUpperCase()}\n`, what, where)).not.toThrow();
  });

  it('reports expected, found and where on a mismatch', () => {
    const other = createHash('sha256').update('og').digest('hex');
    let err: unknown;
    try {
      expectDigest(digest, other, what, where);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VerificationError);
    const v = err as VerificationError;
    expect([v.what, v.expected, v.found, v.where]).toEqual([what, other, digest, where]);
    expect(v.message).toContain(other);
    expect(v.message).toContain(digest);
  });

  it('fails when there is nothing valid to compare with', () => {
    expect(() => expectDigest(digest, '', what, where)).toThrow(VerificationError);
    expect(() => expectDigest(digest, digest.slice(1), what, where)).toThrow(/not|SHA-256/);
  });
});
