/**
 * The `h1:` of a toolchain module computed from the files of a go.dev release archive: the
 * module is built from the same tree, so a go.dev download can be checked against the
 * checksum database as well as against its signature.
 */
import { InputError } from '../../errors.js';
import {
  moduleMemberName,
  toolchainModuleVersion,
  toolchainZipRoot,
} from '../../versions/toolchain-module.js';
import { DirHash } from '../sumdb/dirhash.js';

/** A regular file of a go.dev tree and its SHA-256 (lower-case hex); links are left out, as the module has none. */
export interface TreeFileHash {
  /** The name in the go.dev archive, `go/…` (as extractors report `archiveName`). */
  readonly archiveName?: string;
  /** The GOROOT-relative name (`bin/go`), used when `archiveName` is absent. */
  readonly name?: string;
  readonly sha256: string;
}

/** The GOROOT-relative name of a file given either way. */
function gorootNameOf(file: TreeFileHash): string {
  if (file.archiveName !== undefined) {
    const normal = file.archiveName.split('/').filter((p) => p !== '' && p !== '.');
    // The release tooling refuses anything outside go/; so do we, rather than guess.
    if (normal[0] !== 'go' || normal.length < 2) {
      throw new InputError(
        `${JSON.stringify(file.archiveName)} is not a file under go/ of a Go release archive`,
      );
    }
    return normal.slice(1).join('/');
  }
  if (file.name === undefined || file.name === '') {
    throw new InputError('a tree file needs an archiveName (go/…) or a GOROOT-relative name');
  }
  return file.name;
}

/**
 * The `h1:` the Go checksum database holds for `golang.org/toolchain@v0.0.1-<tag>.<os>-<arch>`
 * when the module was built from the go.dev archive whose regular files are `files` (names
 * and SHA-256 of every file, e.g. from an extractor's `onFile`; a Map is GOROOT-relative name
 * → SHA-256). Lets a go.dev download be checked against the checksum database too.
 */
export function moduleEquivalentHash(
  files: Iterable<TreeFileHash> | ReadonlyMap<string, string>,
  tag: string,
  os: string,
  arch: string,
): string {
  const root = toolchainZipRoot(toolchainModuleVersion(tag, os, arch));
  const entries: Iterable<TreeFileHash> =
    files instanceof Map
      ? [...(files as ReadonlyMap<string, string>)].map(([name, sha256]) => ({ name, sha256 }))
      : (files as Iterable<TreeFileHash>);
  const dirhash = new DirHash();
  for (const file of entries) {
    const member = moduleMemberName(gorootNameOf(file));
    if (member !== null) dirhash.add(`${root}/${member}`, file.sha256);
  }
  return dirhash.sum();
}
