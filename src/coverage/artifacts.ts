/**
 * The profile and reports as workflow artifacts (artifacts v4, through @actions/artifact): each
 * matrix leg uploads its own, and the merge job downloads the legs of this run.
 *
 * @actions/artifact is imported on demand, so a step that uploads nothing does not pay for
 * loading it. It reads ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL and GITHUB_SERVER_URL from
 * process.env itself; the `env` these functions take is only checked against it.
 */
import { readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../errors.js';

export type UploadResult =
  | { readonly kind: 'uploaded'; readonly id: number; readonly size: number }
  /** The artifact service cannot be used here; `reason` says why. Not an error. */
  | { readonly kind: 'skipped'; readonly reason: string };

/** An artifact of this run, as the service lists it. */
export interface ListedArtifact {
  readonly name: string;
  /** The service's database id; a later upload has a larger one. */
  readonly id: number;
  /** `sha256:<hex>` of the zip, when the uploader reported it. */
  readonly digest?: string;
}

/** An artifact downloaded and unpacked into `dir`. */
export interface DownloadedArtifact {
  readonly name: string;
  readonly dir: string;
  /** The files unpacked, relative to `dir` with `/` separators, sorted. */
  readonly files: readonly string[];
}

/** The artifact service refused or failed a request (after the client's own retries). */
export class ArtifactServiceError extends Error {
  override name = 'ArtifactServiceError';
}

const SERVICE_VARS = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_SERVER_URL'] as const;

/** Why this job cannot use the artifact service, or undefined when it can. */
export function artifactServiceProblem(env: NodeJS.ProcessEnv): string | undefined {
  const missing = SERVICE_VARS.slice(0, 2).filter((k) => !env[k]);
  if (missing.length > 0) {
    return `the artifact service is not available: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set (not a GitHub Actions job step, or a runner too old for artifacts v4)`;
  }
  const server = env['GITHUB_SERVER_URL'] || 'https://github.com';
  let host: string;
  try {
    host = new URL(server).hostname.toLowerCase();
  } catch {
    return `the artifact service is not available: GITHUB_SERVER_URL ${JSON.stringify(server)} is not a URL`;
  }
  // The hosts @actions/artifact accepts; anything else is GitHub Enterprise Server to it.
  if (host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost')) {
    return `the artifact service is not available: artifacts v4 (@actions/artifact) are not supported on GitHub Enterprise Server (${server})`;
  }
  return undefined;
}

/** @actions/artifact reads process.env: an `env` that disagrees with it would be misleading. */
function checkEnvIsProcessEnv(env: NodeJS.ProcessEnv): void {
  if (env === process.env) return;
  const differ = SERVICE_VARS.filter((k) => (env[k] ?? '') !== (process.env[k] ?? ''));
  if (differ.length > 0) {
    throw new Error(
      `@actions/artifact reads ${differ.join(', ')} from process.env, and the env given differs; pass process.env`,
    );
  }
}

async function artifactClient() {
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient();
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What to do about an upload failure the service's message alone does not explain. */
function uploadHint(name: string, text: string): string {
  if (/\(409\)|already exists/i.test(text)) {
    return `\nEvery job of a run needs its own artifact name: give matrix legs on the same platform distinct artifact-name inputs (for example coverage-\${{ matrix.go }}-\${{ runner.os }}).`;
  }
  return `\nThe profile and reports are still on disk; a merge job will miss ${name}.`;
}

/**
 * Uploads `files` (absolute, under `rootDir`) as one zip artifact named `name`. Returns a
 * skipped result, without loading @actions/artifact, where the service is not available.
 */
export async function uploadCoverageArtifact(opts: {
  name: string;
  rootDir: string;
  files: readonly string[];
  /** Days the artifact is kept; the repository's setting when absent. */
  retentionDays?: number;
  env: NodeJS.ProcessEnv;
}): Promise<UploadResult> {
  const env = opts.env;
  const problem = artifactServiceProblem(env);
  if (problem) return { kind: 'skipped', reason: problem };
  checkEnvIsProcessEnv(env);
  const days = opts.retentionDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 90)) {
    throw new InputError(
      `artifact retention must be a whole number of days from 1 to 90, not ${days}`,
    );
  }
  if (opts.files.length === 0) {
    throw new InputError(
      `artifact ${opts.name}: there are no files to upload from ${opts.rootDir}`,
    );
  }
  const outside = opts.files.filter((f) => {
    const rel = path.relative(path.resolve(opts.rootDir), path.resolve(f));
    return rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  });
  if (outside.length > 0) {
    throw new InputError(
      `artifact ${opts.name}: ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not inside ${opts.rootDir}, the directory the artifact is made from`,
    );
  }
  const client = await artifactClient();
  try {
    const r = await client.uploadArtifact(opts.name, [...opts.files], opts.rootDir, {
      retentionDays: days,
    });
    return { kind: 'uploaded', id: r.id ?? 0, size: r.size ?? 0 };
  } catch (err) {
    const text = message(err);
    throw new ArtifactServiceError(
      `uploading artifact ${opts.name} failed: ${text}${uploadHint(opts.name, text)}`,
      { cause: err },
    );
  }
}

/**
 * A glob over artifact names as a RegExp: `*` any run of characters, `?` any one, the rest
 * literal. Artifact names cannot contain `/`, so there is nothing for `**` or classes to add.
 */
export function artifactPattern(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\*?]/g, (c) =>
    c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`,
  );
  return new RegExp(`^${body}$`, 's');
}

/**
 * The artifacts to download: names matching `pattern` other than `exclude`, the newest of each
 * name (a re-run job uploads its name again), sorted by name.
 */
export function selectArtifacts(
  all: readonly ListedArtifact[],
  pattern: string,
  exclude?: string,
): ListedArtifact[] {
  const re = artifactPattern(pattern);
  const newest = new Map<string, ListedArtifact>();
  for (const a of all) {
    if (!re.test(a.name) || a.name === exclude) continue;
    const seen = newest.get(a.name);
    if (!seen || a.id > seen.id) newest.set(a.name, a);
  }
  return [...newest.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The error for a pattern that matched nothing, naming what the run does have. */
export function noArtifactsError(
  pattern: string,
  all: readonly ListedArtifact[],
  exclude?: string,
): InputError {
  const names = [...new Set(all.map((a) => a.name))].sort();
  const present = names.length > 0 ? names.join(', ') : 'none';
  const only =
    exclude !== undefined && names.includes(exclude)
      ? ` (${exclude} is this step's own and is never merged)`
      : '';
  return new InputError(
    `no artifacts matching ${pattern} in this run: did the matrix jobs upload them (the coverage action with upload-artifact: true, and this job needs: those jobs)? artifacts present: ${present}${only}`,
  );
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

type ArtifactClient = Awaited<ReturnType<typeof artifactClient>>;

/** Unpacks one listed artifact into `destDir/<name>/`, emptied first; refuses a bad digest. */
async function downloadOne(
  client: ArtifactClient,
  a: ListedArtifact,
  destDir: string,
): Promise<DownloadedArtifact> {
  // The service validates names, but this one becomes a directory: never let it escape.
  if (
    a.name === '.' ||
    a.name === '..' ||
    path.basename(a.name) !== a.name ||
    a.name.includes('\\')
  ) {
    throw new ArtifactServiceError(
      `the service listed an artifact named ${JSON.stringify(a.name)}, which cannot be a directory name`,
    );
  }
  const dir = path.join(destDir, a.name);
  await rm(dir, { recursive: true, force: true });
  let mismatch: boolean | undefined;
  try {
    const r = await client.downloadArtifact(a.id, { path: dir, expectedHash: a.digest });
    mismatch = r.digestMismatch;
  } catch (err) {
    throw new ArtifactServiceError(
      `downloading artifact ${a.name} (id ${a.id}) failed: ${message(err)}`,
      {
        cause: err,
      },
    );
  }
  if (mismatch) {
    throw new ArtifactServiceError(
      `artifact ${a.name} does not match the digest it was uploaded with (${a.digest}): it was changed or damaged in storage; re-run the job that uploads it`,
    );
  }
  return { name: a.name, dir, files: await listFiles(dir) };
}

/**
 * Downloads this run's artifacts whose names match `pattern` (other than `exclude`), each
 * unpacked into `destDir/<name>/`, which is emptied first.
 */
export async function downloadCoverageArtifacts(opts: {
  pattern: string;
  destDir: string;
  /** An artifact name never to download (the merge step's own, from an earlier attempt). */
  exclude?: string;
  env: NodeJS.ProcessEnv;
}): Promise<DownloadedArtifact[]> {
  const env = opts.env;
  if (!opts.pattern.trim())
    throw new InputError('the artifact name pattern is empty; for example coverage-*');
  const problem = artifactServiceProblem(env);
  if (problem) {
    throw new InputError(
      `cannot download the artifacts matching ${opts.pattern}: ${problem}; to merge profiles already on disk, use mode report with profiles`,
    );
  }
  checkEnvIsProcessEnv(env);
  const client = await artifactClient();
  let all: ListedArtifact[];
  try {
    all = (await client.listArtifacts()).artifacts;
  } catch (err) {
    throw new ArtifactServiceError(
      `listing this run's artifacts at ${env['ACTIONS_RESULTS_URL']} failed: ${message(err)}`,
      {
        cause: err,
      },
    );
  }
  const chosen = selectArtifacts(all, opts.pattern, opts.exclude);
  if (chosen.length === 0) throw noArtifactsError(opts.pattern, all, opts.exclude);
  const out: DownloadedArtifact[] = [];
  for (const a of chosen) out.push(await downloadOne(client, a, opts.destDir));
  return out;
}
