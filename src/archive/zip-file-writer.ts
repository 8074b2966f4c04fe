/**
 * Inflates, hashes and writes many small zip entries from a zip held in memory, on two
 * threads. A toolchain zip is ~10k files; unpacking it is CPU (inflate, SHA-256) plus one
 * open/write/close per file, and Node's thread-pool file API costs more per file than the
 * work itself (measured 3.7 s against 2.3 s, go1.22.5 on tmpfs). So the work is done with
 * synchronous calls, split between this thread and one worker thread that shares the zip's
 * memory: about half the wall time on a runner's two or more cores.
 *
 * The extractor has already put every entry through the archive policy, found its data and
 * created its directory; a job here only says which bytes become which file.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** One file to write: stored bytes `zip[start, end)`, inflated when `method` is 8. */
export interface FileJob {
  /** Absolute path of the file to create (it must not exist). */
  readonly path: string;
  readonly start: number;
  readonly end: number;
  /** Zip compression method: 0 stored, 8 deflated. */
  readonly method: 0 | 8;
  /** Declared uncompressed size; anything else is refused. */
  readonly size: number;
  /** File mode (before the umask). */
  readonly mode: number;
  /** Whether to return the SHA-256 of the bytes written. */
  readonly hash: boolean;
}

/** Why a job failed; the caller turns it into the matching error for that entry. */
export type FileFailureKind = 'larger-than-declared' | 'size-mismatch' | 'corrupt' | 'io';

export type FileBatchOutcome =
  | { readonly ok: true; readonly sha256: readonly (string | null)[] }
  | {
      readonly ok: false;
      readonly index: number;
      readonly kind: FileFailureKind;
      readonly message: string;
    };

/** Below this many files a second thread costs more to start than it saves. */
const WORKER_MIN_FILES = 512;

/**
 * Runs every job and returns the SHA-256 of each (null where not asked), or the first
 * failure. Uses a worker thread for part of the jobs when the zip lives in shared memory,
 * there are enough jobs, and the machine has a second core.
 */
export async function writeZipFiles(
  zip: Buffer,
  jobs: readonly FileJob[],
): Promise<FileBatchOutcome> {
  const shared = zip.buffer instanceof SharedArrayBuffer;
  if (!shared || jobs.length < WORKER_MIN_FILES || availableParallelism() < 2) {
    return writeFilesSync(zip, jobs);
  }
  const [mine, theirs] = splitByBytes(jobs);
  const worker = startWorker(
    zip,
    theirs.map((i) => jobs[i]!),
  );
  const local = writeFilesSync(
    zip,
    mine.map((i) => jobs[i]!),
  );
  if (!local.ok) {
    // Stop the worker before the caller removes the directory it is writing into.
    await worker.stop();
    return { ...local, index: mine[local.index]! };
  }
  const remote = await worker.result;
  if (!remote.ok) return { ...remote, index: theirs[remote.index]! };
  const sha256: (string | null)[] = new Array<string | null>(jobs.length);
  mine.forEach((job, i) => (sha256[job] = local.sha256[i]!));
  theirs.forEach((job, i) => (sha256[job] = remote.sha256[i]!));
  return { ok: true, sha256 };
}

/** Splits job indexes in two halves of about equal compressed bytes. */
export function splitByBytes(jobs: readonly FileJob[]): [number[], number[]] {
  const halves: [number[], number[]] = [[], []];
  const bytes = [0, 0];
  jobs.forEach((job, i) => {
    const side = bytes[0]! <= bytes[1]! ? 0 : 1;
    halves[side].push(i);
    bytes[side]! += job.end - job.start + 512; // + a per-file cost for the open and close
  });
  return halves;
}

function startWorker(
  zip: Buffer,
  jobs: readonly FileJob[],
): { result: Promise<FileBatchOutcome>; stop(): Promise<void> } {
  // An eval'd worker: the same function, no separate file to find next to a bundle.
  const source =
    `const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');\n` +
    `const writeFilesSync = ${writeFilesSync.toString()};\n` +
    `parentPort.postMessage(writeFilesSync(Buffer.from(workerData.zip, workerData.offset, workerData.length), workerData.jobs));\n`;
  const worker = new Worker(source, {
    eval: true,
    workerData: { zip: zip.buffer, offset: zip.byteOffset, length: zip.length, jobs },
  });
  const result = new Promise<FileBatchOutcome>((resolve, reject) => {
    worker.once('message', (outcome: FileBatchOutcome) => resolve(outcome));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the zip writer thread exited (code ${code}) before it finished`)),
    );
  });
  const settled = result.finally(() => void worker.terminate());
  // Not awaited when this thread failed first and stopped the worker: never unhandled.
  settled.catch(() => undefined);
  return {
    result: settled,
    stop: async () => void (await worker.terminate()),
  };
}

/**
 * The work of one thread. It is sent to the worker as source text, so it must stand alone:
 * no imports, no outer names, only Node built-ins fetched here.
 */
export function writeFilesSync(zip: Buffer, jobs: readonly FileJob[]): FileBatchOutcome {
  const zlib = process.getBuiltinModule('node:zlib');
  const fs = process.getBuiltinModule('node:fs');
  const crypto = process.getBuiltinModule('node:crypto');
  const sha256: (string | null)[] = [];
  for (let index = 0; index < jobs.length; index++) {
    const job = jobs[index]!;
    const stored = zip.subarray(job.start, job.end);
    let bytes: Buffer;
    if (job.method === 0) {
      bytes = stored;
    } else {
      try {
        bytes = zlib.inflateRawSync(stored, { maxOutputLength: Math.max(job.size, 1) });
      } catch (err) {
        const tooLarge = (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
        return {
          ok: false,
          index,
          kind: tooLarge ? 'larger-than-declared' : 'corrupt',
          message: (err as Error).message,
        };
      }
    }
    if (bytes.length !== job.size) {
      return { ok: false, index, kind: 'size-mismatch', message: `got ${bytes.length} bytes` };
    }
    try {
      fs.writeFileSync(job.path, bytes, { flag: 'wx', mode: job.mode });
    } catch (err) {
      return { ok: false, index, kind: 'io', message: (err as Error).message };
    }
    sha256.push(job.hash ? crypto.createHash('sha256').update(bytes).digest('hex') : null);
  }
  return { ok: true, sha256 };
}
