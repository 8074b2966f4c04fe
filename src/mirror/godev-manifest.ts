/**
 * The go.dev part of a bundle (`mirror --source go.dev`): the fixed directory `dl/` holds each
 * release archive as go.dev serves it, its `.sha256`, its `.asc` when one is published, and
 * `index.json`, the `?mode=json&include=all` document restricted to what the bundle holds.
 * The manifest's `godev` section names every archive with its SHA-256, the toolchain module
 * version whose checksum-database record its unpacked tree matched, and the key that signed it.
 *
 * Pure: names, the static index and the section's shape; parsing checks shape, never content.
 */
import { VerificationError } from '../errors.js';
import { compareSemver, toSemver } from '../versions/go-version.js';

/** The bundle-relative directory of the go.dev layout: `go-download-base-url: file:///…/dl`. */
export const GODEV_DIR = 'dl';
export const GODEV_INDEX = `${GODEV_DIR}/index.json`;

export const godevPaths = {
  archive: (filename: string): string => `${GODEV_DIR}/${filename}`,
  sha256: (filename: string): string => `${GODEV_DIR}/${filename}.sha256`,
  signature: (filename: string): string => `${GODEV_DIR}/${filename}.asc`,
};

export interface GodevSignature {
  /** Primary key and signing (sub)key that made the `.asc`, as checked when it went in. */
  readonly primaryFingerprint: string;
  readonly signingKeyFingerprint: string;
}

export interface GodevArchive {
  readonly filename: string;
  /** The Go tag, e.g. go1.22.5. */
  readonly version: string;
  readonly os: string;
  /** The index's arch name (`armv6l` for GOARCH arm). */
  readonly arch: string;
  readonly size: number;
  readonly sha256: string;
  /** `golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64`: its record's `h1:` is the tree's. */
  readonly module: string;
  readonly h1: string;
  /** Absent for a .zip: go.dev publishes no signature for those. */
  readonly signature?: GodevSignature;
}

export interface GodevSection {
  readonly dir: typeof GODEV_DIR;
  readonly archives: readonly GodevArchive[];
}

/** A go.dev file name: what parseReleaseIndex accepts, so no path can be smuggled in. */
const PLAIN_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

const byFilename = (a: GodevArchive, b: GodevArchive): number =>
  a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0;

/** The section with `added` in, replacing any archive of the same name. */
export function mergeArchives(
  previous: readonly GodevArchive[],
  added: readonly GodevArchive[],
): GodevArchive[] {
  const byName = new Map(previous.map((a) => [a.filename, a]));
  for (const a of added) byName.set(a.filename, a);
  return [...byName.values()].sort(byFilename);
}

export function serializeGodev(section: GodevSection): Record<string, unknown> {
  return {
    dir: section.dir,
    archives: [...section.archives].sort(byFilename).map((a) => ({
      filename: a.filename,
      version: a.version,
      os: a.os,
      arch: a.arch,
      size: a.size,
      sha256: a.sha256,
      module: a.module,
      h1: a.h1,
      ...(a.signature
        ? {
            signature: {
              primaryFingerprint: a.signature.primaryFingerprint,
              signingKeyFingerprint: a.signature.signingKeyFingerprint,
            },
          }
        : {}),
    })),
  };
}

/**
 * The static release index of the archives: go.dev's `?mode=json&include=all` shape, newest
 * release first, one entry per release, only the files the bundle holds.
 */
export function staticIndex(archives: readonly GodevArchive[]): string {
  const releases = new Map<string, GodevArchive[]>();
  for (const a of [...archives].sort(byFilename)) {
    releases.set(a.version, [...(releases.get(a.version) ?? []), a]);
  }
  const tags = [...releases.keys()].sort((x, y) => compareSemver(toSemver(y)!, toSemver(x)!));
  const doc = tags.map((tag) => ({
    version: tag,
    stable: !/(rc|beta)\d*$/.test(tag),
    files: releases.get(tag)!.map((a) => ({
      filename: a.filename,
      os: a.os,
      arch: a.arch,
      version: a.version,
      sha256: a.sha256,
      size: a.size,
      kind: 'archive',
    })),
  }));
  return `${JSON.stringify(doc, null, 1)}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(what: string, found: unknown, where: string): VerificationError {
  return new VerificationError(
    what,
    'the go.dev section of the bundle manifest',
    JSON.stringify(found) ?? String(found),
    where,
  );
}

function text(o: Record<string, unknown>, key: string, where: string, re?: RegExp): string {
  const v = o[key];
  if (typeof v !== 'string' || (re !== undefined && !re.test(v))) {
    throw bad(`field godev.archives[].${key} of the manifest`, v, where);
  }
  return v;
}

function parseArchive(raw: unknown, where: string): GodevArchive {
  if (!isObject(raw)) throw bad('an archive of the manifest godev section', raw, where);
  const filename = text(raw, 'filename', where, PLAIN_FILE_NAME);
  if (filename.includes('..')) throw bad('field godev.archives[].filename', filename, where);
  const size = raw['size'];
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw bad('field godev.archives[].size of the manifest', size, where);
  }
  const sig = raw['signature'];
  if (sig !== undefined && !isObject(sig)) {
    throw bad('field godev.archives[].signature of the manifest', sig, where);
  }
  const fpr = /^[0-9A-F]{40,64}$/;
  return {
    filename,
    version: text(raw, 'version', where, /^go[0-9][0-9a-z.]*$/),
    os: text(raw, 'os', where, /^[a-z0-9]+$/),
    arch: text(raw, 'arch', where, /^[a-z0-9]+$/),
    size,
    sha256: text(raw, 'sha256', where, /^[0-9a-f]{64}$/),
    module: text(raw, 'module', where),
    h1: text(raw, 'h1', where, /^h1:[A-Za-z0-9+/]{43}=$/),
    ...(sig === undefined
      ? {}
      : {
          signature: {
            primaryFingerprint: text(sig, 'primaryFingerprint', where, fpr),
            signingKeyFingerprint: text(sig, 'signingKeyFingerprint', where, fpr),
          },
        }),
  };
}

/** Parses the untrusted `godev` section of a manifest (undefined when there is none). */
export function parseGodev(raw: unknown, where: string): GodevSection | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw) || raw['dir'] !== GODEV_DIR || !Array.isArray(raw['archives'])) {
    throw bad('section godev of the manifest', raw, where);
  }
  return { dir: GODEV_DIR, archives: raw['archives'].map((a) => parseArchive(a, where)) };
}
