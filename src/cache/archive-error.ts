/**
 * Errors of cache archives: what failed, the Node error code behind it, and a plain word when
 * the disk is full (tar and zstd bury it in their messages).
 */

/** An archive could not be written or read; `code` is the Node error code behind it, if any. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
  constructor(
    message: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function fault(context: string, err: unknown): ArchiveError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = messageOf(err);
  return diskFullHint(
    new ArchiveError(`${context}: ${message}`, typeof code === 'string' ? code : undefined, {
      cause: err,
    }),
  );
}

/** An error's message; errors from another realm (jest's VM) fail `instanceof Error`. */
export function messageOf(err: unknown): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(err);
}

/** Disk-full failures arrive as tar or zstd messages; say so plainly. */
export function diskFullHint<E extends Error>(err: E): E {
  if (/No space left on device|ENOSPC/.test(err.message) && !err.message.startsWith('disk full'))
    err.message = `disk full: ${err.message}`;
  return err;
}
