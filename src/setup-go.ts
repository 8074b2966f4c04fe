/**
 * setupGo: the whole install as one library call, used by the action and the CLI.
 *
 *   inputs → version spec → (tool cache | release index → archive) → verified install
 *          → environment plan → health check → result (record, outputs)
 *
 * Effects are limited to the network (index, archive, signature), the tool cache and
 * running the installed go; applying the environment is left to the caller.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { RequestOptions } from './fetch/http.js';
import {
  archiveSourceFor,
  fetchReleaseIndex,
  releaseSource,
  type ReleaseSource,
} from './install/godev.js';
import { planEnvironment, applyToPath, type EnvironmentPlan } from './install/environment.js';
import { checkHealth, type HealthReport } from './install/health.js';
import { recheckEntry } from './install/recheck.js';
import type { VerifiedArchive } from './install/release-archive.js';
import type { VerifiedModule } from './install/proxy-source.js';
import { TOOLCHAIN_MODULE, toolchainModuleVersion } from './versions/toolchain-module.js';
import { parseToolchainList, proxyModuleVersion } from './versions/proxy-list.js';
import { findEntry, installEntry, listVersions, removeEntry } from './install/tool-cache.js';
import type { Logger } from './log.js';
import type { SetupGoOptions } from './options.js';
import { hostPlatform, parseArchitecture, runnerPlatform, type Platform } from './platform.js';
import { run } from './process.js';
import {
  RECORD_SCHEMA,
  type ChecksumDatabaseRecord,
  type VerificationRecord,
} from './report/record.js';
import { VerificationError } from './errors.js';
import {
  matchLocalVersions,
  parseVersionSpec,
  readVersionFile,
  resolveRelease,
  toGoTag,
  type Release,
  type VersionSpec,
} from './versions/index.js';

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
  /** The tool-cache entry, so a later step can re-check it. */
  readonly entry: { readonly root: string; readonly version: string; readonly arch: string };
}

export interface SetupGoEffects {
  readonly logger: Logger;
  /** The environment of the job (PATH, GOROOT, ...), read-only. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** HTTP settings (retries, timeouts); tests shorten them. */
  readonly http?: RequestOptions;
  /** The machine's platform; only tests override it. */
  readonly host?: Platform;
  /**
   * Runs once Go is in place and before the health check, the first go command that can
   * write into the build cache: the action restores the Go caches here. Returns variables
   * it exported for the job (the health check then sees them too).
   */
  readonly beforeHealthCheck?: (
    go: Omit<SetupGoResult, 'health'>,
  ) => Promise<Readonly<Record<string, string>> | void>;
}

export const TOOL_NAME = 'setup-go-verified';

export async function setupGo(
  options: SetupGoOptions,
  effects: SetupGoEffects,
): Promise<SetupGoResult> {
  const { logger, env } = effects;
  const host = effects.host ?? hostPlatform();
  const platform = targetPlatform(options, env);
  const cacheArch = toolCacheArch(platform.arch);
  const http: RequestOptions = { ...effects.http, token: options.token, env: { ...env } };
  const ctx: InstallContext = { options, platform, cacheArch, http, logger };
  const spec = parseVersionSpec(await chooseSpec(options, logger));
  logger.info(`Go version spec: ${spec.input.trim()} (${platform.os}/${platform.arch})`);

  const source = releaseSource(options.downloadBaseUrl);
  let installed: InstallOutcome | undefined;
  if (!options.checkLatest) {
    installed = await reuseLocal(spec, ctx);
  }
  if (!installed) {
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
    logger.info(`Resolved ${spec.input.trim()} to ${release.version} (${artifact})`);
    installed =
      (await reuseExact(release.semver, ctx)) ??
      (options.downloadSource === 'proxy'
        ? await installFromModuleProxy(release, ctx)
        : await installFresh(release, file.filename, source, ctx));
  }

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

  const installedGo: Omit<SetupGoResult, 'health'> = {
    version,
    tag,
    platform,
    host,
    goRoot,
    goPath,
    cacheHit,
    record,
    environment,
    entry: { root: options.toolCacheDir, version, arch: cacheArch },
  };
  const exported = (await effects.beforeHealthCheck?.(installedGo)) ?? {};

  let health: HealthReport | undefined;
  if (options.healthCheck !== 'off') {
    const jobEnv = {
      ...env,
      ...environment.variables,
      ...exported,
      PATH: applyToPath(environment, env['PATH'] ?? '', host.os),
    };
    health = await logger.group('Health check', () =>
      checkHealth({
        goRoot,
        expectedVersion: tag,
        target: platform,
        host,
        env: jobEnv,
        runtime: options.healthCheck === 'full' && !cacheHit,
      }),
    );
    for (const f of health.findings) {
      const line = `${f.ok ? 'ok  ' : 'FAIL'} ${f.layer}: ${f.check}: ${f.detail}${f.fix ? ` (fix: ${f.fix})` : ''}`;
      logger.info(line);
    }
    if (!health.ok) {
      const failed = health.findings.filter((f) => !f.ok);
      const broken = failed.some((f) => f.layer === 'runtime' || f.check === 'go version');
      if (broken && !cacheHit) {
        // A toolchain that does not run is not left in the cache for the next job.
        await removeEntry(options.toolCacheDir, version, cacheArch);
      }
      throw new Error(
        `the installed Go failed its health check: ${failed.map((f) => `${f.check}: ${f.detail}${f.fix ? ` (fix: ${f.fix})` : ''}`).join('; ')}`,
      );
    }
  }
  return { ...installedGo, ...(health ? { health } : {}) };
}

/** What every install path needs: the options, the target, and the effects. */
interface InstallContext {
  readonly options: SetupGoOptions;
  readonly platform: Platform;
  readonly cacheArch: string;
  readonly http: RequestOptions;
  readonly logger: Logger;
}

interface InstallOutcome {
  version: string;
  goRoot: string;
  record: VerificationRecord;
  cacheHit: boolean;
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

async function reuseLocal(
  spec: VersionSpec,
  ctx: InstallContext,
): Promise<InstallOutcome | undefined> {
  const local = matchLocalVersions(
    spec,
    await listVersions(ctx.options.toolCacheDir, ctx.cacheArch),
  );
  return local ? reuseExact(local, ctx) : undefined;
}

/** A verified entry whose executables still match its record, or undefined. */
async function reuseExact(
  version: string,
  { options, cacheArch, platform, logger }: InstallContext,
): Promise<InstallOutcome | undefined> {
  const root = options.toolCacheDir;
  const entry = await findEntry(root, version, cacheArch);
  if (!entry) return undefined;
  if (entry.state === 'unverified') {
    logger.info(
      `tool cache has go ${version} ${cacheArch} without a verification record (${entry.reason}); replacing it`,
    );
    return undefined;
  }
  const check = await recheckEntry(entry.dir, entry.record, { version, arch: platform.arch });
  if (!check.ok) {
    logger.warning(
      `tool cache entry ${entry.dir} is not reused: ${check.reason}; installing it again`,
    );
    return undefined;
  }
  logger.info(`Reusing verified Go ${version} from ${entry.dir}`);
  return { version, goRoot: entry.dir, record: check.record, cacheHit: true };
}

async function installFresh(
  release: Release,
  filename: string,
  source: ReleaseSource,
  { options, platform, cacheArch, http, logger }: InstallContext,
): Promise<InstallOutcome> {
  const file = release.files.find((f) => f.filename === filename)!;
  const crossCheck =
    options.verifySumdb === 'required' ||
    (options.verifySumdb === 'auto' && file.filename.endsWith('.zip'));
  const archive = await archiveSourceFor(
    file,
    source,
    () => fetchReleaseIndex(releaseSource(undefined), http),
    crossCheck,
  );
  // Loaded only when something is installed: a tool-cache hit never needs openpgp, tar or
  // yauzl, and not parsing them keeps the warm path fast.
  const [{ installReleaseArchive }, { loadSigningKeys, readSigningKeysWithSource }] =
    await Promise.all([import('./install/release-archive.js'), import('./verify/keys.js')]);
  const keyText = await readSigningKeysWithSource(options.signingKeys);
  const keys = await loadSigningKeys(keyText.armored, keyText.source);
  const tag = toGoTag(release.semver) ?? release.version;
  // Asked before the download starts: an unreachable database fails the step at once.
  const vouched = crossCheck ? await databaseRecord(tag, platform, options, http) : undefined;

  const entry = await logger.group(`Installing ${archive.name}`, () =>
    installEntry<VerifiedArchive & { db?: ChecksumDatabaseRecord }, VerificationRecord>(
      options.toolCacheDir,
      release.semver,
      cacheArch,
      async (tmp) => {
        const verified = await installReleaseArchive(archive, tmp, {
          keys,
          http,
          logger,
          hashAllFiles: crossCheck,
        });
        if (!vouched) return verified;
        return { ...verified, db: await crossCheckTree(verified, vouched, tag, platform) };
      },
      (verified) => ({
        schema: RECORD_SCHEMA,
        tool: TOOL_NAME,
        go: { version: release.semver, tag, os: platform.os, arch: platform.arch },
        source: source.kind,
        artifacts: [verified.artifact],
        ...(verified.db ? { checksumDatabase: verified.db } : {}),
        tree: verified.tree,
        installedAt: new Date().toISOString(),
      }),
    ),
  );
  for (const a of entry.record.artifacts) {
    logger.info(`SHA-256 ${a.sha256} matches ${a.sha256Source}`);
    if (a.signature.status === 'verified') {
      logger.info(
        `OpenPGP signature by ${a.signature.signingKeyFingerprint} made ${a.signature.created}: valid`,
      );
    } else {
      logger.warning(
        `${a.name}: no OpenPGP signature (${a.signature.reason}); SHA-256 from ${a.sha256Source}`,
      );
    }
  }
  const db = entry.record.checksumDatabase;
  if (db) {
    logger.info(
      `${archive.name} unpacks to ${db.module} ${db.h1}: proven in ${db.database} tree ${db.treeSize}`,
    );
  }
  return { version: release.semver, goRoot: entry.dir, record: entry.record, cacheHit: false };
}

/** The checksum database's proven record for the toolchain module of this release. */
async function databaseRecord(
  tag: string,
  platform: Platform,
  options: SetupGoOptions,
  http: RequestOptions,
): Promise<ChecksumDatabaseRecord> {
  const { lookUpToolchain, sumdbClient } = await import('./install/proxy-source.js');
  const version = toolchainModuleVersion(tag, platform.os, platform.arch);
  const gosumdb = options.gosumdb?.trim();
  const client = sumdbClient(options.goproxy, {
    http,
    sumdbStateDir: path.join(options.toolCacheDir, 'go', '.sumdb'),
    ...(gosumdb ? { gosumdb } : {}),
  });
  const found = await lookUpToolchain(client, version);
  return {
    database: client.settings.name,
    url: found.databaseUrl,
    module: `${TOOLCHAIN_MODULE}@${version}`,
    h1: found.h1,
    recordId: found.recordId,
    treeSize: found.treeSize,
    rootHash: found.rootHash,
  };
}

/**
 * A go.dev archive holds the same files as the toolchain module, less api/ doc/ misc/ test/
 * and with go.mod files renamed: its tree must hash to the module's h1: in the database.
 */
async function crossCheckTree(
  verified: VerifiedArchive,
  db: ChecksumDatabaseRecord,
  tag: string,
  platform: Platform,
): Promise<ChecksumDatabaseRecord> {
  const { moduleEquivalentHash } = await import('./versions/toolchain-module.js');
  const found = moduleEquivalentHash(
    verified.fileHashes ?? new Map(),
    tag,
    platform.os,
    platform.arch,
  );
  if (found !== db.h1) {
    throw new VerificationError(
      `tree of ${verified.artifact.name} as ${db.module}`,
      `${db.h1} (checksum database ${db.url}, record ${db.recordId}, tree ${db.treeSize})`,
      found,
      verified.artifact.url,
    );
  }
  return db;
}

async function reportedGoPath(
  goRoot: string,
  host: Platform,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const go = path.join(goRoot, 'bin', host.os === 'windows' ? 'go.exe' : 'go');
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  const out = await run(go, ['env', 'GOPATH'], { env: { ...clean, GOTOOLCHAIN: 'local' } }).catch(
    () => undefined,
  );
  return out && out.code === 0 && out.stdout.trim() ? out.stdout.trim() : defaultGoPath(env, host);
}

function defaultGoPath(env: Readonly<Record<string, string | undefined>>, host: Platform): string {
  if (env['GOPATH']) return env['GOPATH'];
  const home = host.os === 'windows' ? env['USERPROFILE'] : env['HOME'];
  return path.join(home ?? '', 'go');
}

/** The toolchain versions a Go module proxy lists, as releases `resolveRelease` understands. */
async function proxyReleases(goproxy: string, http: RequestOptions): Promise<Release[]> {
  const { listToolchainVersions } = await import('./install/proxy-source.js');
  return parseToolchainList(await listToolchainVersions(goproxy, http));
}

/**
 * Installs the golang.org/toolchain module zip from a module proxy, proven by the Go
 * checksum database (signed tree note + inclusion proof + h1: of the unpacked files). The
 * last verified tree head is kept beside the tool cache, so a forked log is noticed.
 */
async function installFromModuleProxy(
  release: Release,
  { options, platform, cacheArch, http, logger }: InstallContext,
): Promise<InstallOutcome> {
  const { installFromProxy } = await import('./install/proxy-source.js');
  const tag = toGoTag(release.semver) ?? release.version;
  const gosumdb = options.gosumdb?.trim();
  const entry = await logger.group(
    `Installing ${TOOLCHAIN_MODULE} ${tag} ${platform.os}/${platform.arch}`,
    () =>
      installEntry<VerifiedModule, VerificationRecord>(
        options.toolCacheDir,
        release.semver,
        cacheArch,
        (tmp) =>
          installFromProxy({
            goproxy: options.goproxy,
            tag,
            os: platform.os,
            arch: platform.arch,
            destDir: tmp,
            sumdbStateDir: path.join(options.toolCacheDir, 'go', '.sumdb'),
            ...(gosumdb ? { gosumdb } : {}),
            http,
            logger,
          }),
        (verified) => ({
          schema: RECORD_SCHEMA,
          tool: TOOL_NAME,
          go: { version: release.semver, tag, os: platform.os, arch: platform.arch },
          source: 'proxy',
          artifacts: [
            {
              name: `${verified.artifact.module}@${verified.artifact.name}`,
              url: verified.artifact.url,
              size: verified.artifact.size,
              sha256: verified.artifact.sha256,
              sha256Source:
                'recorded as downloaded; the checksum database proves the h1: hash of its files',
              signature: {
                status: 'not-published',
                reason:
                  'module zips carry no OpenPGP signature; the Go checksum database vouches for them',
              },
            },
          ],
          checksumDatabase: {
            database: verified.sumdb.database,
            url: verified.sumdb.url,
            module: `${verified.artifact.module}@${verified.artifact.version}`,
            h1: verified.sumdb.h1,
            recordId: verified.sumdb.recordId,
            treeSize: verified.sumdb.treeSize,
            rootHash: verified.sumdb.rootHash,
          },
          tree: verified.tree,
          installedAt: new Date().toISOString(),
        }),
      ),
  );
  const db = entry.record.checksumDatabase;
  if (db) {
    logger.info(
      `${db.module} ${db.h1}: proven in ${db.database} tree ${db.treeSize} (root ${db.rootHash})`,
    );
  }
  return { version: release.semver, goRoot: entry.dir, record: entry.record, cacheHit: false };
}
