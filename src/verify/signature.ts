/**
 * Detached OpenPGP signatures over large archives, checked while the bytes stream.
 *
 * openpgp.js hashes a Uint8Array twice (itself, then again inside WebCrypto's RSA verify,
 * after concatenating a copy of the data): 0.8–1.0 s for 100 MB here. Its streaming mode
 * hashes natively but needs a web stream whose tee the caller must drain, and costs more
 * with small chunks (0.2–0.3 s at 1 MiB, 0.4–0.6 s at 64 KiB). So the digest is computed
 * with Node's hash as chunks pass (0.21 s for SHA-512 of 100 MB, whatever the chunk size),
 * synchronously and without buffering, and openpgp only checks the signature over that
 * digest: key lookup, the key's validity when it signed, algorithm policy and the
 * public-key operation all stay openpgp's.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import {
  createMessage,
  enums,
  PacketList,
  readSignature,
  Signature,
  verify,
  type PublicKey,
  type SignaturePacket,
  type Subkey,
} from 'openpgp';
import { VerificationError } from '../errors.js';
import type { KeyBundle } from './keys.js';

/** What a verified signature proves, for the verification record. */
export interface SignatureCheck {
  primaryFingerprint: string;
  /** The subkey (or primary key) that made the signature. */
  signingKeyFingerprint: string;
  /** Signature creation time, as the signature states it. */
  created: Date;
  /** e.g. "SHA512". */
  hashAlgorithm: string;
  /**
   * When the signing key expires (or expired), null when never. A signature made before
   * expiry stays valid, but a key that has expired by now is retired: whoever holds it can
   * still sign, so callers ask for a second proof of what it signs.
   */
  signerExpires: Date | null;
}

export interface SignatureSubject {
  /** The `.asc` file: armored text, or its bytes (armored or binary). */
  signature: string | Uint8Array;
  keys: KeyBundle;
  /** Name of the signed file, for messages. */
  artifact: string;
  /** Where the data came from (a URL), for messages. */
  where: string;
}

/**
 * Receives the signed bytes chunk by chunk. `update` hashes synchronously and keeps no
 * reference to the chunk, so a Node pipeline feeding it is never stalled and memory stays
 * constant whatever the file size.
 */
export interface SignatureTap {
  update(chunk: Uint8Array): void;
  /** A pass-through stream that feeds every chunk to `update`; a stream error calls `fail`. */
  transform(): Transform;
  /** Bytes fed so far. */
  readonly bytes: number;
  /** Every byte has been fed: checks the signature. Rejects with VerificationError. */
  finish(): Promise<SignatureCheck>;
  /** The data stream failed: the tap takes no more bytes and `finish` rejects with `err`. */
  fail(err: unknown): void;
}

/** openpgp hash ids accepted for data signatures, with Node's names for them. */
const NODE_HASHES = new Map<number, string>([
  [enums.hash.sha224, 'sha224'],
  [enums.hash.sha256, 'sha256'],
  [enums.hash.sha384, 'sha384'],
  [enums.hash.sha512, 'sha512'],
  [enums.hash.sha3_256, 'sha3-256'],
  [enums.hash.sha3_512, 'sha3-512'],
]);

/** RFC 9580 §5.2.3: the salt of a v6 signature has a fixed size per hash algorithm. */
const V6_SALT_LENGTH = new Map<number, number>([
  [enums.hash.sha224, 16],
  [enums.hash.sha256, 16],
  [enums.hash.sha384, 24],
  [enums.hash.sha512, 32],
  [enums.hash.sha3_256, 16],
  [enums.hash.sha3_512, 32],
]);

/** Fields of openpgp's SignaturePacket that its type declarations leave out. */
interface SignaturePacketInternals {
  /** v6 only: hashed before the data. */
  salt?: Uint8Array | null;
  /**
   * A digest computed elsewhere; SignaturePacket.verify uses it instead of hashing the data
   * (openpgp sets it itself for one-pass signatures). Were a future openpgp to ignore it,
   * verification would hash empty data and fail: a safe failure, never a false pass.
   */
  hashed?: Uint8Array;
}

const MAX_CANDIDATES = 4;

/** A signature packet by a key of the bundle, with the hash of what it signs. */
interface Candidate {
  packet: SignaturePacket & SignaturePacketInternals;
  primary: PublicKey;
  signer: PublicKey | Subkey;
  hash: Hash;
}

export async function signatureStreamTap(subject: SignatureSubject): Promise<SignatureTap> {
  const fail = (found: string) => failure(subject, found);
  const signature = await parseSignature(subject.signature, fail);
  const packets = signature.packets.filterByTag(enums.packet.signature) as PacketList<
    SignaturePacket & SignaturePacketInternals
  >;
  if (packets.length === 0) {
    throw fail('no signature in the signature file');
  }
  const candidates: Candidate[] = [];
  const strangers: string[] = [];
  for (const packet of packets) {
    const issuer = findIssuer(subject.keys, packet);
    if (!issuer) {
      strangers.push(issuerName(packet));
      continue;
    }
    checkPacketShape(packet, issuer.signer, fail);
    const hash = createHash(NODE_HASHES.get(packet.hashAlgorithm!)!);
    if (packet.version === 6) hash.update(packet.salt!);
    candidates.push({ packet, ...issuer, hash });
  }
  // Each candidate hashes every byte: a hostile file listing many signatures must not
  // multiply the cost of the download.
  if (candidates.length > MAX_CANDIDATES) {
    throw fail(
      `${candidates.length} signatures by bundle keys in one file (at most ${MAX_CANDIDATES} are checked)`,
    );
  }
  if (candidates.length === 0) {
    throw fail(
      `a signature by ${strangers.join(', ')}, which is not in the key bundle (${subject.keys.summary.source})`,
    );
  }

  let bytes = 0;
  let failed: { err: unknown } | undefined;
  let result: Promise<SignatureCheck> | undefined;
  const tap: SignatureTap = {
    update(chunk) {
      if (failed || result) return;
      bytes += chunk.length;
      for (const c of candidates) c.hash.update(chunk);
    },
    transform() {
      return new Transform({
        transform(chunk: Buffer, _enc, callback: TransformCallback) {
          tap.update(chunk);
          callback(null, chunk);
        },
        destroy(err, callback) {
          if (err) tap.fail(err);
          callback(err);
        },
      });
    },
    get bytes() {
      return bytes;
    },
    finish() {
      if (failed) return Promise.reject(failed.err);
      result ??= settle(subject, candidates);
      return result;
    },
    fail(err) {
      if (!result) failed ??= { err };
    },
  };
  return tap;
}

/** Verifies a detached signature over bytes in memory or a web stream. */
export async function verifyDetachedSignature(
  opts: SignatureSubject & { data: ReadableStream<Uint8Array> | Uint8Array },
): Promise<SignatureCheck> {
  const tap = await signatureStreamTap(opts);
  if (opts.data instanceof Uint8Array) {
    tap.update(opts.data);
  } else {
    const reader = opts.data.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      tap.update(value);
    }
  }
  return tap.finish();
}

async function settle(subject: SignatureSubject, candidates: Candidate[]): Promise<SignatureCheck> {
  const problems: string[] = [];
  for (const c of candidates) {
    const { packet } = c;
    const by = `${fingerprintOf(c.signer)} made ${packet.created?.toISOString() ?? 'at an unknown time'}`;
    c.hash.update(packet.signatureData!);
    c.hash.update(hashTrailer(packet.version, packet.signatureData!.length));
    const digest = new Uint8Array(c.hash.digest());
    // The packet carries the digest's first two bytes: a mismatch means other data was signed.
    if (digest[0] !== packet.signedHashValue![0] || digest[1] !== packet.signedHashValue![1]) {
      problems.push(`a signature by ${by} over different bytes (the file was altered or replaced)`);
      continue;
    }
    packet.hashed = digest;
    try {
      const outcome = await verify({
        message: await createMessage({ binary: new Uint8Array(0) }),
        signature: new Signature(packetList(packet)),
        verificationKeys: [c.primary],
        format: 'binary',
      });
      // openpgp checks that the signing key was valid at the signature's creation time
      // (expired subkeys still verify old signatures) and that the signature is not dated
      // in the future; `date` is left at "now" for the latter.
      const first = outcome.signatures[0];
      if (!first) throw new Error('openpgp returned no verification result');
      await first.verified;
    } catch (err) {
      problems.push(`a signature by ${by} that does not verify: ${(err as Error).message}`);
      continue;
    }
    const expires = await c.signer.getExpirationTime().catch(() => null);
    return {
      primaryFingerprint: fingerprintOf(c.primary),
      signingKeyFingerprint: fingerprintOf(c.signer),
      created: packet.created!,
      hashAlgorithm: enums.read(enums.hash, packet.hashAlgorithm!).toUpperCase(),
      signerExpires: expires instanceof Date ? expires : null,
    };
  }
  throw failure(subject, problems.join('; '));
}

async function parseSignature(
  input: string | Uint8Array,
  fail: (found: string) => VerificationError,
): Promise<Signature> {
  let armored: string | undefined;
  if (typeof input === 'string') {
    armored = input;
  } else if (looksArmored(input)) {
    armored = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  }
  try {
    return armored !== undefined
      ? await readSignature({ armoredSignature: armored })
      : await readSignature({ binarySignature: input as Uint8Array });
  } catch (err) {
    throw fail(`an unreadable signature file (${(err as Error).message})`);
  }
}

function looksArmored(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64))
    .toString('latin1')
    .trimStart();
  return head.startsWith('-----BEGIN PGP');
}

function findIssuer(
  bundle: KeyBundle,
  packet: SignaturePacket,
): { primary: PublicKey; signer: PublicKey | Subkey } | undefined {
  // A wildcard issuer (all zeros) would match every key; such a signature names no signer.
  if (/^0+$/.test(packet.issuerKeyID.toHex())) return undefined;
  for (const primary of bundle.keys) {
    const signer = primary.getKeys(packet.issuerKeyID)[0];
    if (signer) return { primary, signer };
  }
  return undefined;
}

function checkPacketShape(
  packet: SignaturePacket & SignaturePacketInternals,
  signer: PublicKey | Subkey,
  fail: (found: string) => VerificationError,
): void {
  const by = fingerprintOf(signer);
  if (packet.signatureType !== enums.signature.binary) {
    const type = (packet.signatureType ?? 0xff).toString(16).padStart(2, '0');
    throw fail(`a signature of type 0x${type} by ${by}, not a signature over binary data (0x00)`);
  }
  const algo = packet.hashAlgorithm;
  if (algo === null || !NODE_HASHES.has(algo)) {
    const name = algo === null ? 'unknown' : enums.read(enums.hash, algo).toUpperCase();
    throw fail(`a signature by ${by} using hash algorithm ${name}, which is not accepted`);
  }
  if (packet.version !== 4 && packet.version !== 6) {
    throw fail(`a version ${packet.version} signature by ${by}, which is not supported`);
  }
  if (packet.version === 6 && packet.salt?.length !== V6_SALT_LENGTH.get(algo)) {
    throw fail(`a v6 signature by ${by} with a salt of the wrong length`);
  }
  if (!packet.signatureData || !packet.signedHashValue || packet.signedHashValue.length < 2) {
    throw fail(`an incomplete signature packet by ${by}`);
  }
}

/** RFC 9580 §5.2.4: v4 and v6 signatures hash `version, 0xFF, 4-octet length of the hashed part`. */
function hashTrailer(version: number, hashedLength: number): Uint8Array {
  const trailer = Buffer.alloc(6);
  trailer[0] = version;
  trailer[1] = 0xff;
  trailer.writeUInt32BE(hashedLength, 2);
  return trailer;
}

function packetList(packet: SignaturePacket): PacketList<SignaturePacket> {
  const list = new PacketList<SignaturePacket>();
  list.push(packet);
  return list;
}

function issuerName(packet: SignaturePacket): string {
  const fpr = packet.issuerFingerprint;
  if (fpr && fpr.length > 0) return Buffer.from(fpr).toString('hex').toUpperCase();
  const id = packet.issuerKeyID.toHex();
  return /^0+$/.test(id) ? 'an unnamed key' : `key ID ${id.toUpperCase()}`;
}

function fingerprintOf(key: PublicKey | Subkey): string {
  return key.getFingerprint().toUpperCase();
}

function failure(subject: SignatureSubject, found: string): VerificationError {
  const primaries = subject.keys.summary.keys.map((k) => k.fingerprint).join(' or ');
  return new VerificationError(
    `OpenPGP signature of ${subject.artifact}`,
    `a valid signature by ${primaries} or one of its signing subkeys (keys: ${subject.keys.summary.source})`,
    found,
    subject.where,
  );
}
