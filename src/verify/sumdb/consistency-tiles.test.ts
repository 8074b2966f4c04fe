import { describe, expect, it } from '@jest/globals';
import { VerificationError } from '../../errors.js';
import { proveExtends } from './consistency-tiles.js';
import { FakeLog } from './test-log.js';
import { tilePath, type Tile } from './tlog.js';

const rootOf = (log: FakeLog, size: number) => ({
  size,
  rootHash: log.root(size).toString('base64'),
});
const readFrom = (log: FakeLog) => async (t: Tile) => {
  const data = log.tile(t);
  if (data === undefined) throw new Error(`no tile ${tilePath(t)}`);
  return data;
};

describe('proveExtends', () => {
  it('proves a grown tree extends an older one and returns exactly the tiles it read', async () => {
    const log = new FakeLog();
    log.grow(1000);
    const older = rootOf(log, 1000);
    log.grow(70_000);
    const newer = rootOf(log, 70_000);
    const tiles = await proveExtends(older, newer, readFrom(log), 'test log');
    expect(tiles.size).toBeGreaterThan(0);
    for (const p of tiles.keys()) expect(p).toMatch(/^tile\/8\/\d\//);
    // The kept tiles alone are enough to run the proof again (as a runner does offline).
    const offline = async (t: Tile) => {
      const data = tiles.get(tilePath(t));
      if (data === undefined) throw new Error(`not kept: ${tilePath(t)}`);
      return data;
    };
    await expect(proveExtends(older, newer, offline, 'kept')).resolves.toEqual(tiles);
  });

  it('refuses another history under the same key (a fork) and tiles of another tree', async () => {
    const log = new FakeLog();
    log.grow(1300);
    const honest = rootOf(log, 1300);
    log.records = log.records.map((r, i) => (i === 500 ? FakeLog.record(i, 'evil') : r));
    log.grow(1500);
    const forked = rootOf(log, 1500);
    await expect(proveExtends(honest, forked, readFrom(log), 'test log')).rejects.toThrow(
      /possible fork/,
    );
    const claimed = { size: 1500, rootHash: honest.rootHash };
    const err = await proveExtends(honest, claimed, readFrom(log), 'test log').catch((e) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as Error).message).toMatch(/root of tree 1500 computed from its tiles/);
  });

  it('at the same size only equal roots agree', async () => {
    const log = new FakeLog();
    log.grow(300);
    const a = rootOf(log, 300);
    await expect(proveExtends(a, a, readFrom(log), 'x')).resolves.toEqual(new Map());
    await expect(
      proveExtends(a, { size: 300, rootHash: rootOf(log, 299).rootHash }, readFrom(log), 'x'),
    ).rejects.toBeInstanceOf(VerificationError);
  });
});
