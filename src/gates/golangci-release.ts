/**
 * Where golangci-lint releases live and what their files are called. A release publishes one
 * archive per platform (`golangci-lint-2.15.0-linux-amd64.tar.gz`, `.zip` for Windows), each
 * with the binary under a top directory of the same name, and one `checksums.txt` for all.
 * The install itself (proof in every job) is release-tool.ts.
 */
import { InputError } from '../errors.js';
import type { ReleaseAsset } from './release-tool.js';

export const GOLANGCI_RELEASES_URL = 'https://github.com/golangci/golangci-lint/releases/download';

export interface GolangciRelease {
  /** The release tag, e.g. `v2.15.0`. */
  readonly version: string;
  /** GOOS, e.g. `linux`, `darwin`, `windows`. */
  readonly os: string;
  /** GOARCH, e.g. `amd64`, or a release's own name such as `armv7`; `arm` picks `armv6`. */
  readonly arch: string;
}

const VERSION = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;
const PLATFORM_PART = /^[a-z0-9]+$/;

/** `2.15.0` for `v2.15.0`; InputError for anything that is not a release tag. */
function plainVersion(version: string): string {
  const m = VERSION.exec(version);
  if (!m) {
    throw new InputError(
      `golangci-lint version ${JSON.stringify(version)} is not a release tag like v2.15.0`,
    );
  }
  return m[1]!;
}

/** The `<os>-<arch>` part of release file names. */
function platformName(r: GolangciRelease): string {
  for (const [what, value] of [
    ['OS', r.os],
    ['architecture', r.arch],
  ] as const) {
    if (!PLATFORM_PART.test(value)) {
      throw new InputError(
        `golangci-lint release ${what} ${JSON.stringify(value)} is not a Go name like linux or amd64`,
      );
    }
  }
  // GOARCH has no ARM version; the armv6 build runs on both ARMv6 and ARMv7.
  return `${r.os}-${r.arch === 'arm' ? 'armv6' : r.arch}`;
}

/** `golangci-lint` or, on Windows, `golangci-lint.exe`. */
export function binaryName(os: string): string {
  return os === 'windows' ? 'golangci-lint.exe' : 'golangci-lint';
}

/** The archive's top directory, `golangci-lint-2.15.0-linux-amd64`. */
function topDirectory(r: GolangciRelease): string {
  return `golangci-lint-${plainVersion(r.version)}-${platformName(r)}`;
}

/** `golangci-lint-2.15.0-linux-amd64.tar.gz`, or `.zip` for Windows. */
export function assetName(r: GolangciRelease): string {
  return `${topDirectory(r)}.${r.os === 'windows' ? 'zip' : 'tar.gz'}`;
}

/** `golangci-lint-2.15.0-checksums.txt`. */
export function checksumsName(version: string): string {
  return `golangci-lint-${plainVersion(version)}-checksums.txt`;
}

/** The archive of one release and platform, and the checksums file that lists it. */
export function golangciAsset(r: GolangciRelease, baseUrl = GOLANGCI_RELEASES_URL): ReleaseAsset {
  const base = `${baseUrl.replace(/\/+$/, '')}/${r.version}`;
  const asset = assetName(r);
  return {
    tool: 'golangci-lint',
    release: r.version,
    asset,
    archiveUrl: `${base}/${asset}`,
    checksumsUrl: `${base}/${checksumsName(r.version)}`,
    top: topDirectory(r),
    binary: binaryName(r.os),
    releasesPage: 'https://github.com/golangci/golangci-lint/releases',
  };
}
