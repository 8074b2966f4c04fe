/**
 * The profile and reports as workflow artifacts (@actions/artifact, artifacts v4): each matrix
 * leg uploads its own, and the merge job downloads the legs of this run. @actions/artifact is
 * loaded on demand: a step that uploads nothing should not pay for loading it.
 */
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../errors.js';

export type UploadResult =
  | { readonly kind: 'uploaded'; readonly id: number; readonly size: number }
  | { readonly kind: 'skipped'; readonly reason: string };

/** Why this job cannot use the artifact service, or undefined when it can. */
export function artifactServiceProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (!env['ACTIONS_RUNTIME_TOKEN'] || !env['ACTIONS_RESULTS_URL'])
    return 'the artifact service is not available here (no ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL: not a GitHub Actions job)';
  return undefined;
}

async function client() {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

export async function uploadCoverageArtifact(opts: {
  name: string;
  rootDir: string;
  files: readonly string[];
  retentionDays?: number;
  env: NodeJS.ProcessEnv;
}): Promise<UploadResult> {
  const problem = artifactServiceProblem(opts.env);
  if (problem) return { kind: 'skipped', reason: problem };
  const r = await (
    await client()
  ).uploadArtifact(opts.name, [...opts.files], opts.rootDir, {
    retentionDays: opts.retentionDays,
  });
  return { kind: 'uploaded', id: r.id ?? 0, size: r.size ?? 0 };
}

/** `coverage-*` as a RegExp: `*` any run of characters, `?` one; the rest literal. */
export function artifactPattern(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\*?]/g, (c) =>
    c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`,
  );
  return new RegExp(`^${body}$`);
}

export interface DownloadedLeg {
  readonly name: string;
  readonly dir: string;
}

export async function downloadCoverageArtifacts(opts: {
  pattern: string;
  destDir: string;
  /** An artifact name never to download (the merge step's own). */
  exclude?: string;
  env: NodeJS.ProcessEnv;
}): Promise<DownloadedLeg[]> {
  const problem = artifactServiceProblem(opts.env);
  if (problem) throw new InputError(`mode merge downloads the legs' artifacts, but ${problem}; use mode report with profiles`);
  const artifacts = await client();
  // latest: a leg that was re-run uploads again; the newest upload of a name wins.
  const { artifacts: all } = await artifacts.listArtifacts({ latest: true });
  const re = artifactPattern(opts.pattern);
  const legs = all
    .filter((a) => re.test(a.name) && a.name !== opts.exclude)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  if (legs.length === 0) {
    const present = all.map((a) => a.name).join(', ') || 'none';
    throw new InputError(
      `no artifacts matching ${opts.pattern} in this run: did the matrix jobs run the coverage action with upload-artifact? artifacts present: ${present}`,
    );
  }
  const out: DownloadedLeg[] = [];
  for (const a of legs) {
    const dir = path.join(opts.destDir, a.name);
    const r = await artifacts.downloadArtifact(a.id, { path: dir, expectedHash: a.digest });
    if (r.digestMismatch) {
      throw new InputError(
        `artifact ${a.name} does not match the digest it was uploaded with (${a.digest}); it was changed or damaged in storage`,
      );
    }
    await readdir(dir); // the download made the directory, or this says it did not
    out.push({ name: a.name, dir });
  }
  return out;
}
