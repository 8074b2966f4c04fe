/**
 * Worker threads that hash a module cache: batches of files (extracted directories, go.mod
 * files) and whole module zips, from one queue, so zips and directories are hashed at the
 * same time and no thread waits while another has work. Each thread reads every file once
 * with one reused buffer (a zip is read whole, then its members inflated in memory).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MODCACHE_WORKER_SOURCE } from './modcache-worker-source.js';

export interface FilesResult {
  /** Digest of each name, '' for a problem. */
  readonly hex: string[];
  readonly bytes: number;
  readonly problems: { index: number; kind: string; detail: string }[];
}

export type ZipResult =
  | {
      readonly h1: string;
      readonly names: string[];
      readonly hex: string[];
      readonly bytes: number;
    }
  | { readonly problem: string };

type Task = { files: string[] } | { zip: string };

interface Pending {
  readonly message: Task & { id: number };
  readonly resolve: (r: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  inFlight: number;
  readonly exited: Promise<void>;
}

/** Tasks posted to one worker ahead of its answers, so it never waits for the main thread. */
const IN_FLIGHT = 2;
const READ_BUFFER = 1024 * 1024;

export function defaultHashThreads(): number {
  return Math.min(availableParallelism(), 4);
}

export class ModCacheHashPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly open = new Map<number, Pending>();
  private readonly stop = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 0;
  private closing = false;
  private failure: Error | undefined;
  private readonly rejecters = new Set<(e: Error) => void>();

  /** `root`: the directory file names are relative to; zips are named by absolute path. */
  constructor(
    private readonly root: string,
    private readonly threads = defaultHashThreads(),
  ) {}

  hashFiles(names: string[]): Promise<FilesResult> {
    return this.submit({ files: names }) as Promise<FilesResult>;
  }

  async hashZip(file: string): Promise<ZipResult> {
    return ((await this.submit({ zip: file })) as { zip: ZipResult }).zip;
  }

  /** Stops every worker and waits for it to exit. */
  async close(): Promise<void> {
    this.closing = true;
    Atomics.store(this.stop, 0, 1);
    for (const slot of this.slots) slot.worker.postMessage({ stop: true });
    await Promise.all(this.slots.map((s) => s.exited));
  }

  private submit(task: Task): Promise<unknown> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.slots.length === 0) this.spawn();
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const pending: Pending = {
        message: { ...task, id },
        resolve: (r) => {
          this.rejecters.delete(reject);
          resolve(r);
        },
      };
      this.rejecters.add(reject);
      this.queue.push(pending);
      this.dispatch();
    });
  }

  private spawn(): void {
    for (let i = 0; i < Math.max(1, this.threads); i++) {
      // CommonJS source: not the parent's flags (`--input-type=module` would make it ESM).
      const worker = new Worker(MODCACHE_WORKER_SOURCE, { eval: true, execArgv: [] });
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ init: { root: this.root, bufferSize: READ_BUFFER, stop: this.stop } });
      const slot: Slot = { worker, inFlight: 0, exited };
      worker.on('message', (r: { id: number }) => this.onResult(slot, r));
      worker.on('error', (e) => this.fail(e));
      worker.on('messageerror', (e) => this.fail(e));
      worker.once('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a module cache hash worker exited (code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.failure === undefined) {
      let best: Slot | undefined;
      for (const s of this.slots) if (best === undefined || s.inFlight < best.inFlight) best = s;
      if (best === undefined || best.inFlight >= IN_FLIGHT) return;
      const pending = this.queue.shift()!;
      best.inFlight++;
      this.open.set(pending.message.id, pending);
      best.worker.postMessage(pending.message);
    }
  }

  private onResult(slot: Slot, r: { id: number }): void {
    slot.inFlight--;
    const pending = this.open.get(r.id);
    this.open.delete(r.id);
    pending?.resolve(r);
    this.dispatch();
  }

  private fail(e: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = e instanceof Error ? e : new Error(String(e));
    for (const reject of this.rejecters) reject(this.failure);
    this.rejecters.clear();
  }
}
