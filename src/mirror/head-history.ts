/**
 * The tree heads a bundle held before, carried forward: each is proven to be a prefix of the
 * bundle's new tree when the bundle is rebuilt, and the tiles of that proof stay in the
 * bundle. A runner that verified an earlier bundle (its last head is that bundle's) can then
 * prove the new bundle's tree extends it, offline, instead of leaving consistency unchecked.
 */
import { NetworkError } from '../errors.js';
import type { Fetcher } from '../fetch/goproxy.js';
import { proveExtends, type TreeRoot } from '../verify/sumdb/consistency-tiles.js';
import { tilePath, type TileReader } from '../verify/sumdb/tlog.js';
import type { Manifest } from './layout.js';

/** How many earlier heads a bundle keeps proofs for (newest first). */
export const HISTORY_LIMIT = 32;

/** Reads tiles from the database at `base` (a proxy's /sumdb/<name> or the database). */
export function databaseTileReader(base: string, fetcher: Fetcher): TileReader {
  return async (tile) => {
    const url = `${base}/${tilePath(tile)}`;
    const res = await fetcher(url);
    if (res.status !== 200) {
      throw new NetworkError(
        `the checksum database answered HTTP ${res.status} for ${url}`,
        url,
        res.status >= 500,
        res.status,
      );
    }
    return res.body;
  };
}

/**
 * The earlier heads of `previous` (its tree and its history) proven to be extended by
 * `tree`, newest first, with the tiles the proofs read (by tile path). A head that `tree`
 * does not extend is an error: the database forked since the bundle was built.
 */
export async function carryHistory(
  previous: Manifest | undefined,
  tree: TreeRoot,
  read: TileReader,
  where: string,
): Promise<{ history: TreeRoot[]; tiles: Map<string, Buffer> }> {
  const tiles = new Map<string, Buffer>();
  const earlier = previous === undefined ? [] : [previous.tree, ...(previous.history ?? [])];
  const bySize = new Map<number, TreeRoot>();
  for (const h of earlier) if (h.size > 0 && !bySize.has(h.size)) bySize.set(h.size, h);
  const history: TreeRoot[] = [];
  for (const h of [...bySize.values()].sort((a, b) => b.size - a.size)) {
    if (h.size > tree.size) continue; // kept by no proof: the new tree is the smaller one
    const proof = await proveExtends(h, tree, read, where);
    if (h.size === tree.size) continue; // the same tree: nothing to carry
    if (history.length === HISTORY_LIMIT) break;
    for (const [p, data] of proof) tiles.set(p, data);
    history.push({ size: h.size, rootHash: h.rootHash });
  }
  return { history, tiles };
}

/** Problems with a manifest's history, proven offline from the bundle's tiles. */
export async function checkHistory(
  manifest: Manifest,
  read: TileReader,
  where: string,
): Promise<string[]> {
  const problems: string[] = [];
  for (const h of manifest.history ?? []) {
    try {
      if (h.size >= manifest.tree.size) throw new RangeError('not smaller than the bundle tree');
      await proveExtends(h, manifest.tree, read, where);
    } catch (err) {
      problems.push(
        `history: tree ${h.size} ${h.rootHash} is not proven a prefix of tree ${manifest.tree.size}: ${(err as Error).message}`,
      );
    }
  }
  return problems;
}
