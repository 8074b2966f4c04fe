import { describe, it, expect } from '@jest/globals';
import { NetworkError } from '../errors.js';
import { backoffDelay, HttpStatusError, parseRetryAfter, withRetries } from './retry.js';

describe('withRetries', () => {
  it('stops with the abort reason: no retry, no wait, no further attempt', async () => {
    const abort = new AbortController();
    const reason = new Error('the checksum database said no');
    let attempts = 0;
    const run = withRetries(
      async () => {
        attempts += 1;
        abort.abort(reason);
        throw new NetworkError('connection reset', 'http://x/', true);
      },
      { signal: abort.signal, backoffMs: 60_000 },
    );
    await expect(run).rejects.toBe(reason);
    expect(attempts).toBe(1);
    await expect(withRetries(async () => 1, { signal: abort.signal })).rejects.toBe(reason);
  });

  it('an abort during the wait between attempts ends it at once', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const run = withRetries(
      async () => {
        setTimeout(() => abort.abort(new Error('gave up')), 20);
        throw new NetworkError('HTTP 503', 'http://x/', true);
      },
      { signal: abort.signal, backoffMs: 60_000, random: () => 0 },
    );
    await expect(run).rejects.toThrow('gave up');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('retries retryable NetworkErrors and reports each wait', async () => {
    const waits: number[] = [];
    const told: Array<[string, number]> = [];
    const result = await withRetries(
      async (attempt) => {
        if (attempt < 3) throw new NetworkError(`reset ${attempt}`, 'https://x.test/', true);
        return `ok after ${attempt}`;
      },
      {
        backoffMs: 100,
        random: () => 0.5,
        sleep: async (ms) => void waits.push(ms),
        onRetry: (err, attempt) => told.push([err.message, attempt]),
      },
    );
    expect(result).toBe('ok after 3');
    expect(waits).toEqual([75, 150]);
    expect(told).toEqual([
      ['reset 1', 1],
      ['reset 2', 2],
    ]);
  });

  it('stops after `retries` more attempts and throws the last error', async () => {
    let calls = 0;
    const last = new NetworkError('still down', 'https://x.test/', true, 503);
    await expect(
      withRetries(
        async () => {
          calls++;
          throw last;
        },
        { retries: 2, sleep: async () => undefined },
      ),
    ).rejects.toBe(last);
    expect(calls).toBe(3);
  });

  it('throws non-retryable errors at once', async () => {
    for (const err of [
      new NetworkError('HTTP 404', 'https://x.test/', false, 404),
      new TypeError('bug'),
    ]) {
      let calls = 0;
      await expect(
        withRetries(
          async () => {
            calls++;
            throw err;
          },
          { sleep: async () => undefined },
        ),
      ).rejects.toBe(err);
      expect(calls).toBe(1);
    }
  });
});

describe('backoffDelay', () => {
  it('doubles each attempt, with half of each step random, up to the cap', () => {
    const opts = { backoffMs: 1000, maxBackoffMs: 5000 };
    expect(backoffDelay(1, null, { ...opts, random: () => 0 })).toBe(500);
    expect(backoffDelay(1, null, { ...opts, random: () => 0.999999 })).toBe(1000);
    expect(backoffDelay(2, null, { ...opts, random: () => 0 })).toBe(1000);
    expect(backoffDelay(3, null, { ...opts, random: () => 0 })).toBe(2000);
    expect(backoffDelay(10, null, { ...opts, random: () => 0.999999 })).toBe(5000);
  });

  it('waits at least as long as Retry-After asks, within the cap', () => {
    const busy = new HttpStatusError('HTTP 429', 'https://x.test/', true, 429, 8000);
    expect(backoffDelay(1, busy, { backoffMs: 100, random: () => 0 })).toBe(8000);
    expect(backoffDelay(1, busy, { backoffMs: 100, maxBackoffMs: 3000, random: () => 0 })).toBe(
      3000,
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
