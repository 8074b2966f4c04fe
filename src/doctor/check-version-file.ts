/** The first go against the version a project file (go.mod, .go-version…) asks for. */
import * as path from 'node:path';
import semver from 'semver';
import { parseVersionSpec } from '../versions/index.js';
import { finding, type DoctorFacts, type DoctorFinding, type ExpectedVersion } from './facts.js';
import { goDir, goVersionSemver } from './go-install.js';
import { prependPathHint } from './settings.js';

/** Whether a go version satisfies the expected version: a go.mod/go.work `go`/`toolchain`
 * line is a minimum (newer go builds it), a .go-version or .tool-versions entry is the
 * version wanted. Undefined when it cannot be told (no spec, alias, unparseable version). */
export function satisfiesExpected(
  expected: ExpectedVersion | undefined,
  version: string | undefined,
) {
  if (expected?.spec === undefined) return undefined;
  const v = goVersionSemver(version);
  if (v === undefined) return undefined;
  let spec;
  try {
    spec = parseVersionSpec(expected.spec);
  } catch {
    return undefined;
  }
  if (spec.kind === 'alias') return undefined;
  const minimum = isGoModFile(expected.file);
  if (spec.kind === 'exact')
    return minimum ? semver.gte(v, spec.version) : semver.eq(v, spec.version);
  if (minimum) {
    const min = semver.minVersion(spec.range);
    return min === null ? undefined : semver.gte(v, min);
  }
  return semver.satisfies(v, spec.range);
}

export function isGoModFile(file: string): boolean {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base === 'go.mod' || base === 'go.work';
}

export function describeExpected(expected: ExpectedVersion): string {
  const base = expected.file.split(/[\\/]/).pop() ?? expected.file;
  return isGoModFile(expected.file)
    ? `${base} requires go >= ${expected.spec ?? '?'}`
    : `${base} asks for go ${expected.spec ?? '?'}`;
}

/** The first go against the version the project file asks for. */
export function checkExpectedVersion(facts: DoctorFacts): DoctorFinding[] {
  const expected = facts.expected;
  if (expected === undefined) return [];
  const check = 'go version file';
  if (expected.error !== undefined || expected.spec === undefined) {
    return [
      finding(
        'binary',
        check,
        'error',
        false,
        `cannot use ${expected.file}: ${expected.error ?? 'no version in it'}`,
        'pass the go.mod (or .go-version) of the project with --go-version-file',
      ),
    ];
  }
  const first = facts.gos[0];
  if (first === undefined) return []; // checkGoOnPath already says there is no go.
  const sat = satisfiesExpected(expected, first.version);
  const what = describeExpected(expected);
  if (sat === undefined) {
    return [
      finding(
        'binary',
        check,
        'info',
        true,
        `${what}; cannot compare with ${first.version ?? 'an unknown version'} here`,
      ),
    ];
  }
  if (sat) {
    return [finding('binary', check, 'info', true, `${what}; ${first.version} satisfies it`)];
  }
  const tooOld = isGoModFile(expected.file)
    ? ` With GOTOOLCHAIN=local go 1.21+ stops with "go: ${path.basename(expected.file)} requires go >= …"; older go builds and fails on new language features; with GOTOOLCHAIN=auto go downloads another toolchain.`
    : '';
  const other = facts.gos.slice(1).find((g) => satisfiesExpected(expected, g.version) === true);
  return [
    finding(
      'binary',
      check,
      'error',
      false,
      `${what}, but the first go on PATH is ${first.version} (${first.path}).${tooOld}`,
      other
        ? `${other.path} (${other.version}) satisfies it: put it first with ${prependPathHint(goDir(other, facts.host), facts.host)}`
        : `install it with \`npx setup-go-verified install --go-version-file ${expected.file}\` and apply the PATH line it prints`,
    ),
  ];
}
