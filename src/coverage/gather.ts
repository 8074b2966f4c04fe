/**
 * Produces the one profile a coverage step reports on: from `go test` (test mode), from
 * profiles and GOCOVERDIR directories on disk (report mode), or from the matrix legs'
 * artifacts (merge mode). Every part is parsed with its name, so an error says which
 * profile, which line, and what to do.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { inert } from '../log-text.js';
import type { JobGo } from '../go/job-go.js';
import type { Logger } from '../log.js';
import { convertCoverDirs, findProfiles } from './collect-profiles.js';
import {
  decideRace,
  goTestArgs,
  type CoverageOptions,
  type RaceDecision,
} from './coverage-options.js';
import { runGoTest } from './go-test.js';
import { parseProfile, ProfileMerger, type Profile } from './profile.js';

/** A downloaded artifact: its name and the directory its files are in. */
export interface DownloadedArtifact {
  readonly name: string;
  readonly dir: string;
}

export interface GatherContext {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  /** The job's Go; report and merge modes can do without it unless they convert GOCOVERDIRs. */
  readonly go?: JobGo;
  /** Scratch space for raw profiles and downloads. */
  readonly tempDir: string;
  readonly logger: Logger;
  /** Echo go test's output with workflow commands off: set when a runner reads the output. */
  readonly fenceOutput?: boolean;
  /** Merge mode: fetches this run's artifacts whose names match the pattern. */
  readonly downloadArtifacts?: (
    pattern: string,
    destDir: string,
    exclude: string | undefined,
  ) => Promise<readonly DownloadedArtifact[]>;
}

export interface Gathered {
  readonly profile: Profile;
  /** Names of the parts merged (profile paths, artifact names, `go test`). */
  readonly parts: readonly string[];
  /** Test mode: go test's exit code and what was decided about -race. */
  readonly test?: {
    readonly code: number;
    readonly race: RaceDecision;
    readonly durationMs: number;
  };
}

/** The name of the profile file inside a coverage artifact. */
export const PROFILE_FILE = 'coverage.out';

async function readProfile(file: string, label: string): Promise<Profile> {
  return parseProfile(await readFile(file), label);
}

function relName(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/** Adds profiles on disk to `merger`, one file's text in memory at a time; returns their names. */
async function fromDisk(
  patterns: readonly string[],
  ctx: GatherContext,
  merger: ProfileMerger,
): Promise<string[]> {
  const found = await findProfiles(patterns, ctx.root);
  const parts: string[] = [];
  for (const f of found.files) {
    const name = relName(ctx.root, f);
    merger.addText(await readFile(f), name);
    parts.push(name);
  }
  if (found.coverDirs.length > 0) {
    if (!ctx.go)
      throw new InputError(
        'profiles: converting GOCOVERDIR data needs Go on PATH; run the setup action first',
      );
    const out = path.join(ctx.tempDir, 'covdata.out');
    await convertCoverDirs(ctx.go.go, found.coverDirs, out, ctx.env);
    const name = `GOCOVERDIR ${found.coverDirs.map((d) => relName(ctx.root, d)).join(', ')}`;
    merger.addText(await readFile(out), name);
    parts.push(name);
  }
  return parts;
}

export async function gatherProfile(
  options: CoverageOptions,
  ctx: GatherContext,
): Promise<Gathered> {
  await mkdir(ctx.tempDir, { recursive: true });
  if (options.mode === 'test') {
    if (!ctx.go) throw new InputError('mode test needs Go on PATH; run the setup action first');
    const race = decideRace(options.race, ctx.go);
    if (!race.race && options.race === 'auto')
      ctx.logger.info(`go test without -race: ${race.reason}`);
    const raw = path.join(ctx.tempDir, 'go-test.out');
    const args = goTestArgs(options, raw, race.race);
    const cwd = path.resolve(ctx.root, options.workingDirectory);
    ctx.logger.info(inert(`go ${args.join(' ')}  (in ${relName(ctx.root, cwd) || '.'})`));
    const result = await runGoTest(ctx.go.go, args, {
      cwd,
      env: ctx.env,
      fence: ctx.fenceOutput,
    });
    if (!existsSync(raw)) {
      throw new InputError(
        result.code === 0
          ? `go test wrote no coverage profile (${args.join(' ')})`
          : `go test failed (exit ${result.code}) before it wrote a coverage profile: a package did not build; see the output above`,
      );
    }
    const profile = await readProfile(raw, 'go test profile');
    return {
      profile,
      parts: ['go test'],
      test: { code: result.code, race, durationMs: result.durationMs },
    };
  }

  // Each leg is parsed and merged in before the next is read: a large matrix never has all
  // its texts in memory at once.
  const merger = new ProfileMerger();
  const parts: string[] = [];
  if (options.mode === 'merge') {
    if (!ctx.downloadArtifacts) throw new InputError('mode merge needs the artifact service');
    const dest = path.join(ctx.tempDir, 'legs');
    const legs = await ctx.downloadArtifacts(options.mergePattern, dest, options.artifactName);
    for (const leg of legs) {
      const file = path.join(leg.dir, PROFILE_FILE);
      if (!existsSync(file)) {
        throw new InputError(
          `artifact ${leg.name} has no ${PROFILE_FILE}: it was not uploaded by this coverage action (merge-pattern ${options.mergePattern} matches it)`,
        );
      }
      merger.addText(await readFile(file), `artifact ${leg.name}`);
      parts.push(leg.name);
    }
  }
  if (options.profiles.length > 0) parts.push(...(await fromDisk(options.profiles, ctx, merger)));
  return { profile: merger.result(), parts };
}
