import { describe, it, expect } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { InputError } from '../errors.js';
import {
  defaultSigningKeysPath,
  loadSigningKeys,
  PINNED_PRIMARY_FINGERPRINT,
  readSigningKeys,
  readSigningKeysWithSource,
  signingFingerprints,
} from './keys.js';

/** The signing subkeys of the Google Linux Packages Signing Authority key, oldest first. */
const GOOGLE_SIGNING_SUBKEYS = [
  '3B068FB4789ABE4AEFA3BB491397BC53640DB551',
  '3E50F6D3EC278FDEB655C8CA6494C6D6997C215E',
  '2F528D36D67B69EDF998D85778BD65473CB3BD13',
  '8461EFA0E74ABAE010DE66994EB27DB2A3B88B8B',
  'A5F483CD733A4EBAEA378B2AE88979FB9B30ACF2',
  '0F06FF86BEEAF4E71866EE5232EE5355A6BC6E42',
  '0E225917414670F4442C250DFD533C07C264648F',
];

async function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'sgv-keys-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function inputError(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).message;
}

describe('defaultSigningKeysPath', () => {
  it('finds the pinned bundle from the source tree', () => {
    const path = defaultSigningKeysPath();
    expect(path.endsWith(join('keys', 'google-linux-packages-signing-key.asc'))).toBe(true);
    expect(existsSync(path)).toBe(true);
  });

  it('resolves to the same root from lib/verify/ and dist/<entry>/', () => {
    const root = new URL('../../', import.meta.url);
    const fromSrc = defaultSigningKeysPath(new URL('src/verify/keys.ts', root));
    expect(defaultSigningKeysPath(new URL('lib/verify/keys.js', root))).toBe(fromSrc);
    expect(defaultSigningKeysPath(new URL('dist/setup/index.js', root))).toBe(fromSrc);
    expect(fromSrc).toBe(defaultSigningKeysPath());
  });
});

describe('the pinned key bundle', () => {
  it('holds the Google primary key and its 7 signing subkeys, expired ones included', async () => {
    const { armored, source } = await readSigningKeysWithSource('');
    const bundle = await loadSigningKeys(armored, source);
    expect(bundle.summary.source).toBe('pinned:keys/google-linux-packages-signing-key.asc');
    expect(bundle.keys).toHaveLength(1);
    const [primary] = bundle.summary.keys;
    expect(primary!.fingerprint).toBe(PINNED_PRIMARY_FINGERPRINT);
    expect(primary!.fingerprint).toBe('EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796');
    expect(primary!.userIDs.join()).toContain('Linux Packages Signing Authority');
    expect(primary!.signingSubkeys).toHaveLength(7);
    expect(primary!.signingSubkeys.map((s) => s.fingerprint)).toEqual(GOOGLE_SIGNING_SUBKEYS);
    expect(signingFingerprints(bundle)).toEqual(expect.arrayContaining(GOOGLE_SIGNING_SUBKEYS));
    const first = primary!.signingSubkeys[0]!;
    expect(first.created).toBe('2016-04-12T05:55:20.000Z');
    expect(first.expires).toBe('2019-04-12T05:55:20.000Z');
    expect(first.algorithm).toBe('rsaEncryptSign/4096');
  });

  it('lets every signing subkey verify signatures made while it was valid, even long expired', async () => {
    const bundle = await loadSigningKeys(await readSigningKeys(), 'pinned');
    const [key] = bundle.keys;
    for (const sub of key!.subkeys) {
      // A day after the subkey was created is how openpgp judges a signature made then.
      const then = new Date(sub.getCreationTime().getTime() + 24 * 3600 * 1000);
      const signer = await key!.getSigningKey(sub.getKeyID(), then);
      expect(signer.getFingerprint()).toBe(sub.getFingerprint());
    }
    // And none of them is accepted for a signature made after it expired.
    const oldest = key!.subkeys[0]!;
    await expect(
      key!.getSigningKey(oldest.getKeyID(), new Date('2020-01-01T00:00:00Z')),
    ).rejects.toThrow(/expired/i);
  });
});

describe('readSigningKeys', () => {
  it('empty input reads the pinned file', async () => {
    const pinned = await readFile(defaultSigningKeysPath(), 'utf8');
    expect(await readSigningKeys()).toBe(pinned);
    expect(await readSigningKeys('  \n')).toBe(pinned);
  });

  it('takes armored text as it is', async () => {
    const { publicKey } = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ name: 'Mirror' }],
    });
    const got = await readSigningKeysWithSource(`\n${publicKey}`);
    expect(got.armored).toBe(publicKey.trim());
    expect(got.source).toBe('input:signing-keys');
  });

  it('reads a path, and explains a missing file or a binary keyring', async () => {
    await inTempDir(async (dir) => {
      const { publicKey } = await openpgp.generateKey({
        type: 'curve25519',
        userIDs: [{ name: 'Mirror' }],
        format: 'object',
      });
      const armoredPath = join(dir, 'mirror.asc');
      await writeFile(armoredPath, publicKey.armor());
      expect(await readSigningKeysWithSource(armoredPath)).toEqual({
        armored: publicKey.armor(),
        source: armoredPath,
      });

      const missing = await inputError(readSigningKeys(join(dir, 'nope.asc')));
      expect(missing).toMatch(/no such file/);
      expect(missing).toContain('nope.asc');

      const binaryPath = join(dir, 'mirror.gpg');
      await writeFile(binaryPath, publicKey.write());
      expect(await inputError(readSigningKeys(binaryPath))).toMatch(/--armor/);
    });
  });
});

describe('loadSigningKeys', () => {
  it('refuses a private key, naming the source', async () => {
    const { privateKey } = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ name: 'Oops' }],
    });
    const message = await inputError(loadSigningKeys(privateKey, 'input:signing-keys'));
    expect(message).toMatch(/private key/);
    expect(message).toContain('input:signing-keys');
  });

  it('refuses garbage, a signature block and a block without keys', async () => {
    expect(await inputError(loadSigningKeys('hello world', '/etc/keys.asc'))).toContain(
      '/etc/keys.asc',
    );
    const { privateKey } = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ name: 'x' }],
      format: 'object',
    });
    const signature = await openpgp.sign({
      message: await openpgp.createMessage({ binary: new Uint8Array([1]) }),
      signingKeys: privateKey,
      detached: true,
    });
    expect(await inputError(loadSigningKeys(signature, 'sig.asc'))).toContain('sig.asc');
    const empty = '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n';
    expect(await inputError(loadSigningKeys(empty, 'empty.asc'))).toContain('empty.asc');
  });

  it('summarizes a generated key: primary, signing subkey, no expiry', async () => {
    const { publicKey } = await openpgp.generateKey({
      type: 'rsa',
      rsaBits: 2048,
      userIDs: [{ name: 'Mirror', email: 'keys@mirror.example' }],
      subkeys: [{ sign: true }, {}],
      format: 'object',
    });
    const bundle = await loadSigningKeys(publicKey.armor(), 'test');
    const [summary] = bundle.summary.keys;
    expect(summary!.fingerprint).toBe(publicKey.getFingerprint().toUpperCase());
    expect(summary!.userIDs).toEqual(['Mirror <keys@mirror.example>']);
    // Only the signing subkey is listed; the encryption subkey is not.
    expect(summary!.signingSubkeys.map((s) => s.fingerprint)).toEqual([
      publicKey.subkeys[0]!.getFingerprint().toUpperCase(),
    ]);
    expect(summary!.signingSubkeys[0]!.expires).toBeNull();
  });
});
