/**
 * Which staticcheck and golangci-lint to run. Versions are pinned here, not "latest": a new
 * linter release that adds checks must not turn a green main red overnight. The pin depends on
 * the job's Go version where the tool is built from source, because each release's go.mod
 * names the oldest Go that can compile it.
 */
import { InputError } from '../errors.js';
import type { PinSource } from '../go/tool-pins.js';
import { compareGoTags } from '../versions/go-version.js';

interface PinnedRelease {
  /** Module version (what `go install` wants). */
  readonly version: string;
  /** The release name users know (staticcheck calls v0.6.1 "2025.1.1"). */
  readonly release: string;
  /** The `go` line of the release's go.mod: the oldest toolchain that builds it. */
  readonly minGo: string;
}

/** Newest first. Release names and go lines read from each release's own sources. */
const STATICCHECK_RELEASES: readonly PinnedRelease[] = [
  { version: 'v0.8.2', release: '2026.2.2', minGo: '1.26.0' },
  { version: 'v0.8.1', release: '2026.2.1', minGo: '1.26.0' },
  { version: 'v0.8.0', release: '2026.2', minGo: '1.26.0' },
  { version: 'v0.7.0', release: '2026.1', minGo: '1.25.0' },
  { version: 'v0.6.1', release: '2025.1.1', minGo: '1.23' },
  { version: 'v0.6.0', release: '2025.1', minGo: '1.23' },
  { version: 'v0.5.1', release: '2024.1.1', minGo: '1.22.1' },
  { version: 'v0.4.7', release: '2023.1.7', minGo: '1.19' },
];

/** The newest golangci-lint of each Go floor, for `goinstall` mode. Newest first. */
const GOLANGCI_RELEASES: readonly PinnedRelease[] = [
  { version: 'v2.15.0', release: 'v2.15.0', minGo: '1.26.0' },
  { version: 'v2.12.2', release: 'v2.12.2', minGo: '1.25.0' },
  { version: 'v2.8.0', release: 'v2.8.0', minGo: '1.24.0' },
  { version: 'v2.3.1', release: 'v2.3.1', minGo: '1.23.0' },
];

/** Release binaries are built by the golangci-lint team with a current Go: no floor applies. */
export const DEFAULT_GOLANGCI_BINARY_VERSION = 'v2.15.0';

export type VersionSource = 'input' | PinSource | 'pinned default';

export interface ToolVersion {
  readonly version: string;
  /** How the version was chosen, for the summary ("pinned default for go1.25"). */
  readonly source: VersionSource;
  readonly release?: string;
}

/** `go1.25.3` or `1.25.3` → `go1.25.3`, for comparisons. */
function goTag(v: string): string {
  return v.startsWith('go') ? v : `go${v}`;
}

function newestBuildableBy(
  releases: readonly PinnedRelease[],
  goVersion: string,
): PinnedRelease | undefined {
  return releases.find((r) => compareGoTags(goTag(r.minGo), goTag(goVersion)) <= 0);
}

const MODULE_VERSION = /^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const STATICCHECK_RELEASE_NAME = /^20\d\d\.\d+(?:\.\d+)?$/;

/**
 * Turns a `staticcheck-version` input into a module version: `2025.1.1`, `v0.6.1` and `0.6.1`
 * all mean v0.6.1. Unknown release names are refused rather than guessed.
 */
export function staticcheckModuleVersion(input: string): { version: string; release?: string } {
  const v = input.trim();
  const known = STATICCHECK_RELEASES.find((r) => r.release === v || r.version === v);
  if (known) return { version: known.version, release: known.release };
  if (STATICCHECK_RELEASE_NAME.test(v)) {
    throw new InputError(
      `staticcheck-version ${v}: unknown staticcheck release name; give its module version ` +
        `instead (for example v0.6.1 for 2025.1.1; see https://staticcheck.dev/changes)`,
    );
  }
  const withV = v.startsWith('v') ? v : `v${v}`;
  if (!MODULE_VERSION.test(withV)) {
    throw new InputError(
      `staticcheck-version ${JSON.stringify(input)} is not a staticcheck release ` +
        '(2025.1.1) or module version (v0.6.1)',
    );
  }
  return { version: withV };
}

export function golangciModuleVersion(input: string): string {
  const v = input.trim();
  const withV = v.startsWith('v') ? v : `v${v}`;
  if (!MODULE_VERSION.test(withV)) {
    throw new InputError(
      `golangci-lint-version ${JSON.stringify(input)} is not a version like v2.15.0`,
    );
  }
  if (!withV.startsWith('v2.')) {
    throw new InputError(
      `golangci-lint-version ${withV}: only golangci-lint v2 is supported (its configuration ` +
        'format and JSON output differ from v1); migrate with `golangci-lint migrate`',
    );
  }
  return withV;
}

/** The release name (2025.1.1) of a staticcheck module version (v0.6.1), when known here. */
export function staticcheckReleaseName(version: string): string | undefined {
  return STATICCHECK_RELEASES.find((r) => r.version === version)?.release;
}

/**
 * The pinned staticcheck. Release binaries are built by the staticcheck team with the Go of
 * their day, so binary mode takes the newest release; a build from source takes the newest
 * that the job's Go can compile, or an error that names the oldest usable Go.
 */
export function defaultStaticcheck(mode: 'binary' | 'goinstall', goVersion: string): ToolVersion {
  const pick =
    mode === 'binary'
      ? STATICCHECK_RELEASES[0]
      : newestBuildableBy(STATICCHECK_RELEASES, goVersion);
  if (!pick) {
    const oldest = STATICCHECK_RELEASES[STATICCHECK_RELEASES.length - 1]!;
    throw new InputError(
      `no pinned staticcheck builds with ${goTag(goVersion)} (the oldest, ${oldest.release}, ` +
        `needs go${oldest.minGo}); set staticcheck-version, use staticcheck-install-mode: ` +
        'binary, or use a newer Go',
    );
  }
  return { version: pick.version, release: pick.release, source: 'pinned default' };
}

export function defaultGolangci(mode: 'binary' | 'goinstall', goVersion: string): ToolVersion {
  if (mode === 'binary')
    return { version: DEFAULT_GOLANGCI_BINARY_VERSION, source: 'pinned default' };
  const pick = newestBuildableBy(GOLANGCI_RELEASES, goVersion);
  if (!pick) {
    throw new InputError(
      `no pinned golangci-lint v2 builds with ${goTag(goVersion)}; use ` +
        'golangci-lint-install-mode: binary or a newer Go',
    );
  }
  return { version: pick.version, source: 'pinned default' };
}

/**
 * The error to give before `go install` when a chosen version cannot be built by the job's Go.
 * Only known releases are checked; for others the go command itself will say it.
 */
export function buildFloorProblem(
  tool: 'staticcheck' | 'golangci-lint',
  version: string,
  goVersion: string,
): string | undefined {
  const table = tool === 'staticcheck' ? STATICCHECK_RELEASES : GOLANGCI_RELEASES;
  const known = table.find((r) => r.version === version);
  if (!known || compareGoTags(goTag(known.minGo), goTag(goVersion)) <= 0) return undefined;
  return (
    `${tool} ${version} needs go${known.minGo} or newer to build, and this job has ` +
    `${goTag(goVersion)}; pick an older ${tool}-version or set up a newer Go`
  );
}
