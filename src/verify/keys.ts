import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { enums, readKeys, type Key, type PublicKey, type Subkey } from 'openpgp';
import { InputError } from '../errors.js';

/** The key bundle that signs the go.dev `.tar.gz` archives, relative to the repository root. */
export const PINNED_KEYS_FILE = 'keys/google-linux-packages-signing-key.asc';

/** Primary fingerprint of the Google Linux Packages Signing Authority key. */
export const PINNED_PRIMARY_FINGERPRINT = 'EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796';

/** One key of the bundle: a primary key or a subkey. */
export interface KeySummary {
  fingerprint: string;
  algorithm: string;
  /** ISO 8601. */
  created: string;
  /** ISO 8601, or null when the key never expires. */
  expires: string | null;
}

export interface PrimaryKeySummary extends KeySummary {
  userIDs: string[];
  /** Whether the primary key itself carries the "sign data" flag. */
  canSign: boolean;
  /** Subkeys that carry the "sign data" flag, expired ones included, in the bundle's order. */
  signingSubkeys: KeySummary[];
}

/** What the verification record says about the keys it trusted. */
export interface KeyBundleSummary {
  /** `pinned:<file>`, `input:signing-keys` or the path the keys were read from. */
  source: string;
  keys: PrimaryKeySummary[];
}

export interface KeyBundle {
  /** Parsed public keys, expired subkeys included (old signatures stay verifiable). */
  readonly keys: readonly PublicKey[];
  readonly summary: KeyBundleSummary;
}

/**
 * Absolute path of the pinned bundle. Every build of this module sits two directories below
 * the repository (or package) root: src/verify/ under jest, lib/verify/ after tsc, and
 * dist/<entry>/ in an ncc bundle. `base` is a parameter rather than a literal so that ncc's
 * asset relocator cannot see a static path and copy the file into dist/: the bundle must
 * read the one data file that lives in keys/.
 */
export function defaultSigningKeysPath(base: string | URL = import.meta.url): string {
  return fileURLToPath(new URL(`../../${PINNED_KEYS_FILE}`, base));
}

const ARMOR_HEADER = '-----BEGIN PGP ';

/**
 * The `signing-keys` input: armored key text, a path to an armored key file, or empty for
 * the pinned bundle. Returns the armored text and where it came from.
 */
export async function readSigningKeysWithSource(
  input?: string,
): Promise<{ armored: string; source: string }> {
  const value = (input ?? '').trim();
  if (value === '') {
    return {
      armored: await readKeyFile(defaultSigningKeysPath()),
      source: `pinned:${PINNED_KEYS_FILE}`,
    };
  }
  if (value.startsWith(ARMOR_HEADER)) {
    return { armored: value, source: 'input:signing-keys' };
  }
  return { armored: await readKeyFile(value), source: value };
}

/** Like readSigningKeysWithSource, the armored text only. */
export async function readSigningKeys(input?: string): Promise<string> {
  return (await readSigningKeysWithSource(input)).armored;
}

async function readKeyFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new InputError(
      `signing-keys: cannot read ${JSON.stringify(path)} (${why}); give armored public key text ` +
        `(-----BEGIN PGP PUBLIC KEY BLOCK-----) or the path of a file holding it`,
    );
  }
  // A binary keyring (gpg --export without --armor) starts with a packet tag: high bit set.
  if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0) {
    throw new InputError(
      `signing-keys: ${path} is a binary OpenPGP keyring; export it armored (gpg --armor --export)`,
    );
  }
  return bytes.toString('utf8');
}

/** Parses an armored public key bundle and refuses anything that cannot anchor trust. */
export async function loadSigningKeys(armored: string, source: string): Promise<KeyBundle> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) {
    throw new InputError(
      `signing keys from ${source}: this is a private key block; give the public keys only`,
    );
  }
  let keys: Key[];
  try {
    keys = await readKeys({ armoredKeys: armored });
  } catch (err) {
    throw new InputError(
      `signing keys from ${source}: not a readable OpenPGP public key block (${(err as Error).message})`,
    );
  }
  if (keys.length === 0) {
    throw new InputError(`signing keys from ${source}: the key block holds no keys`);
  }
  const publicKeys: PublicKey[] = [];
  for (const key of keys) {
    if (key.isPrivate()) {
      throw new InputError(
        `signing keys from ${source}: key ${fingerprint(key)} is a private key; give the public keys only`,
      );
    }
    publicKeys.push(key as PublicKey);
  }
  const summaries = await Promise.all(publicKeys.map(summarizeKey));
  if (summaries.every((s) => !s.canSign && s.signingSubkeys.length === 0)) {
    throw new InputError(
      `signing keys from ${source}: no key in the bundle is allowed to sign data ` +
        `(primary ${summaries.map((s) => s.fingerprint).join(', ')})`,
    );
  }
  return { keys: publicKeys, summary: { source, keys: summaries } };
}

/** Every fingerprint that may sign data, for messages ("a valid signature by …"). */
export function signingFingerprints(bundle: KeyBundle): string[] {
  return bundle.summary.keys.flatMap((k) => [
    ...(k.canSign ? [k.fingerprint] : []),
    ...k.signingSubkeys.map((s) => s.fingerprint),
  ]);
}

function fingerprint(key: Key | Subkey): string {
  return key.getFingerprint().toUpperCase();
}

function algorithmName(key: Key | Subkey): string {
  const info = key.getAlgorithmInfo();
  return info.bits
    ? `${info.algorithm}/${info.bits}`
    : info.curve
      ? `${info.algorithm}/${info.curve}`
      : info.algorithm;
}

function flagsAllowSigning(flags: Uint8Array | null | undefined): boolean {
  return flags != null && flags.length > 0 && (flags[0]! & enums.keyFlags.signData) !== 0;
}

async function summarizeKey(key: PublicKey): Promise<PrimaryKeySummary> {
  // Flags are read, not verified: the summary describes the bundle, while openpgp checks
  // every binding and self-signature when a data signature is verified.
  const signingSubkeys: KeySummary[] = [];
  for (const sub of key.subkeys) {
    if (!sub.bindingSignatures.some((b) => flagsAllowSigning(b.keyFlags))) continue;
    signingSubkeys.push(await summarize(sub));
  }
  return {
    ...(await summarize(key)),
    userIDs: key.users.flatMap((u) => (u.userID ? [u.userID.userID] : [])),
    canSign: key.users.some((u) => u.selfCertifications.some((c) => flagsAllowSigning(c.keyFlags))),
    signingSubkeys,
  };
}

async function summarize(key: Key | Subkey): Promise<KeySummary> {
  const expires = await key.getExpirationTime().catch(() => null);
  return {
    fingerprint: fingerprint(key),
    algorithm: algorithmName(key),
    created: key.getCreationTime().toISOString(),
    expires: expires instanceof Date ? expires.toISOString() : null,
  };
}
