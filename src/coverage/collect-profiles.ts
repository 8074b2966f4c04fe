/**
 * Finds the profiles a report or merge step reads: globs over text profiles and GOCOVERDIR
 * directories (binary data from `go build -cover` programs or `go test -test.gocoverdir`),
 * which the toolchain converts with `go tool covdata textfmt`.
 */
import * as glob from '@actions/glob';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { run } from '../process.js';

export interface FoundProfiles {
  /** Text profiles, absolute, in a stable order. */
  readonly files: readonly string[];
  /** GOCOVERDIR directories, absolute. */
  readonly coverDirs: readonly string[];
}

/** A GOCOVERDIR holds covmeta.<hash> files (and covcounters.* for each run). */
async function isCoverDir(dir: string): Promise<boolean> {
  const names = await readdir(dir);
  return names.some((n) => n.startsWith('covmeta.'));
}

/**
 * Expands the patterns (relative ones against `root`); every pattern must match something, so a
 * typo is an error rather than a silently lower figure.
 */
export async function findProfiles(
  patterns: readonly string[],
  root: string,
): Promise<FoundProfiles> {
  const files = new Set<string>();
  const coverDirs = new Set<string>();
  const excludes = patterns
    .filter((p) => p.startsWith('!'))
    .map((p) => `!${path.isAbsolute(p.slice(1)) ? p.slice(1) : path.join(root, p.slice(1))}`);
  for (const raw of patterns) {
    if (raw.startsWith('!')) continue; // an exclusion applies to every pattern
    const pattern = path.isAbsolute(raw) ? raw : path.join(root, raw);
    const globber = await glob.create([pattern, ...excludes].join('\n'), {
      implicitDescendants: false,
      matchDirectories: true,
    });
    const matches = await globber.glob();
    let used = 0;
    for (const m of matches.sort()) {
      const s = await stat(m);
      if (s.isDirectory()) {
        if (await isCoverDir(m)) {
          coverDirs.add(m);
          used++;
        }
      } else if (s.isFile()) {
        files.add(m);
        used++;
      }
    }
    if (used === 0) {
      throw new InputError(
        `profiles: ${JSON.stringify(raw)} matched no profile file and no GOCOVERDIR directory (one with covmeta.* files) under ${root}`,
      );
    }
  }
  return { files: [...files], coverDirs: [...coverDirs] };
}

/** Converts GOCOVERDIR directories into one text profile at `out`. */
export async function convertCoverDirs(
  go: string,
  dirs: readonly string[],
  out: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  // covdata splits -i on commas: a directory whose name has one cannot be passed.
  const comma = dirs.find((d) => d.includes(','));
  if (comma)
    throw new InputError(
      `profiles: ${comma}: go tool covdata cannot read a directory whose path has a comma`,
    );
  const r = await run(go, ['tool', 'covdata', 'textfmt', `-i=${dirs.join(',')}`, `-o=${out}`], {
    env,
    timeoutMs: 10 * 60_000,
  });
  if (r.code !== 0) {
    throw new InputError(
      `go tool covdata textfmt could not read ${dirs.join(', ')}: ${(r.stderr || r.stdout).trim()}`,
    );
  }
}
