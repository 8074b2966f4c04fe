/**
 * A cache store in a directory of the machine, for self-hosted runners: entries survive
 * between jobs on disk instead of travelling to the GitHub cache service and back.
 *
 * Layout under the store directory:
 *
 *   v1/<sha256(key)>/archive      the entry: a tar + zstd (or gzip) archive, see archive.ts
 *   v1/<sha256(key)>/entry.json   {"key": …, "bytes": …, "created": <ms since the epoch>}
 *   v1/.tmp-<random>/             a save in progress
 *   v1/.trash-<random>/           an evicted entry being deleted
 *
 * Keys can be long and hold any character, so an entry is named by the SHA-256 of its key;
 * entry.json holds the key itself for prefix matching. When an entry was last used is the
 * mtime of its `archive`, set when it is saved and whenever a restore picks it: a timestamp
 * update is atomic and needs no rewrite of entry.json.
 *
 * Several jobs on one machine share the store without a lock, because every step that
 * others can see is a single atomic file-system operation:
 * - a save writes the archive and entry.json into its own `.tmp-` directory and publishes
 *   it with one rename to `v1/<id>`. The rename fails when `v1/<id>` exists, so of two jobs
 *   saving the same key one publishes and the other reports 'exists' and removes its copy;
 * - eviction renames `v1/<id>` to a `.trash-` name first and deletes it afterwards, so no
 *   job ever sees half an entry;
 * - a restore opens the archive once and reads that descriptor. If the entry is evicted
 *   meanwhile the open descriptor keeps the data readable on POSIX (on Windows the rename
 *   fails and the evicting job skips the entry); if it vanished before the open, the
 *   restore reports 'failed' with that reason and leaves the destination untouched.
 *
 * Size: after each save, least-recently-used entries are evicted until the archives total
 * at most `maxBytes`; the entry just saved is never evicted, and an entry larger than
 * `maxBytes` on its own is not kept. Jobs evicting at the same time may together remove
 * a little more than needed, never less.
 *
 * Entries are private to the user that saved them (their directories are 0700): a store
 * serves the jobs of one runner user.
 *
 * Faults (corrupt or vanished entry, full disk, permissions) come back as 'failed' outcomes
 * with a reason; restore and save never throw for them.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../log.js';
import { removeTree } from '../archive/remove-tree.js';
import { createArchive, extractArchive, type ArchiveOptions } from './archive.js';
import type {
  CacheBackend,
  RestoreOutcome,
  RestoreRequest,
  SaveOutcome,
  SaveRequest,
} from './backend.js';

const LAYOUT = 'v1';
const ARCHIVE = 'archive';
const META = 'entry.json';
const ID = /^[0-9a-f]{64}$/;
/** Leftovers of jobs that died: a save older than this is not coming back. */
const STALE_TEMP_MS = 24 * 3_600_000;
const STALE_TRASH_MS = 3_600_000;

export interface LocalCacheOptions {
  /** The store directory; created on the first save. */
  dir: string;
  /** Most bytes the archives may take together. */
  maxBytes: number;
  /** Clock for created and last-used times, in ms since the epoch (default Date.now). */
  now?: () => number;
  logger?: Logger;
  /** How entries are packed and unpacked (compression, tar program, environment). */
  archive?: ArchiveOptions;
}

/** An entry as listed by {@link LocalCacheBackend.list}. */
export interface StoredEntry {
  /** Directory name under `v1/`: the SHA-256 of the key, in hex. */
  id: string;
  /** Undefined for a damaged entry (no readable entry.json); eviction removes those first. */
  key: string | undefined;
  /** Size of the archive. */
  bytes: number;
  created: number;
  lastUsed: number;
}

/** The name an entry's directory gets: keys may hold any character and be of any length. */
export function entryId(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export class LocalCacheBackend implements CacheBackend {
  readonly name = 'local';
  /** `<dir>/v1`, where the entries live. */
  readonly entriesDir: string;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private readonly logger: Logger;
  private readonly archive: ArchiveOptions;

  constructor(options: LocalCacheOptions) {
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes <= 0)
      throw new RangeError(`maxBytes must be a positive integer, got ${options.maxBytes}`);
    this.entriesDir = path.join(path.resolve(options.dir), LAYOUT);
    this.maxBytes = options.maxBytes;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.archive = options.archive ?? {};
  }

  async restore(request: RestoreRequest): Promise<RestoreOutcome> {
    let chosen: { entry: StoredEntry & { key: string }; kind: 'hit' | 'partial' } | undefined;
    try {
      chosen = await this.find(request);
    } catch (err) {
      return {
        kind: 'failed',
        reason: `reading the local cache at ${this.entriesDir}: ${text(err)}`,
      };
    }
    if (chosen === undefined) return { kind: 'miss' };
    const { entry, kind } = chosen;
    const entryDir = path.join(this.entriesDir, entry.id);
    const archive = path.join(entryDir, ARCHIVE);
    // Marked as used before the (long) unpack, so a job evicting meanwhile sees it as fresh.
    await this.touch(archive);
    try {
      const result = await extractArchive(archive, request.dir, this.archive);
      this.logger.debug(
        `local cache: restored ${JSON.stringify(entry.key)} (${result.bytes} bytes)`,
      );
      return { kind, matchedKey: entry.key, bytes: result.bytes };
    } catch (err) {
      const vanished = (err as { code?: unknown }).code === 'ENOENT' && !(await exists(archive));
      const reason = vanished
        ? `the entry for key ${JSON.stringify(entry.key)} was removed (evicted by another job?) before it could be read`
        : `restoring key ${JSON.stringify(entry.key)} from ${entryDir} failed: ${text(err)}`;
      return { kind: 'failed', reason };
    }
  }

  async save(request: SaveRequest): Promise<SaveOutcome> {
    const quoted = JSON.stringify(request.key);
    const id = entryId(request.key);
    const target = path.join(this.entriesDir, id);
    let tmp: string | undefined;
    try {
      const source = await stat(request.dir).catch(() => undefined);
      if (!source?.isDirectory())
        return {
          kind: 'failed',
          reason: `nothing to save for key ${quoted}: ${request.dir} is not a directory`,
        };
      if (await exists(target)) return { kind: 'exists' };

      await mkdir(this.entriesDir, { recursive: true });
      await this.removeLeftovers();
      tmp = await mkdtemp(path.join(this.entriesDir, '.tmp-'));
      const archive = path.join(tmp, ARCHIVE);
      const { bytes } = await createArchive(request.dir, archive, this.archive);
      if (bytes > this.maxBytes)
        return {
          kind: 'failed',
          reason:
            `the entry for key ${quoted} is ${bytes} bytes, more than the local cache may hold ` +
            `(${this.maxBytes} bytes); it was not kept`,
        };
      const now = this.now();
      await writeFile(
        path.join(tmp, META),
        JSON.stringify({ key: request.key, bytes, created: now }),
      );
      await utimes(archive, now / 1000, now / 1000);
      try {
        await rename(tmp, target);
        tmp = undefined;
      } catch (err) {
        if (await isTaken(err, target)) return { kind: 'exists' };
        throw err;
      }
      this.logger.debug(`local cache: saved ${quoted} (${bytes} bytes)`);
      await this.evict(id);
      return { kind: 'saved', bytes };
    } catch (err) {
      return {
        kind: 'failed',
        reason: `saving key ${quoted} to ${this.entriesDir} failed: ${text(err)}`,
      };
    } finally {
      if (tmp !== undefined) await removeTree(tmp).catch(() => undefined);
    }
  }

  /** Every entry in the store, damaged ones included (with `key` undefined). */
  async list(): Promise<StoredEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.entriesDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const entries = await Promise.all(names.filter((n) => ID.test(n)).map((n) => this.read(n)));
    return entries.filter((e): e is StoredEntry => e !== undefined);
  }

  /** The exact key, else the newest entry matching the first restore key that matches any. */
  private async find(
    request: RestoreRequest,
  ): Promise<{ entry: StoredEntry & { key: string }; kind: 'hit' | 'partial' } | undefined> {
    const exact = await this.read(entryId(request.key));
    if (exact !== undefined && exact.key === request.key)
      return { entry: { ...exact, key: exact.key }, kind: 'hit' };
    if (request.restoreKeys.length === 0) return undefined;
    const all = (await this.list()).filter(
      (e): e is StoredEntry & { key: string } => e.key !== undefined,
    );
    for (const prefix of request.restoreKeys) {
      const matches = all.filter((e) => e.key.startsWith(prefix));
      if (matches.length === 0) continue;
      const newest = matches.reduce((a, b) => (newer(b, a) ? b : a));
      return { entry: newest, kind: 'partial' };
    }
    return undefined;
  }

  /** One entry, or undefined when it does not exist (or vanished while being read). */
  private async read(id: string): Promise<StoredEntry | undefined> {
    const dir = path.join(this.entriesDir, id);
    const [archive, meta] = await Promise.all([
      stat(path.join(dir, ARCHIVE)).catch(() => undefined),
      readFile(path.join(dir, META), 'utf8').then(
        (text) => ({ text }),
        (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? { text: undefined } : undefined),
      ),
    ]);
    // Unreadable (another user's entry?): neither ours to use nor to judge damaged.
    if (meta === undefined) return undefined;
    const parsed = parseMeta(meta.text);
    if (archive === undefined) {
      if (parsed !== undefined) return undefined; // a complete entry that was just evicted
      const info = await lstat(dir).catch(() => undefined);
      if (!info?.isDirectory()) return undefined;
      return { id, key: undefined, bytes: 0, created: info.mtimeMs, lastUsed: 0 };
    }
    return {
      id,
      key: parsed?.key,
      bytes: archive.size,
      created: parsed?.created ?? archive.mtimeMs,
      // Damaged entries go first.
      lastUsed: parsed === undefined ? 0 : archive.mtimeMs,
    };
  }

  private async touch(archive: string): Promise<void> {
    const now = this.now() / 1000;
    // Best effort: failing to record the use must not fail the restore.
    await utimes(archive, now, now).catch(() => undefined);
  }

  /** Removes least-recently-used entries, never `keep`, until the store fits. */
  private async evict(keep: string): Promise<void> {
    let entries: StoredEntry[];
    try {
      entries = await this.list();
    } catch (err) {
      this.logger.warning(`local cache: could not list ${this.entriesDir} to evict: ${text(err)}`);
      return;
    }
    let total = entries.reduce((sum, e) => sum + e.bytes, 0);
    const candidates = entries
      .filter((e) => e.id !== keep)
      .sort((a, b) => a.lastUsed - b.lastUsed || a.created - b.created);
    for (const entry of candidates) {
      if (total <= this.maxBytes) break;
      const trash = path.join(this.entriesDir, `.trash-${randomBytes(6).toString('hex')}`);
      try {
        await rename(path.join(this.entriesDir, entry.id), trash);
      } catch (err) {
        // Gone already: another job evicted it. Anything else (Windows: in use): skip it.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') total -= entry.bytes;
        else this.logger.debug(`local cache: could not evict ${entry.id}: ${text(err)}`);
        continue;
      }
      total -= entry.bytes;
      this.logger.info(
        `local cache: evicted ${entry.key === undefined ? `damaged entry ${entry.id}` : JSON.stringify(entry.key)} ` +
          `(${entry.bytes} bytes, last used ${new Date(entry.lastUsed).toISOString()})`,
      );
      await removeTree(trash).catch((err: unknown) =>
        this.logger.warning(`local cache: could not delete ${trash}: ${text(err)}`),
      );
    }
  }

  /** Temporary and trash directories that jobs which died left behind. */
  private async removeLeftovers(): Promise<void> {
    const names = await readdir(this.entriesDir).catch(() => [] as string[]);
    const wallClock = Date.now(); // compared with file-system times, not the injected clock
    for (const name of names) {
      const limit = name.startsWith('.tmp-')
        ? STALE_TEMP_MS
        : name.startsWith('.trash-')
          ? STALE_TRASH_MS
          : undefined;
      if (limit === undefined) continue;
      const full = path.join(this.entriesDir, name);
      const info = await lstat(full).catch(() => undefined);
      if (info !== undefined && wallClock - info.mtimeMs > limit)
        await removeTree(full).catch(() => undefined);
    }
  }
}

interface Meta {
  key: string;
  created: number;
}

function parseMeta(text: string | undefined): Meta | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as { key?: unknown; created?: unknown };
    if (typeof value.key !== 'string' || typeof value.created !== 'number') return undefined;
    return { key: value.key, created: value.created };
  } catch {
    return undefined;
  }
}

/** Newest first: created, then last used, then key for a stable order. */
function newer(a: StoredEntry, b: StoredEntry): boolean {
  if (a.created !== b.created) return a.created > b.created;
  if (a.lastUsed !== b.lastUsed) return a.lastUsed > b.lastUsed;
  return (a.key ?? '') > (b.key ?? '');
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}

/** Whether a failed publish means another job published the same key first. */
async function isTaken(err: unknown, target: string): Promise<boolean> {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTEMPTY') return true;
  // Windows refuses to rename onto an existing directory with EPERM.
  return code === 'EPERM' && (await exists(target));
}

function text(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = (err as { message?: unknown } | null)?.message;
  const said = typeof message === 'string' ? message : String(err);
  return code === 'ENOSPC' && !said.startsWith('disk full') ? `disk full: ${said}` : said;
}
