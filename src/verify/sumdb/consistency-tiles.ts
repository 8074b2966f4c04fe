/**
 * A consistency proof (RFC 6962) between two trees of one log, run over tiles read through
 * any reader, returning the tiles it read. A bundle keeps them so that a runner whose last
 * tree head is an earlier bundle's can prove the new bundle's tree extends it, offline.
 */
import { VerificationError } from '../../errors.js';
import { recordingTileReader } from './tile-source.js';
import { proveTree, tileHashReader, treeProofRoots, type TileReader } from './tlog.js';

/**
 * The roots a consistency proof from tree `olderSize` to tree `newerSize` computes from the
 * tiles: they prove the claim only when `newer` is the signed root and `older` the one given.
 */
export async function consistencyRoots(
  olderSize: number,
  olderHash: Buffer,
  newerSize: number,
  read: TileReader,
): Promise<{ older: Buffer; newer: Buffer }> {
  const proof = await proveTree(newerSize, olderSize, tileHashReader(newerSize, read));
  const roots = treeProofRoots(proof, newerSize, olderSize, olderHash);
  if (roots === undefined) throw new RangeError('tlog: consistency proof of the wrong shape');
  return roots;
}

export interface TreeRoot {
  readonly size: number;
  /** The root hash, base64 as in a tree note. */
  readonly rootHash: string;
}

/**
 * Proves `older` is a prefix of `newer` (whose root must be a signed one the caller
 * verified); returns the tiles read, by tile path. Throws when the tiles do not give
 * `newer`'s root (bad tiles) or give another root for `older` (a fork).
 */
export async function proveExtends(
  older: TreeRoot,
  newer: TreeRoot,
  read: TileReader,
  where: string,
): Promise<Map<string, Buffer>> {
  const tiles = new Map<string, Buffer>();
  if (older.size === 0 || older.size > newer.size) {
    throw new RangeError(`no consistency proof from tree ${older.size} to tree ${newer.size}`);
  }
  if (older.size === newer.size) {
    if (older.rootHash !== newer.rootHash) {
      throw new VerificationError(
        `root of tree ${older.size}`,
        older.rootHash,
        newer.rootHash,
        where,
      );
    }
    return tiles;
  }
  const roots = await consistencyRoots(
    older.size,
    Buffer.from(older.rootHash, 'base64'),
    newer.size,
    recordingTileReader(read, tiles),
  );
  if (roots.newer.toString('base64') !== newer.rootHash) {
    throw new VerificationError(
      `root of tree ${newer.size} computed from its tiles`,
      newer.rootHash,
      roots.newer.toString('base64'),
      where,
    );
  }
  if (roots.older.toString('base64') !== older.rootHash) {
    throw new VerificationError(
      `root of tree ${older.size} implied by tree ${newer.size} (possible fork)`,
      older.rootHash,
      roots.older.toString('base64'),
      where,
    );
  }
  return tiles;
}
