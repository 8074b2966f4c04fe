/**
 * The GitHub Actions cache service as a CacheBackend: saving through @actions/cache, so
 * entries stay what actions/cache writes and reads; restoring through our own client and
 * extractor (github-cache-client.ts, actions-cache-entry.ts), never @actions/cache's
 * restoreCache, which unpacks with `tar -P` and so writes absolute and `..` member names of
 * an entry anyone with the key could have saved wherever they point.
 *
 * @actions/cache reports almost every failure of a save only by writing workflow commands
 * through @actions/core (`::warning::Failed to save: …`) and returning -1. To tell an entry
 * another job saved from a failed reservation, each save runs saveCache in a child process
 * (save-process.ts) whose stdout is read line by line: its warnings become the outcome's
 * reason instead of annotations, its debug and progress lines go to our Logger, and
 * `::add-mask::` and every other line pass to the `stdout` option unchanged. Nothing in this
 * process is patched.
 *
 * Timeouts: every call races an overall deadline (SETUP_GO_VERIFIED_CACHE_TIMEOUT seconds,
 * default 600). A restore is aborted there: its lookup and download stop, and its unpacked
 * tree, if any, is removed rather than moved into place, so nothing reaches the directory
 * after the deadline. A save is stopped there: its process (and, off Windows, whatever it
 * started) is ended with SIGTERM, then SIGKILL after a grace, and save() returns once it
 * has exited, so no upload goes on behind the job.
 *
 * Environment: only the `env` given to the constructor is read, for the timeout, for the
 * restore (service URL, token, cache mode, RUNNER_TEMP, GITHUB_WORKSPACE) and as the whole
 * environment of the save process, where @actions/cache reads the same variables.
 *
 * Paths: @actions/cache stores `dir` relative to GITHUB_WORKSPACE (the working directory when
 * that is unset) and hashes the path into the entry's version; the restore accepts exactly
 * that relative prefix (actions-cache-version.ts). Save and restore must name the same
 * absolute directory with the same workspace, as jobs of one repository on one runner image
 * do.
 */
import { tmpdir } from 'node:os';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
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
import { saveInChild } from './save-process.js';
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

export interface GitHubCacheBackendOptions {
  readonly logger: Logger;
  /**
   * The job's environment: SETUP_GO_VERIFIED_CACHE_TIMEOUT, the cache service
   * (ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, …), RUNNER_TEMP, GITHUB_WORKSPACE, proxies
   * and NODE_EXTRA_CA_CERTS. The save process gets exactly this as its environment.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The save process's script, run with this Node: dist/cache-save/index.js. */
  readonly saveScript: string;
  /**
   * Takes, unchanged, what the save process writes that is not @actions/cache's progress,
   * debug or failure lines (`::add-mask::` above all): the action's stdout.
   */
  readonly stdout: (text: string) => void;
}

/** Why a restore was aborted. */
class DeadlineError extends Error {
  override name = 'DeadlineError';
}

export class GitHubCacheBackend implements CacheBackend {
  readonly name = 'github';
  private readonly logger: Logger;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly saveScript: string;
  private readonly stdout: (text: string) => void;
  private readonly timeoutMs: number;
  /** Restores not yet settled, including ones aborted at the deadline and still cleaning up. */
  private readonly running = new Set<Promise<unknown>>();

  constructor({ logger, env, saveScript, stdout }: GitHubCacheBackendOptions) {
    this.logger = logger;
    this.env = env;
    this.saveScript = saveScript;
    this.stdout = stdout;
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
   * Resolves once no restore started here is running, including restores aborted at the
   * deadline that did not settle within their grace (cap the wait). A save never outlives
   * save().
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
    // The same variables the save process gets, so the restore finds what saveCache saved.
    const env = this.env;
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
      return restoreActionsEntry(found.url, dir, tempRoot, { memberPrefix, signal, env });
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
    const call = await saveInChild(dir, key, {
      script: this.saveScript,
      env: this.env,
      timeoutMs: this.timeoutMs,
      logger: this.logger,
      stdout: this.stdout,
    });
    const { transcript } = call;

    if (call.state === 'timeout') {
      return failed(
        `the GitHub cache service did not finish saving ${key} within ` +
          `${this.timeoutMs / 1000} s, so the save was stopped and its process ended` +
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
}

type Settled<T> = { state: 'done'; value: T } | { state: 'threw'; error: unknown };

function failed(reason: string): { kind: 'failed'; reason: string } {
  return { kind: 'failed', reason };
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
