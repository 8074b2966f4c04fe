/**
 * Platforms named the way Go names them (GOOS/GOARCH), and the mappings from the names that
 * Node, GitHub runners, users and the go.dev release index use instead.
 */
import { endianness } from 'node:os';
import { InputError } from './errors.js';

/** A target platform in Go's names: `os` is a GOOS (`linux`, `darwin`, `windows`, ...),
 * `arch` a GOARCH (`amd64`, `arm64`, `386`, `arm`, ...). */
export interface Platform {
  os: string;
  arch: string;
}

/** `linux/amd64`, as Go prints a platform. */
export function formatPlatform(platform: Platform): string {
  return `${platform.os}/${platform.arch}`;
}

const NODE_OS_TO_GOOS: Readonly<Record<string, string>> = {
  win32: 'windows',
  darwin: 'darwin',
  linux: 'linux',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  netbsd: 'netbsd',
  aix: 'aix',
  android: 'android',
  // Node says "sunos" for both Solaris and illumos; Go's Solaris build runs on both.
  sunos: 'solaris',
};

const NODE_ARCH_TO_GOARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  s390x: 's390x',
  loong64: 'loong64',
  riscv64: 'riscv64',
  mips: 'mips',
  mipsel: 'mipsle',
  mips64el: 'mips64le',
  ppc: 'ppc',
};

/** Maps Node's names for a platform to Go's. Names Go does not know are passed through, so
 * resolution later fails with a message listing the platforms that do exist. */
export function goPlatformOf(
  nodePlatform: string,
  nodeArch: string,
  littleEndian = true,
): Platform {
  const os = NODE_OS_TO_GOOS[nodePlatform] ?? nodePlatform;
  let arch = NODE_ARCH_TO_GOARCH[nodeArch] ?? nodeArch;
  // Node reports "ppc64" for both byte orders; Linux on POWER is little-endian, AIX is not.
  if (nodeArch === 'ppc64') arch = littleEndian ? 'ppc64le' : 'ppc64';
  return { os, arch };
}

/** The platform this process runs on. */
export function hostPlatform(): Platform {
  return goPlatformOf(process.platform, process.arch, endianness() === 'LE');
}

// Runner names (x64, X86, ARM64, ...) and Go names, lower-cased, to the GOARCH they mean.
const ARCHITECTURE_NAMES: Readonly<Record<string, string>> = {
  x64: 'amd64',
  amd64: 'amd64',
  x86: '386',
  '386': '386',
  arm64: 'arm64',
  aarch64: 'arm64',
  arm: 'arm',
  armv6l: 'arm',
  ppc64le: 'ppc64le',
  ppc64: 'ppc64',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
};

/** Parses an `architecture` input: runner names (`x64`, `X64`, `arm64`, `x86`, `arm`, in any
 * case) or Go names (`amd64`, `386`, `arm`, `armv6l`, `ppc64le`, ...). Returns a GOARCH. */
export function parseArchitecture(input: string): string {
  const name = input.trim().toLowerCase();
  const arch = Object.hasOwn(ARCHITECTURE_NAMES, name) ? ARCHITECTURE_NAMES[name] : undefined;
  if (arch === undefined) {
    const shown = JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
    throw new InputError(
      `invalid architecture ${shown}: expected a runner name (x64, x86, arm64, arm) ` +
        `or a Go name (amd64, 386, arm64, arm, armv6l, ppc64le, ppc64, s390x, riscv64, loong64)`,
    );
  }
  return arch;
}

const RUNNER_OS_TO_GOOS: Readonly<Record<string, string>> = {
  Linux: 'linux',
  macOS: 'darwin',
  Windows: 'windows',
};

const RUNNER_ARCH_TO_GOARCH: Readonly<Record<string, string>> = {
  X64: 'amd64',
  ARM64: 'arm64',
  X86: '386',
  ARM: 'arm',
};

/** The platform of a GitHub runner from `RUNNER_OS`/`RUNNER_ARCH`; each part falls back to the
 * host's when the variable is missing or holds a value GitHub does not document. */
export function runnerPlatform(env: NodeJS.ProcessEnv): Platform {
  const host = hostPlatform();
  const runnerOs = env['RUNNER_OS'];
  const runnerArch = env['RUNNER_ARCH'];
  const os =
    runnerOs !== undefined && Object.hasOwn(RUNNER_OS_TO_GOOS, runnerOs)
      ? RUNNER_OS_TO_GOOS[runnerOs]
      : undefined;
  const arch =
    runnerArch !== undefined && Object.hasOwn(RUNNER_ARCH_TO_GOARCH, runnerArch)
      ? RUNNER_ARCH_TO_GOARCH[runnerArch]
      : undefined;
  return { os: os ?? host.os, arch: arch ?? host.arch };
}

/** The arch name go.dev's release index and file names use for a GOARCH (`arm` → `armv6l`). */
export function indexArchName(arch: string): string {
  return arch === 'arm' ? 'armv6l' : arch;
}

/** The GOARCH an arch name of the go.dev index stands for (`armv6l` and the one-off `arm6` →
 * `arm`); the inverse of {@link indexArchName}. */
export function goArchFromIndex(indexArch: string): string {
  return indexArch === 'armv6l' || indexArch === 'arm6' ? 'arm' : indexArch;
}

/** The extension of the Go binary archive for an OS: `zip` on Windows, `tar.gz` elsewhere. */
export function archiveExtension(os: string): 'zip' | 'tar.gz' {
  return os === 'windows' ? 'zip' : 'tar.gz';
}
