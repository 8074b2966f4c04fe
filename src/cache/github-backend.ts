/**
 * The GitHub Actions cache service as a CacheBackend: saving through @actions/cache, so
 * entries stay what actions/cache writes and reads; restoring through our own client and
 * extractor (github-cache-client.ts, actions-cache-entry.ts), never @actions/cache's
 * restoreCache, which unpacks with `tar -P` and so writes absolute and `..` member names of
 * an entry anyone with the key could have saved wherever they point.
 *
 * @actions/cache reports almost every failure of a save only by writing workflow commands
 * through @actions/core (`::warning::Failed to save: …`) and returning -1. To tell an entry
 * another job saved from a failed reservation, this module listens to what @actions/core
 * writes to stdout while a save runs (see listenToCore): its warnings become the outcome's
 * reason instead of annotations, its debug and progress lines go to our Logger, and
 * `::add-mask::` passes through untouched.
 *
 * Timeouts: every call races an overall deadline (SETUP_GO_VERIFIED_CACHE_TIMEOUT seconds,
 * default 600). A restore is aborted there: its lookup and download stop, and its unpacked
 * tree, if any, is removed rather than moved into place, so nothing reaches the directory
 * after the deadline. A save cannot be cancelled: it is abandoned and runs on in the
 * background.
 *
 * Paths: @actions/cache stores `dir` relative to GITHUB_WORKSPACE (the working directory when
 * that is unset) and hashes the path into the entry's version; the restore accepts exactly
 * that relative prefix (actions-cache-version.ts). Save and restore must name the same
 * absolute directory with the same workspace, as jobs of one repository on one runner image
 * do.
 */
import { EOL, tmpdir } from 'node:os';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { saveCache } from '@actions/cache';
import { UnsafeArchiveError } from '../errors.js';
import { inert } from '../log-text.js';
import type { Logger } from '../log.js';
import { restoreActionsEntry, type RestoredEntry } from './actions-cache-entry.js';
import {
  actionsCacheVersion,
  actionsCompression,
  actionsMemberPrefix,
  actionsWorkspace,
} from './actions-cache-version.js';
import { cacheEndpoint, lookupEntry, redactUrls, type FoundEntry } from './github-cache-client.js';
export { githubCacheAvailable } from './github-service.js';
import type {
  CacheBackend,
  RestoreOutcome,
  RestoreRequest,
  SaveOutcome,
  SaveRequest,
} from './backend.js';

export const CACHE_TIMEOUT_ENV = 'SETUP_GO_VERIFIED_CACHE_TIMEOUT';
const DEFAULT_TIMEOUT_S = 600;
const MAX_TIMEOUT_S = 6 * 3600;

/** After a restore is aborted at its deadline, how long to wait for it to clean up. */
const ABORT_GRACE_MS = 15_000;

/** Warnings and errors @actions/cache writes for failures it swallows (cache.js, uploadUtils.js). */
const CACHE_PROBLEM =
  /^(Failed to (restore|save): |Cache reservation failed: |uploadCacheArchiveSDK: |You've hit a rate limit)/;

export interface GitHubCacheBackendOptions {
  readonly logger: Logger;
  /**
   * Where SETUP_GO_VERIFIED_CACHE_TIMEOUT is read; process.env by default. @actions/cache
   * itself always reads process.env (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, RUNNER_TEMP,
   * GITHUB_WORKSPACE, SEGMENT_DOWNLOAD_TIMEOUT_MINS, …).
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Why a restore was aborted. */
class DeadlineError extends Error {
  override name = 'DeadlineError';
}

export class GitHubCacheBackend implements CacheBackend {
  readonly name = 'github';
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  /** @actions/cache calls not yet settled, including ones abandoned at the deadline. */
  private readonly running = new Set<Promise<unknown>>();

  constructor({ logger, env = process.env }: GitHubCacheBackendOptions) {
    this.logger = logger;
    this.timeoutMs = readTimeoutMs(env, logger);
  }

  async restore(request: RestoreRequest): Promise<RestoreOutcome> {
    try {
      return await this.restoreInto(request);
    } catch (err) {
      return {
        kind: 'failed',
        reason: `restoring ${request.key} into ${request.dir} failed: ${messageOf(err)}`,
      };
    }
  }

  async save(request: SaveRequest): Promise<SaveOutcome> {
    try {
      return await this.saveFrom(request);
    } catch (err) {
      return {
        kind: 'failed',
        reason: `saving ${request.dir} as ${request.key} failed: ${messageOf(err)}`,
      };
    }
  }

  /**
   * Resolves once no @actions/cache call started here is running, including calls abandoned
   * at the deadline (those may never end if the service never answers: cap the wait).
   */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private async restoreInto({
    dir: given,
    key,
    restoreKeys,
  }: RestoreRequest): Promise<RestoreOutcome> {
    const dir = path.resolve(given);
    checkPath(dir);
    const before = await listDir(dir);
    if (before !== undefined && before.length > 0) {
      return failed(`${dir} already has files; not restoring over them`);
    }
    // Read where @actions/cache reads them, so the restore finds what saveCache saved.
    const env = process.env;
    const mode = (env['ACTIONS_CACHE_MODE'] ?? '').trim().toLowerCase();
    if (mode === 'none' || mode === 'write-only') {
      this.logger.info(
        `Cache restore skipped: the cache-mode ${inert(mode)} does not permit reads`,
      );
      return { kind: 'miss' };
    }
    const endpoint = cacheEndpoint(env);
    if (!endpoint) return failed('the GitHub cache service is not available to this job');
    const version = actionsCacheVersion([dir], await actionsCompression(env));
    const memberPrefix = actionsMemberPrefix(actionsWorkspace(env), dir);

    const controller = new AbortController();
    const { signal } = controller;
    let found: FoundEntry | undefined;
    let lastRetry = '';
    const work = async (): Promise<RestoredEntry | undefined> => {
      found = await lookupEntry(
        endpoint,
        { key, restoreKeys, version },
        {
          signal,
          onRetry: (err, attempt) =>
            (lastRetry = `; last: attempt ${attempt} failed: ${err.message}`),
        },
      );
      if (!found) return undefined;
      this.logger.info(`Cache hit for ${inert(found.matchedKey)}; downloading`);
      const tempRoot = env['RUNNER_TEMP'] || tmpdir();
      return restoreActionsEntry(found.url, dir, tempRoot, { memberPrefix, signal });
    };
    const result = await this.withDeadline(work, controller);
    const matched = found === undefined ? '' : ` (matched ${inert(found.matchedKey)})`;

    if (result.state === 'timeout') {
      return failed(
        `the GitHub cache service did not finish restoring ${key}${matched} within ` +
          `${this.timeoutMs / 1000} s, so the restore was stopped and nothing was unpacked ` +
          `into ${dir}${redactUrls(lastRetry)} (${CACHE_TIMEOUT_ENV} sets the limit in seconds)`,
      );
    }
    if (result.state === 'threw') {
      const err = result.error;
      if (err instanceof UnsafeArchiveError) {
        return failed(
          `refused the cache entry${matched}: member ${inert(JSON.stringify(err.member))}: ` +
            `${inert(err.reason)}; nothing was unpacked into ${dir}`,
        );
      }
      return failed(`restoring ${key}${matched} failed: ${inert(redactUrls(messageOf(err)))}`);
    }
    const restored = result.value;
    if (restored === undefined || found === undefined) return { kind: 'miss' };
    const after = await listDir(dir);
    if (after === undefined || after.length === 0) {
      return failed(`the cache entry${matched} holds nothing under ${inert(memberPrefix)}`);
    }
    this.logger.info(
      `Restored ${inert(found.matchedKey)}: ${restored.files} files from ` +
        `${restored.bytes} B (${restored.compression})`,
    );
    return {
      kind: found.matchedKey === key ? 'hit' : 'partial',
      matchedKey: found.matchedKey,
      bytes: restored.bytes,
    };
  }

  /**
   * Runs a restore until it ends or, at the deadline, aborts it. An aborted restore stops
   * its download and removes what it unpacked (see restoreActionsEntry); one that does not
   * settle within ABORT_GRACE_MS after that is left running, and can no longer write.
   */
  private async withDeadline<T>(
    work: () => Promise<T>,
    controller: AbortController,
  ): Promise<Settled<T> | { state: 'timeout' }> {
    const late: Promise<Settled<T>> = Promise.resolve()
      .then(work)
      .then(
        (value): Settled<T> => ({ state: 'done', value }),
        (error: unknown): Settled<T> => ({ state: 'threw', error }),
      );
    this.running.add(late);
    void late.finally(() => this.running.delete(late));
    let grace: NodeJS.Timeout | undefined;
    const abandoned = new Promise<{ state: 'timeout' }>((resolve) => {
      controller.signal.addEventListener('abort', () => {
        grace = setTimeout(() => resolve({ state: 'timeout' }), ABORT_GRACE_MS);
      });
    });
    const timer = setTimeout(
      () => controller.abort(new DeadlineError(`no answer within ${this.timeoutMs / 1000} s`)),
      this.timeoutMs,
    );
    try {
      const first = await Promise.race([late, abandoned]);
      // A restore that finished its rename before the deadline fired is a restore.
      if (controller.signal.aborted && first.state !== 'done') return { state: 'timeout' };
      return first;
    } finally {
      clearTimeout(timer);
      clearTimeout(grace);
    }
  }

  private async saveFrom({ dir: given, key }: SaveRequest): Promise<SaveOutcome> {
    const dir = path.resolve(given);
    checkPath(dir);
    const entries = await listDir(dir);
    if (entries === undefined || entries.length === 0) {
      return failed(`${dir} is empty or missing; there is nothing to save as ${key}`);
    }
    const call = await this.call(() => saveCache([dir], key));
    const { transcript } = call;

    if (call.state === 'timeout') {
      return failed(
        `the GitHub cache service did not finish saving ${key} within ` +
          `${this.timeoutMs / 1000} s, so the save was abandoned` +
          transcript.lastRetry() +
          ` (${CACHE_TIMEOUT_ENV} sets the limit in seconds)`,
      );
    }
    if (call.state === 'threw') return failed(`saving ${key} failed: ${messageOf(call.error)}`);
    if (call.value !== -1) {
      const bytes = transcript.savedBytes();
      return { kind: 'saved', ...(bytes !== undefined ? { bytes } : {}) };
    }

    // -1: @actions/cache gave up and said why only in its output.
    const reservation = transcript.reservationFailure();
    if (reservation !== undefined && /\(409\)|already exists/i.test(reservation)) {
      return { kind: 'exists' };
    }
    if (reservation !== undefined) {
      return failed(`the GitHub cache service did not reserve ${key}: ${reservation}`);
    }
    const problems = transcript.problems();
    if (problems.length > 0) {
      if (problems.some((p) => /already exists/i.test(p))) return { kind: 'exists' };
      return failed(`saving ${key} to the GitHub cache service failed: ${problems.join('; ')}`);
    }
    // The v1 service (GHES) reports a taken key only as this info line.
    if (transcript.find('info', /^Failed to save: Unable to reserve cache /) !== undefined) {
      return { kind: 'exists' };
    }
    const skipped = transcript.find('info', /^Cache save skipped: /);
    if (skipped !== undefined) return failed(skipped);
    return failed(
      `@actions/cache did not save ${key} and gave no reason; look for its warnings in the log`,
    );
  }

  /** Runs one @actions/cache call against the deadline, collecting what it writes. */
  private async call<T>(op: () => Promise<T>): Promise<Call<T>> {
    const transcript = new Transcript(this.logger);
    const stopListening = listenToCore((line) => transcript.add(line));
    const late: Promise<Settled<T>> = Promise.resolve()
      .then(op)
      .then(
        (value): Settled<T> => ({ state: 'done', value }),
        (error: unknown): Settled<T> => ({ state: 'threw', error }),
      )
      .finally(stopListening);
    this.running.add(late);
    void late.finally(() => this.running.delete(late));

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<{ state: 'timeout' }>((resolve) => {
      timer = setTimeout(() => resolve({ state: 'timeout' }), this.timeoutMs);
    });
    try {
      const first = await Promise.race([late, deadline]);
      return { ...first, transcript, late };
    } finally {
      clearTimeout(timer);
    }
  }
}

type Settled<T> = { state: 'done'; value: T } | { state: 'threw'; error: unknown };
type Call<T> = (Settled<T> | { state: 'timeout' }) & {
  transcript: Transcript;
  /** Settles when the call really ends, also after the deadline. */
  late: Promise<Settled<T>>;
};

function failed(reason: string): { kind: 'failed'; reason: string } {
  return { kind: 'failed', reason };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function readTimeoutMs(env: Readonly<Record<string, string | undefined>>, logger: Logger): number {
  const raw = env[CACHE_TIMEOUT_ENV]?.trim();
  if (!raw) return DEFAULT_TIMEOUT_S * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_S) {
    logger.warning(
      `${CACHE_TIMEOUT_ENV} must be a number of seconds above 0 and at most ${MAX_TIMEOUT_S}, ` +
        `not ${JSON.stringify(raw)}; using ${DEFAULT_TIMEOUT_S}`,
    );
    return DEFAULT_TIMEOUT_S * 1000;
  }
  return Math.round(seconds * 1000);
}

/** @actions/cache takes paths as glob patterns; a literal directory must not look like one. */
function checkPath(dir: string): void {
  if (/[*?[\]]/.test(dir)) {
    throw new Error(
      `${dir} contains glob characters (* ? [ ]), which @actions/cache would expand; ` +
        'use a directory without them',
    );
  }
}

/** The names in `dir`, or undefined when it does not exist. */
async function listDir(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new Error(`${dir} exists and is not a directory`, { cause: err });
    }
    throw err;
  }
}

/** One line @actions/core wrote while a cache call ran, decoded. */
interface CoreLine {
  readonly kind: 'info' | 'debug' | 'warning' | 'error';
  readonly text: string;
}

/** What one @actions/cache call said; also forwards it to the Logger as it arrives. */
class Transcript {
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

// listenToCore: one stdout hook shared by all running calls.
type LineSink = (line: CoreLine) => void;
type StdoutWrite = typeof process.stdout.write;
const sinks = new Set<LineSink>();
let originalWrite: StdoutWrite | undefined;
let hookedWrite: StdoutWrite | undefined;
let forwarding = 0;

/**
 * Sends what @actions/core writes to stdout to `sink` instead, until the returned function is
 * called: plain lines (core.info), `::debug::`, and `::warning::`/`::error::` lines that
 * report cache failures. Everything else (`::add-mask::`, other warnings, partial writes,
 * whatever the sink itself writes through @actions/core) goes to stdout as before. Lines
 * carry no sender, so calls running at the same time each hear all of them.
 */
function listenToCore(sink: LineSink): () => void {
  sinks.add(sink);
  if (originalWrite === undefined) {
    const original = process.stdout.write;
    originalWrite = original;
    hookedWrite = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
      const line =
        forwarding === 0 && sinks.size > 0 && typeof chunk === 'string' && chunk.endsWith(EOL)
          ? coreLine(chunk.slice(0, -EOL.length))
          : undefined;
      if (line === undefined) {
        return (original as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
      }
      forwarding++;
      try {
        for (const s of [...sinks]) s(line);
      } finally {
        forwarding--;
      }
      const callback = rest.find((r): r is () => void => typeof r === 'function');
      if (callback) process.nextTick(callback);
      return true;
    } as StdoutWrite;
    process.stdout.write = hookedWrite;
  }
  return () => {
    sinks.delete(sink);
    if (sinks.size === 0 && originalWrite !== undefined) {
      // Leave the hook (passing everything through) if someone wrapped stdout after us.
      if (process.stdout.write === hookedWrite) process.stdout.write = originalWrite;
      originalWrite = undefined;
      hookedWrite = undefined;
    }
  };
}

/** The line @actions/core wrote, if it is one to take from stdout. */
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
