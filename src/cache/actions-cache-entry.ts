/**
 * Restores one entry @actions/cache saved, with this project's own extractor instead of
 * @actions/cache's `tar -P` (which writes absolute and `..` member names wherever they point).
 *
 * The archive is downloaded into a fresh temporary directory, decompressed (zstd: a
 * `zstd -d --long=30` child when a zstd program is on PATH, else zlib's decoder where Node
 * has one (Node 24); gzip: zlib) and every
 * tar header goes through the TarGate (src/archive/tar-gate.ts): a member must lie under
 * exactly the prefix the entry was saved with (`../../go/pkg/mod` for GOMODCACHE seen from
 * the workspace), which is stripped; absolute names, `..` after the prefix, symlinks leaving
 * the tree, hard links to anything but an earlier file of the tree, devices, FIFOs and
 * setuid bits are refused, and the whole entry with them. Only re-encoded headers of
 * admitted members reach the `tar` child, which writes into a fresh directory beside the
 * target; that directory is renamed onto the target only when everything passed. Modes are
 * the TarGate's canonical ones (0644/0755, less the umask); mtimes are kept to the second.
 *
 * An AbortSignal stops the download and the extraction, and once it has fired the staging
 * directory is removed instead of renamed: nothing reaches the target after a deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { PassThrough, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { UnsafeArchiveError } from '../errors.js';
import { openStream, withRetries } from '../fetch/http.js';
import type { ArchiveLimits } from '../archive/archive-policy.js';
import { extractTarGz } from '../archive/extract-tar.js';
import { which } from '../process.js';
import { removeTree } from '../archive/remove-tree.js';
import { ArchiveError } from './archive-error.js';
import { sniffCompression, type Compression } from './archive.js';
import { moveIntoPlace, requireEmptyOrMissing } from './place-tree.js';

/** Cache entries are up to 10 GB compressed; these stop only absurd archives. */
export const ENTRY_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntries: 5_000_000,
  maxEntrySize: 16 * 1024 ** 3,
  maxTotalSize: 128 * 1024 ** 3,
});

export interface UnpackOptions {
  /** The member name prefix of the entry (actionsMemberPrefix). */
  readonly memberPrefix: string;
  readonly signal?: AbortSignal;
  /** PATH for the zstd fallback; process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * zstd: the `zstd` program (default when one is on PATH: on a 430 MB module cache it
   * unpacked in 2.2-2.9 s against 3.5-4.1 s for Node 24's zlib decoder, which shares the
   * main thread's core with the gate) or Node's decoder (`false`; the fallback).
   */
  readonly zstdProgram?: boolean;
}

export interface RestoredEntry {
  /** Size of the downloaded archive. */
  readonly bytes: number;
  /** Members other than directories. */
  readonly files: number;
  readonly compression: Compression;
}

/**
 * Downloads the archive at `url` (into a temporary directory under `tempRoot`, removed
 * afterwards) and unpacks it into `dir` (see {@link unpackActionsArchive}).
 */
export async function restoreActionsEntry(
  url: string,
  dir: string,
  tempRoot: string,
  opts: UnpackOptions,
): Promise<RestoredEntry> {
  await requireEmptyOrMissing(path.resolve(dir));
  await mkdir(tempRoot, { recursive: true });
  const downloads = await mkdtemp(path.join(tempRoot, 'setup-go-verified-cache-'));
  try {
    const file = path.join(downloads, 'entry');
    const bytes = await download(url, file, opts.signal);
    opts.signal?.throwIfAborted();
    const { files, compression } = await unpackActionsArchive(file, dir, opts);
    return { bytes, files, compression };
  } finally {
    await rm(downloads, { recursive: true, force: true });
  }
}

/** Downloads `url` into `file`, retrying a failed attempt from the start. */
async function download(url: string, file: string, signal?: AbortSignal): Promise<number> {
  const opts = { ...(signal ? { signal } : {}), timeoutMs: 30_000, stallTimeoutMs: 60_000 };
  return withRetries(
    async () => {
      const opened = await openStream(url, { ...opts, retries: 0 });
      await pipeline(opened.body, createWriteStream(file), signal ? { signal } : {});
      return (await stat(file)).size;
    },
    { ...opts, retries: 3 },
  );
}

/**
 * Unpacks an @actions/cache archive into `dir` (missing or empty), all or nothing. Rejects
 * with UnsafeArchiveError for a refused member, with the signal's reason once it fired, and
 * with ArchiveError or a stream error otherwise; `dir` is then as it was.
 */
export async function unpackActionsArchive(
  file: string,
  dir: string,
  opts: UnpackOptions,
): Promise<{ files: number; compression: Compression }> {
  const dest = path.resolve(dir);
  await requireEmptyOrMissing(dest);
  const compression = await archiveCompression(file);
  await mkdir(path.dirname(dest), { recursive: true });
  let staging: string | undefined = await mkdtemp(
    path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-`),
  );
  const source = decompressed(file, compression, opts);
  try {
    const result = await extractTarGz(source.input, staging, {
      memberPrefix: opts.memberPrefix,
      limits: ENTRY_LIMITS,
      decompress: source.decompress,
      ...(opts.signal ? { signal: opts.signal } : {}),
    }).catch(async (err: unknown) => {
      throw await source.explain(err, file);
    });
    const late = await source.explain(undefined, file);
    if (late !== undefined) throw late;
    // The deadline may have passed while tar finished: then the tree never goes into place.
    opts.signal?.throwIfAborted();
    await moveIntoPlace(staging, dest);
    staging = undefined;
    return { files: result.files + result.symlinks + result.hardlinks, compression };
  } finally {
    source.stop();
    if (staging !== undefined) await removeTree(staging).catch(() => undefined);
  }
}

async function archiveCompression(file: string): Promise<Compression> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const compression = sniffCompression(head.subarray(0, bytesRead));
    if (compression === undefined)
      throw new ArchiveError('the cache entry is not a cache archive (neither zstd nor gzip data)');
    return compression;
  } finally {
    await handle.close();
  }
}

interface Source {
  readonly input: Readable;
  readonly decompress: () => Transform;
  /** The error to report for `err` (undefined: success; throws if the decompressor failed). */
  explain(err: unknown, file: string): Promise<unknown>;
  stop(): void;
}

type ZstdFactory = (options?: { chunkSize?: number; params?: Record<number, number> }) => Transform;

/** The tar stream inside `file`: zlib where it can, else a zstd child reading the file. */
function decompressed(file: string, compression: Compression, opts: UnpackOptions): Source {
  const nodeZstd = (zlib as unknown as { createZstdDecompress?: ZstdFactory }).createZstdDecompress;
  const chunkSize = 256 * 1024;
  const env = opts.env ?? process.env;
  const program = opts.zstdProgram ?? hasZstdProgram(env);
  if (compression === 'zstd' && !program && !nodeZstd)
    throw new ArchiveError('the cache entry is zstd-compressed, but no zstd program is on PATH');
  if (compression === 'gzip' || !program) {
    const decompress =
      compression === 'gzip'
        ? () => zlib.createGunzip({ chunkSize })
        : () => nodeZstd!({ chunkSize, params: { [zlibConstant('ZSTD_d_windowLogMax')]: 30 } });
    return {
      input: createReadStream(file),
      decompress,
      explain: (err) => {
        if (err === undefined) return Promise.resolve(undefined);
        const code = (err as { code?: unknown } | null)?.code;
        return Promise.resolve(
          typeof code === 'string' && /^(Z_|ZSTD_|ERR_ZSTD)/.test(code)
            ? new ArchiveError(`the cache entry is corrupt or truncated: ${messageOf(err)}`)
            : err,
        );
      },
      stop: () => undefined,
    };
  }
  return zstdChild(file, env);
}

function hasZstdProgram(env: NodeJS.ProcessEnv): boolean {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return which('zstd', env['PATH'] ?? env['Path'] ?? '', os) !== undefined;
}

function zstdChild(file: string, env: NodeJS.ProcessEnv): Source {
  const child: ChildProcess = spawn('zstd', ['-d', '--long=30', '-c', '-q', file], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
    windowsHide: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (t: string) => (stderr = (stderr + t).slice(-4096)));
  const exit = new Promise<string | undefined>((resolve) => {
    child.once('error', (e) => resolve(`could not run zstd: ${e.message}`));
    child.once('close', (code, signal) =>
      resolve(code === 0 ? undefined : `zstd ${code ?? signal}: ${stderr.trim() || 'no message'}`),
    );
  });
  if (!child.stdout) throw new ArchiveError('could not read the output of zstd');
  return {
    input: child.stdout,
    decompress: () => new PassThrough(),
    async explain(err) {
      // A refused member or the deadline is the story; else zstd's complaint comes first.
      if (err instanceof UnsafeArchiveError || isAbort(err)) return err;
      const failed = await exit;
      // zstd's broken pipe only echoes tar or the gate stopping first.
      if (failed !== undefined && !(err !== undefined && /Broken pipe|SIGPIPE/i.test(failed)))
        return new ArchiveError(`the cache entry is corrupt or truncated: ${failed}`);
      return err;
    },
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

function zlibConstant(name: string): number {
  const value = (zlib.constants as unknown as Record<string, number | undefined>)[name];
  if (value === undefined) throw new Error(`zlib has no constant ${name}`);
  return value;
}

function isAbort(err: unknown): boolean {
  return (err as { name?: unknown } | null)?.name === 'AbortError';
}

function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}
