/**
 * Where the checksum database client reads tiles from: the database (fetched once per client
 * and cached), or the tiles kept with a proof. Neither is trusted: a tile is only as good as
 * the signed root that what is computed from it must reproduce, and every use is checked
 * against one (tlog.ts and the client do that).
 */
import { NetworkError, VerificationError } from '../../errors.js';
import { HASH_SIZE, TILE_HEIGHT, tilePath, type Tile, type TileReader } from './tlog.js';

export const FULL_TILE_BYTES = 2 ** TILE_HEIGHT * HASH_SIZE;

/** A tile needed to verify without the network that the kept proof does not have. */
export class MissingTileError extends VerificationError {
  override name = 'MissingTileError';
  constructor(
    /** The tile path, as tilePath() formats it. */
    readonly path: string,
    where: string,
  ) {
    super(`tile ${path}`, 'a tile kept with the proof', 'none', where);
    this.message = `tile ${path} is missing from the kept proof (${where}): it is needed to verify the proof without the network`;
  }
}

/** GET below the database URL (non-200 answers and network failures are NetworkErrors). */
export type DatabaseGet = (path: string, what: string) => Promise<{ body: Buffer; url: string }>;

/**
 * Tiles fetched from the database, by path. A tile path names fixed content in an append-only
 * log, and every use of a tile is checked against a signed root, so sharing them between
 * proofs is safe; failed fetches are not kept, and the owner clears the cache after any
 * verification failure.
 */
export class TileCache {
  private readonly tiles = new Map<string, Promise<Buffer>>();

  constructor(private readonly get: DatabaseGet) {}

  readonly read = (tile: Tile): Promise<Buffer> => {
    const key = tilePath(tile);
    let p = this.tiles.get(key);
    if (p === undefined) {
      p = this.fetch(tile);
      this.tiles.set(key, p);
      p.catch(() => this.tiles.delete(key));
    }
    return p;
  };

  clear(): void {
    this.tiles.clear();
  }

  /** Fetches one tile of the log; a partial tile that is gone is cut from the full one. */
  private async fetch(tile: Tile): Promise<Buffer> {
    const path = tilePath(tile);
    const full = { ...tile, w: 2 ** tile.h };
    if (tile.w === full.w) return (await this.get(path, `tile ${path}`)).body;
    try {
      return (await this.get(path, `tile ${path}`)).body;
    } catch (err) {
      // Once the log grows past this tree's edge, servers may keep only the full tile;
      // its first w hashes are the partial tile (as Go's client does).
      if (!(err instanceof NetworkError) || err.status === undefined) throw err;
      const fullPath = tilePath(full);
      const { body, url } = await this.get(fullPath, `tile ${fullPath}`);
      if (body.length !== FULL_TILE_BYTES) {
        throw new VerificationError(
          `size of ${fullPath}`,
          `${FULL_TILE_BYTES} bytes`,
          `${body.length} bytes`,
          url,
        );
      }
      return body.subarray(0, tile.w * HASH_SIZE);
    }
  }
}

/**
 * Reads the tiles kept with a proof first, then `fallback` (the database); without a
 * fallback (offline) a tile that was not kept is a MissingTileError. A kept tile must have
 * exactly the size its path implies (w·32 bytes for `.p/<w>`).
 */
export function keptTileReader(
  kept: ReadonlyMap<string, Uint8Array>,
  fallback: TileReader | undefined,
  where: string,
): TileReader {
  return async (tile) => {
    const path = tilePath(tile);
    const data = kept.get(path);
    if (data !== undefined) {
      if (data.length !== tile.w * HASH_SIZE) {
        throw new VerificationError(
          `size of the kept tile ${path}`,
          `${tile.w * HASH_SIZE} bytes`,
          `${data.length} bytes`,
          where,
        );
      }
      return Buffer.from(data);
    }
    if (fallback !== undefined) return fallback(tile);
    throw new MissingTileError(path, where);
  };
}

/** Wraps a reader so that a copy of every tile it returns is put in `into`, by path. */
export function recordingTileReader(read: TileReader, into: Map<string, Buffer>): TileReader {
  return async (tile) => {
    const data = await read(tile);
    into.set(tilePath(tile), Buffer.from(data));
    return data;
  };
}

/**
 * Reads tiles from a database that is a directory (a bundle read through `file://`): a tile
 * it does not hold is a MissingTileError, as for a kept proof, so that the client proves the
 * answer in its own tree and reports a consistency proof it cannot run instead of failing.
 */
export function fileDatabaseTileReader(read: TileReader, where: string): TileReader {
  return async (tile) => {
    try {
      return await read(tile);
    } catch (err) {
      if (err instanceof NetworkError && err.status === 404) {
        throw new MissingTileError(tilePath(tile), where);
      }
      throw err;
    }
  };
}
