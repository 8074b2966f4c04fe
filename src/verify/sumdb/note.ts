/**
 * Signed notes as the Go checksum database publishes them (the format of
 * golang.org/x/mod/sumdb/note), verifier keys, and the tree note inside them.
 *
 * A note is UTF-8 text ending in "\n", a blank line, then one or more signature lines
 * `— <name> <base64(keyhash4 ‖ signature)>\n`. The signed bytes are the text with its final
 * newline. Pure functions: values in, values out.
 */
import {
  createHash,
  createPublicKey,
  sign as cryptoSign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { InputError, VerificationError } from '../../errors.js';

/** Algorithm byte that precedes the raw Ed25519 public key in a verifier key. */
const ALG_ED25519 = 0x01;
const SIG_PREFIX = '\u2014 '; // em dash + space
const MAX_SIGNATURES = 100;

/** The verifier key of the public Go checksum database. */
export const SUM_GOLANG_ORG_KEY =
  'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

/** A key that can check signatures on notes: `<name>+<keyhash hex>+<base64(0x01 ‖ key)>`. */
export interface Verifier {
  readonly name: string;
  /** First 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ key), big-endian. */
  readonly keyHash: number;
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
  /** The verifier key string it was parsed from (or formatted to). */
  readonly text: string;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** One signature line of a note. */
export interface NoteSignature {
  readonly name: string;
  readonly keyHash: number;
  readonly base64: string;
}

/** A note whose signature by at least one known verifier checked out. */
export interface VerifiedNote {
  /** The signed text, including its final newline. */
  readonly text: string;
  /** Signatures by known verifiers that were checked. */
  readonly signatures: NoteSignature[];
  /** Signatures by keys we do not know (ignored, as Go does). */
  readonly unverified: NoteSignature[];
}

/** A tree head: the size of the log and the hash of its Merkle tree root. */
export interface TreeHead {
  readonly size: number;
  readonly hash: Buffer;
}

/** Names are non-empty UTF-8 without spaces and without '+' (it separates the key fields). */
function isValidName(name: string): boolean {
  return name !== '' && !/[\s+]/u.test(name);
}

/** The key hash binds a key to its name, so a key cannot be reused under another name. */
export function keyHash(name: string, keyData: Uint8Array): number {
  const digest = createHash('sha256').update(name).update('\n').update(keyData).digest();
  return digest.readUInt32BE(0);
}

function ed25519PublicKey(raw: Buffer): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/** Strict standard base64 (with padding), as Go's base64.StdEncoding accepts it. */
function decodeBase64Strict(s: string): Buffer | undefined {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  const data = Buffer.from(s, 'base64');
  // Reject non-canonical encodings (stray bits in the last character).
  return data.toString('base64') === s ? data : undefined;
}

function makeVerifier(name: string, hash: number, publicKey: Buffer, text: string): Verifier {
  const key = ed25519PublicKey(publicKey);
  return {
    name,
    keyHash: hash,
    publicKey,
    text,
    verify(message: Uint8Array, signature: Uint8Array): boolean {
      if (signature.length !== 64) return false;
      try {
        return verify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

/**
 * Parses a verifier key such as `sum.golang.org+033de0ae+Ac4zctda0e5…` and checks that its
 * key hash matches its name and key. Throws InputError: keys come from settings (GOSUMDB).
 */
export function parseVerifierKey(vkey: string): Verifier {
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (first < 0 || second < 0) {
    throw new InputError(
      `malformed verifier key ${JSON.stringify(vkey)}: expected <name>+<8 hex digits>+<base64 key>`,
    );
  }
  const name = vkey.slice(0, first);
  const hashHex = vkey.slice(first + 1, second);
  const keyB64 = vkey.slice(second + 1);
  if (!isValidName(name)) {
    throw new InputError(`malformed verifier key ${JSON.stringify(vkey)}: invalid name`);
  }
  if (!/^[0-9a-fA-F]{8}$/.test(hashHex)) {
    throw new InputError(
      `malformed verifier key ${JSON.stringify(vkey)}: key hash must be 8 hex digits`,
    );
  }
  const keyData = decodeBase64Strict(keyB64);
  if (keyData === undefined || keyData.length === 0) {
    throw new InputError(`malformed verifier key ${JSON.stringify(vkey)}: key is not base64`);
  }
  const claimed = parseInt(hashHex, 16);
  const actual = keyHash(name, keyData);
  if (claimed !== actual) {
    throw new InputError(
      `verifier key ${JSON.stringify(vkey)} is inconsistent: its key hash is ${hashHex} but its name and key hash to ${hex8(actual)}`,
    );
  }
  if (keyData[0] !== ALG_ED25519) {
    throw new InputError(
      `verifier key ${JSON.stringify(vkey)} uses unknown algorithm ${keyData[0]} (only 1, Ed25519, is known)`,
    );
  }
  const publicKey = keyData.subarray(1);
  if (publicKey.length !== 32) {
    throw new InputError(
      `verifier key ${JSON.stringify(vkey)}: Ed25519 key must be 32 bytes, got ${publicKey.length}`,
    );
  }
  return makeVerifier(name, claimed, Buffer.from(publicKey), vkey);
}

/** Formats the verifier key string for a name and raw 32-byte Ed25519 public key. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isValidName(name)) throw new InputError(`invalid key name ${JSON.stringify(name)}`);
  if (publicKey.length !== 32) throw new InputError('an Ed25519 public key is 32 bytes');
  const keyData = Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]);
  return `${name}+${hex8(keyHash(name, keyData))}+${keyData.toString('base64')}`;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function malformed(found: string, where: string): VerificationError {
  return new VerificationError(
    'signed note format',
    'UTF-8 text ending in a newline, a blank line, then lines "\u2014 <name> <base64 signature>"',
    found,
    where,
  );
}

/**
 * Checks a signed note. At least one signature must be by one of `verifiers` and every
 * signature by a known verifier must be valid; signatures by unknown keys are ignored.
 * `where` names the source of the note in errors.
 */
export function openNote(
  message: Uint8Array | string,
  verifiers: readonly Verifier[],
  where = 'signed note',
): VerifiedNote {
  const bytes = typeof message === 'string' ? Buffer.from(message, 'utf8') : Buffer.from(message);
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw malformed('bytes that are not valid UTF-8', where);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(decoded)) {
    throw malformed('a control character', where);
  }
  const split = decoded.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures', where);
  const text = decoded.slice(0, split + 1);
  const sigBlock = decoded.slice(split + 2);
  if (sigBlock === '' || !sigBlock.endsWith('\n')) {
    throw malformed('no signature lines ending in a newline', where);
  }
  const signed = Buffer.from(text, 'utf8');

  const signatures: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  const lines = sigBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`${lines.length} signature lines`, where);
  for (const line of lines) {
    if (!line.startsWith(SIG_PREFIX)) {
      throw malformed(`signature line ${JSON.stringify(line)} without the "\u2014 " prefix`, where);
    }
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const b64 = space < 0 ? '' : rest.slice(space + 1);
    const raw = decodeBase64Strict(b64);
    if (!isValidName(name) || b64 === '' || raw === undefined || raw.length < 5) {
      throw malformed(`malformed signature line ${JSON.stringify(line)}`, where);
    }
    const hash = raw.readUInt32BE(0);
    const sig = raw.subarray(4);
    const verifier = verifiers.find((v) => v.name === name && v.keyHash === hash);
    const id = `${name}+${hex8(hash)}`;
    if (verifier === undefined) {
      unverified.push({ name, keyHash: hash, base64: b64 });
      continue;
    }
    if (seen.has(id)) continue;
    seen.add(id);
    if (!verifier.verify(signed, sig)) {
      throw new VerificationError(
        `Ed25519 signature by ${id} on the note`,
        `a valid signature by ${verifier.text}`,
        'an invalid signature',
        where,
      );
    }
    signatures.push({ name, keyHash: hash, base64: b64 });
  }
  if (signatures.length === 0) {
    const keys = verifiers.map((v) => `${v.name}+${hex8(v.keyHash)}`).join(', ');
    const by = unverified.map((s) => `${s.name}+${hex8(s.keyHash)}`).join(', ');
    throw new VerificationError(
      'signers of the note',
      `a signature by ${keys || '(no keys given)'}`,
      `signatures only by ${by || 'nobody'}`,
      where,
    );
  }
  return { text, signatures, unverified };
}

/** Signs a note text (must end in "\n") with an Ed25519 private key; for tests and tools. */
export function signNote(
  text: string,
  signer: { name: string; publicKey: Uint8Array; privateKey: KeyObject },
): string {
  if (!text.endsWith('\n')) throw new InputError('note text must end with a newline');
  const keyData = Buffer.concat([Buffer.from([ALG_ED25519]), signer.publicKey]);
  const hash = Buffer.alloc(4);
  hash.writeUInt32BE(keyHash(signer.name, keyData));
  const sig = cryptoSign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  return `${text}\n${SIG_PREFIX}${signer.name} ${Buffer.concat([hash, sig]).toString('base64')}\n`;
}

const TREE_PREFIX = 'go.sum database tree\n';

/**
 * Parses the text of a checksum database tree note: `go.sum database tree\n<N>\n<root>\n`
 * (extra lines after the hash are allowed, for forward compatibility, as in Go).
 */
export function parseTreeNote(text: string, where = 'tree note'): TreeHead {
  const bad = (found: string): VerificationError =>
    new VerificationError(
      'checksum database tree note',
      '"go.sum database tree", the decimal tree size and the base64 root hash, one per line',
      found,
      where,
    );
  if (!text.startsWith(TREE_PREFIX)) {
    throw bad(`a note starting ${JSON.stringify(text.slice(0, 40))}`);
  }
  const lines = text.split('\n');
  if (lines.length < 4) throw bad('fewer than three lines');
  const sizeText = lines[1] ?? '';
  const hashText = lines[2] ?? '';
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw bad(`tree size ${JSON.stringify(sizeText)}`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw bad(`tree size ${sizeText}, too large`);
  const hash = decodeBase64Strict(hashText);
  if (hash === undefined || hash.length !== 32) throw bad(`root hash ${JSON.stringify(hashText)}`);
  return { size, hash };
}

/** Formats the text of a tree note (the part that gets signed). */
export function formatTreeNote(tree: TreeHead): string {
  return `${TREE_PREFIX}${tree.size}\n${tree.hash.toString('base64')}\n`;
}
