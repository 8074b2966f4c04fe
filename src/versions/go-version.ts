/**
 * Go release tags (`go1.22.5`, `go1.20`, `go1.23rc1`) and their semver equivalents
 * (`1.22.5`, `1.20.0`, `1.23.0-rc.1`), so version ranges can be matched with `semver`.
 */
import semver from 'semver';

// Numbers without leading zeros, short enough to stay exact in a JS number.
const NUM = '(0|[1-9]\\d{0,8})';
const GO_TAG = new RegExp(`^go${NUM}(?:\\.${NUM})?(?:\\.${NUM})?(?:(alpha|beta|rc)${NUM})?$`);

/** Converts a Go release tag to semver: `go1.22.5` → `1.22.5`, `go1.20` → `1.20.0`,
 * `go1` → `1.0.0`, `go1.23rc1` → `1.23.0-rc.1`, `go1.9.2rc2` → `1.9.2-rc.2`.
 * Anything that is not a Go release tag → undefined. */
export function toSemver(tag: string): string | undefined {
  const m = GO_TAG.exec(tag);
  if (m === null) return undefined;
  const [, major, minor, patch, preKind, preNum] = m;
  // A patch, or a beta/rc, needs a minor before it (there is no go1rc1); the regex cannot say so.
  if ((patch !== undefined || preKind !== undefined) && minor === undefined) return undefined;
  const core = `${major}.${minor ?? '0'}.${patch ?? '0'}`;
  return preKind === undefined ? core : `${core}-${preKind}.${preNum}`;
}

/** Converts semver back to the Go release tag. From Go 1.21 on the first release of a minor is
 * `go1.21.0`; before that it was `go1.20` (and `go1` for 1.0.0). Prereleases never carry a
 * `.0` patch (`go1.21rc2`, `go1.23rc1`) but keep a non-zero one (`go1.9.2rc2`).
 * Semver that no Go tag can spell (other prerelease words, build metadata) → undefined. */
export function toGoTag(version: string): string | undefined {
  const v = semver.parse(version);
  if (v === null || v.build.length > 0) return undefined;
  if (v.prerelease.length > 0) {
    const [kind, num, ...rest] = v.prerelease;
    if (
      rest.length > 0 ||
      (kind !== 'rc' && kind !== 'beta' && kind !== 'alpha') ||
      typeof num !== 'number'
    ) {
      return undefined;
    }
    return `go${v.major}.${v.minor}${v.patch === 0 ? '' : `.${v.patch}`}${kind}${num}`;
  }
  if (v.major > 1 || v.minor >= 21 || v.patch !== 0) {
    return `go${v.major}.${v.minor}.${v.patch}`;
  }
  return v.minor === 0 ? `go${v.major}` : `go${v.major}.${v.minor}`;
}

/** Orders two semver versions, oldest first (for `Array.prototype.sort`). */
export function compareSemver(a: string, b: string): number {
  return semver.compare(a, b);
}

/** Orders two semver versions, newest first (for `Array.prototype.sort`). */
export function rcompareSemver(a: string, b: string): number {
  return semver.rcompare(a, b);
}

/** Orders two Go release tags, oldest first. Throws on something that is not a Go tag, because
 * silently ordering garbage would hide a bug in the caller. */
export function compareGoTags(a: string, b: string): number {
  return semver.compare(requireSemver(a), requireSemver(b));
}

function requireSemver(tag: string): string {
  const v = toSemver(tag);
  if (v === undefined) throw new TypeError(`not a Go release tag: ${JSON.stringify(tag)}`);
  return v;
}

/** `1.22` for `1.22.5` or `1.22.0-rc.1`: the minor line a release belongs to. */
export function minorLine(version: string): string {
  const v = semver.parse(version);
  if (v === null) throw new TypeError(`not a semver version: ${JSON.stringify(version)}`);
  return `${v.major}.${v.minor}`;
}
