/**
 * setupGo: the whole install as one library call, used by the action and the CLI.
 *
 *   inputs → version spec → (tool-cache entry, proven | release index → verified install)
 *          → environment plan → health check → result (record, outputs, proof for the post step)
 *
 * A tool-cache entry, ours or a runner image's, is used only after its tree is proven
 * against the Go checksum database in this run (install/entry-proof.ts); one that fails is
 * replaced. Effects are the network, the tool cache and running the installed go; applying
 * the environment is left to the caller.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { RequestOptions } from '../fetch/http.js';
import { fetchReleaseIndex, releaseSource } from '../go/godev.js';
import { planEnvironment, applyToPath, type EnvironmentPlan } from './environment.js';
import {
  proveEntry,
  type DatabaseAccess,
  type EntryProof,
  type ProvenTreeState,
} from './entry-proof.js';
import {
  adoptionRecord,
  installFromGoDev,
  installFromModuleProxy,
  reusedOutcome,
  type InstallContext,
  type InstallOutcome,
} from './fresh-install.js';
import { checkHealth, type HealthReport } from '../go/health.js';
import { sumdbClient } from '../verify/sumdb-access.js';
import { listVersions, removeEntry } from './tool-cache.js';
import type { Logger } from '../log.js';
import type { SetupGoOptions } from '../options.js';
import { hostPlatform, parseArchitecture, runnerPlatform, type Platform } from '../platform.js';
import { goEnv } from '../go/go-command.js';
import type { VerificationRecord } from './record.js';
import { differenceFrom } from '../verify/tree-proof/prove-tree.js';
import { describeDifference } from '../verify/tree-proof/tree-shape.js';
import { parseToolchainList, proxyModuleVersion } from '../versions/proxy-list.js';
import { TOOLCHAIN_MODULE } from '../versions/toolchain-module.js';
import {
  matchLocalVersions,
  parseVersionSpec,
  readVersionFile,
  resolveRelease,
  toGoTag,
  type Release,
  type VersionSpec,
} from '../versions/index.js';
import { inert } from '../log-text.js';

export { TOOL_NAME } from './records.js';

export interface SetupGoResult {
  /** semver, e.g. 1.22.5 */
  readonly version: string;
  /** Go tag, e.g. go1.22.5 */
  readonly tag: string;
  readonly platform: Platform;
  /** The machine's platform: the toolchain runs here when it equals `platform`. */
  readonly host: Platform;
  readonly goRoot: string;
  readonly goPath: string;
  readonly cacheHit: boolean;
  readonly record: VerificationRecord;
  readonly environment: EnvironmentPlan;
  readonly health?: HealthReport;
  /** The tool-cache entry and the `h1:` its tree was proven to have, for the post step. */
  readonly entry: ProvenTreeState;
}

export interface SetupGoEffects {
  readonly logger: Logger;
  /** The environment of the job (PATH, GOROOT, ...), read-only. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** HTTP settings (retries, timeouts); tests shorten them. */
  readonly http?: RequestOptions;
  /** The machine's platform; only tests override it. */
  readonly host?: Platform;
}

/** A Go in place and proven, before anything has run it. */
export type InstalledGo = Omit<SetupGoResult, 'health'>;

/**
 * The whole setup for library callers and the CLI: install, then prove it works. The action
 * runs the two steps itself, restoring the Go caches between them: the health check is the
 * first go command that can write into the build cache.
 */
export async function setupGo(
  options: SetupGoOptions,
  effects: SetupGoEffects,
): Promise<SetupGoResult> {
  const go = await installGo(options, effects);
  const health = await proveGoWorks(go, {}, options, effects);
  return { ...go, ...(health ? { health } : {}) };
}

/** Resolves the version, then reuses a proven tool-cache entry or installs and proves one. */
export async function installGo(
  options: SetupGoOptions,
  effects: SetupGoEffects,
): Promise<InstalledGo> {
  const { logger, env } = effects;
  const host = effects.host ?? hostPlatform();
  const platform = targetPlatform(options, env);
  const http: RequestOptions = { ...effects.http, token: options.token, env: { ...env } };
  const ctx: SetupContext = {
    options,
    platform,
    http,
    logger,
    database: databaseAccess(options, http),
  };
  const spec = parseVersionSpec(await chooseSpec(options, logger));
  logger.info(`Go version spec: ${inert(spec.input.trim())} (${platform.os}/${platform.arch})`);

  const local = options.checkLatest ? {} : await reuseLocal(spec, ctx);
  const installed = local.outcome ?? (await resolveAndInstall(spec, ctx, local.refusal));
  const { version, goRoot, record, cacheHit } = installed;
  const tag = record.go.tag;
  const runnable = platform.os === host.os && platform.arch === host.arch;
  const goPath = runnable ? await reportedGoPath(goRoot, host, env) : defaultGoPath(env, host);
  const environment = planEnvironment({
    goRoot,
    goPath,
    gotoolchain: options.gotoolchain,
    env,
    os: host.os,
  });
  const cacheArch = toolCacheArch(platform.arch);
  return {
    version,
    tag,
    platform,
    host,
    goRoot,
    goPath,
    cacheHit,
    record,
    environment,
    entry: {
      root: options.toolCacheDir,
      version,
      arch: cacheArch,
      moduleVersion: installed.moduleVersion,
      h1: installed.treeH1,
    },
  };
}

/**
 * Resolves the spec against the release list and installs (or proves the entry for) it.
 * `refused` is a local entry that failed its proof: if the install cannot replace it, the
 * error says both.
 */
async function resolveAndInstall(
  spec: VersionSpec,
  ctx: SetupContext,
  refused: Refusal | undefined,
): Promise<InstallOutcome> {
  try {
    return await resolveAndInstallOrThrow(spec, ctx, refused);
  } catch (err) {
    if (!refused || !(err instanceof Error) || err.message.startsWith('the tool cache entry'))
      throw err;
    throw withRefusal(err, refused);
  }
}

function withRefusal(err: Error, refusal: Refusal): Error {
  const diff = refusal.difference ? ` (${describeDifference(refusal.difference)})` : '';
  err.message =
    `the tool cache entry ${refusal.dir} could not be proven (${refusal.reasons.join('; ')})${diff}, ` +
    `and installing it again failed: ${err.message}`;
  return err;
}

async function resolveAndInstallOrThrow(
  spec: VersionSpec,
  ctx: SetupContext,
  refusedLocal: Refusal | undefined,
): Promise<InstallOutcome> {
  const { options, http, logger, platform } = ctx;
  const source = releaseSource(options.downloadBaseUrl);
  const releases =
    options.downloadSource === 'proxy'
      ? await logger.group(`Listing ${TOOLCHAIN_MODULE} on ${options.goproxy}`, () =>
          proxyReleases(options.goproxy, http),
        )
      : await logger.group(`Reading the release index ${source.indexUrl}`, () =>
          fetchReleaseIndex(source, http),
        );
  const { release, file } = resolveRelease(spec, releases, platform);
  const artifact =
    options.downloadSource === 'proxy'
      ? `${TOOLCHAIN_MODULE}@${proxyModuleVersion(file)}`
      : file.filename;
  logger.info(`Resolved ${inert(spec.input.trim())} to ${release.version} (${artifact})`);
  const ictx = installContext(ctx, release.semver);
  // An entry refused a moment ago is not proven twice; the install re-checks it under the lock.
  const sameAsRefused =
    refusedLocal?.dir ===
    path.join(options.toolCacheDir, 'go', release.semver, ictx.target.cacheArch);
  const reused = sameAsRefused ? { refusal: refusedLocal } : await reuseExact(ictx);
  if (reused.outcome) return reused.outcome;
  try {
    const installed =
      options.downloadSource === 'proxy'
        ? await installFromModuleProxy(ictx)
        : await installFromGoDev(release, file.filename, source, ictx);
    explainReplaced(reused.refusal, installed, logger);
    return installed;
  } catch (err) {
    if (!reused.refusal || !(err instanceof Error)) throw err;
    throw withRefusal(err, reused.refusal);
  }
}

/**
 * Proves the toolchain works, with `exported` (variables set for the job since the install,
 * such as cache directories) in its environment. A toolchain that fails is removed from the
 * tool cache, fresh or reused, so no later job runs it.
 */
export async function proveGoWorks(
  go: InstalledGo,
  exported: Readonly<Record<string, string>>,
  options: SetupGoOptions,
  effects: Pick<SetupGoEffects, 'env' | 'logger'>,
): Promise<HealthReport | undefined> {
  const { env, logger } = effects;
  if (options.healthCheck === 'off') return undefined;
  const jobEnv = {
    ...env,
    ...go.environment.variables,
    ...exported,
    PATH: applyToPath(go.environment, env['PATH'] ?? '', go.host.os),
  };
  const health = await logger.group('Health check', () =>
    checkHealth({
      goRoot: go.goRoot,
      expectedVersion: go.tag,
      target: go.platform,
      host: go.host,
      env: jobEnv,
      runtime: options.healthCheck === 'full' && !go.cacheHit,
    }),
  );
  for (const f of health.findings) {
    const line = `${f.ok ? 'ok  ' : 'FAIL'} ${f.layer}: ${f.check}: ${f.detail}${f.fix ? ` (fix: ${f.fix})` : ''}`;
    logger.info(inert(line));
  }
  if (health.ok) return health;
  const failed = health.findings.filter((f) => !f.ok);
  const broken = failed.some((f) => f.layer === 'runtime' || f.check === 'go version');
  if (broken) {
    // A toolchain that does not run is not left in the cache for the next job.
    await removeEntry(options.toolCacheDir, go.version, go.entry.arch);
  }
  throw new Error(
    `the installed Go failed its health check: ${failed.map((f) => `${f.check}: ${f.detail}${f.fix ? ` (fix: ${f.fix})` : ''}`).join('; ')}`,
  );
}

/** go-version, else go-version-file, else the go.mod beside the job, else stable. */
async function chooseSpec(options: SetupGoOptions, logger: Logger): Promise<string> {
  if (options.goVersion) {
    if (options.goVersionFile)
      logger.warning('both go-version and go-version-file are set; go-version wins');
    return options.goVersion;
  }
  if (options.goVersionFile) {
    return readVersionFile(path.resolve(options.workingDirectory, options.goVersionFile));
  }
  const goMod = path.join(options.workingDirectory, 'go.mod');
  if (existsSync(goMod)) {
    logger.info('no go-version or go-version-file given: using go.mod');
    return readVersionFile(goMod);
  }
  logger.info('no go-version, go-version-file or go.mod: installing the latest stable Go');
  return 'stable';
}

function targetPlatform(
  options: SetupGoOptions,
  env: Readonly<Record<string, string | undefined>>,
): Platform {
  const runner = runnerPlatform(env as NodeJS.ProcessEnv);
  return {
    os: options.os ?? runner.os,
    arch: options.architecture ? parseArchitecture(options.architecture) : runner.arch,
  };
}

/** Tool-cache directories use the runner's architecture names, as @actions/tool-cache does. */
export function toolCacheArch(goArch: string): string {
  const names: Record<string, string> = { amd64: 'x64', '386': 'x86' };
  return names[goArch] ?? goArch;
}

/** The job's checksum database, made on first use; its last tree head is kept beside the tool cache. */
function databaseAccess(options: SetupGoOptions, http: RequestOptions): () => DatabaseAccess {
  let access: DatabaseAccess | undefined;
  const gosumdb = options.gosumdb?.trim();
  return () =>
    (access ??= {
      client: sumdbClient(options.goproxy, {
        http,
        sumdbStateDir: path.join(options.toolCacheDir, 'go', '.sumdb'),
        ...(gosumdb ? { gosumdb } : {}),
      }),
      online: options.verifySumdb !== 'off' || options.downloadSource === 'proxy',
    });
}

/** What the run knows before it picks a version: options, platform, effects. */
interface SetupContext {
  readonly options: SetupGoOptions;
  readonly platform: Platform;
  readonly http: RequestOptions;
  readonly logger: Logger;
  readonly database: () => DatabaseAccess;
}

function installContext(ctx: SetupContext, version: string): InstallContext {
  const tag = toGoTag(version) ?? `go${version}`;
  return {
    ...ctx,
    target: {
      toolCacheDir: ctx.options.toolCacheDir,
      version,
      tag,
      platform: ctx.platform,
      cacheArch: toolCacheArch(ctx.platform.arch),
    },
  };
}

/** The newest tool-cache entry matching the spec, proven, or why it was refused. */
async function reuseLocal(
  spec: VersionSpec,
  ctx: SetupContext,
): Promise<{ outcome?: InstallOutcome; refusal?: Refusal }> {
  const arch = toolCacheArch(ctx.platform.arch);
  const local = matchLocalVersions(spec, await listVersions(ctx.options.toolCacheDir, arch));
  return local ? reuseExact(installContext(ctx, local)) : {};
}

/** A refused entry, kept so the fresh install that replaces it can name what differed. */
type Refusal = Extract<EntryProof, { kind: 'refused' }>;

/**
 * Proves the entry for ctx's version (ours or a runner image's) and returns it, or why it
 * cannot be used. Nothing here runs the tree.
 */
async function reuseExact(
  ctx: InstallContext,
): Promise<{ outcome?: InstallOutcome; refusal?: Refusal }> {
  const db = ctx.database();
  const database = db.client.settings.name;
  const proof = await proveEntry(ctx.target, db, {
    logger: ctx.logger,
    adoptionRecord: adoptionRecord(ctx.target, database),
  });
  if (proof.kind === 'absent') return {};
  if (proof.kind === 'refused') {
    const diff = proof.difference
      ? `; differing files: ${describeDifference(proof.difference)}`
      : '';
    ctx.logger.warning(
      `tool cache entry ${proof.dir} is not used: ${proof.reasons.join('; ')}${diff}. Installing it again.`,
    );
    return { refusal: proof };
  }
  const outcome = reusedOutcome(ctx.target, proof.entry, database);
  ctx.logger.info(
    `${proof.entry.adopted ? 'Adopted' : 'Reusing'} Go ${ctx.target.version} at ${inert(proof.entry.dir)}: ${outcome.record.proof.statement}`,
  );
  return { outcome };
}

/** After a refused entry was replaced: which of its files differed from the published tree. */
function explainReplaced(
  refusal: Refusal | undefined,
  installed: InstallOutcome,
  logger: Logger,
): void {
  if (!refusal?.tree || refusal.difference || !installed.members) return;
  const difference = differenceFrom(refusal.tree, installed.members, refusal.ours);
  logger.warning(
    `the replaced entry ${refusal.dir} differed from the published tree: ${describeDifference(difference)}`,
  );
}

async function reportedGoPath(
  goRoot: string,
  host: Platform,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const go = path.join(goRoot, 'bin', host.os === 'windows' ? 'go.exe' : 'go');
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  const vars = await goEnv(go, ['GOPATH'], { env: { ...clean, GOTOOLCHAIN: 'local' } }).catch(
    () => undefined,
  );
  return vars?.['GOPATH'] || defaultGoPath(env, host);
}

function defaultGoPath(env: Readonly<Record<string, string | undefined>>, host: Platform): string {
  if (env['GOPATH']) return env['GOPATH'];
  const home = host.os === 'windows' ? env['USERPROFILE'] : env['HOME'];
  return path.join(home ?? '', 'go');
}

/** The toolchain versions a Go module proxy lists, as releases `resolveRelease` understands. */
async function proxyReleases(goproxy: string, http: RequestOptions): Promise<Release[]> {
  const { listToolchainVersions } = await import('../verify/sumdb-access.js');
  return parseToolchainList(await listToolchainVersions(goproxy, http));
}
