/**
 * Go releases as a module proxy lists them: the lines of `<proxy>/golang.org/toolchain/@v/list`
 * (`v0.0.1-go1.22.5.linux-amd64`, one per release and platform) turned into the same
 * `Release[]` the go.dev index gives, so `resolveRelease` works unchanged for every spec form.
 *
 * Each release gets one pseudo-file per platform, named like the go.dev archive it stands for
 * (`go1.22.5.linux-amd64.tar.gz`, `go1.22.5.windows-amd64.zip`, arch `armv6l` for GOARCH
 * `arm`), because that is what `findArchiveFile` looks for. The file is not downloaded under
 * that name: {@link proxyModuleVersion} gives the module version to fetch. No SHA-256 comes
 * with a list; the checksum database vouches for the module zip.
 */
import semver from 'semver';
import { parseToolchainModuleVersion, toolchainModuleVersion } from './toolchain-module.js';
import { archiveExtension, goArchFromIndex, indexArchName } from '../platform.js';
import { toSemver } from './go-version.js';
import type { Release, ReleaseFile } from './release-index.js';

/** Splits a list body into its lines; accepts the body or lines already split. */
function listLines(list: string | readonly string[]): string[] {
  const lines = typeof list === 'string' ? list.split('\n') : list;
  return lines.map((l) => l.trim()).filter((l) => l !== '');
}

/**
 * Parses a toolchain module version list into releases, newest first. Lines that are not
 * toolchain versions (malformed, another pseudo-version) are skipped, duplicates counted once.
 */
export function parseToolchainList(list: string | readonly string[]): Release[] {
  const bySemver = new Map<string, Release>();
  const seen = new Set<string>();
  for (const line of listLines(list)) {
    const parsed = parseToolchainModuleVersion(line);
    if (parsed === undefined || seen.has(line)) continue;
    seen.add(line);
    const sv = toSemver(parsed.tag);
    if (sv === undefined) continue;
    let release = bySemver.get(sv);
    // Two spellings of one version (go1.21 and go1.21.0): keep the first, as the index parser does.
    if (release !== undefined && release.version !== parsed.tag) continue;
    if (release === undefined) {
      release = {
        version: parsed.tag,
        semver: sv,
        // The list says nothing else: a release is stable when it is not a beta or rc.
        stable: semver.prerelease(sv) === null,
        files: [],
      };
      bySemver.set(sv, release);
    }
    const indexArch = indexArchName(parsed.arch);
    const file: ReleaseFile = {
      filename: `${parsed.tag}.${parsed.os}-${indexArch}.${archiveExtension(parsed.os)}`,
      os: parsed.os,
      arch: indexArch,
      version: parsed.tag,
      size: 0,
      kind: 'archive',
    };
    release.files.push(file);
  }
  const releases = [...bySemver.values()];
  for (const r of releases) r.files.sort((a, b) => (a.filename < b.filename ? -1 : 1));
  return releases.sort((a, b) => semver.rcompare(a.semver, b.semver));
}

/**
 * The module version to fetch for a file of a release from {@link parseToolchainList} (or
 * of the go.dev index: the same platform naming), e.g. `v0.0.1-go1.22.5.linux-amd64`.
 */
export function proxyModuleVersion(file: Pick<ReleaseFile, 'version' | 'os' | 'arch'>): string {
  return toolchainModuleVersion(file.version, file.os, goArchFromIndex(file.arch));
}
