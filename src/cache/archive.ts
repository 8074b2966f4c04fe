/**
 * Cache entry archives: the contents of a directory as a tar stream, compressed.
 *
 * Format. A plain pax tar (`tar --posix`, member names relative to the directory: `./…`)
 * compressed with zstd, or with gzip when no `zstd` program is on PATH. Nothing is added
 * around the stream, so `zstd -d < f | tar -x` (or `tar -xzf f`) reads an entry by hand;
 * {@link extractArchive} tells the two apart by their magic numbers, so a file name needs
 * no particular suffix. Owners are stored as numbers only; modes and mtimes (with their
 * sub-second part, which pax keeps) are stored because GOCACHE trimming reads mtimes and
 * the module cache is read-only on purpose. GNU tar also sorts members by name and names
 * pax headers without a process id, so the same tree gives the same tar stream.
 *
 * The platform `tar` writes and reads the files (GNU tar on Linux, bsdtar elsewhere) and
 * `zstd` (de)compresses: tar runs `zstd` itself when packing (`--use-compress-program`);
 * when unpacking, `zstd -d` reads the archive and writes straight into tar's stdin. The
 * bytes never pass through Node, and both directions run at the speed of the shell's
 * `tar | zstd` (bench/cache-archive.mjs). The gzip fallback (de)compresses in Node (zlib),
 * as Windows has no gzip program.
 *
 * Extraction is all or nothing: into a fresh directory beside the destination, renamed into
 * place only when tar (and zstd) exit 0 and the tree passes the checks below; otherwise the
 * temporary directory is removed and the destination is as it was.
 *
 * What extraction allows, and why:
 * - Names: tar refuses members with `..`; a member with an absolute name is refused here
 *   (GNU tar and bsdtar would strip the leading `/` and write it below the destination).
 * - Links: symlinks must stay inside the tree: a relative target whose leading `..`s do
 *   not climb above the top directory, with no `..` after a name (a name may itself be a
 *   symlink, so `a/../x` is not necessarily `x`). Absolute targets are refused. Hard links
 *   are resolved below the destination by tar itself. An archive with a refused link is
 *   refused as a whole; {@link createArchive} refuses to pack such a tree in the first place.
 * - Other types (devices, FIFOs, sockets) are refused.
 * - Owners are never restored (`--no-same-owner`, which matters when running as root).
 * - Modes are restored as stored, less the umask and the setuid, setgid and sticky bits
 *   (`--no-same-permissions`). Read-only files and directories (Go's module cache: 0444
 *   files in 0555 directories) stay read-only, as Go made them and as Go expects; such a
 *   tree is removed with `go clean -modcache` or {@link removeTree}, which makes
 *   directories writable first.
 *
 * Portability: the flags used are accepted by GNU tar and by bsdtar (Windows' System32
 * tar.exe, macOS), except two GNU-only ones for reproducibility, which are left out for
 * bsdtar. Only GNU tar is exercised by the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readlink, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { UnsafeArchiveError } from '../errors.js';
import { ArchiveError, diskFullHint, fault, messageOf } from './archive-error.js';
import { requireEmptyOrMissing, moveIntoPlace } from './place-tree.js';

import { platformTar, type TarCommand } from '../archive/extract-tar.js';
import { which } from '../process.js';
import { removeTree } from '../archive/remove-tree.js';

export type Compression = 'zstd' | 'gzip';

export interface ArchiveOptions {
  /** `auto` (default): zstd when a `zstd` program is on PATH, else gzip. */
  compression?: Compression | 'auto';
  /**
   * zstd level (default 1). On a 1 GB Go module cache level 1 packed 15-40 % faster than
   * level 3 for 5 % more bytes and unpacked as fast (bench/cache-archive.mjs): the better
   * trade for a cache on local disk.
   */
  zstdLevel?: number;
  /** The tar program; defaults to the platform's (see platformTar). */
  tar?: TarCommand;
  /** Environment for `tar` and `zstd`, and the PATH searched for `zstd` (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface ArchiveResult {
  /** Size of the archive file. */
  bytes: number;
  /** Members other than directories: files and symlinks. */
  files: number;
  compression: Compression;
}

const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const DEFAULT_ZSTD_LEVEL = 1;
const GZIP_LEVEL = 1;

/** The compression of an archive from its first bytes; undefined when it is neither. */
export function sniffCompression(head: Uint8Array): Compression | undefined {
  const starts = (magic: Buffer) =>
    head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
  if (starts(ZSTD_MAGIC)) return 'zstd';
  if (starts(GZIP_MAGIC)) return 'gzip';
  return undefined;
}

/**
 * Why a symlink must not be kept, or undefined when it stays inside the tree.
 * `depth` is how many directories below the top the link sits (0: in the top directory).
 */
export function symlinkEscape(depth: number, target: string, windows: boolean): string | undefined {
  const isAbsolute = windows ? path.win32.isAbsolute(target) : path.posix.isAbsolute(target);
  if (isAbsolute || (windows && /^[A-Za-z]:/.test(target)))
    return `symlink target ${JSON.stringify(target)} is absolute`;
  const parts = target.split(windows ? /[\\/]+/ : /\/+/).filter((p) => p !== '' && p !== '.');
  let ups = 0;
  let sawName = false;
  for (const part of parts) {
    if (part !== '..') sawName = true;
    else if (sawName) return `symlink target ${JSON.stringify(target)} has '..' after a name`;
    else ups += 1;
  }
  if (ups > depth) return `symlink target ${JSON.stringify(target)} points outside the directory`;
  return undefined;
}

/**
 * Packs the contents of `dir` into `file` (written beside it under a temporary name, renamed
 * at the end, so `file` is either the complete archive or untouched). Rejects with an
 * {@link ArchiveError} when `dir` is not a directory, holds a symlink pointing outside it or
 * a device, FIFO or socket, or when tar or the compressor fails (a file vanished or changed
 * while read, disk full, …).
 */
export async function createArchive(
  dir: string,
  file: string,
  opts: ArchiveOptions = {},
): Promise<ArchiveResult> {
  const src = path.resolve(dir);
  const target = path.resolve(file);
  const info = await stat(src).catch((err: unknown) => {
    throw fault(`cannot archive ${src}`, err);
  });
  if (!info.isDirectory()) throw new ArchiveError(`cannot archive ${src}: not a directory`);

  const env = tarEnv(opts.env);
  const tar = opts.tar ?? platformTar(process.platform, env);
  const compression = chooseCompression(opts, env);
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.tmp-${randomBytes(6).toString('hex')}`,
  );
  const args = ['-c', '-C', src, ...createFlags(tar)];
  const zstd = `zstd -T0 -${opts.zstdLevel ?? DEFAULT_ZSTD_LEVEL}`;
  const child = spawnProgram(
    tar.command,
    compression === 'zstd'
      ? [...args, '-f', tmp, `--use-compress-program=${zstd}`, '.']
      : [...args, '-f', '-', '.'],
    compression === 'zstd' ? {} : { stdout: 'pipe' },
    env,
  );
  const written =
    compression === 'gzip' && child.process.stdout
      ? pipeline(
          child.process.stdout,
          createGzip({ level: GZIP_LEVEL, chunkSize: 256 * 1024 }),
          createWriteStream(tmp),
        )
      : Promise.resolve();
  // The tree is checked while tar reads it, so the check costs no time.
  const inspected = inspectTree(src, (name, reason) => {
    throw new ArchiveError(`cannot archive ${src}: ${JSON.stringify(name)}: ${reason}`);
  });
  try {
    const [files] = await Promise.all([
      inspected,
      written,
      child.exit.then((exit) => {
        if (!exit.ok) throw new ArchiveError(`packing ${src} failed: ${exit.message}`);
      }),
    ]);
    const bytes = (await stat(tmp)).size;
    await rename(tmp, target);
    return { bytes, files, compression };
  } catch (err) {
    child.process.kill('SIGKILL');
    // Let every part stop before the temporary file goes.
    await Promise.allSettled([child.exit, written, inspected]);
    await rm(tmp, { force: true });
    if (err instanceof ArchiveError) throw diskFullHint(err);
    throw fault(`packing ${src} into ${target} failed`, err);
  }
}

/**
 * Unpacks `file` into `dir`, which must be missing or an empty directory. All or nothing:
 * the tree appears at `dir` complete or not at all, and on any failure (corrupt or
 * truncated archive, disk full, refused member) `dir` is left as it was and the error says
 * what happened. Rejects with {@link UnsafeArchiveError} for a refused member and with
 * {@link ArchiveError} otherwise (`code` 'ENOENT' when `file` does not exist).
 *
 * The archive is opened once and tar reads that descriptor, so the file may be unlinked
 * meanwhile (another job evicting it) without harm.
 */
export async function extractArchive(
  file: string,
  dir: string,
  opts: ArchiveOptions = {},
): Promise<ArchiveResult> {
  const dest = path.resolve(dir);
  await requireEmptyOrMissing(dest);

  const handle = await open(file, 'r').catch((err: unknown) => {
    throw fault(`cannot open archive ${file}`, err);
  });
  let tmp: string | undefined;
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const compression = sniffCompression(head.subarray(0, bytesRead));
    if (compression === undefined)
      throw new ArchiveError(`${file} is not a cache archive (neither zstd nor gzip data)`);
    const env = tarEnv(opts.env);
    if (compression === 'zstd' && !hasZstd(env))
      throw new ArchiveError(
        `${file} is zstd-compressed, but no zstd program is on PATH: install zstd`,
      );
    const bytes = (await handle.stat()).size;

    await mkdir(path.dirname(dest), { recursive: true });
    tmp = await mkdtemp(path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-`));
    const tar = opts.tar ?? platformTar(process.platform, env);
    const args = ['-x', '-f', '-', '-C', tmp, '--no-same-owner', '--no-same-permissions'];
    if (compression === 'zstd') {
      // zstd reads our descriptor (the positioned read above left its offset at 0) and
      // writes straight into tar: measured faster than tar running zstd itself, which adds
      // a process copying the archive into zstd.
      const zstd = spawnProgram(
        'zstd',
        ['-d', '-c', '-q'],
        { stdin: handle.fd, stdout: 'pipe' },
        env,
      );
      const between = zstd.process.stdout;
      if (!between) throw new ArchiveError('could not open the output of zstd');
      const child = spawnProgram(tar.command, args, { stdin: between }, env);
      // Same tick as the spawns: Node has not read from the pipe, and now never will.
      between.destroy();
      const [unzstd, exit] = await Promise.all([zstd.exit, child.exit]);
      // zstd's broken pipe only echoes tar stopping; otherwise zstd's complaint comes first.
      const echo = /Broken pipe|SIGPIPE/i.test(unzstd.message);
      if (!unzstd.ok && !(echo && !exit.ok))
        throw brokenArchive(file, exit.ok ? unzstd.message : `${unzstd.message}; ${exit.message}`);
      if (!exit.ok) throw brokenArchive(file, exit.message);
      refuseStrippedNames(exit.stderr);
    } else {
      const child = spawnProgram(tar.command, args, { stdin: 'pipe' }, env);
      const stdin = child.process.stdin;
      if (!stdin) throw new ArchiveError(`could not open stdin of ${tar.command}`);
      const input = createReadStream('', { fd: handle.fd, start: 0, autoClose: false });
      // Gunzip reads to the end even when tar stops early, so the CRC is always checked.
      const fed = pipeline(input, createGunzip({ chunkSize: 256 * 1024 }), feed(stdin)).then(
        () => undefined,
        (err: unknown) => {
          child.process.kill('SIGKILL');
          return err;
        },
      );
      const [exit, gunzipErr] = await Promise.all([child.exit, fed]);
      if (gunzipErr !== undefined) {
        const code = (gunzipErr as { code?: unknown } | null)?.code;
        if (typeof code === 'string' && code.startsWith('Z_'))
          throw new ArchiveError(
            `${file} is corrupt or truncated: gzip data: ${messageOf(gunzipErr)}`,
          );
        throw fault(`reading ${file} failed`, gunzipErr);
      }
      if (!exit.ok) throw brokenArchive(file, exit.message);
      refuseStrippedNames(exit.stderr);
    }
    const files = await inspectTree(tmp, (name, reason) => {
      throw new UnsafeArchiveError(name, reason);
    });
    await moveIntoPlace(tmp, dest);
    tmp = undefined;
    return { bytes, files, compression };
  } catch (err) {
    if (err instanceof ArchiveError || err instanceof UnsafeArchiveError) throw diskFullHint(err);
    throw fault(`extracting ${file} into ${dest} failed`, err);
  } finally {
    await handle.close().catch(() => undefined);
    if (tmp !== undefined) await removeTree(tmp).catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------

/** GNU-only flags: members sorted by name, pax header names without the process id. */
function createFlags(tar: TarCommand): string[] {
  const common = ['--numeric-owner'];
  if (tar.flavor === 'bsd') return [...common, '--format=pax'];
  return [...common, '--posix', '--sort=name', '--pax-option=exthdr.name=%d/PaxHeaders/%f'];
}

/**
 * tar runs in the C locale: its messages (checked below) are then in English, and pax
 * names are stored and restored byte for byte (GNU tar converts them to and from the
 * locale's character set otherwise, which differs between the saving and restoring job).
 */
function tarEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  return { ...(env ?? process.env), LC_ALL: 'C' };
}

function hasZstd(env: NodeJS.ProcessEnv): boolean {
  const windows = process.platform === 'win32';
  const searchPath = env['PATH'] ?? env['Path'] ?? '';
  return which('zstd', searchPath, windows ? 'windows' : process.platform) !== undefined;
}

function chooseCompression(opts: ArchiveOptions, env: NodeJS.ProcessEnv): Compression {
  const wanted = opts.compression ?? 'auto';
  if (wanted === 'gzip') return 'gzip';
  if (hasZstd(env)) return 'zstd';
  if (wanted === 'zstd')
    throw new ArchiveError('zstd compression asked for, but no zstd program is on PATH');
  return 'gzip';
}

interface Exit {
  ok: boolean;
  /** What went wrong, for a message: exit status and the tail of stderr. */
  message: string;
  stderr: string;
}

interface Child {
  process: ChildProcess;
  exit: Promise<Exit>;
}

function spawnProgram(
  command: string,
  args: string[],
  stdio: { stdin?: 'pipe' | number | Readable; stdout?: 'pipe' },
  env: NodeJS.ProcessEnv,
): Child {
  const child = spawn(command, args, {
    stdio: [stdio.stdin ?? 'ignore', stdio.stdout ?? 'ignore', 'pipe'],
    env,
    windowsHide: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr = (stderr + text).slice(-16 * 1024); // the last lines say why tar stopped
  });
  const exit = new Promise<Exit>((resolve) => {
    child.once('error', (error) =>
      resolve({ ok: false, message: `could not run ${command}: ${error.message}`, stderr }),
    );
    child.once('close', (code, signal) => {
      const how = code !== null ? `exit code ${code}` : `signal ${signal}`;
      const said = stderr.trim().split('\n').slice(-6).join('; ');
      resolve({
        ok: code === 0,
        message: `${command} ${how}: ${said || 'no message'}`,
        stderr,
      });
    });
  });
  return { process: child, exit };
}

/** GNU tar and bsdtar strip a leading `/` from names and links, and only warn. */
function refuseStrippedNames(stderr: string): void {
  const line = stderr.split('\n').find((l) => /Removing leading/i.test(l));
  if (line) throw new UnsafeArchiveError('(absolute name)', `absolute member name: ${line.trim()}`);
}

/**
 * Walks a tree (without following symlinks), checks every member, and returns how many
 * are not directories. `refuse` throws.
 */
async function inspectTree(
  root: string,
  refuse: (name: string, reason: string) => never,
): Promise<number> {
  const windows = process.platform === 'win32';
  let files = 0;
  const visit = async (rel: string, depth: number): Promise<void> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    const below: Promise<void>[] = [];
    for (const entry of entries) {
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        below.push(visit(name, depth + 1));
        continue;
      }
      files += 1;
      if (entry.isFile()) continue;
      if (!entry.isSymbolicLink()) refuse(name, 'not a regular file, directory or symlink');
      const reason = symlinkEscape(depth, await readlink(path.join(root, name)), windows);
      if (reason !== undefined) refuse(name, reason);
    }
    await Promise.all(below);
  };
  await visit('', 0);
  return files;
}

/**
 * A sink that writes into a child's stdin while the child reads it, and discards the rest
 * once the child has closed it (tar stops reading at its end-of-archive blocks).
 */
function feed(stdin: Writable): Writable {
  let open = true;
  const closed = () => (open = false);
  stdin.on('error', closed);
  stdin.on('close', closed);
  return new Writable({
    highWaterMark: 4 * 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      if (!open || stdin.write(chunk)) {
        callback();
        return;
      }
      const resume = () => {
        stdin.off('drain', resume);
        stdin.off('close', resume);
        callback();
      };
      stdin.on('drain', resume);
      stdin.on('close', resume);
    },
    final(callback) {
      if (open) stdin.end();
      callback();
    },
  });
}

function brokenArchive(file: string, what: string): ArchiveError {
  const damaged =
    /premature end|Unexpected EOF|corrupt|Decoding error|unsupported format|unexpected end|incorrect header|invalid|checksum/i;
  const verdict = damaged.test(what) ? 'is corrupt or truncated' : 'could not be unpacked';
  return new ArchiveError(`${file} ${verdict}: ${what}`);
}
