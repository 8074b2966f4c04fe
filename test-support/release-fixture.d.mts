import type { ServedFile } from './dl-server.mjs';
export interface SigningKey {
  privateKey: string;
  publicKey: string;
}
export function createSigningKey(
  name?: string,
  options?: { subkeyExpiresIn?: number },
): Promise<SigningKey>;
export function signDetached(bytes: Uint8Array, privateKeyArmored: string): Promise<string>;
export function sha256File(file: string): string;
export interface IndexRelease {
  version: string;
  stable: boolean;
  files: Record<string, unknown>[];
}
export function indexWith(releases: IndexRelease[]): IndexRelease[];
export function releaseEntry(
  version: string,
  files: { filename: string; os: string; arch: string; sha256: string; size: number }[],
): IndexRelease;
export interface SignedRelease {
  index: IndexRelease[];
  files: Map<string, ServedFile>;
  archiveName: string;
  sha256: string;
  publicKey: string;
  asc: string;
}
export function signedRelease(opts: {
  archive: string;
  version: string;
  key: SigningKey;
}): Promise<SignedRelease>;
