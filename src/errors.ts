/**
 * Error types that say what kind of failure happened, so callers can decide what to do
 * (retry, report as bad input, fail the step as a verification failure) without parsing
 * messages.
 */

/** A user-supplied input (action input, CLI flag, version file) is malformed or unusable. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Bytes did not match what a trust anchor says they must be. Never retried. */
export class VerificationError extends Error {
  override name = 'VerificationError';
  constructor(
    /** What was checked, e.g. "SHA-256 of go1.22.5.linux-amd64.tar.gz". */
    readonly what: string,
    readonly expected: string,
    readonly found: string,
    /** Where the bytes came from (a URL or a path). */
    readonly where: string,
  ) {
    super(`${what} does not match: expected ${expected}, found ${found} (from ${where})`);
  }
}

/** A network failure. `retryable` says whether trying again may help (5xx, reset, timeout). */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    message: string,
    readonly url: string,
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An archive member that must not be extracted (path traversal, link escape, device, ...). */
export class UnsafeArchiveError extends Error {
  override name = 'UnsafeArchiveError';
  constructor(
    readonly member: string,
    readonly reason: string,
  ) {
    super(`refusing archive member ${JSON.stringify(member)}: ${reason}`);
  }
}
