import { describe, it, expect, beforeAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as openpgp from 'openpgp';
import { VerificationError } from '../errors.js';
import { loadSigningKeys, type KeyBundle } from './keys.js';
import { signatureStreamTap, verifyDetachedSignature } from './signature.js';

const WHERE = 'https://dl.example.test/go/go1.99.0.linux-amd64.tar.gz';
const ARTIFACT = 'go1.99.0.linux-amd64.tar.gz';

interface TestKey {
  privateKey: openpgp.PrivateKey;
  bundle: KeyBundle;
  primary: string;
  subkey: string;
}

async function makeKey(options: {
  type: 'rsa' | 'curve25519';
  date?: Date;
  subkeys?: openpgp.SubkeyOptions[];
  config?: openpgp.PartialConfig;
}): Promise<TestKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    rsaBits: 2048,
    userIDs: [{ name: 'Test Signer', email: 'signer@example.test' }],
    subkeys: [{ sign: true }],
    ...options,
    format: 'object',
  });
  const bundle = await loadSigningKeys(publicKey.armor(), 'test');
  return {
    privateKey,
    bundle,
    primary: publicKey.getFingerprint().toUpperCase(),
    subkey: publicKey.subkeys[0]!.getFingerprint().toUpperCase(),
  };
}

async function detachedSign(
  key: openpgp.PrivateKey,
  data: Uint8Array,
  opts: { date?: Date } = {},
): Promise<{ armored: string; binary: Uint8Array }> {
  const message = await openpgp.createMessage({ binary: data });
  const binary = await openpgp.sign({
    message,
    signingKeys: key,
    detached: true,
    format: 'binary',
    ...opts,
  });
  const signature = await openpgp.readSignature({ binarySignature: binary });
  return { armored: signature.armor(), binary };
}

function chunked(data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += size) out.push(data.subarray(off, off + size));
  return out;
}

function webStream(data: Uint8Array, size: number): ReadableStream<Uint8Array> {
  const chunks = chunked(data, size);
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

async function rejection(p: Promise<unknown>): Promise<VerificationError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VerificationError);
  const v = err as VerificationError;
  expect(v.what).toBe(`OpenPGP signature of ${ARTIFACT}`);
  expect(v.where).toBe(WHERE);
  return v;
}

describe('verifyDetachedSignature', () => {
  let rsa: TestKey;
  let ed: TestKey;
  let edV6: TestKey;
  const data = randomBytes(3 * 1024 * 1024 + 17);

  beforeAll(async () => {
    [rsa, ed, edV6] = await Promise.all([
      makeKey({ type: 'rsa' }),
      makeKey({ type: 'curve25519' }),
      makeKey({ type: 'curve25519', config: { v6Keys: true } }),
    ]);
  }, 60_000);

  it('accepts an armored RSA signature by a signing subkey and says who signed when', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const { armored } = await detachedSign(rsa.privateKey, data);
    const check = await verifyDetachedSignature({
      data,
      signature: armored,
      keys: rsa.bundle,
      artifact: ARTIFACT,
      where: WHERE,
    });
    expect(check.primaryFingerprint).toBe(rsa.primary);
    expect(check.signingKeyFingerprint).toBe(rsa.subkey);
    expect(check.signingKeyFingerprint).not.toBe(check.primaryFingerprint);
    expect(check.created.getTime()).toBeGreaterThanOrEqual(before);
    expect(check.hashAlgorithm).toMatch(/^SHA(256|384|512)$/);
  });

  it('accepts a binary Ed25519 signature over a web stream', async () => {
    const { binary } = await detachedSign(ed.privateKey, data);
    const check = await verifyDetachedSignature({
      data: webStream(data, 1 << 20),
      signature: binary,
      keys: ed.bundle,
      artifact: ARTIFACT,
      where: WHERE,
    });
    expect(check.signingKeyFingerprint).toBe(ed.subkey);
  });

  it('accepts an armored signature handed over as bytes (an .asc file read from disk)', async () => {
    const { armored } = await detachedSign(ed.privateKey, data);
    const check = await verifyDetachedSignature({
      data,
      signature: new TextEncoder().encode(`\n${armored}`),
      keys: ed.bundle,
      artifact: ARTIFACT,
      where: WHERE,
    });
    expect(check.primaryFingerprint).toBe(ed.primary);
  });

  it('accepts a salted v6 signature (RFC 9580)', async () => {
    const { binary } = await detachedSign(edV6.privateKey, data);
    const packet = (await openpgp.readSignature({ binarySignature: binary })).packets[0]!;
    expect(packet.version).toBe(6);
    const check = await verifyDetachedSignature({
      data: webStream(data, 65536),
      signature: binary,
      keys: edV6.bundle,
      artifact: ARTIFACT,
      where: WHERE,
    });
    expect(check.signingKeyFingerprint).toBe(edV6.subkey);
  });

  it('finds the signature by a bundle key among several in one file', async () => {
    const binary = await openpgp.sign({
      message: await openpgp.createMessage({ binary: data }),
      signingKeys: [ed.privateKey, rsa.privateKey],
      detached: true,
      format: 'binary',
    });
    expect((await openpgp.readSignature({ binarySignature: binary })).packets).toHaveLength(2);
    const check = await verifyDetachedSignature({
      data,
      signature: binary,
      keys: rsa.bundle,
      artifact: ARTIFACT,
      where: WHERE,
    });
    expect(check.signingKeyFingerprint).toBe(rsa.subkey);
  });

  it('refuses tampered data', async () => {
    const { armored } = await detachedSign(rsa.privateKey, data);
    const tampered = Buffer.from(data);
    tampered[1_000_000] = tampered[1_000_000]! ^ 0x01;
    const err = await rejection(
      verifyDetachedSignature({
        data: tampered,
        signature: armored,
        keys: rsa.bundle,
        artifact: ARTIFACT,
        where: WHERE,
      }),
    );
    expect(err.found).toContain(rsa.subkey);
    expect(err.expected).toContain(rsa.primary);
  });

  it('refuses data that is one byte short', async () => {
    const { binary } = await detachedSign(ed.privateKey, data);
    await rejection(
      verifyDetachedSignature({
        data: data.subarray(0, data.length - 1),
        signature: binary,
        keys: ed.bundle,
        artifact: ARTIFACT,
        where: WHERE,
      }),
    );
  });

  it('refuses a signature by a key outside the bundle, before any data is read', async () => {
    const { armored } = await detachedSign(ed.privateKey, data);
    const err = await rejection(
      signatureStreamTap({
        signature: armored,
        keys: rsa.bundle,
        artifact: ARTIFACT,
        where: WHERE,
      }),
    );
    expect(err.found).toMatch(/not in the key bundle/);
    expect(err.found).toContain(ed.subkey);
  });

  it('refuses armored garbage and an empty file', async () => {
    const garbage =
      '-----BEGIN PGP SIGNATURE-----\n\nbm90IGEgc2lnbmF0dXJlIGF0IGFsbA==\n=AAAA\n-----END PGP SIGNATURE-----\n';
    const err = await rejection(
      verifyDetachedSignature({
        data,
        signature: garbage,
        keys: rsa.bundle,
        artifact: ARTIFACT,
        where: WHERE,
      }),
    );
    expect(err.found).toMatch(/unreadable signature file/);
    await rejection(
      verifyDetachedSignature({
        data,
        signature: '<html>404 Not Found</html>',
        keys: rsa.bundle,
        artifact: ARTIFACT,
        where: WHERE,
      }),
    );
    await rejection(
      verifyDetachedSignature({
        data,
        signature: new Uint8Array(0),
        keys: rsa.bundle,
        artifact: ARTIFACT,
        where: WHERE,
      }),
    );
  });

  it('refuses a text-mode signature', async () => {
    const text = 'hello\r\nworld\n';
    const message = await openpgp.createMessage({ text });
    const armored = await openpgp.sign({ message, signingKeys: ed.privateKey, detached: true });
    const err = await rejection(
      verifyDetachedSignature({
        data: new TextEncoder().encode(text),
        signature: armored,
        keys: ed.bundle,
        artifact: ARTIFACT,
        where: WHERE,
      }),
    );
    expect(err.found).toMatch(/type 0x01/);
  });
});

describe('signatures and key validity over time', () => {
  const born = new Date('2021-01-01T00:00:00Z');
  const data = randomBytes(4096);
  let published: TestKey;
  /** The same key material with a subkey that never expires: it can still sign after 2022. */
  let unexpiring: openpgp.PrivateKey;

  beforeAll(async () => {
    published = await makeKey({
      type: 'curve25519',
      date: born,
      subkeys: [{ sign: true, keyExpirationTime: 365 * 24 * 3600 }],
    });
    ({ privateKey: unexpiring } = await openpgp.reformatKey({
      privateKey: published.privateKey,
      userIDs: [{ name: 'Test Signer', email: 'signer@example.test' }],
      date: born,
      format: 'object',
    }));
  }, 60_000);

  it('the bundle keeps the expired subkey and records its expiry', () => {
    const sub = published.bundle.summary.keys[0]!.signingSubkeys[0]!;
    expect(sub.fingerprint).toBe(published.subkey);
    expect(sub.expires).toBe('2022-01-01T00:00:00.000Z');
  });

  it('accepts a 2021 signature by a subkey that expired in 2022', async () => {
    const created = new Date('2021-06-01T12:00:00Z');
    const { armored } = await detachedSign(published.privateKey, data, { date: created });
    const check = await verifyDetachedSignature({
      data,
      signature: armored,
      keys: published.bundle,
      artifact: ARTIFACT,
      where: WHERE,
    });
    expect(check.created.toISOString()).toBe(created.toISOString());
    expect(check.signingKeyFingerprint).toBe(published.subkey);
  });

  it('refuses a signature made after the subkey expired', async () => {
    const { armored } = await detachedSign(unexpiring, data, {
      date: new Date('2022-06-01T00:00:00Z'),
    });
    const err = await rejection(
      verifyDetachedSignature({
        data,
        signature: armored,
        keys: published.bundle,
        artifact: ARTIFACT,
        where: WHERE,
      }),
    );
    expect(err.found).toMatch(/2022-06-01T00:00:00.000Z/);
    expect(err.found).toMatch(/expired/i);
  });

  it('refuses a signature dated in the future', async () => {
    const { armored } = await detachedSign(unexpiring, data, {
      date: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    });
    const err = await rejection(
      verifyDetachedSignature({
        data,
        signature: armored,
        keys: published.bundle,
        artifact: ARTIFACT,
        where: WHERE,
      }),
    );
    expect(err.found).toMatch(/in the future/);
  });
});

describe('signatureStreamTap', () => {
  let key: TestKey;
  const data = randomBytes(2 * 1024 * 1024 + 3);

  beforeAll(async () => {
    key = await makeKey({ type: 'curve25519' });
  }, 60_000);

  it('verifies bytes flowing through a Node pipeline and passes them on unchanged', async () => {
    const { binary } = await detachedSign(key.privateKey, data);
    const tap = await signatureStreamTap({
      signature: binary,
      keys: key.bundle,
      artifact: ARTIFACT,
      where: WHERE,
    });
    const received: Buffer[] = [];
    await pipeline(
      Readable.from(chunked(data, 16384).map((c) => Buffer.from(c))),
      tap.transform(),
      new Writable({
        write(chunk: Buffer, _enc, callback) {
          received.push(chunk);
          callback();
        },
      }),
    );
    expect(tap.bytes).toBe(data.length);
    expect(Buffer.concat(received).equals(data)).toBe(true);
    const check = await tap.finish();
    expect(check.signingKeyFingerprint).toBe(key.subkey);
    expect(await tap.finish()).toBe(check);
  });

  it('finish() rejects with the stream error after the pipeline failed', async () => {
    const { binary } = await detachedSign(key.privateKey, data);
    const tap = await signatureStreamTap({
      signature: binary,
      keys: key.bundle,
      artifact: ARTIFACT,
      where: WHERE,
    });
    const boom = new Error('connection reset');
    const source = new Readable({
      read() {
        this.push(data.subarray(0, 1000));
        this.destroy(boom);
      },
    });
    await expect(
      pipeline(
        source,
        tap.transform(),
        new Writable({
          write(_c, _e, cb) {
            cb();
          },
        }),
      ),
    ).rejects.toBe(boom);
    await expect(tap.finish()).rejects.toBe(boom);
  });

  it('fail() makes finish() reject even when the bytes so far would verify', async () => {
    const { binary } = await detachedSign(key.privateKey, data);
    const tap = await signatureStreamTap({
      signature: binary,
      keys: key.bundle,
      artifact: ARTIFACT,
      where: WHERE,
    });
    tap.update(data);
    const err = new Error('extraction failed');
    tap.fail(err);
    await expect(tap.finish()).rejects.toBe(err);
  });
});
