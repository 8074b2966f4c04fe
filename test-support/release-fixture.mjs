// A go.dev stand-in with a real toolchain: the release index (the real 2021 snapshot plus
// the release under test), the archive, its .sha256, and an .asc made with a key the test
// creates, which the action is then told to trust through `signing-keys`.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as openpgp from 'openpgp';
import { repoRoot } from './runner.mjs';

/** A signing key; `subkeyExpiresIn` (seconds) makes its signing subkey expire that soon. */
export async function createSigningKey(name = 'Test Release Signing', { subkeyExpiresIn } = {}) {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name, email: 'release@example.test' }],
    subkeys: [{ sign: true, ...(subkeyExpiresIn ? { keyExpirationTime: subkeyExpiresIn } : {}) }],
    format: 'armored',
  });
  return { privateKey, publicKey };
}

export async function signDetached(bytes, privateKeyArmored) {
  const privateKey = await openpgp.readPrivateKey({ armoredKey: privateKeyArmored });
  const message = await openpgp.createMessage({ binary: bytes });
  return openpgp.sign({ message, signingKeys: privateKey, detached: true, format: 'armored' });
}

export function sha256File(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** The real 2021 include=all index with `releases` (newest first) put in front. */
export function indexWith(releases) {
  const real = JSON.parse(
    readFileSync(path.join(repoRoot, 'testdata', 'go-dev-dl-include-all-2021-11-08.json'), 'utf8'),
  );
  return [...releases, ...real];
}

export function releaseEntry(version, files) {
  return {
    version: `go${version}`,
    stable: !/rc|beta/.test(version),
    files: files.map((f) => ({
      filename: f.filename,
      os: f.os,
      arch: f.arch,
      version: `go${version}`,
      sha256: f.sha256,
      size: f.size,
      kind: 'archive',
    })),
  };
}

/**
 * Everything a download server needs for one signed linux/amd64 archive.
 * Returns { index, files, archiveName, sha256, publicKey }.
 */
export async function signedRelease({ archive, version, key }) {
  const archiveName = `go${version}.linux-amd64.tar.gz`;
  const bytes = readFileSync(archive);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const asc = await signDetached(bytes, key.privateKey);
  const index = indexWith([
    releaseEntry(version, [
      { filename: archiveName, os: 'linux', arch: 'amd64', sha256, size: statSync(archive).size },
    ]),
  ]);
  const files = new Map([
    [archiveName, { path: archive }],
    [`${archiveName}.sha256`, { data: Buffer.from(sha256) }],
    [`${archiveName}.asc`, { data: Buffer.from(asc) }],
  ]);
  return { index, files, archiveName, sha256, publicKey: key.publicKey, asc };
}
