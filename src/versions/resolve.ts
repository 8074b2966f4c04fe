/**
 * Choosing the Go release and archive a version spec asks for, from a parsed release index.
 * Pure: the index is fetched elsewhere, so this runs the same for go.dev, a mirror or a test.
 */
import semver from 'semver';
import { InputError } from '../errors.js';
import {
  archiveExtension,
  formatPlatform,
  goArchFromIndex,
  indexArchName,
  type Platform,
} from '../platform.js';
import { minorLine } from './go-version.js';
import type { Release, ReleaseFile } from './release-index.js';
import { describeSpec, type VersionSpec } from './spec.js';

/** No release in the index matches the spec. `closest` lists the nearest versions that exist
 * (semver), so the message can suggest a fix. */
export class VersionNotFoundError extends InputError {
  override name = 'VersionNotFoundError';
  constructor(
    message: string,
    readonly spec: string,
    readonly closest: readonly string[],
  ) {
    super(message);
  }
}

/** A matching release exists but has no archive for the platform. `available` lists the
 * platforms it has archives for (`linux/amd64`, ...). */
export class PlatformNotAvailableError extends InputError {
  override name = 'PlatformNotAvailableError';
  constructor(
    message: string,
    readonly version: string,
    readonly platform: Platform,
    readonly available: readonly string[],
  ) {
    super(message);
  }
}

export interface ResolvedRelease {
  release: Release;
  file: ReleaseFile;
}

/**
 * The `n` versions of `available` nearest to `target` (all semver), nearest first. Nearness is
 * the distance in release order, so a gap in numbering does not matter; on a tie, versions of
 * the target's own minor line come first, then the newer one. Invalid entries are ignored; an
 * invalid target gives the newest versions.
 */
export function closestVersions(target: string, available: readonly string[], n = 3): string[] {
  const versions = [...new Set(available.filter((v) => semver.valid(v) === v))].sort(
    semver.compare,
  );
  if (semver.valid(target) === null) return versions.reverse().slice(0, n);
  const below = versions.filter((v) => semver.lt(v, target)).length;
  const atOrBelow = versions.filter((v) => semver.lte(v, target)).length;
  const line = minorLine(target);
  const scored = versions.map((v, i) => ({
    v,
    distance: i < below ? below - i : i < atOrBelow ? 0 : i - atOrBelow + 1,
    otherLine: minorLine(v) === line ? 0 : 1,
  }));
  scored.sort(
    (a, b) => a.distance - b.distance || a.otherLine - b.otherLine || semver.rcompare(a.v, b.v),
  );
  return scored.slice(0, n).map((s) => s.v);
}

/** The platforms (`os/goarch`) a release has a binary archive for, sorted. */
export function availablePlatforms(release: Release): string[] {
  const platforms = new Set<string>();
  for (const f of release.files) {
    if (f.kind !== 'archive' || f.os === '' || f.arch === '' || f.arch === 'bootstrap') continue;
    platforms.add(formatPlatform({ os: f.os, arch: goArchFromIndex(f.arch) }));
  }
  return [...platforms].sort();
}

/**
 * The binary archive of a release for a platform: kind `archive`, the platform's OS and arch
 * (go.dev writes `armv6l` for GOARCH `arm`), `.zip` on Windows and `.tar.gz` elsewhere. When
 * several match (darwin `-osx10.6` and `-osx10.8` builds of 2014), the canonical name wins,
 * else the last by name, which is the build for the newer OS.
 */
export function findArchiveFile(release: Release, platform: Platform): ReleaseFile | undefined {
  const arch = goArchFromIndex(platform.arch);
  const ext = archiveExtension(platform.os);
  const matches = release.files.filter(
    (f) =>
      f.kind === 'archive' &&
      f.os === platform.os &&
      goArchFromIndex(f.arch) === arch &&
      f.filename.endsWith(`.${ext}`),
  );
  const canonical = `${release.version}.${platform.os}-${indexArchName(arch)}.${ext}`;
  return (
    matches.find((f) => f.filename === canonical) ??
    matches.sort((a, b) => (a.filename < b.filename ? -1 : 1)).at(-1)
  );
}

function newestFirst(releases: readonly Release[]): Release[] {
  return [...releases].sort((a, b) => semver.rcompare(a.semver, b.semver));
}

function notFound(spec: VersionSpec, sorted: readonly Release[]): VersionNotFoundError {
  const shown = describeSpec(spec);
  let target: string | undefined;
  let prereleases = false;
  if (spec.kind === 'exact') {
    target = spec.version;
    prereleases = semver.prerelease(spec.version) !== null;
  } else if (spec.kind === 'range') {
    target = semver.minVersion(spec.range)?.version;
    prereleases = /\d-[0-9a-z]/.test(spec.range);
  }
  // Suggest betas and rcs only to someone who asked for one.
  const pool = sorted.filter((r) => prereleases || semver.prerelease(r.semver) === null);
  const closest = closestVersions(
    target ?? '',
    pool.map((r) => r.semver),
  );
  let message: string;
  if (spec.kind === 'alias') {
    message =
      spec.alias === 'stable'
        ? 'the release index lists no stable Go release'
        : 'the release index lists no stable Go release older than the newest minor (oldstable)';
  } else {
    message = `no Go release matches ${shown}`;
  }
  if (closest.length > 0) message += `; closest: ${closest.join(', ')}`;
  return new VersionNotFoundError(message, shown, closest);
}

/** Releases the spec selects, newest first. */
function candidates(spec: VersionSpec, sorted: readonly Release[]): Release[] {
  switch (spec.kind) {
    case 'exact':
      return sorted.filter((r) => semver.eq(r.semver, spec.version));
    case 'range':
      return sorted.filter((r) => semver.satisfies(r.semver, spec.range));
    case 'alias': {
      const stable = sorted.find((r) => r.stable);
      if (stable === undefined) return [];
      if (spec.alias === 'stable') return [stable];
      const line = minorLine(stable.semver);
      const old = sorted.find(
        (r) => r.stable && semver.lt(r.semver, stable.semver) && minorLine(r.semver) !== line,
      );
      return old === undefined ? [] : [old];
    }
  }
}

/**
 * Picks the release and binary archive a spec asks for. Exact specs and aliases name one
 * release; for a range it is the newest matching release that has an archive for the platform,
 * so a range keeps working on a platform that newer releases dropped (as actions/setup-go).
 * Throws VersionNotFoundError (naming the closest versions) or PlatformNotAvailableError
 * (naming the platforms the release exists for).
 */
export function resolveRelease(
  spec: VersionSpec,
  releases: readonly Release[],
  platform: Platform,
): ResolvedRelease {
  const sorted = newestFirst(releases);
  const matching = candidates(spec, sorted);
  const first = matching[0];
  if (first === undefined) throw notFound(spec, sorted);
  for (const release of matching) {
    const file = findArchiveFile(release, platform);
    if (file !== undefined) return { release, file };
  }
  const available = availablePlatforms(first);
  const where = formatPlatform(platform);
  const what =
    matching.length === 1
      ? `Go ${first.version} has no archive for ${where}; it`
      : `no Go release matching ${describeSpec(spec)} has an archive for ${where}; the newest, ${first.version},`;
  const message =
    available.length > 0
      ? `${what} is available for ${available.join(', ')}`
      : `${what} has no binary archive for any platform`;
  throw new PlatformNotAvailableError(message, first.semver, platform, available);
}

/**
 * The newest locally installed version (semver strings, e.g. tool-cache directory names) that
 * satisfies the spec, so an installed toolchain can be reused without asking the network.
 * Aliases need the index to know what they mean today, so they give undefined.
 */
export function matchLocalVersions(
  spec: VersionSpec,
  installed: readonly string[],
): string | undefined {
  const versions = installed.filter((v) => semver.valid(v) === v);
  switch (spec.kind) {
    case 'alias':
      return undefined;
    case 'exact':
      return versions.find((v) => semver.eq(v, spec.version));
    case 'range':
      return semver.maxSatisfying(versions, spec.range) ?? undefined;
  }
}
