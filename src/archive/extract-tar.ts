/**
 * Streaming, hostile-input-safe extraction of a .tar.gz.
 *
 * Gunzip runs in Node, every header goes through the {@link TarGate} (policy check, then
 * re-encoding), and the platform `tar` does the file writing from its stdin. Writing files
 * from Node (node-tar's Unpack) measured 1.6× slower than the shell; a `tar -xf -` child
 * keeps the install at shell speed, and the gate keeps it safe: the child only ever receives
 * headers built from admitted members, so a refused member never reaches the disk.
 *
 * On failure the destination is left partly filled: extract into a fresh temporary
 * directory and remove it on error (the tool cache does).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { UnsafeArchiveError } from '../errors.js';
import type { ExtractOptions, ExtractResult } from './extract-result.js';
import { TarGate } from './tar-gate.js';

interface ChildStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** Which `tar` to run; GNU tar and bsdtar take slightly different flags. */
export interface TarCommand {
  command: string;
  flavor: 'gnu' | 'bsd';
}

export interface ExtractTarOptions extends ExtractOptions {
  /** The tar program; defaults to {@link platformTar} for this machine. */
  tar?: TarCommand;
  /** The job's environment: on Windows, SystemRoot names the system tar (else C:\\Windows). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The stage that decompresses the input; gunzip by default. */
  decompress?: () => Transform;
}

/**
 * The platform's tar: GNU tar on Linux, bsdtar (libarchive) on macOS and the BSDs.
 * On Windows, `System32\tar.exe` is bsdtar too; it is named by full path because Git for
 * Windows puts an MSYS GNU tar earlier on PATH, which takes `C:\dir` for a remote
 * `host:path`. Note for Windows: bsdtar needs the symlink privilege (or developer mode) to
 * create symlinks, and the go.dev Windows archives are zips anyway (see extract-zip.ts).
 */
export function platformTar(
  platform: NodeJS.Platform = process.platform,
  env: Readonly<Record<string, string | undefined>>,
): TarCommand {
  if (platform === 'win32') {
    const systemRoot = env['SystemRoot'] ?? env['windir'] ?? 'C:\\Windows';
    return { command: path.win32.join(systemRoot, 'System32', 'tar.exe'), flavor: 'bsd' };
  }
  return { command: 'tar', flavor: platform === 'linux' ? 'gnu' : 'bsd' };
}

/**
 * Arguments for extracting stdin into `destDir`. Both flavours accept the same flags:
 * `--no-same-owner` matters when running as root (the default there is to restore the
 * archive's owners), `--no-same-permissions` applies the umask and drops special bits
 * (root's default is to restore modes exactly). The gate already writes canonical modes
 * (0644/0755) and owner 0, so these are a second line of defence. bsdtar detects the
 * format itself and, like GNU tar, refuses `..` and absolute names by default.
 */
export function tarExtractArgs(tar: TarCommand, destDir: string): string[] {
  const common = ['-x', '-f', '-', '-C', destDir, '--no-same-owner', '--no-same-permissions'];
  // GNU tar: never touch the modes of existing directories (only destDir itself exists).
  return tar.flavor === 'gnu' ? [...common, '--no-overwrite-dir'] : common;
}

/**
 * Extracts a gzip-compressed tar stream into `destDir` (created if missing; must be empty).
 * Rejects with UnsafeArchiveError for a refused member, with an Error for corrupt gzip data,
 * a truncated archive or a failing `tar`, and with the input's own error if it fails.
 */
export async function extractTarGz(
  input: Readable,
  destDir: string,
  options: ExtractTarOptions = {},
): Promise<ExtractResult> {
  const dest = path.resolve(destDir);
  try {
    ensureEmptyDir(dest);
  } catch (err) {
    input.destroy(); // as the pipeline does on every other failure
    throw err;
  }
  const gate = new TarGate(options);
  const tar = options.tar ?? platformTar(process.platform, options.env ?? {});

  const child = spawn(tar.command, tarExtractArgs(tar, dest), {
    stdio: ['pipe', 'ignore', 'pipe'],
    windowsHide: true,
  });
  const stdin = child.stdin;
  if (!stdin) throw new Error(`could not open stdin of ${tar.command}`);
  // Errors on stdin also reach the pipeline below; this listener only keeps them handled.
  stdin.on('error', () => undefined);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    // Keep the tail: the last lines say why tar stopped.
    stderr = (stderr + text).slice(-16 * 1024);
  });
  let childGone = false;
  const exited = new Promise<ChildStatus>((resolve) => {
    child.once('error', (error) => {
      childGone = true;
      resolve({ code: null, signal: null, error });
    });
    child.once('exit', () => (childGone = true));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const tarFailure = (status: ChildStatus): Error => {
    if (status.error)
      return new Error(`could not run ${tar.command}: ${status.error.message}`, {
        cause: status.error,
      });
    const how = status.code !== null ? `exit code ${status.code}` : `signal ${status.signal}`;
    return new Error(
      `${tar.command} failed (${how}) extracting into ${dest}: ${stderr.trim() || 'no message'}`,
    );
  };

  try {
    const decompress = options.decompress?.() ?? createGunzip({ chunkSize: 256 * 1024 });
    await pipeline(input, decompress, gated(gate), stdin, {
      signal: options.signal,
    });
  } catch (err) {
    // EPIPE only comes from writing to a child that stopped reading. A child that exited
    // (or never started) while we were still writing explains the failure better than the
    // stream error it caused; a refused member is reported as such in any case.
    const code = (err as { code?: unknown } | null)?.code;
    if (!(err instanceof UnsafeArchiveError) && (code === 'EPIPE' || childGone)) {
      const status = await exitedWithin(exited, 10_000, () => child.kill('SIGKILL'));
      throw tarFailure(status);
    }
    child.kill('SIGKILL');
    await exited;
    throw describe(err);
  }
  const status = await exited;
  if (status.error || status.code !== 0) throw tarFailure(status);
  return gate.result();
}

/** The pipeline stage that turns untrusted tar bytes into admitted-only tar bytes. */
/**
 * The gate as a stream stage. Buffers of a few MiB on both sides let gunzip (on the thread
 * pool) run ahead while tar drains its stdin, instead of the three moving in lock step.
 */
function gated(gate: TarGate): Transform {
  return new Transform({
    writableHighWaterMark: 4 * 1024 * 1024,
    readableHighWaterMark: 4 * 1024 * 1024,
    transform(chunk: Buffer, _encoding, callback) {
      try {
        const pieces = gate.push(chunk);
        // One write per input chunk: a copy is cheaper than many small pipe writes.
        if (pieces.length === 1) callback(null, pieces[0]);
        else if (pieces.length > 1) callback(null, Buffer.concat(pieces));
        else callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback) {
      try {
        callback(null, Buffer.concat(gate.end()));
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}

/**
 * Synchronous on purpose: the input is attached to the pipeline in the same tick as the
 * call, so a caller that hashes the stream with a 'data' listener loses no chunk.
 */
function ensureEmptyDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) {
    // An existing tree could hold symlinks the policy never saw.
    throw new Error(`extraction directory ${dir} is not empty`);
  }
}

/** zlib errors get a message that says the compressed data is bad; others pass unchanged. */
function describe(err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new Error(`corrupt or truncated gzip stream: ${(err as Error).message}`, { cause: err });
  }
  return err;
}

async function exitedWithin<T>(exited: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  const timer = setTimeout(onTimeout, ms);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}
