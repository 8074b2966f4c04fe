/**
 * Transparency-log arithmetic for the Go checksum database (the scheme of
 * golang.org/x/mod/sumdb/tlog): RFC 6962 Merkle hashing, the dense "stored hash index"
 * numbering of tree nodes, tiles of height 8 that publish those hashes, and record
 * (inclusion) and tree (consistency) proofs.
 *
 * Everything here is pure except that proofs read hashes through an injected reader.
 * Numbers are JS numbers: tree sizes and stored indexes stay far below 2^53, and no 32-bit
 * bit operators are used on them.
 */
import { createHash } from 'node:crypto';
import { VerificationError } from '../../errors.js';

export const HASH_SIZE = 32;
/** Tile height used by sum.golang.org. */
export const TILE_HEIGHT = 8;

/** Hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_TREE_HASH = createHash('sha256').digest();

/** Leaf hash of a record: SHA-256(0x00 ‖ record). */
export function recordHash(record: Uint8Array | string): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(record)
    .digest();
}

/** Interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

/** Reads the hashes at the given stored hash indexes, in the same order. */
export type HashReader = (indexes: readonly number[]) => Promise<Buffer[]>;

function assertIndex(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`tlog: invalid ${what} ${n}`);
}

/** Largest power of two strictly less than n (n ≥ 2), and its log2. */
function maxPow2(n: number): { k: number; level: number } {
  let level = 0;
  while (2 ** (level + 1) < n) level++;
  return { k: 2 ** level, level };
}

function trailingOnes(n: number): number {
  let count = 0;
  while (n % 2 === 1) {
    count++;
    n = (n - 1) / 2;
  }
  return count;
}

/**
 * Maps the node (level, n) — the n-th hash at that level — to its position in the dense
 * storage order, where each record's leaf hash is followed by the hashes of the subtrees
 * that record completes.
 */
export function storedHashIndex(level: number, n: number): number {
  assertIndex(level, 'level');
  assertIndex(n, 'node number');
  // Level L's n-th hash is stored right after level L-1's (2n+1)-th hash.
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  // Level 0's n-th hash is stored at n + n/2 + n/4 + … .
  let i = 0;
  for (; n > 0; n = Math.floor(n / 2)) i += n;
  return i + level;
}

/** Inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  assertIndex(index, 'stored hash index');
  // storedHashIndex(0, n) < 2n, so the record is in [index/2, index/2 + log2(index)].
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  for (;;) {
    // Record n+1 is stored after record n and the (trailing ones of n) subtrees it completes.
    const next = indexN + 1 + trailingOnes(n);
    if (next > index) break;
    n++;
    indexN = next;
  }
  const level = index - indexN;
  return { level, n: Math.floor(n / 2 ** level) };
}

/** Number of stored hashes a log of n records has. */
export function storedHashCount(n: number): number {
  assertIndex(n, 'tree size');
  if (n === 0) return 0;
  return storedHashIndex(0, n - 1) + 1 + trailingOnes(n - 1);
}

/**
 * Stored indexes of the maximal complete subtrees that make up records [lo, hi), left to
 * right: the hashes needed to compute that range's hash.
 */
function subTreeIndex(lo: number, hi: number, need: number[]): void {
  while (lo < hi) {
    const { k, level } = maxPow2(hi - lo + 1);
    need.push(storedHashIndex(level, lo / k));
    lo += k;
  }
}

/** A cursor over hashes read for a list of indexes, consumed in the order they were listed. */
class HashCursor {
  private pos = 0;
  constructor(private readonly hashes: readonly Buffer[]) {}
  next(): Buffer {
    const h = this.hashes[this.pos++];
    if (h === undefined) throw new RangeError('tlog: ran out of hashes');
    return h;
  }
  get done(): boolean {
    return this.pos === this.hashes.length;
  }
}

/** Hash of records [lo, hi) from the hashes that subTreeIndex(lo, hi) listed. */
function subTreeHash(lo: number, hi: number, hashes: HashCursor): Buffer {
  const parts: Buffer[] = [];
  while (lo < hi) {
    parts.push(hashes.next());
    lo += maxPow2(hi - lo + 1).k;
  }
  let h = parts[parts.length - 1];
  if (h === undefined) throw new RangeError('tlog: empty subtree');
  for (let i = parts.length - 2; i >= 0; i--) h = nodeHash(parts[i] as Buffer, h);
  return h;
}

/** Reads exactly the hashes asked for, or fails. */
async function readAll(reader: HashReader, indexes: number[]): Promise<HashCursor> {
  const hashes = indexes.length === 0 ? [] : await reader(indexes);
  if (hashes.length !== indexes.length) {
    throw new RangeError(`tlog: reader returned ${hashes.length} hashes for ${indexes.length}`);
  }
  return new HashCursor(hashes);
}

/** Root hash of the tree of size n, from the stored hashes the reader supplies. */
export async function treeHash(n: number, reader: HashReader): Promise<Buffer> {
  assertIndex(n, 'tree size');
  if (n === 0) return EMPTY_TREE_HASH;
  const need: number[] = [];
  subTreeIndex(0, n, need);
  return subTreeHash(0, n, await readAll(reader, need));
}

/** An inclusion proof (RFC 6962 "audit path"), leaf side first. */
export type RecordProof = Buffer[];

function leafProofIndex(lo: number, hi: number, n: number, need: number[]): void {
  if (lo + 1 === hi) return;
  const { k } = maxPow2(hi - lo);
  if (n < lo + k) {
    leafProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    leafProofIndex(lo + k, hi, n, need);
  }
}

function leafProof(lo: number, hi: number, n: number, hashes: HashCursor): RecordProof {
  if (lo + 1 === hi) return [];
  const { k } = maxPow2(hi - lo);
  // Hashes were listed in tree order, so read them back in the same order.
  if (n < lo + k) {
    const p = leafProof(lo, lo + k, n, hashes);
    return [...p, subTreeHash(lo + k, hi, hashes)];
  }
  const sibling = subTreeHash(lo, lo + k, hashes);
  return [...leafProof(lo + k, hi, n, hashes), sibling];
}

function checkTreeArgs(t: number, n: number, what: string): void {
  assertIndex(t, 'tree size');
  assertIndex(n, what);
}

/** The proof that the tree of size t contains record n. */
export async function proveRecord(t: number, n: number, reader: HashReader): Promise<RecordProof> {
  checkTreeArgs(t, n, 'record number');
  if (n >= t) throw new RangeError(`tlog: record ${n} is not in a tree of size ${t}`);
  const need: number[] = [];
  leafProofIndex(0, t, n, need);
  const cursor = await readAll(reader, need);
  const proof = leafProof(0, t, n, cursor);
  if (!cursor.done) throw new RangeError('tlog: bad index math in proveRecord');
  return proof;
}

/**
 * Runs an inclusion proof: the root hash of the tree of size t implied by record n having
 * leaf hash `leaf`. Undefined when the proof has the wrong shape for (t, n).
 */
export function recordProofRoot(
  proof: readonly Uint8Array[],
  t: number,
  n: number,
  leaf: Uint8Array,
): Buffer | undefined {
  checkTreeArgs(t, n, 'record number');
  if (n >= t) return undefined;
  const run = (p: readonly Uint8Array[], lo: number, hi: number): Buffer | undefined => {
    if (lo + 1 === hi) return p.length === 0 ? Buffer.from(leaf) : undefined;
    const last = p[p.length - 1];
    if (last === undefined) return undefined;
    const { k } = maxPow2(hi - lo);
    const rest = p.slice(0, -1);
    if (n < lo + k) {
      const h = run(rest, lo, lo + k);
      return h && nodeHash(h, last);
    }
    const h = run(rest, lo + k, hi);
    return h && nodeHash(last, h);
  };
  return run(proof, 0, t);
}

/** Whether `proof` shows that the tree of size t with root `root` has leaf `leaf` at n. */
export function checkRecord(
  proof: readonly Uint8Array[],
  t: number,
  root: Uint8Array,
  n: number,
  leaf: Uint8Array,
): boolean {
  const computed = recordProofRoot(proof, t, n, leaf);
  return computed !== undefined && computed.equals(root);
}

/** A consistency proof (RFC 6962) that a tree of size t extends the tree of size n. */
export type TreeProof = Buffer[];

function treeProofIndex(lo: number, hi: number, n: number, need: number[]): void {
  if (n === hi) {
    if (lo !== 0) subTreeIndex(lo, hi, need);
    return;
  }
  const { k } = maxPow2(hi - lo);
  if (n <= lo + k) {
    treeProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    treeProofIndex(lo + k, hi, n, need);
  }
}

function treeProof(lo: number, hi: number, n: number, hashes: HashCursor): TreeProof {
  if (n === hi) return lo === 0 ? [] : [subTreeHash(lo, hi, hashes)];
  const { k } = maxPow2(hi - lo);
  if (n <= lo + k) {
    const p = treeProof(lo, lo + k, n, hashes);
    return [...p, subTreeHash(lo + k, hi, hashes)];
  }
  const sibling = subTreeHash(lo, lo + k, hashes);
  return [...treeProof(lo + k, hi, n, hashes), sibling];
}

/** The proof that the tree of size t contains the tree of size n (1 ≤ n ≤ t) as a prefix. */
export async function proveTree(t: number, n: number, reader: HashReader): Promise<TreeProof> {
  checkTreeArgs(t, n, 'older tree size');
  if (n < 1 || n > t) throw new RangeError(`tlog: cannot prove tree ${n} within tree ${t}`);
  const need: number[] = [];
  treeProofIndex(0, t, n, need);
  const cursor = await readAll(reader, need);
  const proof = treeProof(0, t, n, cursor);
  if (!cursor.done) throw new RangeError('tlog: bad index math in proveTree');
  return proof;
}

/**
 * Runs a consistency proof: the roots of the older tree (size n) and the newer tree (size t)
 * it implies, given the older root. Undefined when the proof has the wrong shape.
 * Comparing both with the signed roots tells bad data (newer root differs) from a fork
 * (newer root matches, older does not).
 */
export function treeProofRoots(
  proof: readonly Uint8Array[],
  t: number,
  n: number,
  olderRoot: Uint8Array,
): { older: Buffer; newer: Buffer } | undefined {
  checkTreeArgs(t, n, 'older tree size');
  if (n < 1 || n > t) return undefined;
  type Pair = { older: Buffer; newer: Buffer };
  const run = (p: readonly Uint8Array[], lo: number, hi: number): Pair | undefined => {
    if (n === hi) {
      if (lo === 0) {
        return p.length === 0
          ? { older: Buffer.from(olderRoot), newer: Buffer.from(olderRoot) }
          : undefined;
      }
      const only = p[0];
      return p.length === 1 && only
        ? { older: Buffer.from(only), newer: Buffer.from(only) }
        : undefined;
    }
    const last = p[p.length - 1];
    if (last === undefined) return undefined;
    const { k } = maxPow2(hi - lo);
    const rest = p.slice(0, -1);
    if (n <= lo + k) {
      const r = run(rest, lo, lo + k);
      return r && { older: r.older, newer: nodeHash(r.newer, last) };
    }
    const r = run(rest, lo + k, hi);
    return r && { older: nodeHash(last, r.older), newer: nodeHash(last, r.newer) };
  };
  return run(proof, 0, t);
}

/** Whether `proof` shows the tree (t, newRoot) extends the tree (n, oldRoot). */
export function checkTree(
  proof: readonly Uint8Array[],
  t: number,
  newRoot: Uint8Array,
  n: number,
  oldRoot: Uint8Array,
): boolean {
  const r = treeProofRoots(proof, t, n, oldRoot);
  return r !== undefined && r.newer.equals(newRoot) && r.older.equals(oldRoot);
}

// ---------------------------------------------------------------------------------------
// Tiles

/**
 * A tile of height h at level l, number n, lists w consecutive hashes of tree level l·h,
 * starting at hash n·2^h. A full tile has w = 2^h; partial ones sit at the right edge.
 */
export interface Tile {
  readonly h: number;
  readonly l: number;
  readonly n: number;
  readonly w: number;
}

/**
 * The tile path `tile/<h>/<l>/<n>[.p/<w>]`, n written in three-digit groups with all but
 * the last prefixed by "x" (1234067 → x001/x234/067) to keep directories small.
 */
export function tilePath(tile: Tile): string {
  let n = tile.n;
  let digits = String(n % 1000).padStart(3, '0');
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    digits = `x${String(n % 1000).padStart(3, '0')}/${digits}`;
  }
  const partial = tile.w === 2 ** tile.h ? '' : `.p/${tile.w}`;
  const level = tile.l === -1 ? 'data' : String(tile.l);
  return `tile/${tile.h}/${level}/${digits}${partial}`;
}

/** Parses a tile path; undefined when it is not in canonical form. */
export function parseTilePath(path: string): Tile | undefined {
  const m = /^tile\/([0-9]+)\/(data|[0-9]+)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([0-9]+))?$/.exec(
    path,
  );
  if (!m) return undefined;
  const h = Number(m[1]);
  const l = m[2] === 'data' ? -1 : Number(m[2]);
  if (h < 1 || h > 30 || l > 63) return undefined;
  let n = 0;
  for (const part of (m[3] ?? '').split('/')) n = n * 1000 + Number(part.replace(/^x/, ''));
  const w = m[4] === undefined ? 2 ** h : Number(m[4]);
  if (!(w >= 1 && w <= 2 ** h)) return undefined;
  const tile = { h, l, n, w };
  return tilePath(tile) === path ? tile : undefined;
}

/**
 * The narrowest tile of height h holding the hash at a stored index, and where in that tile
 * the 2^k hashes whose subtree hash it is start and end (in hashes).
 */
export function tileForIndex(h: number, index: number): { tile: Tile; start: number; end: number } {
  const { level, n } = splitStoredHashIndex(index);
  const l = Math.floor(level / h);
  const k = level - l * h; // level inside the tile
  const tileN = Math.floor((n * 2 ** k) / 2 ** h);
  const within = n - tileN * 2 ** (h - k); // node number at level k inside the tile
  const start = within * 2 ** k;
  const end = (within + 1) * 2 ** k;
  return { tile: { h, l, n: tileN, w: end }, start, end };
}

/**
 * The tile the log of size `treeSize` publishes that holds a stored index: full when the
 * tree has filled it, otherwise the partial tile of exactly the width the tree implies (the
 * server publishes that width for this tree size, whatever width the index itself needs).
 */
export function tileInTree(h: number, index: number, treeSize: number): Tile {
  const { tile, end } = tileForIndex(h, index);
  const hashesAtLevel = Math.floor(treeSize / 2 ** (h * tile.l));
  const w = Math.min(2 ** h, hashesAtLevel - tile.n * 2 ** h);
  if (w < end) {
    throw new RangeError(`tlog: stored hash ${index} is not in a tree of size ${treeSize}`);
  }
  return { ...tile, w };
}

/** Subtree hash of 2^k consecutive hashes of one tile level. */
function tileSubtreeHash(data: Buffer, start: number, end: number): Buffer {
  if (end - start === 1) return Buffer.from(data.subarray(start * HASH_SIZE, end * HASH_SIZE));
  const mid = (start + end) / 2;
  return nodeHash(tileSubtreeHash(data, start, mid), tileSubtreeHash(data, mid, end));
}

/** The hash at a stored index, from the data of a tile that holds it (or a wider one). */
export function hashFromTile(tile: Tile, data: Buffer, index: number): Buffer {
  if (data.length < tile.w * HASH_SIZE) {
    throw new RangeError(`tlog: ${tilePath(tile)} data is ${data.length} bytes, too short`);
  }
  const { tile: want, start, end } = tileForIndex(tile.h, index);
  if (want.l !== tile.l || want.n !== tile.n || want.w > tile.w) {
    throw new RangeError(
      `tlog: stored hash ${index} is in ${tilePath(want)}, not ${tilePath(tile)}`,
    );
  }
  return tileSubtreeHash(data, start, end);
}

/** Fetches a tile's data: exactly w·32 bytes. */
export type TileReader = (tile: Tile) => Promise<Buffer>;

/**
 * A HashReader over the tiles of the log at size `treeSize`. Tiles are read at most once per
 * reader and in parallel. The hashes are only as good as the tiles: callers check what they
 * compute from them against a signed root (record and tree proofs do exactly that).
 */
export function tileHashReader(
  treeSize: number,
  readTile: TileReader,
  h: number = TILE_HEIGHT,
): HashReader {
  const cache = new Map<string, Promise<Buffer>>();
  const load = (tile: Tile): Promise<Buffer> => {
    const key = tilePath(tile);
    let p = cache.get(key);
    if (p === undefined) {
      p = readTile(tile).then((data) => {
        if (data.length !== tile.w * HASH_SIZE) {
          throw new VerificationError(
            `size of ${key}`,
            `${tile.w * HASH_SIZE} bytes`,
            `${data.length} bytes`,
            key,
          );
        }
        return data;
      });
      cache.set(key, p);
    }
    return p;
  };
  return async (indexes) => {
    const tiles = indexes.map((index) => tileInTree(h, index, treeSize));
    const data = await Promise.all(tiles.map(load));
    return indexes.map((index, i) => hashFromTile(tiles[i] as Tile, data[i] as Buffer, index));
  };
}
