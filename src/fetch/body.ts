import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Transform, type TransformCallback } from 'node:stream';
import { NetworkError } from '../errors.js';

/**
 * Wraps a response body so that the failures a download can suffer arrive as retryable
 * NetworkErrors on the stream the consumer reads:
 * - the connection closes early ("cut off after M of N bytes"),
 * - no bytes arrive for `stallMs` while the consumer is ready for more ("stalled").
 * Chunks pass through unchanged. Time the consumer spends not reading (backpressure, e.g. a
 * slow disk under tar) does not count as a stall.
 */
export function monitorBody(
  res: IncomingMessage,
  url: string,
  size: number | undefined,
  stallMs: number,
): Transform {
  let bytes = 0;
  let idleSince = performance.now();
  let settled = false;

  const cutOff = (cause?: unknown) =>
    new NetworkError(
      size === undefined
        ? `download cut off after ${bytes} bytes (${url})`
        : `download cut off after ${bytes} of ${size} bytes (${url})`,
      url,
      true,
      undefined,
      { cause },
    );

  const monitor = new Transform({
    transform(chunk: Buffer, _enc, callback: TransformCallback) {
      bytes += chunk.length;
      idleSince = performance.now();
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      settled = true;
      clearInterval(timer);
      callback(size !== undefined && bytes < size ? cutOff() : null);
    },
    destroy(err, callback) {
      settled = true;
      clearInterval(timer);
      if (!res.destroyed) res.destroy();
      callback(err);
    },
  });

  const stalled = () =>
    new NetworkError(
      `download stalled: no data for ${formatSeconds(stallMs)} after ${bytes} bytes (${url})`,
      url,
      true,
    );

  // Checked a few times per period rather than re-armed per chunk: cheap at 10k chunks.
  const timer = setInterval(
    () => {
      const now = performance.now();
      const consumerFull =
        monitor.readableLength >= monitor.readableHighWaterMark || monitor.writableLength > 0;
      if (consumerFull) {
        idleSince = now;
      } else if (now - idleSince >= stallMs) {
        monitor.destroy(stalled());
      }
    },
    Math.max(10, Math.floor(stallMs / 5)),
  );
  timer.unref();

  res.on('error', (err) => {
    if (!settled) monitor.destroy(cutOff(err));
  });
  // A connection closed before the body was complete may not emit 'error'.
  res.on('close', () => {
    if (!settled && !res.complete) monitor.destroy(cutOff());
  });
  res.pipe(monitor);
  return monitor;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
