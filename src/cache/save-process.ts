/**
 * One @actions/cache saveCache call in a child process (src/actions/cache-save.ts, bundled as
 * dist/cache-save/index.js), and what it said.
 *
 * @actions/cache reports almost every failure of a save only by writing workflow commands
 * through @actions/core (`::warning::Failed to save: …`) and returning -1. In a child, those
 * lines arrive on its stdout, and nothing in this process is patched to see them: plain
 * lines, `::debug::` lines and the warnings and errors of cache failures go into a
 * Transcript (the outcome's reason, our Logger); every other line (`::add-mask::` above all)
 * is handed to `stdout` unchanged, as @actions/cache wrote it. The call's result comes over
 * an IPC channel.
 *
 * A save still running at its deadline is stopped: SIGTERM to the child (and, off Windows,
 * to its process group, so a tar or zstd it started ends too), SIGKILL after a grace. The
 * call returns only once the child has exited.
 */
import { spawn } from 'node:child_process';
import { inert } from '../log-text.js';
import type { Logger } from '../log.js';

/** After SIGTERM at the deadline, how long the child has before SIGKILL. */
const KILL_GRACE_MS = 5_000;

/** Warnings and errors @actions/cache writes for failures it swallows (cache.js, uploadUtils.js). */
const CACHE_PROBLEM =
  /^(Failed to (restore|save): |Cache reservation failed: |uploadCacheArchiveSDK: |You've hit a rate limit)/;

/** How much of the child's stderr a failure quotes. */
const STDERR_TAIL = 2_000;

export interface SaveProcessOptions {
  /** The script to run with this Node (dist/cache-save/index.js). */
  readonly script: string;
  /** The child's whole environment: the job's. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Takes the child's output lines that are not the transcript's, unchanged. */
  readonly stdout: (text: string) => void;
}

export type SaveCall = (
  { state: 'done'; value: number } | { state: 'threw'; error: Error } | { state: 'timeout' }
) & { transcript: Transcript };

type ChildMessage = { state: 'done'; value: number } | { state: 'threw'; error: string };

/** Runs saveCache([dir], key) in a child until it ends or, at the deadline, stops it. */
export function saveInChild(dir: string, key: string, opts: SaveProcessOptions): Promise<SaveCall> {
  const transcript = new Transcript(opts.logger);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.env)) if (value !== undefined) env[name] = value;
  const group = process.platform !== 'win32';
  const child = spawn(process.execPath, [opts.script, JSON.stringify({ dir, key })], {
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // Its own process group, so the deadline can stop what it started as well.
    detached: group,
    windowsHide: true,
  });
  opts.logger.debug(`@actions/cache: saving ${inert(key)} in process ${child.pid ?? '?'}`);

  const out = new LineSplitter((line, ending) => {
    const taken = coreLine(line);
    // A last piece without a line ending is not a whole line of @actions/core's.
    if (taken && ending !== '') transcript.add(taken);
    else opts.stdout(line + ending);
  });
  let stderr = '';
  const err = new LineSplitter((line) => {
    stderr = (stderr + line + '\n').slice(-STDERR_TAIL);
    opts.logger.debug(`@actions/cache (stderr): ${line}`);
  });
  child.stdout?.setEncoding('utf8').on('data', (d: string) => out.push(d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => err.push(d));

  let message: ChildMessage | undefined;
  child.on('message', (m) => (message ??= m as ChildMessage));

  const signal = (name: NodeJS.Signals): void => {
    try {
      if (group && child.pid !== undefined) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // Already gone.
    }
  };
  let timedOut = false;
  let grace: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    // The result is in: the process is only exiting.
    if (message !== undefined) return;
    timedOut = true;
    signal('SIGTERM');
    grace = setTimeout(() => signal('SIGKILL'), KILL_GRACE_MS);
  }, opts.timeoutMs);

  return new Promise<SaveCall>((resolve) => {
    let spawnError: Error | undefined;
    child.on('error', (e) => {
      spawnError ??= e;
      // Not started at all: there will be no 'close'.
      if (child.pid === undefined) {
        clearTimeout(timer);
        resolve({ state: 'threw', error: e, transcript });
      }
    });
    // 'close': exited, and its stdout and stderr read to the end.
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      clearTimeout(grace);
      out.end();
      err.end();
      if (timedOut) return resolve({ state: 'timeout', transcript });
      if (message?.state === 'done') return resolve({ ...message, transcript });
      if (message?.state === 'threw') {
        return resolve({ state: 'threw', error: new Error(message.error), transcript });
      }
      const how = spawnError
        ? spawnError.message
        : `the save process ${sig ? `was ended by ${sig}` : `exited with code ${code}`}`;
      const tail = stderr.trim() === '' ? '' : `: ${inert(oneLine(stderr))}`;
      resolve({ state: 'threw', error: new Error(`${how}${tail}`), transcript });
    });
  });
}

/** Cuts a text stream into lines, keeping each line's ending ('\n' or '\r\n'). */
class LineSplitter {
  private rest = '';

  constructor(private readonly sink: (line: string, ending: string) => void) {}

  push(text: string): void {
    this.rest += text;
    let nl: number;
    while ((nl = this.rest.indexOf('\n')) >= 0) {
      const raw = this.rest.slice(0, nl);
      this.rest = this.rest.slice(nl + 1);
      const crlf = raw.endsWith('\r');
      this.sink(crlf ? raw.slice(0, -1) : raw, crlf ? '\r\n' : '\n');
    }
  }

  /** A last line without an ending. */
  end(): void {
    if (this.rest !== '') this.sink(this.rest, '');
    this.rest = '';
  }
}

export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** One line @actions/core wrote in the child, decoded. */
interface CoreLine {
  readonly kind: 'info' | 'debug' | 'warning' | 'error';
  readonly text: string;
}

/** What one @actions/cache call said; also forwards it to the Logger as it arrives. */
export class Transcript {
  private readonly lines: CoreLine[] = [];

  constructor(private readonly logger: Logger) {}

  add(line: CoreLine): void {
    this.lines.push(line);
    // Warnings come back in the outcome's reason; here they are detail.
    const detail = line.kind !== 'info' || /^(\[command\]|Failed to )/.test(line.text);
    if (detail) this.logger.debug(`@actions/cache: ${line.text}`);
    else this.logger.info(line.text);
  }

  find(kind: CoreLine['kind'], pattern: RegExp): string | undefined {
    return this.lines.find((l) => l.kind === kind && pattern.test(l.text))?.text;
  }

  /** The warnings and errors of failures @actions/cache swallowed, without repeats. */
  problems(): string[] {
    const texts = this.lines
      .filter((l) => l.kind === 'warning' || l.kind === 'error')
      .map((l) => oneLine(l.text.replace(/^Failed to (restore|save): /, '')));
    return [...new Set(texts)];
  }

  /** Why CreateCacheEntry failed; @actions/cache reports it only in a debug line. */
  reservationFailure(): string | undefined {
    const text = this.find('debug', /^Failed to reserve cache: /);
    return text && oneLine(text.replace(/^Failed to reserve cache: (Error: )?/, ''));
  }

  /** "File Size: 12345678", written before an upload. */
  savedBytes(): number | undefined {
    const m = /^File Size: (\d+)$/.exec(this.find('debug', /^File Size: \d+$/) ?? '');
    return m ? Number(m[1]) : undefined;
  }

  /** "; last: <retry notice>" when the service was being retried, else "". */
  lastRetry(): string {
    const retries = this.lines.filter(
      (l) => l.kind === 'info' && /^Attempt \d+ of \d+ /.test(l.text),
    );
    const last = retries[retries.length - 1];
    return last ? `; last: ${last.text}` : '';
  }
}

/** The line @actions/core wrote, if it is one to take from the child's stdout. */
function coreLine(text: string): CoreLine | undefined {
  if (!text.startsWith('::')) return { kind: 'info', text };
  const m = /^::([A-Za-z-]+)(?: [^:]*)?::(.*)$/s.exec(text);
  if (!m) return undefined;
  const command = m[1];
  const message = unescapeCommandData(m[2] ?? '');
  if (command === 'debug') return { kind: 'debug', text: message };
  if ((command === 'warning' || command === 'error') && CACHE_PROBLEM.test(message)) {
    return { kind: command, text: message };
  }
  return undefined;
}

/** Reverses @actions/core's escaping of command data (%, CR, LF). */
function unescapeCommandData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
