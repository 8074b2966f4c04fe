/**
 * Gets staticcheck and golangci-lint for a run of the gates, proven in this job:
 * - binary mode: the release archive, kept in the tool cache between jobs but hashed again
 *   in every job against the checksum line fetched from the release host now; the binary is
 *   taken from those bytes (release-tool.ts);
 * - goinstall mode: built from source with the job's Go in an isolated environment with fresh
 *   caches, every module checked against the Go checksum database (tool-build.ts). Nothing of
 *   a build is kept: no later job could prove it without building it again.
 * Binaries run from `runDir`, a directory of this run that the caller removes afterwards.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { RequestOptions } from '../fetch/http.js';
import type { InstallMode } from './gates-options.js';
import { GOLANGCI_RELEASES_URL, golangciAsset } from './golangci-release.js';
import { provenReleaseTool, type ReleaseAsset } from './release-tool.js';
import { STATICCHECK_RELEASES_URL, staticcheckAsset } from './staticcheck-release.js';
import { buildDirs, buildTool } from './tool-build.js';
import { GOLANGCI_PACKAGE, STATICCHECK_PACKAGE } from '../go/tool-pins.js';
import { buildFloorProblem, staticcheckReleaseName } from './tool-versions.js';

export type GateTool = 'staticcheck' | 'golangci-lint';

export interface GoInfo {
  /** The go binary the gates use. */
  readonly go: string;
  /** `go1.25.3` */
  readonly version: string;
  /** The host: tools run here even when GOOS/GOARCH cross-compile. */
  readonly os: string;
  readonly arch: string;
}

export interface InstalledGateTool {
  readonly tool: GateTool;
  readonly version: string;
  readonly path: string;
  /** What this job proved about the bytes it runs, for the summary (stable across runs). */
  readonly verifiedBy: string;
  /** True when a kept release archive proved and no download was needed. */
  readonly cached: boolean;
}

/** What every tool of one run shares. */
export interface ToolJob {
  readonly go: GoInfo;
  /** The tool cache root: release archives are kept under it. */
  readonly root: string;
  /** A directory of this run (created with mkdtemp); binaries and builds go in it. */
  readonly runDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly http?: RequestOptions;
  readonly timeoutMs?: number;
}

function exe(name: string, os: string): string {
  return os === 'windows' ? `${name}.exe` : name;
}

/**
 * `<root>/<tool>/<release>[-src-<hash>]/<os>-<arch>`: kept archives are keyed by where they
 * came from, so a mirror one job names never feeds a job that names another.
 */
export function keepDir(
  root: string,
  tool: GateTool,
  release: string,
  os: string,
  arch: string,
  baseUrl: string,
  defaultBaseUrl: string,
): string {
  const base = baseUrl.replace(/\/+$/, '');
  const source =
    base === defaultBaseUrl
      ? ''
      : `-src-${createHash('sha256').update(base).digest('hex').slice(0, 12)}`;
  return path.join(root, tool, `${release.replace(/^v/, '')}${source}`, `${os}-${arch}`);
}

async function fromRelease(
  job: ToolJob,
  tool: GateTool,
  version: string,
  asset: ReleaseAsset,
  defaultBaseUrl: string,
  baseUrl: string,
): Promise<InstalledGateTool> {
  const { go } = job;
  const proven = await provenReleaseTool({
    asset,
    keepDir: keepDir(job.root, tool, asset.release, go.os, go.arch, baseUrl, defaultBaseUrl),
    runDir: job.runDir,
    http: job.http,
  });
  return {
    tool,
    version,
    path: proven.path,
    verifiedBy:
      `release archive ${asset.asset} with SHA-256 ${proven.sha256}, the value ` +
      `${proven.checksumsUrl} gave in this job; the binary was taken from those bytes`,
    cached: proven.archive === 'kept',
  };
}

/** golangci-lint from its release archive. */
export function installGolangciBinary(
  job: ToolJob,
  version: string,
  baseUrl = GOLANGCI_RELEASES_URL,
): Promise<InstalledGateTool> {
  const asset = golangciAsset({ version, os: job.go.os, arch: job.go.arch }, baseUrl);
  return fromRelease(job, 'golangci-lint', version, asset, GOLANGCI_RELEASES_URL, baseUrl);
}

/** staticcheck from its release archive; `version` is the module version (v0.6.1). */
export async function installStaticcheckBinary(
  job: ToolJob,
  version: string,
  baseUrl = STATICCHECK_RELEASES_URL,
): Promise<InstalledGateTool> {
  const release = staticcheckReleaseName(version);
  if (!release) {
    throw new InputError(
      `staticcheck ${version} has no release name known here, so its release archive cannot ` +
        'be found; give a release such as 2025.1.1, or use staticcheck-install-mode: goinstall',
    );
  }
  const asset = staticcheckAsset(release, job.go.os, job.go.arch, baseUrl);
  return fromRelease(job, 'staticcheck', version, asset, STATICCHECK_RELEASES_URL, baseUrl);
}

/** Builds `pkg@version` with the job's Go in the isolated environment of tool-build.ts. */
export async function buildFromSource(
  job: ToolJob,
  tool: GateTool,
  version: string,
): Promise<InstalledGateTool> {
  const { go } = job;
  const floor = buildFloorProblem(tool, version, go.version);
  if (floor) throw new InputError(floor);
  const pkg = tool === 'staticcheck' ? STATICCHECK_PACKAGE : GOLANGCI_PACKAGE;
  const bin = await buildTool({
    pkg,
    version,
    binary: exe(tool, go.os),
    host: go,
    dirs: buildDirs(path.join(job.runDir, 'build')),
    gobin: path.join(job.runDir, `${tool}-bin`),
    env: job.env,
    timeoutMs: job.timeoutMs,
  });
  return {
    tool,
    version,
    path: bin,
    verifiedBy:
      `built in this job from ${pkg}@${version} with ${go.version}, every module checked ` +
      'against the Go checksum database (GOENV=off, no exemptions, fresh module and build caches)',
    cached: false,
  };
}

/** The tool in the mode asked for. */
export async function installGateTool(
  job: ToolJob,
  tool: GateTool,
  version: string,
  mode: InstallMode,
  baseUrl: string,
): Promise<InstalledGateTool> {
  if (mode === 'goinstall') return buildFromSource(job, tool, version);
  return tool === 'staticcheck'
    ? installStaticcheckBinary(job, version, baseUrl)
    : installGolangciBinary(job, version, baseUrl);
}
