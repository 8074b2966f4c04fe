/**
 * The coverage action's inputs, parsed and checked before anything runs, and the choices that
 * follow from them and the platform (whether -race can be used, the artifact name).
 */
import { InputError } from '../errors.js';
import { argsInput, booleanInput, choiceInput, wordListInput } from '../inputs.js';

export const COVERAGE_MODES = ['test', 'report', 'merge'] as const;
export type CoverageMode = (typeof COVERAGE_MODES)[number];
export type RaceSetting = 'auto' | 'on' | 'off';

export interface CoverageOptions {
  readonly mode: CoverageMode;
  readonly workingDirectory: string;
  /** Package patterns for go test. */
  readonly packages: readonly string[];
  readonly coverpkg?: string;
  readonly testArgs: readonly string[];
  readonly race: RaceSetting;
  /** Globs of profiles and GOCOVERDIR directories (report and merge modes). */
  readonly profiles: readonly string[];
  /** Undefined: no upload. */
  readonly artifactName?: string;
  readonly mergePattern: string;
  readonly failUnderThreshold: boolean;
  readonly reportDir: string;
  readonly prComment: boolean;
  readonly token: string;
}

/** Flags the action sets itself: given again they would fight over the profile it reads. */
const RESERVED_TEST_FLAGS = ['-coverprofile', '-covermode', '-coverpkg', '-json', '-o'];

/** Artifact names GitHub refuses (the upload would fail after the tests ran). */
const BAD_ARTIFACT_CHARS = /["':<>|*?\\/\r\n]/;

export function defaultArtifactName(mode: CoverageMode, os: string, arch: string): string {
  return mode === 'merge' ? 'coverage-merged' : `coverage-${os}-${arch}`;
}

export function parseCoverageOptions(
  get: (name: string) => string,
  platform: { os: string; arch: string },
): CoverageOptions {
  const mode = choiceInput('mode', get('mode'), COVERAGE_MODES, 'test');
  const testArgs = argsInput('test-args', get('test-args'));
  for (const arg of testArgs) {
    const flag = arg.replace(/^--/, '-').split('=')[0]!;
    if (RESERVED_TEST_FLAGS.includes(flag)) {
      throw new InputError(
        `test-args: ${arg} is set by the coverage action (it reads the profile it asks go test ` +
          'for); use the coverpkg and report-dir inputs instead',
      );
    }
  }
  const raceRaw = get('race').trim().toLowerCase() || 'auto';
  const race: RaceSetting =
    raceRaw === 'auto' ? 'auto' : booleanInput('race', raceRaw, false) ? 'on' : 'off';
  const profiles = get('profiles')
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
  if (mode === 'report' && profiles.length === 0) {
    throw new InputError(
      'mode report needs profiles: one glob per line naming cover profiles or GOCOVERDIR directories',
    );
  }
  const upload = booleanInput('upload-artifact', get('upload-artifact'), true);
  let artifactName: string | undefined;
  if (upload) {
    artifactName =
      get('artifact-name').trim() || defaultArtifactName(mode, platform.os, platform.arch);
    if (BAD_ARTIFACT_CHARS.test(artifactName)) {
      throw new InputError(
        `artifact-name: ${JSON.stringify(artifactName)} has a character GitHub does not allow in artifact names (" : < > | * ? \\ / or a line break)`,
      );
    }
  }
  const reportDir = get('report-dir').trim() || 'coverage';
  const workingDirectory = get('working-directory').trim() || '.';
  const coverpkg = get('coverpkg').trim();
  return {
    mode,
    workingDirectory,
    packages:
      wordListInput(get('packages')).length > 0 ? wordListInput(get('packages')) : ['./...'],
    coverpkg: coverpkg || undefined,
    testArgs,
    race,
    profiles,
    artifactName,
    mergePattern: get('merge-pattern').trim() || 'coverage-*',
    failUnderThreshold: booleanInput('fail-under-threshold', get('fail-under-threshold'), true),
    reportDir,
    prComment: booleanInput('pr-comment', get('pr-comment'), false),
    token: get('token').trim(),
  };
}

/**
 * Platforms where the race detector exists (`go help build`: -race). windows/arm64 has none;
 * outside darwin it also needs cgo, which needs a C compiler.
 */
const RACE_PLATFORMS = new Set([
  'linux/amd64',
  'linux/arm64',
  'linux/ppc64le',
  'linux/s390x',
  'linux/loong64',
  'freebsd/amd64',
  'netbsd/amd64',
  'darwin/amd64',
  'darwin/arm64',
  'windows/amd64',
]);

export interface RaceDecision {
  readonly race: boolean;
  /** Why -race is off under `auto`, or why `true` cannot work. */
  readonly reason?: string;
}

export function decideRace(
  setting: RaceSetting,
  go: { os: string; arch: string; cgo: boolean },
): RaceDecision {
  if (setting === 'off') return { race: false, reason: 'race: false' };
  const platform = `${go.os}/${go.arch}`;
  let problem: string | undefined;
  if (!RACE_PLATFORMS.has(platform)) problem = `Go has no race detector for ${platform}`;
  else if (!go.cgo && go.os !== 'darwin')
    problem = `the race detector needs cgo on ${platform}, and CGO_ENABLED is 0 (no C compiler found?)`;
  if (problem === undefined) return { race: true };
  if (setting === 'on') throw new InputError(`race: true, but ${problem}; use race: auto`);
  return { race: false, reason: problem };
}

/** The go test command line (after `go`). */
export function goTestArgs(
  options: Pick<CoverageOptions, 'packages' | 'coverpkg' | 'testArgs'>,
  profilePath: string,
  race: boolean,
): string[] {
  const args = ['test', '-covermode=atomic', `-coverprofile=${profilePath}`];
  if (race) args.push('-race');
  if (options.coverpkg) args.push(`-coverpkg=${options.coverpkg}`);
  // Everything after -args goes to the test binaries, so the packages must come before it.
  const cut = options.testArgs.findIndex((a) => a === '-args' || a === '--args');
  if (cut === -1) args.push(...options.testArgs, ...options.packages);
  else
    args.push(
      ...options.testArgs.slice(0, cut),
      ...options.packages,
      ...options.testArgs.slice(cut),
    );
  return args;
}
