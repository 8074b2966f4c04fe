/**
 * Puts staticcheck and golangci-lint on disk, verified, in the tool cache:
 * - built from source with the job's own Go (`go install pkg@version`), with every module
 *   checked against the Go checksum database: the environment is scrubbed of the settings
 *   that would skip that check;
 * - or, for golangci-lint, the release archive checked against the release's checksums file.
 * Entries are keyed by tool, version, the Go that built them, OS and arch, and published by
 * rename, so a half-built tool is never used and concurrent jobs share one result.
 */
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { run } from '../process.js';
import type { RequestOptions } from '../fetch/http.js';
import { installGolangciRelease } from './golangci-release.js';
import { buildFloorProblem, GOLANGCI_PACKAGE, STATICCHECK_PACKAGE } from './tool-versions.js';

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
  /** How the bytes were verified, for the summary. */
  readonly verifiedBy: string;
  readonly cached: boolean;
}

const RECORD = '.setup-go-verified-tool.json';

function exe(name: string, os: string): string {
  return os === 'windows' ? `${name}.exe` : name;
}

/** `<root>/<tool>/<version>[-<go>]/<os>-<arch>`, the tool-cache layout the Go entries use. */
export function toolDir(
  root: string,
  tool: GateTool,
  version: string,
  os: string,
  arch: string,
  builtWith?: string,
): string {
  const v = builtWith ? `${version.replace(/^v/, '')}-${builtWith}` : version.replace(/^v/, '');
  return path.join(root, tool, v, `${os}-${arch}`);
}

async function cachedTool(dir: string, bin: string): Promise<Record<string, unknown> | undefined> {
  try {
    const record = JSON.parse(await readFile(path.join(dir, RECORD), 'utf8')) as Record<
      string,
      unknown
    >;
    if ((await stat(path.join(dir, bin))).isFile()) return record;
  } catch {
    // Missing or unreadable: not installed.
  }
  return undefined;
}

/**
 * The environment for `go install` of a tool: module checksums must come from the checksum
 * database, so the variables that exempt modules from it (or turn it off) are cleared, and
 * the tool is built for the host by the job's Go, never an auto-switched toolchain.
 */
export function verifiedInstallEnv(
  env: NodeJS.ProcessEnv,
  go: GoInfo,
  gobin: string,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  for (const k of ['GONOSUMDB', 'GONOSUMCHECK', 'GOPRIVATE', 'GOINSECURE', 'GOEXPERIMENT']) {
    delete out[k];
  }
  // -mod=vendor/mod are about the project's module, which a tool build must not see.
  const flags = (out['GOFLAGS'] ?? '').split(/\s+/).filter((f) => f && !f.startsWith('-mod='));
  if (flags.length > 0) out['GOFLAGS'] = flags.join(' ');
  else delete out['GOFLAGS'];
  if (!out['GOSUMDB'] || out['GOSUMDB'] === 'off') out['GOSUMDB'] = 'sum.golang.org';
  out['GOTOOLCHAIN'] = 'local';
  out['GOBIN'] = gobin;
  out['GOOS'] = go.os;
  out['GOARCH'] = go.arch;
  out['CGO_ENABLED'] = '0';
  out['GOWORK'] = 'off';
  return out;
}

async function publish(tmp: string, dir: string, bin: string): Promise<boolean> {
  await mkdir(path.dirname(dir), { recursive: true });
  try {
    await rename(tmp, dir);
    return true;
  } catch (err) {
    // Another job published first: use theirs if it is whole, else replace it.
    if (await cachedTool(dir, bin)) {
      await rm(tmp, { recursive: true, force: true });
      return false;
    }
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir).catch(async () => {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    });
    return true;
  }
}

/** Builds `pkg@version` with the job's Go into the tool cache (or finds it there). */
export async function installFromSource(opts: {
  tool: GateTool;
  version: string;
  go: GoInfo;
  root: string;
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}): Promise<InstalledGateTool> {
  const { tool, version, go } = opts;
  const floor = buildFloorProblem(tool, version, go.version);
  if (floor) throw new InputError(floor);
  const pkg = tool === 'staticcheck' ? STATICCHECK_PACKAGE : GOLANGCI_PACKAGE;
  const dir = toolDir(opts.root, tool, version, go.os, go.arch, go.version);
  const bin = exe(tool, go.os);
  const verifiedBy = `built from ${pkg}@${version} with ${go.version}; modules checked against the Go checksum database`;
  if (await cachedTool(dir, bin)) {
    return { tool, version, path: path.join(dir, bin), verifiedBy, cached: true };
  }
  await mkdir(path.dirname(dir), { recursive: true });
  const tmp = await mkdtemp(path.join(path.dirname(dir), `.tmp-${go.os}-${go.arch}-`));
  try {
    // Run outside any module so the project's go.mod and replace lines cannot change the build.
    const r = await run(go.go, ['install', `${pkg}@${version}`], {
      cwd: tmp,
      env: verifiedInstallEnv(opts.env, go, tmp),
      timeoutMs: opts.timeoutMs ?? 20 * 60_000,
    });
    if (r.code !== 0) {
      throw new Error(
        `go install ${pkg}@${version} with ${go.version} failed (exit ${r.code}):\n${(r.stderr || r.stdout).trim()}`,
      );
    }
    if (!(await stat(path.join(tmp, bin)).catch(() => undefined))?.isFile()) {
      throw new Error(`go install ${pkg}@${version} succeeded but left no ${bin}`);
    }
    await writeFile(
      path.join(tmp, RECORD),
      JSON.stringify({ tool, version, package: pkg, builtWith: go.version, verifiedBy }, null, 2) +
        '\n',
    );
    const ours = await publish(tmp, dir, bin);
    return { tool, version, path: path.join(dir, bin), verifiedBy, cached: !ours };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** golangci-lint from its release archive, checked against the release's checksums file. */
export async function installGolangciBinary(opts: {
  version: string;
  go: GoInfo;
  root: string;
  baseUrl: string;
  http?: RequestOptions;
}): Promise<InstalledGateTool> {
  const { version, go } = opts;
  const dir = toolDir(opts.root, 'golangci-lint', version, go.os, go.arch);
  const installed = await installGolangciRelease({
    release: { version, os: go.os, arch: go.arch },
    baseUrl: opts.baseUrl,
    toolDir: dir,
    http: opts.http,
  });
  return {
    tool: 'golangci-lint',
    version,
    path: installed.path,
    verifiedBy: `release archive SHA-256 ${installed.sha256} matched the release's checksums file`,
    cached: installed.cached,
  };
}
