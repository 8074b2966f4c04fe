import { setTimeout as delay } from 'node:timers/promises';
import { NetworkError } from '../errors.js';

export interface RetryOptions {
  /** Attempts after the first one. Default 3. */
  retries?: number;
  /** Delay before the first retry; doubles each time. Default 1000 ms. */
  backoffMs?: number;
  /** Upper bound of one delay (Retry-After included). Default 30 000 ms. */
  maxBackoffMs?: number;
  /** Waits between attempts; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  /** Told before each retry, e.g. to log "retrying in 2 s". */
  onRetry?: (err: NetworkError, attempt: number, delayMs: number) => void;
  /** Source of randomness for jitter, in [0, 1). */
  random?: () => number;
  /** Gives up (with the signal's reason) at once: no further attempt or wait. */
  signal?: AbortSignal;
}

/** A NetworkError for an HTTP status, with the server's Retry-After when it sent one. */
export class HttpStatusError extends NetworkError {
  constructor(
    message: string,
    url: string,
    retryable: boolean,
    status: number,
    /** From a Retry-After header, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message, url, retryable, status);
  }
}

/**
 * Runs `fn` until it succeeds, retrying only NetworkErrors that say `retryable`. Anything
 * else (a 404, a verification failure, a bug) is thrown at once, and so is the signal's
 * reason once it aborts. `attempt` counts from 1.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions = {},
): Promise<T> {
  const retries = opts.retries ?? 3;
  const { signal } = opts;
  const sleep = opts.sleep ?? ((ms: number) => delay(ms, undefined, { signal }));
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (!(err instanceof NetworkError) || !err.retryable || attempt > retries) throw err;
      const wait = backoffDelay(attempt, err, opts);
      opts.onRetry?.(err, attempt, wait);
      await sleep(wait).catch((sleepErr: unknown) => {
        throw signal?.aborted ? signal.reason : sleepErr; // the reason, not a bare AbortError
      });
    }
  }
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so clients
 * that failed together do not retry together. A server's Retry-After wins when longer.
 */
export function backoffDelay(attempt: number, err: unknown, opts: RetryOptions = {}): number {
  const base = opts.backoffMs ?? 1000;
  const cap = opts.maxBackoffMs ?? 30_000;
  const random = opts.random ?? Math.random;
  const step = Math.min(cap, base * 2 ** (attempt - 1));
  const jittered = step / 2 + random() * (step / 2);
  const retryAfter = err instanceof HttpStatusError ? (err.retryAfterMs ?? 0) : 0;
  return Math.round(Math.min(cap, Math.max(jittered, retryAfter)));
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const when = Date.parse(trimmed);
  return Number.isNaN(when) ? undefined : Math.max(0, when - now);
}
