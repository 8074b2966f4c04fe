/**
 * The tool cache: installed toolchains kept between jobs, in the layout @actions/tool-cache
 * uses, so `tc.find('go', …)` in other actions sees our installs:
 *
 *   <root>/go/<semver>/<arch>/                     the toolchain (GOROOT)
 *   <root>/go/<semver>/<arch>.complete             marker, written last
 *   <root>/go/<semver>/<arch>.verification.json    our verification record (caller's JSON object): a report
 *   <root>/go/<semver>/<arch>.sumdb-proof.json     the checksum database's proof, re-checked on every reuse
 *   <root>/go/<semver>/<arch>.files                the published file list (its hash is the module's h1:)
 *   <root>/go/<semver>/<arch>.lock/                proper-lockfile lock while installing
 *   <root>/go/<semver>/.tmp-<arch>-<random>/       install in progress (same volume → atomic rename)
 *
 * An entry counts as installed only with its marker. Nothing here proves an entry: the
 * record and the files beside it can be written by any job on the runner, so callers prove
 * the tree itself (see install/entry-proof.ts). Entries from actions/setup-go or a runner
 * image have no record of ours: they are reported as `unrecorded`.
 *
 * Installs take a lock per (version, arch), so two jobs on one self-hosted runner installing
 * the same version end with one good install, the second reusing the first's.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import semver from 'semver';

const TOOL = 'go';

export interface EntryPaths {
  /** `<root>/go/<version>`: the entry's siblings live here. */
  versionDir: string;
  dir: string;
  marker: string;
  record: string;
  /** The kept checksum-database proof (untrusted: re-verified on every use). */
  proof: string;
  /** The published file list (untrusted: used only when its hash equals a proven h1:). */
  manifest: string;
  lock: string;
}

/** Files written beside an entry with its record, before the marker. */
export interface EntrySidecars {
  readonly proof?: string;
  readonly manifest?: string;
}

export type Entry<R = unknown> = RecordedEntry<R> | UnrecordedEntry;

/** An entry with a record of ours: what the install reported, not a proof. */
export interface RecordedEntry<R = unknown> {
  state: 'recorded';
  version: string;
  arch: string;
  dir: string;
  /** The verification record written at install (parsed JSON). */
  record: R;
}

/** Installed (marker present) without a readable record of ours (another tool, a runner image). */
export interface UnrecordedEntry {
  state: 'unrecorded';
  version: string;
  arch: string;
  dir: string;
  reason: string;
}

export interface InstallOptions {
  /** How long to wait for another install of the same version to finish (default 10 min). */
  lockTimeoutMs?: number;
  /** A lock not refreshed for this long belongs to a dead process (default 60 s, at least 2 s). */
  staleLockMs?: number;
  /** `.tmp-*` directories of other architectures older than this are removed (default 1 day). */
  staleTempMs?: number;
}

const DEFAULTS = { lockTimeoutMs: 10 * 60_000, staleLockMs: 60_000, staleTempMs: 24 * 3_600_000 };

/**
 * Where the tool cache lives: `RUNNER_TOOL_CACHE` on runners; otherwise a per-user cache
 * directory: `%LOCALAPPDATA%\setup-go-verified\tool-cache` on Windows,
 * `~/Library/Caches/setup-go-verified/tool-cache` on macOS, and
 * `$XDG_CACHE_HOME/setup-go-verified/tool-cache` (default `~/.cache/…`) elsewhere.
 */
export function toolCacheRoot(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const configured = env['RUNNER_TOOL_CACHE'];
  if (configured) return configured;
  if (platform === 'win32') {
    const local = env['LOCALAPPDATA'] || path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(local, 'setup-go-verified', 'tool-cache');
  }
  if (platform === 'darwin')
    return path.posix.join(home, 'Library', 'Caches', 'setup-go-verified', 'tool-cache');
  // The XDG spec says to ignore a relative XDG_CACHE_HOME.
  const xdg = env['XDG_CACHE_HOME'];
  const cache = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.cache');
  return path.posix.join(cache, 'setup-go-verified', 'tool-cache');
}

/** The paths of one entry; version and arch must be plain path components. */
export function entryPaths(root: string, version: string, arch: string): EntryPaths {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/.test(version))
    throw new Error(`invalid tool cache version ${JSON.stringify(version)}`);
  if (!/^[0-9A-Za-z_]+$/.test(arch))
    throw new Error(`invalid tool cache architecture ${JSON.stringify(arch)}`);
  const versionDir = path.join(root, TOOL, version);
  const dir = path.join(versionDir, arch);
  return {
    versionDir,
    dir,
    marker: `${dir}.complete`,
    record: `${dir}.verification.json`,
    proof: `${dir}.sumdb-proof.json`,
    manifest: `${dir}.files`,
    lock: `${dir}.lock`,
  };
}

/**
 * The entry for (version, arch): recorded (marker and our record), unrecorded (marker, no
 * usable record), or undefined when absent or incomplete (no marker, or marker without directory).
 */
export async function findEntry<R = unknown>(
  root: string,
  version: string,
  arch: string,
): Promise<Entry<R> | undefined> {
  const paths = entryPaths(root, version, arch);
  const [isDir, hasMarker] = await Promise.all([
    stat(paths.dir).then((s) => s.isDirectory(), absent),
    stat(paths.marker).then((s) => s.isFile(), absent),
  ]);
  if (!isDir || !hasMarker) return undefined;
  const base = { version, arch, dir: paths.dir };
  let text: string;
  try {
    text = await readFile(paths.record, 'utf8');
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
    return {
      ...base,
      state: 'unrecorded',
      reason: 'no verification record (installed by another tool or an older run)',
    };
  }
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (err) {
    return {
      ...base,
      state: 'unrecorded',
      reason: `verification record is not valid JSON: ${(err as Error).message}`,
    };
  }
  if (!isJsonObject(record))
    return { ...base, state: 'unrecorded', reason: 'verification record is not a JSON object' };
  return { ...base, state: 'recorded', record: record as R };
}

/**
 * Versions with an installed entry for `arch` (ours or another tool's: each is proven
 * before use), in ascending semver order.
 */
export async function listVersions(root: string, arch: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(path.join(root, TOOL), { withFileTypes: true }))
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return [];
    throw err;
  }
  const found: string[] = [];
  for (const version of names) {
    let entry: Entry | undefined;
    try {
      entry = await findEntry(root, version, arch);
    } catch {
      continue; // a directory name that is not a version
    }
    if (entry !== undefined) found.push(version);
  }
  return found.sort(compareVersions);
}

/** What installEntry does besides populating: reuse checks and files beside the record. */
export interface InstallEntryOptions<T, R> extends InstallOptions {
  /**
   * Decides, under the lock, whether an entry that is already there (another job may just
   * have installed it) can be used instead of installing: it must prove it. Without this,
   * an existing entry is always replaced.
   */
  reuse?: (existing: Entry<R>) => Promise<RecordedEntry<R> | undefined>;
  /** The kept proof and manifest to write beside the record. */
  sidecars?: (result: T) => EntrySidecars;
}

/**
 * Installs (version, arch) and returns the entry.
 *
 * Under the lock: offers an existing entry to `reuse` (when it proves it, `populate` is not
 * called), calls `populate` on a fresh temporary directory beside the entry, removes any
 * other entry or leftover, renames the temporary directory into place, writes the record
 * and sidecars (temp file + rename), and writes the marker last. On failure nothing is
 * left: no temporary directory, no entry, no record, no marker.
 */
export async function installEntry<T, R = unknown>(
  root: string,
  version: string,
  arch: string,
  populate: (tmpDir: string) => Promise<T>,
  toRecord: (result: T) => R,
  options: InstallEntryOptions<T, R> = {},
): Promise<RecordedEntry<R>> {
  const paths = entryPaths(root, version, arch);
  await mkdir(paths.versionDir, { recursive: true });
  const held = await acquireLock(paths, `go ${version} ${arch}`, options);
  try {
    const existing = await findEntry<R>(root, version, arch);
    const reused = existing && options.reuse ? await options.reuse(existing) : undefined;
    if (reused) return reused;
    await removeLeftovers(paths, arch, options.staleTempMs ?? DEFAULTS.staleTempMs);

    const tmp = await mkdtemp(path.join(paths.versionDir, `.tmp-${arch}-`));
    let placed = false;
    try {
      const result = await populate(tmp);
      const record = toRecord(result);
      if (!isJsonObject(record)) throw new Error('the verification record must be a JSON object');
      const json = `${JSON.stringify(record, null, 2)}\n`;
      const sidecars = options.sidecars?.(result) ?? {};
      held.check();
      // Marker first: readers stop seeing the old entry before it is torn down.
      await removeEntryFiles(paths);
      await renameWithRetry(tmp, paths.dir);
      placed = true;
      await writeFileAtomic(paths.record, json);
      if (sidecars.proof !== undefined) await writeFileAtomic(paths.proof, sidecars.proof);
      if (sidecars.manifest !== undefined) await writeFileAtomic(paths.manifest, sidecars.manifest);
      held.check();
      await writeFile(paths.marker, '');
      return { state: 'recorded', version, arch, dir: paths.dir, record: JSON.parse(json) as R };
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      if (placed) await removeEntryFiles(paths);
      throw err;
    }
  } finally {
    await held.release();
  }
}

/**
 * Runs `fn` holding the entry's lock: for changes to an entry in place (adopting a runner
 * image's tree, refreshing its kept proof) that must not race an install or a removal.
 */
export async function withEntryLock<T>(
  root: string,
  version: string,
  arch: string,
  fn: (paths: EntryPaths) => Promise<T>,
  options: InstallOptions = {},
): Promise<T> {
  const paths = entryPaths(root, version, arch);
  await mkdir(paths.versionDir, { recursive: true });
  const held = await acquireLock(paths, `go ${version} ${arch}`, options);
  try {
    const out = await fn(paths);
    held.check();
    return out;
  } finally {
    await held.release();
  }
}

/** Replaces one file beside an entry atomically (a record, a kept proof, a manifest). */
export async function writeEntryFile(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text);
}

/** Removes (version, arch) and its marker and record; returns whether anything was there. */
export async function removeEntry(
  root: string,
  version: string,
  arch: string,
  options: InstallOptions = {},
): Promise<boolean> {
  const paths = entryPaths(root, version, arch);
  const present = await Promise.all(
    [paths.dir, paths.marker, paths.record, paths.proof, paths.manifest].map((p) =>
      stat(p).then(() => true, absent),
    ),
  );
  if (!present.some(Boolean)) return false;
  const held = await acquireLock(paths, `go ${version} ${arch}`, options);
  try {
    await removeEntryFiles(paths);
  } finally {
    await held.release();
  }
  return true;
}

interface HeldLock {
  /** Throws if the lock was lost (another process judged it stale and took it). */
  check(): void;
  release(): Promise<void>;
}

async function acquireLock(
  paths: EntryPaths,
  what: string,
  options: InstallOptions,
): Promise<HeldLock> {
  const timeout = options.lockTimeoutMs ?? DEFAULTS.lockTimeoutMs;
  const stale = Math.max(options.staleLockMs ?? DEFAULTS.staleLockMs, 2000);
  const deadline = Date.now() + timeout;
  let compromised: Error | undefined;
  let delay = 100;
  for (;;) {
    try {
      const release = await lockfile.lock(paths.dir, {
        realpath: false,
        lockfilePath: paths.lock,
        stale,
        retries: 0,
        // The default throws from a timer; record it and fail the install before it commits.
        onCompromised: (err) => (compromised = err),
      });
      return {
        check: () => {
          if (compromised)
            throw new Error(
              `lost the tool cache lock ${paths.lock} while installing ${what}: ${compromised.message}`,
            );
        },
        release: () => release().catch(() => undefined),
      };
    } catch (err) {
      if (errorCode(err) !== 'ELOCKED') throw err;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `timed out after ${Math.round(timeout / 1000)} s waiting for the tool cache lock ${paths.lock}: ` +
            `another job is installing ${what} (if none is, remove that directory)`,
          { cause: err },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, remaining)));
      delay = Math.min(delay * 2, 1000);
    }
  }
}

/** Crash leftovers of this (version, arch), and old temporary directories of any. */
async function removeLeftovers(
  paths: EntryPaths,
  arch: string,
  staleTempMs: number,
): Promise<void> {
  // Our temporary directory, and half-written files beside the entry (`x64.files.tmp-…`).
  const ours = (name: string) =>
    name.startsWith(`.tmp-${arch}-`) || (name.startsWith(`${arch}.`) && name.includes('.tmp-'));
  for (const name of await readdir(paths.versionDir)) {
    const full = path.join(paths.versionDir, name);
    if (ours(name)) {
      // We hold the lock: nobody else can be writing these.
      await rm(full, { recursive: true, force: true });
    } else if (name.startsWith('.tmp-')) {
      const info = await stat(full).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > staleTempMs)
        await rm(full, { recursive: true, force: true });
    }
  }
}

async function removeEntryFiles(paths: EntryPaths): Promise<void> {
  await rm(paths.marker, { force: true });
  await rm(paths.record, { force: true });
  await rm(paths.proof, { force: true });
  await rm(paths.manifest, { force: true });
  await rm(paths.dir, { recursive: true, force: true });
}

async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    await writeFile(tmp, text);
    await renameWithRetry(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Windows virus scanners and indexers briefly hold new files open: retry a few times. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = errorCode(err);
      if (attempt >= 8 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

function compareVersions(a: string, b: string): number {
  const va = semver.valid(a);
  const vb = semver.valid(b);
  if (va && vb) return semver.compare(va, vb);
  if (va || vb) return va ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function absent(err: unknown): false {
  if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return false;
  throw err;
}

function errorCode(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}
