/**
 * The go.dev release index (`https://go.dev/dl/?mode=json[&include=all]`), parsed into typed
 * releases. Old entries are irregular (empty sha256, size 0, arch names such as `armv6l`,
 * `arm6` or `bootstrap`, darwin files suffixed `-osx10.8`); what cannot be used safely is
 * skipped, so one odd entry never breaks resolution of the others.
 */
import semver from 'semver';
import { toSemver } from './go-version.js';

export type ReleaseFileKind = 'archive' | 'installer' | 'source';

export interface ReleaseFile {
  /** A plain file name (no directory part), served at `https://dl.google.com/go/<filename>`. */
  filename: string;
  /** GOOS, or `''` for the source archive. */
  os: string;
  /** The index's arch name (`armv6l` for GOARCH `arm`), or `''` for the source archive. */
  arch: string;
  /** The Go tag of the release, e.g. `go1.22.5`. */
  version: string;
  /** Lower-case hex SHA-256; undefined when the index has none (some pre-2015 files). */
  sha256?: string;
  /** Size in bytes; 0 when the index does not say. */
  size: number;
  kind: ReleaseFileKind;
}

export interface Release {
  /** The Go tag, e.g. `go1.22.5`, `go1.20`, `go1.23rc1`. */
  version: string;
  /** The same version as semver, e.g. `1.22.5`, `1.20.0`, `1.23.0-rc.1`. */
  semver: string;
  stable: boolean;
  files: ReleaseFile[];
}

/** The document is not a go.dev release index at all (HTML, an error page, another JSON). */
export class ReleaseIndexError extends Error {
  override name = 'ReleaseIndexError';
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
// Characters go.dev file names use. Anything else (a slash, a backslash, a control character)
// would let an index steer a download or a write outside the intended directory.
const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const KINDS: ReadonlySet<string> = new Set(['archive', 'installer', 'source']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function parseFile(raw: unknown, releaseTag: string): ReleaseFile | undefined {
  if (!isRecord(raw)) return undefined;
  const filename = stringField(raw, 'filename');
  if (filename === undefined || !PLAIN_FILE_NAME.test(filename) || filename.includes('..')) {
    return undefined;
  }
  const kind = stringField(raw, 'kind');
  if (kind === undefined || !KINDS.has(kind)) return undefined;
  // A file filed under another release would install a version the user did not ask for.
  const version = stringField(raw, 'version') ?? releaseTag;
  if (version !== releaseTag) return undefined;
  const sha = raw['sha256'];
  let sha256: string | undefined;
  if (sha === undefined || sha === null || sha === '') sha256 = undefined;
  else if (typeof sha === 'string' && SHA256_HEX.test(sha)) sha256 = sha;
  else return undefined;
  const size = raw['size'] ?? 0;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
  return {
    filename,
    os: stringField(raw, 'os') ?? '',
    arch: stringField(raw, 'arch') ?? '',
    version,
    ...(sha256 === undefined ? {} : { sha256 }),
    size,
    kind: kind as ReleaseFileKind,
  };
}

function parseRelease(raw: unknown): Release | undefined {
  if (!isRecord(raw)) return undefined;
  const version = stringField(raw, 'version');
  const sv = version === undefined ? undefined : toSemver(version);
  if (version === undefined || sv === undefined) return undefined;
  // Without the flag, a release is stable exactly when it is not a beta or rc.
  const stable =
    typeof raw['stable'] === 'boolean' ? raw['stable'] : semver.prerelease(sv) === null;
  const rawFiles = Array.isArray(raw['files']) ? raw['files'] : [];
  const files: ReleaseFile[] = [];
  for (const f of rawFiles) {
    const file = parseFile(f, version);
    if (file !== undefined) files.push(file);
  }
  return { version, semver: sv, stable, files };
}

function describeSource(source: string | undefined): string {
  return source === undefined ? 'the release index' : `the release index from ${source}`;
}

/**
 * Parses a go.dev release index: the parsed JSON, or its text. Releases come back newest first
 * by semver, one per version. Entries that cannot be used are dropped; a document that is not
 * an index (HTML, not an array, no usable release at all) throws ReleaseIndexError naming
 * `source` (a URL or path) when given.
 */
export function parseReleaseIndex(json: unknown, source?: string): Release[] {
  let doc = json;
  if (typeof doc === 'string') {
    const text = doc.trimStart();
    if (text.startsWith('<')) {
      throw new ReleaseIndexError(
        `${describeSource(source)} is HTML, not JSON: is the URL right and does the mirror serve ?mode=json?`,
      );
    }
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new ReleaseIndexError(`${describeSource(source)} is not valid JSON`, { cause: err });
    }
  }
  if (!Array.isArray(doc)) {
    throw new ReleaseIndexError(
      `${describeSource(source)} is not a list of releases (found ${doc === null ? 'null' : typeof doc})`,
    );
  }
  const byVersion = new Map<string, Release>();
  for (const raw of doc) {
    const release = parseRelease(raw);
    if (release !== undefined && !byVersion.has(release.semver)) {
      byVersion.set(release.semver, release);
    }
  }
  if (doc.length > 0 && byVersion.size === 0) {
    throw new ReleaseIndexError(`${describeSource(source)} lists no Go release`);
  }
  return [...byVersion.values()].sort((a, b) => semver.rcompare(a.semver, b.semver));
}
