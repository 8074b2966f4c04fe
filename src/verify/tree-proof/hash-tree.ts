/**
 * Hashes every regular file of a directory tree: the SHA-256 of each file by its
 * root-relative name, and everything in the tree that is not a plain file (symbolic links,
 * hard links, devices, FIFOs, sockets) as a problem instead of a hash.
 *
 * A GOROOT is hashed on every reuse of a tool-cache entry, so this is on the hot path. The
 * main thread walks the tree (several directories at once) and hands the names of regular
 * files in batches to worker threads, which open, check and hash them with synchronous fs
 * calls and one reused read buffer each, so hashing starts while the walk goes on and only
 * names and digests cross between threads. A tree of fewer than one batch of files is
 * hashed in the main thread: starting a worker (~35 ms) costs more than hashing a few
 * hundred files. With `threads: 1` a worker still hashes: the walk overlaps the hashing, and
 * the main thread stays free to see an abort. (Measured on a 2-core machine: a GOROOT of
 * 15k files and 233 MB in ~0.3 s; a synchronous walk in slices was no faster than reading
 * eight directories at once, and 256 KiB reads or batches of 128 or 512 names no different.)
 *
 * Nothing is followed: a symbolic link anywhere in the tree is reported, not read, and each
 * file is opened with O_NOFOLLOW (where the platform has it) and checked with fstat on the
 * open descriptor before it is hashed from that same descriptor, so a file swapped for a
 * link, a FIFO or a device after the directory was read is reported too. (A *directory*
 * swapped for a link mid-walk cannot be caught this way: Node has no openat.)
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HASHER_SOURCE, WORKER_SOURCE } from './hash-worker-source.js';

export type TreeProblemKind =
  'symlink' | 'hardlink' | 'device' | 'fifo' | 'socket' | 'other' | 'unreadable';

export interface TreeProblem {
  /** '/'-separated path relative to the root */
  readonly name: string;
  readonly kind: TreeProblemKind;
  readonly detail?: string;
}

export interface HashedTree {
  /** '/'-separated root-relative name → lower-case hex SHA-256, for every regular file */
  readonly files: Map<string, string>;
  /** total bytes hashed */
  readonly bytes: number;
  /** every entry that is neither a directory nor a regular file with exactly one link,
   *  plus files that vanished or could not be read mid-walk (kind 'unreadable') */
  readonly problems: TreeProblem[];
  /** directories (root-relative) that contain no entries at all; an empty root is '.' */
  readonly emptyDirectories: string[];
}

export interface HashTreeOptions {
  /** worker threads to hash with; default: min(available parallelism, 4), at least 1 */
  readonly threads?: number;
  readonly signal?: AbortSignal;
}

/** File names per message to a worker; also the size below which no worker is started. */
const BATCH = 256;
/** Batches posted to one worker ahead of its results, so it never waits for the walk. */
const IN_FLIGHT = 2;
/** Directories read at once (each readdir is one libuv thread-pool task). */
const WALK_CONCURRENCY = 8;
/** Read size; one buffer per thread, reused for every file. */
const READ_BUFFER = 1024 * 1024;

interface BatchResult {
  readonly id: number;
  readonly hex: string[];
  readonly bytes: number;
  readonly problems: { index: number; kind: TreeProblemKind; detail: string }[];
}

type BatchHasher = (names: string[]) => Omit<BatchResult, 'id'>;

let inProcessFactory:
  ((root: string, bufferSize: number, stop: Int32Array | null) => BatchHasher) | undefined;

/** The hasher compiled in this thread, for trees too small to start a worker for. */
function inProcessHasher(root: string): BatchHasher {
  let factory = inProcessFactory;
  if (factory === undefined) {
    const modules: Record<string, unknown> = {
      'node:fs': fs,
      'node:crypto': crypto,
      'node:path': path,
    };
    const load = (id: string): unknown => {
      if (!(id in modules)) throw new Error(`hashTree: unexpected module ${id}`);
      return modules[id];
    };
    // A constant source, compiled once: the same code the workers run.
    factory = new Function('require', `${HASHER_SOURCE}\nreturn createBatchHasher;`)(
      load,
    ) as NonNullable<typeof inProcessFactory>;
    inProcessFactory = factory;
  }
  return factory(root, READ_BUFFER, null);
}

/**
 * Hashes the named files (root-relative, '/'-separated) in this thread, with the same
 * checks the workers make: opened without following a link, refused unless fstat on the
 * open descriptor shows a regular file of one link. `emptyDirectories` is always empty.
 */
export function hashNamedFiles(root: string, names: readonly string[]): HashedTree {
  const collector = new Collector();
  const list = [...names];
  collector.addBatch(list, inProcessHasher(path.resolve(root))(list));
  return collector.result();
}

/** The result as it accumulates. */
class Collector {
  readonly files = new Map<string, string>();
  bytes = 0;
  readonly problems: TreeProblem[] = [];
  readonly emptyDirectories: string[] = [];

  addBatch(names: readonly string[], r: Omit<BatchResult, 'id'>): void {
    this.bytes += r.bytes;
    for (let i = 0; i < names.length; i++) {
      const hex = r.hex[i];
      if (hex) this.files.set(names[i]!, hex);
    }
    for (const p of r.problems) {
      this.problems.push({ name: names[p.index]!, kind: p.kind, detail: p.detail });
    }
  }

  result(): HashedTree {
    const byName = (a: TreeProblem, b: TreeProblem): number =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    return {
      files: this.files,
      bytes: this.bytes,
      problems: this.problems.sort(byName),
      emptyDirectories: this.emptyDirectories.sort(),
    };
  }
}

let workersRunning = 0;

/** Hash workers started and not yet exited, in this process (for tests: none after a run). */
export function hashWorkersRunning(): number {
  return workersRunning;
}

interface Slot {
  readonly worker: Worker;
  inFlight: number;
  readonly exited: Promise<void>;
}

/** A hash worker and the promise of its exit. */
interface StartedWorker {
  readonly worker: Worker;
  readonly exited: Promise<void>;
}

/** Workers started ahead of time by prestartHashWorkers, waiting for a tree. */
const spares: StartedWorker[] = [];

function startWorker(): StartedWorker {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // The source is CommonJS: not the parent's flags (`--input-type=module` would make
    // it ESM, without require).
    execArgv: [],
  });
  workersRunning++;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      workersRunning--;
      resolve();
    }),
  );
  return { worker, exited };
}

/**
 * Starts the hash workers now, so the ~40 ms each takes to boot overlaps whatever the
 * caller does before it hashes (an action's entry point calls this before it loads the rest
 * of itself). The next hashTree uses them. They do not keep the process alive; call
 * stopSpareHashWorkers to end them when no hashing follows.
 */
export function prestartHashWorkers(threads = defaultThreads()): void {
  while (spares.length < threads) {
    const started = startWorker();
    started.worker.unref();
    spares.push(started);
  }
}

/** Ends workers started by prestartHashWorkers that no hashTree used. */
export async function stopSpareHashWorkers(): Promise<void> {
  const idle = spares.splice(0);
  await Promise.all(idle.map((s) => s.worker.terminate()));
}

function defaultThreads(): number {
  return Math.min(availableParallelism(), 4);
}

/**
 * Worker threads fed with batches of names. Workers start with the first full batch; a tree
 * that never fills one is hashed in this thread by finish().
 */
class HashPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { id: number; names: string[] }[] = [];
  /** Batches queued or posted and not yet answered. */
  private readonly open = new Map<number, string[]>();
  private pending: string[] = [];
  private nextId = 0;
  private readonly stop = new Int32Array(new SharedArrayBuffer(4));
  private closing = false;
  private failed = false;
  private failure: unknown;
  private waiter: { resolve: () => void; reject: (e: unknown) => void } | undefined;

  constructor(
    private readonly root: string,
    private readonly threads: number,
    private readonly collector: Collector,
  ) {}

  /** The error that ended the run, if one has. */
  get error(): { readonly error: unknown } | undefined {
    return this.failed ? { error: this.failure } : undefined;
  }

  add(name: string): void {
    if (this.failed) return;
    this.pending.push(name);
    if (this.pending.length >= BATCH) this.flush();
  }

  fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.failure = error;
    this.waiter?.reject(error);
  }

  /** Hashes what is left and waits for every batch. */
  async finish(): Promise<void> {
    if (this.failed) throw this.failure;
    if (this.slots.length === 0) {
      if (this.pending.length > 0) {
        this.collector.addBatch(this.pending, inProcessHasher(this.root)(this.pending));
        this.pending = [];
      }
      return;
    }
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.settleIfDone();
    });
  }

  /**
   * Stops every worker and waits until each has exited. A worker busy with a batch sees the
   * stop flag before its next file or read, closes its open file and exits.
   */
  async close(): Promise<void> {
    this.closing = true;
    Atomics.store(this.stop, 0, 1);
    for (const slot of this.slots) slot.worker.postMessage({ stop: true });
    await Promise.all(this.slots.map((s) => s.exited));
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    if (this.slots.length === 0) this.spawn();
    const id = this.nextId++;
    this.open.set(id, this.pending);
    this.queue.push({ id, names: this.pending });
    this.pending = [];
    this.dispatch();
  }

  private spawn(): void {
    for (let i = 0; i < this.threads; i++) {
      const { worker, exited } = spares.shift() ?? startWorker();
      worker.ref();
      worker.postMessage({ init: { root: this.root, bufferSize: READ_BUFFER, stop: this.stop } });
      const slot: Slot = { worker, inFlight: 0, exited };
      worker.on('message', (r: BatchResult) => this.onResult(slot, r));
      worker.on('error', (e) => this.fail(e));
      worker.on('messageerror', (e) => this.fail(e));
      worker.once('exit', (code) => {
        if (!this.closing) this.fail(new Error(`hashTree: a hash worker exited (code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.failed) {
      let best: Slot | undefined;
      for (const s of this.slots) if (best === undefined || s.inFlight < best.inFlight) best = s;
      if (best === undefined || best.inFlight >= IN_FLIGHT) return;
      const batch = this.queue.shift()!;
      best.inFlight++;
      best.worker.postMessage(batch);
    }
  }

  private onResult(slot: Slot, r: BatchResult): void {
    slot.inFlight--;
    const names = this.open.get(r.id);
    if (names === undefined || this.failed) return;
    this.open.delete(r.id);
    this.collector.addBatch(names, r);
    this.dispatch();
    this.settleIfDone();
  }

  private settleIfDone(): void {
    if (this.open.size === 0 && this.pending.length === 0) this.waiter?.resolve();
  }
}

function problemKind(entry: Dirent): TreeProblemKind {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'device';
  if (entry.isFIFO()) return 'fifo';
  if (entry.isSocket()) return 'socket';
  return 'other';
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Reads every directory under root, several at once; regular files go to the pool, the
 * rest to the collector. Rejects on a directory that cannot be read, on the pool's failure
 * and on abort.
 */
function walk(
  root: string,
  pool: HashPool,
  collector: Collector,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const dirs: string[] = [''];
    let active = 0;
    let done = false;
    const stopWith = (e: unknown): void => {
      done = true;
      reject(e);
    };
    const onEntries = (dir: string, entries: Dirent[]): void => {
      if (entries.length === 0) collector.emptyDirectories.push(dir === '' ? '.' : dir);
      const prefix = dir === '' ? '' : `${dir}/`;
      for (const entry of entries) {
        const name = prefix + entry.name;
        if (entry.isFile()) pool.add(name);
        else if (entry.isDirectory()) dirs.push(name);
        else collector.problems.push({ name, kind: problemKind(entry) });
      }
    };
    const onError = (dir: string, e: unknown): void => {
      const code = errorCode(e);
      if (dir !== '' && (code === 'ENOENT' || code === 'ENOTDIR')) {
        collector.problems.push({
          name: dir,
          kind: 'unreadable',
          detail: `directory vanished during the walk (${code})`,
        });
        return;
      }
      const where = path.join(root, dir);
      const why = e instanceof Error ? e.message : String(e);
      stopWith(new Error(`hashTree: cannot read directory ${where}: ${why}`, { cause: e }));
    };
    const pump = (): void => {
      if (done) return;
      if (signal?.aborted) return stopWith(signal.reason);
      const failed = pool.error;
      if (failed !== undefined) return stopWith(failed.error);
      while (active < WALK_CONCURRENCY && dirs.length > 0) {
        const dir = dirs.pop()!;
        active++;
        readdir(path.join(root, dir), { withFileTypes: true }).then(
          (entries) => {
            active--;
            if (done) return;
            onEntries(dir, entries);
            pump();
          },
          (e: unknown) => {
            active--;
            if (done) return;
            onError(dir, e);
            pump();
          },
        );
      }
      if (active === 0 && dirs.length === 0) {
        done = true;
        resolve();
      }
    };
    pump();
  });
}

/**
 * The SHA-256 of every regular file under `root` (a real directory, not a link to one),
 * with everything that is not a regular file of one link reported as a problem.
 */
export async function hashTree(root: string, options: HashTreeOptions = {}): Promise<HashedTree> {
  const { signal } = options;
  signal?.throwIfAborted();
  const wanted = options.threads ?? defaultThreads();
  const threads = Number.isFinite(wanted) ? Math.max(1, Math.floor(wanted)) : 1;
  const dir = path.resolve(root);
  let st: fs.Stats;
  try {
    st = await lstat(dir);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`hashTree: cannot hash ${root}: ${why}`, { cause: e });
  }
  if (st.isSymbolicLink()) {
    throw new Error(`hashTree: ${root} is a symbolic link; the root must be a real directory`);
  }
  if (!st.isDirectory()) throw new Error(`hashTree: ${root} is not a directory`);
  signal?.throwIfAborted();

  const collector = new Collector();
  const pool = new HashPool(dir, threads, collector);
  const onAbort = (): void => pool.fail(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await walk(dir, pool, collector, signal);
    await pool.finish();
    return collector.result();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}
