/**
 * Parsing of the `go-version` input into a version spec that resolution can act on.
 *
 * Accepted forms (each may carry a `go` prefix and surrounding whitespace; case is ignored):
 * - exact: `1.22.5`, `1.21.0`, `1.23rc1`, `1.9.2rc2`, `1.23.0-rc.1`, `go1.22.5`
 * - a minor or major line, meaning its newest release (as actions/setup-go does): `1.22`
 *   (= `1.22.x`, which also matches `go1.20`-style first releases, i.e. 1.20.0), `1`
 * - wildcards and semver ranges: `1.22.x`, `1.x`, `^1.21`, `~1.22.1`, `>=1.21 <1.23`,
 *   `1.21 - 1.22`, `<1.20 || >=1.22`; Go-style versions work inside them (`>=go1.23rc1`)
 * - aliases: `stable` (newest stable release), `oldstable` (newest of the previous minor),
 *   `latest` (= `stable`)
 *
 * Prereleases: ranges are matched with semver's default `includePrerelease: false`, on purpose.
 * A range matches a beta or rc only when one of its comparators names a prerelease of the same
 * major.minor.patch: `1.23.x` and `^1.22` never pick `1.23rc1`, `>=1.23rc1` picks `1.23rc2`
 * or any later stable release, and `1.23rc1` alone is an exact spec.
 */
import semver from 'semver';
import { InputError } from '../errors.js';
import { toSemver } from './go-version.js';

export type VersionAlias = 'stable' | 'oldstable';

/** What a `go-version` input asks for. `input` is the text as the user gave it. Versions and
 * ranges are semver (`1.23.0-rc.1`, `>=1.21.0 <1.23.0`), never Go tags. */
export type VersionSpec =
  | { kind: 'alias'; alias: VersionAlias; input: string }
  | { kind: 'exact'; version: string; input: string }
  | { kind: 'range'; range: string; input: string };

const ACCEPTED_FORMS =
  'expected a Go version (1.22.5, 1.22, 1.22.x, go1.22.5, 1.23rc1, 1.23.0-rc.1), ' +
  'a semver range (^1.21, ~1.22.1, ">=1.21 <1.23") or stable, oldstable, latest';

// Long enough for any sensible range, short enough that nothing pathological gets parsed.
const MAX_SPEC_LENGTH = 200;

const NUM = '(?:0|[1-9]\\d{0,8})';
const FULL_SEMVER = new RegExp(`^${NUM}\\.${NUM}\\.${NUM}(?:-[0-9a-z][0-9a-z.-]*)?$`);
const GO_PRERELEASE = new RegExp(`^${NUM}(?:\\.${NUM}){0,2}(?:alpha|beta|rc)${NUM}$`);
const PARTIAL = new RegExp(`^(${NUM})(?:\\.(${NUM}|[x*])(?:\\.([x*]))?)?$`);
const COMPARATOR = /^(>=|<=|~>|>|<|=|~|\^)?(.*)$/;

/** One version as written in a spec, converted to semver. `partial` says it leaves the patch
 * (or minor) open: `1.22`, `1.22.x`, `1`. */
interface VersionToken {
  semver: string;
  partial: boolean;
}

function parseVersionToken(token: string): VersionToken | undefined {
  const text = token.startsWith('go') ? token.slice(2) : token;
  if (FULL_SEMVER.test(text)) {
    const v = semver.valid(text);
    return v === null ? undefined : { semver: v, partial: false };
  }
  if (GO_PRERELEASE.test(text)) {
    const v = toSemver(`go${text}`);
    return v === undefined ? undefined : { semver: v, partial: false };
  }
  const m = PARTIAL.exec(text);
  if (m === null) return undefined;
  const [, major, minor, patch] = m;
  // `1.22` means "newest 1.22.x", so spell the open parts as wildcards.
  const parts = [major, minor ?? 'x', patch ?? 'x'].map((p) => (p === '*' ? 'x' : p));
  return { semver: parts.join('.'), partial: true };
}

function invalid(input: string): InputError {
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  return new InputError(`invalid go-version ${JSON.stringify(shown)}: ${ACCEPTED_FORMS}`);
}

/** Converts one `||`-free part of a range, or undefined when any piece of it is malformed. */
function parseRangePart(part: string): string | undefined {
  const hyphen = /^(\S+) - (\S+)$/.exec(part);
  if (hyphen !== null) {
    const from = parseVersionToken(hyphen[1] ?? '');
    const to = parseVersionToken(hyphen[2] ?? '');
    return from && to ? `${from.semver} - ${to.semver}` : undefined;
  }
  const comparators: string[] = [];
  for (const token of part.split(' ')) {
    const [, op = '', rest = ''] = COMPARATOR.exec(token) ?? [];
    const version = parseVersionToken(rest);
    if (version === undefined) return undefined;
    comparators.push(`${op}${version.semver}`);
  }
  return comparators.join(' ');
}

/** Parses a `go-version` input. Throws InputError quoting the input and listing the accepted
 * forms when it is none of them. */
export function parseVersionSpec(input: string): VersionSpec {
  const text = input.trim().toLowerCase();
  if (text === '' || text.length > MAX_SPEC_LENGTH) throw invalid(input);

  if (text === 'stable' || text === 'latest') return { kind: 'alias', alias: 'stable', input };
  if (text === 'oldstable') return { kind: 'alias', alias: 'oldstable', input };

  // Only characters a version or range can contain: this is the first guard against inputs
  // like "1.22; rm -rf /" or a newline smuggled into a workflow expression.
  if (!/^[0-9a-z.*<>=^~| \t-]+$/.test(text)) throw invalid(input);

  const single = parseVersionToken(text);
  if (single !== undefined) {
    return single.partial
      ? { kind: 'range', range: single.semver, input }
      : { kind: 'exact', version: single.semver, input };
  }

  const normalized = text
    .replace(/[ \t]+/g, ' ')
    // `>= 1.21` is the same comparator as `>=1.21`.
    .replace(/(>=|<=|~>|>|<|=|~|\^) /g, '$1');
  const parts = normalized.split('||').map((p) => p.trim());
  const converted: string[] = [];
  for (const part of parts) {
    // semver reads an empty part as "any version"; an empty part here is a typo.
    const range = part === '' ? undefined : parseRangePart(part);
    if (range === undefined) throw invalid(input);
    converted.push(range);
  }
  const range = converted.join(' || ');
  if (semver.validRange(range) === null) throw invalid(input);
  return { kind: 'range', range, input };
}

/** The spec as a user would recognise it in a message: the trimmed input. */
export function describeSpec(spec: VersionSpec): string {
  return spec.input.trim();
}
