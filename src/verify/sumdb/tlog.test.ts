import { describe, it, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  EMPTY_TREE_HASH,
  checkRecord,
  checkTree,
  hashFromTile,
  nodeHash,
  parseTilePath,
  proveRecord,
  proveTree,
  recordHash,
  recordProofRoot,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  tileForIndex,
  tileHashReader,
  tileInTree,
  tilePath,
  treeHash,
  treeProofRoots,
  type HashReader,
  type Tile,
} from './tlog.js';

// --- An independent, naive RFC 6962 implementation to compare against -----------------

const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};
/** Compact form for comparing hash lists (jest's deep equality on Buffers is slow). */
const hex = (hs: readonly Buffer[]): string => hs.map((h) => h.toString('hex')).join(',');
const leafOf = (i: number): Buffer => sha(Buffer.from([0]), Buffer.from(`record ${i}\n`));
const node = (l: Buffer, r: Buffer): Buffer => sha(Buffer.from([1]), l, r);

/** Largest power of two strictly less than n. */
const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

const memo = new WeakMap<Buffer[], Map<string, Buffer>>();

/** MTH(D[lo:hi]) from RFC 6962 section 2.1 (memoized: the tests ask for the same ranges). */
function mth(leaves: Buffer[], lo: number, hi: number): Buffer {
  if (hi - lo === 1) return leaves[lo] as Buffer;
  let seen = memo.get(leaves);
  if (!seen) memo.set(leaves, (seen = new Map()));
  const key = `${lo},${hi}`;
  let h = seen.get(key);
  if (!h) {
    const k = split(hi - lo);
    h = node(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
    seen.set(key, h);
  }
  return h;
}

/** PATH(m, D[lo:hi]) from RFC 6962 section 2.1.1, leaf side first. */
function path(leaves: Buffer[], m: number, lo: number, hi: number): Buffer[] {
  if (hi - lo === 1) return [];
  const k = split(hi - lo);
  return m < k
    ? [...path(leaves, m, lo, lo + k), mth(leaves, lo + k, hi)]
    : [...path(leaves, m - k, lo + k, hi), mth(leaves, lo, lo + k)];
}

/** PROOF(m, D[lo:hi]) from RFC 6962 section 2.1.2. */
function subproof(leaves: Buffer[], m: number, lo: number, hi: number, b: boolean): Buffer[] {
  const n = hi - lo;
  if (m === n) return b ? [] : [mth(leaves, lo, hi)];
  const k = split(n);
  return m <= k
    ? [...subproof(leaves, m, lo, lo + k, b), mth(leaves, lo + k, hi)]
    : [...subproof(leaves, m - k, lo + k, hi, false), mth(leaves, lo, lo + k)];
}

/** Hashes of complete subtrees per level: levels[L][i] covers leaves [i·2^L, (i+1)·2^L). */
function buildLevels(leaves: Buffer[]): Buffer[][] {
  const levels = [leaves];
  for (;;) {
    const prev = levels[levels.length - 1] as Buffer[];
    if (prev.length < 2) return levels;
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < prev.length; i += 2) next.push(node(prev[i]!, prev[i + 1]!));
    levels.push(next);
  }
}

const N = 1000;
const leaves = Array.from({ length: N }, (_, i) => leafOf(i));
const levels = buildLevels(leaves);

/** A reader over the stored hashes of the tree, placed by (level, n) → index independently. */
const storedReader: HashReader = async (indexes) =>
  indexes.map((x) => {
    const { level, n } = splitStoredHashIndex(x);
    const h = levels[level]?.[n];
    if (!h) throw new Error(`no stored hash ${x}`);
    return h;
  });

/** Tile data as a log server publishes it, from the level arrays. */
function tileData(lv: Buffer[][], tile: Tile): Buffer {
  const row = lv[tile.l * tile.h] ?? [];
  const start = tile.n * 2 ** tile.h;
  const hashes = row.slice(start, start + tile.w);
  if (hashes.length !== tile.w) throw new Error(`no such tile ${tilePath(tile)}`);
  return Buffer.concat(hashes);
}

// --- Tests -------------------------------------------------------------------------------

describe('hashing', () => {
  it('hashes leaves and nodes as RFC 6962 says', () => {
    expect(recordHash('abc').equals(sha(Buffer.from([0]), Buffer.from('abc')))).toBe(true);
    const a = Buffer.alloc(32, 1);
    const b = Buffer.alloc(32, 2);
    expect(nodeHash(a, b).equals(sha(Buffer.from([1]), a, b))).toBe(true);
    expect(EMPTY_TREE_HASH.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('gives the real sum.golang.org leaf hash for the real record', () => {
    const text = readFileSync(
      new URL(
        '../../../testdata/sumdb-lookup-golang.org-toolchain@v0.0.1-go1.21.9.linux-amd64.txt',
        import.meta.url,
      ),
      'utf8',
    );
    const record = text.slice(text.indexOf('\n') + 1, text.indexOf('\n\n') + 1);
    expect(record.split('\n')).toHaveLength(3); // two lines and the final newline
    expect(recordHash(record).toString('base64')).toBe(
      'A/+TP2a1pyCJM2jsWxhtn8S+e4UYsO5MYbxns1Xhj+o=',
    );
  });
});

describe('stored hash index', () => {
  it('numbers nodes in the order they are written', () => {
    // Record 0: (0,0). Record 1: (0,1) (1,0). Record 2: (0,2). Record 3: (0,3) (1,1) (2,0).
    const order = [
      [0, 0],
      [0, 1],
      [1, 0],
      [0, 2],
      [0, 3],
      [1, 1],
      [2, 0],
      [0, 4],
    ];
    order.forEach(([level, n], i) => expect(storedHashIndex(level!, n!)).toBe(i));
  });

  it('splits every index back, and counts stored hashes', () => {
    let count = 0;
    for (let level = 0; level < levels.length; level++) count += levels[level]!.length;
    expect(storedHashCount(N)).toBe(count);
    for (let x = 0; x < count; x++) {
      const { level, n } = splitStoredHashIndex(x);
      expect(storedHashIndex(level, n)).toBe(x);
    }
    expect(storedHashCount(0)).toBe(0);
    expect(storedHashCount(1)).toBe(1);
    expect(storedHashCount(2)).toBe(3);
    expect(storedHashCount(4)).toBe(7);
  });

  it('handles log sizes beyond 32-bit arithmetic', () => {
    const big = 2 ** 40 + 12345;
    const x = storedHashIndex(3, big);
    expect(splitStoredHashIndex(x)).toEqual({ level: 3, n: big });
    const t = tileForIndex(8, storedHashIndex(0, 71848827)).tile;
    expect(tilePath(t)).toBe('tile/8/0/x280/659.p/124');
  });
});

describe('tree hash and proofs against a naive Merkle tree', () => {
  it('computes every tree hash 1..1000', async () => {
    for (let n = 1; n <= N; n++) {
      expect((await treeHash(n, storedReader)).equals(mth(leaves, 0, n))).toBe(true);
    }
    expect((await treeHash(0, storedReader)).equals(EMPTY_TREE_HASH)).toBe(true);
  });

  it('builds and checks record proofs equal to RFC 6962 audit paths', async () => {
    const sizes = [...Array.from({ length: 48 }, (_, i) => i + 1), 255, 256, 257, 511, 999, N];
    for (const t of sizes) {
      const root = mth(leaves, 0, t);
      const ns = t <= 48 ? Array.from({ length: t }, (_, i) => i) : [0, 1, t >> 1, t - 2, t - 1];
      for (const n of ns) {
        const proof = await proveRecord(t, n, storedReader);
        expect(hex(proof)).toBe(hex(path(leaves, n, 0, t)));
        expect(checkRecord(proof, t, root, n, leaves[n]!)).toBe(true);
        // Another leaf, position or size must fail.
        expect(checkRecord(proof, t, root, n, leafOf(n + 1))).toBe(false);
        if (t > 1) expect(checkRecord(proof, t, root, (n + 1) % t, leaves[n]!)).toBe(false);
      }
    }
  });

  it('rejects altered record proofs', async () => {
    const t = 777;
    const n = 345;
    const root = mth(leaves, 0, t);
    const proof = await proveRecord(t, n, storedReader);
    for (let i = 0; i < proof.length; i++) {
      const bad = proof.map((h) => Buffer.from(h));
      bad[i]![5]! ^= 0x10;
      expect(checkRecord(bad, t, root, n, leaves[n]!)).toBe(false);
    }
    expect(recordProofRoot(proof.slice(1), t, n, leaves[n]!)).toBeUndefined();
    expect(recordProofRoot([...proof, root], t, n, leaves[n]!)).toBeUndefined();
    await expect(proveRecord(10, 10, storedReader)).rejects.toThrow(/not in a tree of size 10/);
  });

  it('builds and checks tree proofs equal to RFC 6962 consistency proofs', async () => {
    const pairs: [number, number][] = [];
    for (let t = 1; t <= 40; t++) for (let n = 1; n <= t; n++) pairs.push([t, n]);
    pairs.push([N, 1], [N, 512], [N, 513], [N, 999], [N, N], [700, 256], [257, 256]);
    for (const [t, n] of pairs) {
      const proof = await proveTree(t, n, storedReader);
      expect(hex(proof)).toBe(hex(subproof(leaves, n, 0, t, true)));
      const oldRoot = mth(leaves, 0, n);
      const newRoot = mth(leaves, 0, t);
      expect(checkTree(proof, t, newRoot, n, oldRoot)).toBe(true);
      const roots = treeProofRoots(proof, t, n, oldRoot);
      expect(hex([roots!.older, roots!.newer])).toBe(hex([oldRoot, newRoot]));
    }
  });

  it('detects a forked history with a tree proof', async () => {
    // The same log, except record 100 differs: a fork after 100 records.
    const forked = leaves.slice();
    forked[100] = leafOf(-1);
    const forkLevels = buildLevels(forked);
    const forkReader: HashReader = async (xs) =>
      xs.map((x) => {
        const { level, n } = splitStoredHashIndex(x);
        return forkLevels[level]![n]!;
      });
    const proof = await proveTree(900, 500, forkReader);
    const roots = treeProofRoots(proof, 900, 500, mth(leaves, 0, 500))!;
    // The proof supports the forked tree, but not our earlier tree of size 500.
    expect(roots.newer.equals(mth(forked, 0, 900))).toBe(true);
    expect(roots.older.equals(mth(leaves, 0, 500))).toBe(false);
    expect(checkTree(proof, 900, mth(forked, 0, 900), 500, mth(leaves, 0, 500))).toBe(false);
    // Before the fork point the histories agree.
    const early = await proveTree(900, 100, forkReader);
    expect(checkTree(early, 900, mth(forked, 0, 900), 100, mth(leaves, 0, 100))).toBe(true);
  });
});

describe('tile paths', () => {
  it('formats paths with three-digit x groups', () => {
    expect(tilePath({ h: 3, l: 4, n: 1234067, w: 1 })).toBe('tile/3/4/x001/x234/067.p/1');
    expect(tilePath({ h: 3, l: 4, n: 1234067, w: 8 })).toBe('tile/3/4/x001/x234/067');
    expect(tilePath({ h: 8, l: 0, n: 0, w: 256 })).toBe('tile/8/0/000');
    expect(tilePath({ h: 8, l: 1, n: 1000, w: 5 })).toBe('tile/8/1/x001/000.p/5');
    expect(tilePath({ h: 8, l: -1, n: 123456789, w: 256 })).toBe('tile/8/data/x123/x456/789');
  });

  it('parses canonical paths only', () => {
    expect(parseTilePath('tile/3/4/x001/x234/067.p/1')).toEqual({ h: 3, l: 4, n: 1234067, w: 1 });
    expect(parseTilePath('tile/8/data/000')).toEqual({ h: 8, l: -1, n: 0, w: 256 });
    for (const bad of [
      'tile/8/0/1',
      'tile/8/0/x000/001',
      'tile/8/0/001.p/256',
      'tile/8/0/001.p/0',
      'tile/0/0/001',
      'tile/8/0/001/',
      'tiles/8/0/001',
      'tile/8/0/x1234/001',
    ]) {
      expect(parseTilePath(bad)).toBeUndefined();
    }
  });
});

describe('tiles', () => {
  it('locates hashes in tiles', () => {
    // Leaf 300 lives in level-0 tile 1 at position 44.
    expect(tileForIndex(8, storedHashIndex(0, 300))).toEqual({
      tile: { h: 8, l: 0, n: 1, w: 45 },
      start: 44,
      end: 45,
    });
    // Node (3, 5) covers level-0 hashes 40..47 of tile 0.
    expect(tileForIndex(8, storedHashIndex(3, 5))).toEqual({
      tile: { h: 8, l: 0, n: 0, w: 48 },
      start: 40,
      end: 48,
    });
    // Node (9, 1) is two level-8 hashes in level-1 tile 0.
    expect(tileForIndex(8, storedHashIndex(9, 1))).toEqual({
      tile: { h: 8, l: 1, n: 0, w: 4 },
      start: 2,
      end: 4,
    });
  });

  it('reads hashes from tile data and refuses the wrong tile', () => {
    const tile = { h: 8, l: 0, n: 0, w: 256 };
    const data = tileData(levels, tile);
    expect(hashFromTile(tile, data, storedHashIndex(0, 17)).equals(leaves[17]!)).toBe(true);
    expect(hashFromTile(tile, data, storedHashIndex(7, 1)).equals(levels[7]![1]!)).toBe(true);
    // A whole tile's root is level 8: it lives in the tile above.
    expect(() => hashFromTile(tile, data, storedHashIndex(8, 0))).toThrow(/tile\/8\/1\/000/);
    expect(() => hashFromTile(tile, data, storedHashIndex(0, 256))).toThrow(
      /is in tile\/8\/0\/001/,
    );
    expect(() => hashFromTile(tile, data.subarray(0, 100), 0)).toThrow(/too short/);
  });

  it('asks for the tile width the tree size implies', () => {
    // In a tree of 1000, level-0 tile 3 holds leaves 768..999: 232 of them.
    expect(tileInTree(8, storedHashIndex(0, 800), 1000)).toEqual({ h: 8, l: 0, n: 3, w: 232 });
    expect(tileInTree(8, storedHashIndex(0, 5), 1000)).toEqual({ h: 8, l: 0, n: 0, w: 256 });
    expect(tileInTree(8, storedHashIndex(8, 2), 1000)).toEqual({ h: 8, l: 1, n: 0, w: 3 });
    expect(() => tileInTree(8, storedHashIndex(0, 1000), 1000)).toThrow(/not in a tree/);
    expect(() => tileInTree(8, storedHashIndex(8, 3), 1000)).toThrow(/not in a tree/);
  });

  for (const [h, size] of [
    [8, 70000],
    [2, 1000],
  ] as const) {
    it(`proves records and trees from tiles of height ${h} (tree of ${size})`, async () => {
      const many = size === N ? leaves : Array.from({ length: size }, (_, i) => leafOf(i));
      const lv = size === N ? levels : buildLevels(many);
      const requested: Tile[] = [];
      const reader = tileHashReader(
        size,
        async (tile) => {
          requested.push(tile);
          return tileData(lv, tile);
        },
        h,
      );
      const root = mth(many, 0, size);
      expect((await treeHash(size, reader)).equals(root)).toBe(true);
      for (const n of [0, 1, 255, 256, 4095, size >> 1, size - 1].filter((x) => x < size)) {
        const proof = await proveRecord(size, n, reader);
        expect(checkRecord(proof, size, root, n, many[n]!)).toBe(true);
      }
      for (const older of [1, 256, 65536 % size, size - 1]) {
        const proof = await proveTree(size, older, reader);
        expect(checkTree(proof, size, root, older, mth(many, 0, older))).toBe(true);
      }
      // Every tile asked for has exactly the width this tree size publishes, and none twice.
      for (const t of requested) {
        const atLevel = Math.floor(size / 2 ** (h * t.l));
        expect(t.w).toBe(Math.min(2 ** h, atLevel - t.n * 2 ** h));
      }
      expect(new Set(requested.map(tilePath)).size).toBe(requested.length);
    });
  }

  it('rejects tiles of the wrong size', async () => {
    const reader = tileHashReader(1000, async (tile) => tileData(levels, tile).subarray(32));
    await expect(proveRecord(1000, 3, reader)).rejects.toThrow(/size of tile\/8\/0\/000/);
  });

  it('fails a proof when a tile hash is flipped', async () => {
    const reader = tileHashReader(1000, async (tile) => {
      const data = Buffer.from(tileData(levels, tile));
      if (tile.l === 0 && tile.n === 0) data[32 * 9 + 3]! ^= 1; // leaf 9, a sibling of leaf 8
      return data;
    });
    const proof = await proveRecord(1000, 8, reader);
    expect(checkRecord(proof, 1000, mth(leaves, 0, 1000), 8, leaves[8]!)).toBe(false);
  });
});
