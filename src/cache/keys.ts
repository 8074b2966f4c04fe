/**
 * Cache keys for the module cache (GOMODCACHE) and the build cache (GOCACHE). Pure.
 *
 *   module cache: setup-go-verified-<os>-<arch>-go<version>-mod-<deps>[-<suffix>]
 *   build cache:  setup-go-verified-<os>-<arch>-go<version>[-<suffix>]-build-<deps>-<unique>
 *     restore:    setup-go-verified-<os>-<arch>-go<version>[-<suffix>]-build-<deps>-
 *                 setup-go-verified-<os>-<arch>-go<version>[-<suffix>]-build-
 *
 * The module cache is keyed by content alone: the same go.sum files download the same modules,
 * so one entry per dependency set is enough and it is only restored by its exact key.
 *
 * The build cache changes with every build, so each save makes a fresh entry (`unique`) and
 * restores fall back by prefix: first an entry for the same dependencies, then any entry for
 * the same toolchain (objects of unchanged packages still help). The suffix sits before
 * `-build-` so that it is part of every restore key: matrix legs that differ in build flags
 * (and name that in the suffix) never restore each other's entries. (Only a suffix that is
 * another one plus `-build...` could still overlap it.)
 *
 * Keys follow the rules of @actions/cache: at most 512 characters and no commas.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';

export const MAX_KEY_LENGTH = 512;

/**
 * Longest suffix kept as written. The rest of a build key (prefix, os, arch, version, a
 * SHA-256, a run id and attempt) takes well under 256 characters, so a suffix of this length
 * keeps every key within MAX_KEY_LENGTH; longer ones are replaced by a digest.
 */
export const MAX_SUFFIX_LENGTH = 256;

const KEY_PREFIX = 'setup-go-verified';
const SUFFIX_CHARS = /^[A-Za-z0-9._-]*$/;
const DISALLOWED_RUN = /[^A-Za-z0-9._-]+/g;
const SHORT_SUFFIX_HEX = 16;

export interface ModKeyParts {
  /** Go name of the target OS: linux, darwin, windows, ... */
  readonly os: string;
  /** Go name of the target architecture: amd64, arm64, ... */
  readonly arch: string;
  /** The toolchain's version without the `go` prefix: 1.22.5, 1.23rc1. */
  readonly goVersion: string;
  /** Hex SHA-256 of the dependency files (see dependency-hash.ts). */
  readonly depsHash: string;
  /** A suffix from sanitizeSuffix; empty or absent for none. */
  readonly suffix?: string;
}

export interface BuildKeyParts extends ModKeyParts {
  /** Different for every save, e.g. `<run id>-<run attempt>`. */
  readonly unique: string;
}

export interface BuildCacheKeys {
  readonly key: string;
  /** Most specific first. */
  readonly restoreKeys: readonly string[];
}

export interface SanitizedSuffix {
  /** Safe to put into a key; empty when there is no suffix. */
  readonly suffix: string;
  /** Set when the suffix differs from what the user wrote; worth a warning. */
  readonly note?: string;
}

/** The key of the module cache entry for one dependency set. */
export function modCacheKey(parts: ModKeyParts): string {
  const key = `${toolchainPrefix(parts)}-mod-${depsHash(parts.depsHash)}${suffixPart(parts.suffix)}`;
  assertValidKey(key);
  return key;
}

/** The key of a new build cache entry and the prefixes to restore from. */
export function buildCacheKeys(parts: BuildKeyParts): BuildCacheKeys {
  const unique = part('unique', parts.unique, /^[A-Za-z0-9._-]+$/);
  const broad = `${toolchainPrefix(parts)}${suffixPart(parts.suffix)}-build-`;
  const sameDeps = `${broad}${depsHash(parts.depsHash)}-`;
  const key = `${sameDeps}${unique}`;
  for (const k of [key, sameDeps, broad]) assertValidKey(k);
  return { key, restoreKeys: [sameDeps, broad] };
}

/**
 * Makes a user's `cache-key-suffix` safe for a key: runs of characters other than letters,
 * digits, `.`, `_` and `-` become `_` (commas are not allowed in keys; whitespace and the rest
 * would make keys hard to read and to match). A suffix longer than MAX_SUFFIX_LENGTH is
 * replaced by the first 16 hex digits of its SHA-256, so the key stays within 512 characters
 * and still differs between suffixes.
 */
export function sanitizeSuffix(raw: string): SanitizedSuffix {
  const trimmed = raw.trim();
  if (trimmed === '') return { suffix: '' };
  const cleaned = trimmed.replace(DISALLOWED_RUN, '_');
  if (cleaned.length > MAX_SUFFIX_LENGTH) {
    const short = createHash('sha256').update(trimmed).digest('hex').slice(0, SHORT_SUFFIX_HEX);
    return {
      suffix: short,
      note:
        `cache-key-suffix is ${cleaned.length} characters long (at most ${MAX_SUFFIX_LENGTH} ` +
        `fit in a cache key); using ${short}, the start of its SHA-256, instead`,
    };
  }
  if (cleaned !== trimmed) {
    return {
      suffix: cleaned,
      note:
        `cache-key-suffix ${JSON.stringify(trimmed)} has characters other than letters, ` +
        `digits, '.', '_' and '-'; using ${JSON.stringify(cleaned)}`,
    };
  }
  return { suffix: cleaned };
}

/** Throws InputError unless @actions/cache would accept `key`. */
export function assertValidKey(key: string): void {
  if (key === '') throw new InputError('a cache key must not be empty');
  if (key.length > MAX_KEY_LENGTH) {
    throw new InputError(
      `cache key ${JSON.stringify(shorten(key))} is ${key.length} characters long; ` +
        `keys may have at most ${MAX_KEY_LENGTH} (shorten cache-key-suffix)`,
    );
  }
  if (key.includes(',')) {
    throw new InputError(
      `cache key ${JSON.stringify(shorten(key))} contains a comma, which cache keys must not ` +
        `(remove it from cache-key-suffix)`,
    );
  }
}

function toolchainPrefix(parts: ModKeyParts): string {
  const os = part('os', parts.os, /^[a-z0-9]+$/);
  const arch = part('arch', parts.arch, /^[a-z0-9]+$/);
  // Tolerate `go1.22.5` as well as `1.22.5`: the key always reads `go<version>`.
  const version = part('goVersion', parts.goVersion.replace(/^go/, ''), /^[0-9][A-Za-z0-9.+-]*$/);
  return `${KEY_PREFIX}-${os}-${arch}-go${version}`;
}

function depsHash(hash: string): string {
  return part('depsHash', hash, /^[0-9a-f]+$/);
}

function suffixPart(suffix: string | undefined): string {
  if (suffix === undefined || suffix === '') return '';
  if (!SUFFIX_CHARS.test(suffix) || suffix.length > MAX_SUFFIX_LENGTH) {
    throw new InputError(
      `cache key suffix ${JSON.stringify(shorten(suffix))} is not sanitized; ` +
        'pass it through sanitizeSuffix first',
    );
  }
  return `-${suffix}`;
}

/** A key part computed by the caller; a bad one is a bug, not a user error. */
function part(name: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value)) {
    throw new Error(`invalid cache key part ${name}: ${JSON.stringify(value)}`);
  }
  return value;
}

function shorten(s: string): string {
  return s.length <= 80 ? s : `${s.slice(0, 77)}...`;
}
