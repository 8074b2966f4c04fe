/** The error for two signed trees of one log that cannot both be true. */
import { VerificationError } from '../../errors.js';

/** Raised when two signed trees cannot both be true: the log was forked (or the key stolen). */
export class TreeForkError extends VerificationError {
  override name = 'TreeForkError';
  constructor(
    readonly earlier: { size: number; root: string; note: string; source: string },
    readonly later: { size: number; root: string; note: string; source: string },
    /** The root that the later tree implies for the earlier size, when a proof was run. */
    readonly impliedRoot: string | undefined,
  ) {
    super(
      `root of checksum database tree ${earlier.size}`,
      `${earlier.root} (verified earlier, ${earlier.source})`,
      impliedRoot === undefined ? later.root : `${impliedRoot} (implied by tree ${later.size})`,
      later.source,
    );
    this.message =
      'the checksum database presented a tree inconsistent with one verified earlier: possible fork. ' +
      `Earlier: tree ${earlier.size} root ${earlier.root} (${earlier.source}). ` +
      `Now: tree ${later.size} root ${later.root} (${later.source})` +
      (impliedRoot === undefined
        ? '.'
        : `, whose consistency proof gives root ${impliedRoot} for tree ${earlier.size}.`) +
      `\nearlier note:\n${earlier.note}\nlater note:\n${later.note}`;
  }
}
