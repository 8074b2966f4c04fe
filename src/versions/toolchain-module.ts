/**
 * The Go toolchain as a module (`golang.org/toolchain`, what GOTOOLCHAIN downloads) and its
 * relation to a go.dev archive. Pure: names and hashes only.
 *
 * The Go release tooling (cmd/distpack for Go ≥ 1.21, golang.org/x/build's dl2mod for the
 * older releases it converted) builds the module zip from the binary distribution:
 * - only regular files (no directory entries, no links);
 * - the go.dev tree minus the top-level `api/`, `doc/`, `misc/`, `test/` (and `.github/`,
 *   which distpack already leaves out of the archives themselves); everything else stays:
 *   `pkg/include`, `pkg/tool/<goos>_<goarch>`, `lib/time/zoneinfo.zip`, `lib/wasm`, `go.env`…
 *   (which tools sit in `pkg/tool` is decided before the archive is made, so the archive
 *   and the module agree on it);
 * - every file named `go.mod`, at any depth, renamed `_go.mod` (a module may not contain
 *   other modules);
 * - names prefixed `golang.org/toolchain@v0.0.1-<tag>.<goos>-<goarch>/`.
 */
import { InputError } from '../errors.js';
import { goArchFromIndex } from '../platform.js';
import { toSemver } from './go-version.js';

export const TOOLCHAIN_MODULE = 'golang.org/toolchain';
/** Every toolchain version is this pseudo-version followed by `-<tag>.<goos>-<goarch>`. */
export const TOOLCHAIN_MODULE_VERSION_PREFIX = 'v0.0.1';
/** The go.mod hash of every toolchain version (its go.mod is `module golang.org/toolchain\n`). */
export const TOOLCHAIN_GO_MOD_H1 = 'h1:8wlg68NqwW7eMnI1aABk/C2pDYXj8mrMY4TyRfiLeS0=';

/** Top-level directories of a go.dev tree that the module leaves out. */
export const MODULE_OMITTED_DIRS: readonly string[] = ['.github', 'api', 'doc', 'misc', 'test'];

// GOOS and GOARCH values are lower-case letters and digits (`linux`, `amd64`, `ppc64le`, `386`).
const PLATFORM_WORD = /^[a-z0-9]+$/;

/** A toolchain module version taken apart. */
export interface ToolchainModuleVersion {
  /** e.g. `v0.0.1-go1.22.5.linux-amd64` */
  readonly version: string;
  /** The Go tag, e.g. `go1.22.5`, `go1.23rc1`. */
  readonly tag: string;
  readonly os: string;
  /** GOARCH (`arm`, never the index's `armv6l`). */
  readonly arch: string;
}

/**
 * The module version of a toolchain: `toolchainModuleVersion('go1.22.5', 'linux', 'amd64')`
 * → `v0.0.1-go1.22.5.linux-amd64`. The arch is a GOARCH; the go.dev index's `armv6l` is
 * accepted and written as `arm`, as the module names it.
 */
export function toolchainModuleVersion(tag: string, os: string, arch: string): string {
  if (toSemver(tag) === undefined) {
    throw new InputError(`${JSON.stringify(tag)} is not a Go release tag (like go1.22.5)`);
  }
  const goarch = goArchFromIndex(arch);
  if (!PLATFORM_WORD.test(os) || !PLATFORM_WORD.test(goarch)) {
    throw new InputError(`invalid platform ${JSON.stringify(`${os}/${arch}`)} for a toolchain`);
  }
  return `${TOOLCHAIN_MODULE_VERSION_PREFIX}-${tag}.${os}-${goarch}`;
}

/** Takes a module version apart; anything that is not a toolchain version → undefined. */
export function parseToolchainModuleVersion(version: string): ToolchainModuleVersion | undefined {
  const head = `${TOOLCHAIN_MODULE_VERSION_PREFIX}-`;
  if (!version.startsWith(head)) return undefined;
  const rest = version.slice(head.length);
  // The tag has dots of its own (go1.22.5): the platform is the part after the last one.
  const dot = rest.lastIndexOf('.');
  if (dot < 0) return undefined;
  const tag = rest.slice(0, dot);
  const [os, arch, ...extra] = rest.slice(dot + 1).split('-');
  if (toSemver(tag) === undefined || os === undefined || arch === undefined || extra.length > 0) {
    return undefined;
  }
  if (!PLATFORM_WORD.test(os) || !PLATFORM_WORD.test(arch)) return undefined;
  return { version, tag, os, arch };
}

/** The directory every entry of the module zip lies under, e.g. `golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64`. */
export function toolchainZipRoot(moduleVersion: string): string {
  return `${TOOLCHAIN_MODULE}@${moduleVersion}`;
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/**
 * The name a GOROOT-relative file of a go.dev tree has inside the module (without the
 * `golang.org/toolchain@…/` prefix), or null when the module leaves it out.
 */
export function moduleMemberName(gorootName: string): string | null {
  const top = gorootName.split('/', 1)[0] ?? '';
  if (gorootName.includes('/') && MODULE_OMITTED_DIRS.includes(top)) return null;
  if (baseName(gorootName) === 'go.mod') return `${gorootName.slice(0, -'go.mod'.length)}_go.mod`;
  return gorootName;
}

/**
 * The GOROOT-relative name a module member is written under (the prefix already stripped):
 * `_go.mod` goes back to `go.mod`, at any depth, so the tree is laid out like a go.dev one.
 */
export function gorootMemberName(moduleName: string): string {
  if (baseName(moduleName) === '_go.mod') return `${moduleName.slice(0, -'_go.mod'.length)}go.mod`;
  return moduleName;
}

/**
 * Which files of an unpacked toolchain must be executable. Module zips made before Go 1.21
 * store no modes, so this is decided by name, as the go command does after it unpacks a
 * toolchain: `bin/`, `pkg/tool/`, and the `go_<goos>_<goarch>_exec` wrappers under `lib/`.
 */
export function isModuleExecutable(gorootName: string): boolean {
  if (gorootName.startsWith('bin/') || gorootName.startsWith('pkg/tool/')) return true;
  return gorootName.startsWith('lib/') && /^go_[^_]+_[^_]+_exec$/.test(baseName(gorootName));
}

/** The executables of a GOROOT (bin/, pkg/tool/), listed by SHA-256 in records. */
export function isToolchainExecutable(gorootName: string): boolean {
  return gorootName.startsWith('bin/') || gorootName.startsWith('pkg/tool/');
}

/**
 * Extraction options (see ArchivePolicyOptions) that unpack a toolchain module zip into a
 * GOROOT: every entry must lie under the module's root directory, which is stripped; go.mod
 * files get their name back; executables are marked. Links are refused: the module format
 * has none, and the `h1:` check covers regular files only.
 */
export function moduleZipMapping(moduleVersion: string): {
  requiredPrefix: string;
  stripPrefix: true;
  rename: (name: string) => string;
  isExecutable: (name: string) => boolean;
  allowSymlinks: false;
  allowHardlinks: false;
  moduleFileNames: true;
} {
  return {
    requiredPrefix: toolchainZipRoot(moduleVersion),
    stripPrefix: true,
    rename: gorootMemberName,
    isExecutable: isModuleExecutable,
    allowSymlinks: false,
    allowHardlinks: false,
    moduleFileNames: true,
  };
}
