/** Version resolution: specs, Go tags ↔ semver, the go.dev release index, version files. */
export {
  compareGoTags,
  compareSemver,
  minorLine,
  rcompareSemver,
  toGoTag,
  toSemver,
} from './go-version.js';
export {
  parseReleaseIndex,
  ReleaseIndexError,
  type Release,
  type ReleaseFile,
  type ReleaseFileKind,
} from './release-index.js';
export {
  availablePlatforms,
  closestVersions,
  findArchiveFile,
  matchLocalVersions,
  PlatformNotAvailableError,
  resolveRelease,
  VersionNotFoundError,
  type ResolvedRelease,
} from './resolve.js';
export { describeSpec, parseVersionSpec, type VersionAlias, type VersionSpec } from './spec.js';
export { parseVersionFile, readVersionFile } from './version-file.js';
