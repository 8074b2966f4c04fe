/**
 * Finds what a module cache holds: every extracted module directory (`<path>@<version>`
 * under GOMODCACHE), every module zip, `.ziphash` and go.mod file under `cache/download`;
 * and hashes those a go.sum line covers, directories file by file (the rest is only
 * listed: it is removed, or kept unread). `cache/download/sumdb` (tiles the go command checks
 * itself), `cache/vcs`, `list` and lock files are not read.
 *
 * The walk of `cache/download` comes first (a few hundred directories); its zips are queued
 * largest first, then the files of the module directories follow as the walk finds them,
 * so every hash thread stays busy until the end. Links and special files are never
 * followed: inside a version's files they fail that version, anywhere else they are strays
 * for the caller to remove (the go command would follow them).
 */
import type { Dirent } from 'node:fs';
import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { FoundDir, FoundVersion, Hashed } from './modcache-decide.js';
import { ModCacheHashPool } from './modcache-hash-pool.js';

/** Where each found part of a version lives, for removal. */
export interface VersionPaths {
  dir?: string;
  zip?: string;
  zipHash?: string;
  mod?: string;
  info?: string;
}

export interface ScannedCache {
  readonly found: Map<string, FoundVersion>;
  readonly paths: Map<string, VersionPaths>;
  /** Links and special files outside any version's files (absolute paths). */
  readonly strays: string[];
  /** Bytes read: directory files, zips as stored, go.mod files. */
  readonly bytes: number;
}

const BATCH = 256;
const NOT_READ = { problem: 'not read: no go.sum line covers it' };
const WALK_CONCURRENCY = 8;
const PART = /^(.+)\.(zip|ziphash|mod|info)$/;
const NOFOLLOW =
  process.platform === 'win32' ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NOFOLLOW;

function kindOf(entry: Dirent): string {
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isFIFO()) return 'a FIFO';
  if (entry.isSocket()) return 'a socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

/** Reads directories below `start` several at once; `visit` says which to descend into. */
async function walk(
  start: string,
  visit: (dir: string, entries: Dirent[]) => string[],
): Promise<void> {
  const dirs = [start];
  const running = new Set<Promise<void>>();
  while (dirs.length > 0 || running.size > 0) {
    while (dirs.length > 0 && running.size < WALK_CONCURRENCY) {
      const dir = dirs.pop()!;
      const p: Promise<void> = readdir(dir, { withFileTypes: true })
        .catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT' && dir === start) return [] as Dirent[];
          throw new Error(`cannot read ${dir}: ${e.message}`, { cause: e });
        })
        .then((entries) => {
          for (const sub of visit(dir, entries)) dirs.push(sub);
        })
        .finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size > 0) await Promise.race(running);
  }
}

async function readZipHash(file: string): Promise<{ text: string } | { problem: string }> {
  try {
    const handle = await open(file, NOFOLLOW);
    try {
      const st = await handle.stat();
      if (!st.isFile() || st.nlink > 1 || st.size > 1024)
        return { problem: 'not a small regular file' };
      return { text: await handle.readFile('utf8') };
    } finally {
      await handle.close();
    }
  } catch (e) {
    return { problem: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}

/** A zip member's name without its `<module>@<version>/` prefix (the version has no `/`). */
function memberName(name: string): string {
  const slash = name.indexOf('/', name.indexOf('@'));
  return slash < 0 ? name : name.slice(slash + 1);
}

/** `cache` and `cache/download` must be real directories: a link would be followed. */
async function linkedCacheDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of [path.join(root, 'cache'), path.join(root, 'cache', 'download')]) {
    const st = await lstat(dir).catch(() => undefined);
    if (st === undefined) break;
    if (!st.isDirectory()) {
      found.push(dir);
      break;
    }
  }
  return found;
}

class Scan {
  readonly found = new Map<string, FoundVersion>();
  readonly paths = new Map<string, VersionPaths>();
  readonly strays: string[] = [];
  bytes = 0;
  private readonly work: Promise<void>[] = [];
  private readonly zips: { key: string; file: string }[] = [];
  private pending: { name: string; apply: (h: Hashed) => void }[] = [];

  constructor(
    private readonly root: string,
    private readonly pool: ModCacheHashPool,
    private readonly wanted: Wanted,
  ) {}

  version(key: string): FoundVersion {
    let v = this.found.get(key);
    if (v === undefined) this.found.set(key, (v = {}));
    return v;
  }

  where(key: string): VersionPaths {
    let p = this.paths.get(key);
    if (p === undefined) this.paths.set(key, (p = {}));
    return p;
  }

  /** Queues a file (root-relative) for hashing; `apply` gets its digest or problem. */
  hashFile(name: string, apply: (h: Hashed) => void): void {
    this.pending.push({ name, apply });
    if (this.pending.length >= BATCH) this.flush();
  }

  flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const names = batch.map((b) => b.name);
    this.work.push(
      this.pool.hashFiles(names).then((r) => {
        this.bytes += r.bytes;
        const problems = new Map(r.problems.map((p) => [p.index, `${p.kind}`]));
        batch.forEach((b, i) =>
          b.apply(r.hex[i] ? { sha256: r.hex[i] } : { problem: problems.get(i)! }),
        );
      }),
    );
  }

  /** `cache/download`: zips, `.ziphash` and go.mod files by version. */
  async walkDownloads(): Promise<void> {
    const base = path.join(this.root, 'cache', 'download');
    await walk(base, (dir, entries) => {
      const rel = path.relative(base, dir).split(path.sep).join('/');
      const sub: string[] = [];
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (path.basename(dir) === '@v' && rel !== '@v') this.versionPart(rel, e, full);
        else if (e.isDirectory() && !(rel === '' && e.name === 'sumdb')) sub.push(full);
        else if (!e.isFile() && !e.isDirectory()) this.strays.push(full);
      }
      return sub;
    });
    const sized = await Promise.all(
      this.zips.map(async (z) => ({ ...z, size: (await lstat(z.file)).size })),
    );
    for (const z of sized.sort((a, b) => b.size - a.size)) {
      this.work.push(
        this.pool.hashZip(z.file).then((r) => {
          if ('problem' in r) return void (this.version(z.key).zip = r);
          this.bytes += z.size;
          const members = new Map<string, string>();
          r.names.forEach((n, i) => members.set(memberName(n), r.hex[i]!));
          this.version(z.key).zip = { h1: r.h1, members };
        }),
      );
    }
  }

  /** One entry of `<module>/@v/`. */
  private versionPart(rel: string, e: Dirent, full: string): void {
    const m = PART.exec(e.name);
    if (m === null) {
      if (!e.isFile() && !e.isDirectory()) this.strays.push(full);
      return;
    }
    const key = `${rel.slice(0, -'/@v'.length)}@${m[1]}`;
    const part = m[2] as 'zip' | 'ziphash' | 'mod' | 'info';
    const where = this.where(key);
    if (part === 'info') {
      where.info = full;
      if (!e.isFile()) this.strays.push(full);
      return;
    }
    const v = this.version(key);
    const problem = e.isFile() ? undefined : { problem: kindOf(e) };
    // Parts no line covers are found but not read: they are removed or kept unread.
    const skip = part === 'mod' ? !this.wanted.mod(key) : !this.wanted.zip(key);
    if (part === 'zip') {
      where.zip = full;
      if (problem || skip) v.zip = problem ?? NOT_READ;
      else this.zips.push({ key, file: full });
    } else if (part === 'ziphash') {
      where.zipHash = full;
      if (problem || skip) v.zipHash = problem ?? NOT_READ;
      else this.work.push(readZipHash(full).then((r) => void (v.zipHash = r)));
    } else {
      where.mod = full;
      if (problem || skip) v.mod = problem ?? NOT_READ;
      else
        this.hashFile(path.relative(this.root, full).split(path.sep).join('/'), (h) => (v.mod = h));
    }
  }

  /** The module tree: every `<path>@<version>` directory, file by file. */
  async walkModules(): Promise<void> {
    const cache = path.join(this.root, 'cache');
    await walk(this.root, (dir, entries) => {
      const sub: string[] = [];
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory() && full === cache) continue;
        if (e.isDirectory() && e.name.includes('@')) this.work.push(this.walkVersionDir(full));
        else if (e.isDirectory()) sub.push(full);
        else if (!e.isFile()) this.strays.push(full);
      }
      return sub;
    });
  }

  private async walkVersionDir(top: string): Promise<void> {
    const key = path.relative(this.root, top).split(path.sep).join('/');
    this.where(key).dir = top;
    const files = new Map<string, string>();
    const problems: string[] = [];
    const dir: FoundDir = { files, problems };
    this.version(key).dir = dir;
    if (!this.wanted.zip(key)) return;
    await walk(top, (d, entries) => {
      const sub: string[] = [];
      for (const e of entries) {
        const full = path.join(d, e.name);
        const name = path.relative(top, full).split(path.sep).join('/');
        if (e.isDirectory()) sub.push(full);
        else if (!e.isFile()) problems.push(`${name}: ${kindOf(e)}`);
        else {
          this.hashFile(`${key}/${name}`, (h) => {
            if ('sha256' in h) files.set(name, h.sha256);
            else problems.push(`${name}: ${h.problem}`);
          });
        }
      }
      return sub;
    });
  }

  /** Waits for every hash, including those queued while waiting. */
  async settle(): Promise<void> {
    for (let done = 0; done < this.work.length || this.pending.length > 0;) {
      this.flush();
      const batch = this.work.slice(done);
      done = this.work.length;
      await Promise.all(batch);
    }
  }
}

/** Which versions have a line: only their parts are read and hashed. */
export interface Wanted {
  /** A zip/directory line for `<path>@<version>`. */
  zip(key: string): boolean;
  /** A go.mod line. */
  mod(key: string): boolean;
}

/**
 * Finds everything the module cache at `root` holds for the go command, and hashes the
 * parts that `wanted` has lines for.
 */
export async function scanModCache(
  root: string,
  wanted: Wanted,
  threads?: number,
): Promise<ScannedCache> {
  const pool = new ModCacheHashPool(root, threads);
  const scan = new Scan(root, pool, wanted);
  try {
    const linked = await linkedCacheDirs(root);
    scan.strays.push(...linked);
    if (linked.length === 0) await scan.walkDownloads();
    await scan.walkModules();
    await scan.settle();
    for (const dir of scan.found.values()) (dir.dir?.problems as string[] | undefined)?.sort();
    return { found: scan.found, paths: scan.paths, strays: scan.strays.sort(), bytes: scan.bytes };
  } finally {
    await pool.close();
  }
}
