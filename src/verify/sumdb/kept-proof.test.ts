import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VerificationError } from '../../errors.js';
import { parseGoproxy, type Fetcher } from '../../fetch/goproxy.js';
import { MissingTileError, SumdbClient, parseLookupResponse, type SumdbLookup } from './client.js';
import {
  KEPT_PROOF_SCHEMA,
  keptProofOf,
  parseKeptProof,
  serializeKeptProof,
  verifyKeptProof,
  type KeptProof,
} from './kept-proof.js';
import { signNote } from './note.js';
import { storedHashIndex, tileInTree, tilePath } from './tlog.js';

const TOOLCHAIN = 'golang.org/toolchain';
const V1225 = 'v0.0.1-go1.22.5.linux-amd64';
const V1219 = 'v0.0.1-go1.21.9.linux-amd64';
/** What `go mod download -json golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64` reports. */
const H1_1225 = 'h1:LQChnsjY/4sr12W+7pci1Qg1+X/n7vmLOOaq2aTBG0w=';
const H1_1219 = 'h1:rRL9rPpsjKfpdDFcppvNgw1/dynUMrpDcTxdIwtyFR0=';
const OLD_TREE = 28905453;
const WHERE = 'kept/go1.22.5.sumdb.json';
const testdataLookup = readFileSync(
  new URL(`../../../testdata/sumdb-lookup-golang.org-toolchain@${V1219}.txt`, import.meta.url),
);

/** The first GOPROXY entry of this machine (never a hard-coded host). */
function realProxy(): string {
  let value = process.env['GOPROXY'];
  if (!value) {
    try {
      value = execFileSync('go', ['env', 'GOPROXY'], { encoding: 'utf8' }).trim();
    } catch {
      value = '';
    }
  }
  const first = parseGoproxy(value)[0];
  if (first?.kind !== 'url') throw new Error(`GOPROXY ${value} names no proxy to test with`);
  return first.url;
}

const proxy = realProxy();
let scratch: string;
let dirs = 0;
const freshDir = async (): Promise<string> => {
  const d = join(scratch, `state-${dirs++}`);
  await mkdir(d);
  return d;
};
const stateFile = (stateDir: string) => join(stateDir, 'sum.golang.org', 'latest');

/** Any network access by an offline verification fails the test. */
const fetched: string[] = [];
const noNetwork: Fetcher = (url) => {
  fetched.push(url);
  return Promise.reject(new Error(`offline verification fetched ${url}`));
};
const offlineClient = (stateDir?: string) =>
  new SumdbClient({ goproxy: proxy, fetcher: noNetwork, ...(stateDir ? { stateDir } : {}) });

const expected1225 = { module: TOOLCHAIN, version: V1225 };
const verifyOffline = async (
  text: string,
  stateDir?: string,
  expected = expected1225,
): Promise<SumdbLookup> =>
  verifyKeptProof(offlineClient(stateDir), parseKeptProof(text, WHERE), expected, WHERE, {
    offline: true,
  });

/** A lookup made online, its client's state directory, and its kept form. */
let made: SumdbLookup;
let madeState: string;
let keptText: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sumdb-kept-proof-test-'));
  madeState = await freshDir();
  made = await new SumdbClient({ goproxy: proxy, stateDir: madeState }).lookup(TOOLCHAIN, V1225);
  keptText = serializeKeptProof(keptProofOf(made, 'sum.golang.org'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('a kept proof of a real lookup', () => {
  it('is stable JSON that parses back to itself', () => {
    expect(keptText.endsWith('}\n')).toBe(true);
    const parsed = parseKeptProof(keptText, WHERE);
    expect(Object.keys(parsed)).toEqual([
      'schema',
      'database',
      'module',
      'version',
      'answer',
      'tiles',
    ]);
    expect(parsed).toMatchObject({
      schema: KEPT_PROOF_SCHEMA,
      database: 'sum.golang.org',
      module: TOOLCHAIN,
      version: V1225,
      answer: made.answer,
    });
    const paths = Object.keys(parsed.tiles);
    expect(paths).toEqual([...made.tiles.keys()].sort());
    expect(serializeKeptProof(parsed)).toBe(keptText);
    // The answer is the lookup body: it parses to the proven record and tree.
    const answer = parseLookupResponse(Buffer.from(made.answer), WHERE);
    expect(answer.id).toBe(made.recordId);
    expect(answer.note).toBe(made.treeNote);
    // The leaf tile and a tile per level of the tree are kept.
    const leafTile = tilePath(tileInTree(8, storedHashIndex(0, made.recordId), made.treeSize));
    expect(paths).toContain(leafTile);
    expect(paths.length).toBeGreaterThanOrEqual(4);
  });

  it('verifies offline with a fresh client and no network: first seen', async () => {
    expect(made.h1).toBe(H1_1225);
    const stateDir = await freshDir();
    const r = await verifyOffline(keptText, stateDir);
    expect(r).toMatchObject({
      module: TOOLCHAIN,
      version: V1225,
      h1: made.h1,
      goModH1: made.goModH1,
      recordId: made.recordId,
      treeSize: made.treeSize,
      rootHash: made.rootHash,
      treeNote: made.treeNote,
      answer: made.answer,
      databaseUrl: WHERE,
      consistency: 'first-seen',
    });
    expect(r.consistencyNote).toBeUndefined();
    expect([...r.tiles.keys()]).toEqual([...made.tiles.keys()]);
    // The proof's tree is now the head of that state.
    expect(await readFile(stateFile(stateDir), 'utf8')).toBe(made.treeNote);
    expect(fetched).toEqual([]);
  });

  it('verifies offline against the state of the client that made it: same tree', async () => {
    const r = await verifyOffline(keptText, madeState);
    expect(r).toMatchObject({ h1: made.h1, treeSize: made.treeSize, consistency: 'same-tree' });
    expect(fetched).toEqual([]);
  });
});

describe('a tampered kept proof fails offline', () => {
  const edit = (change: (p: KeptProof) => KeptProof): string =>
    serializeKeptProof(change(parseKeptProof(keptText, WHERE)));
  const failure = async (text: string, expected = expected1225): Promise<Error> => {
    const err = await verifyOffline(text, undefined, expected).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(fetched).toEqual([]);
    return err as Error;
  };
  const withAnswer = (answer: string) => edit((p) => ({ ...p, answer }));
  const withTiles = (tiles: Record<string, string>) => edit((p) => ({ ...p, tiles }));

  it('one flipped bit in the note signature', async () => {
    const sig = /\u2014 sum\.golang\.org (\S+)\n$/.exec(made.answer)![1]!;
    const raw = Buffer.from(sig, 'base64');
    raw[30]! ^= 0x04;
    const err = await failure(withAnswer(made.answer.replace(sig, raw.toString('base64'))));
    expect(err.message).toMatch(
      /^Ed25519 signature by sum\.golang\.org\+033de0ae on the note does not match: .*found an invalid signature \(from kept\//,
    );
  });

  it('the record text changed to the hash of another version', async () => {
    const err = await failure(withAnswer(made.answer.replace(made.h1, H1_1219)));
    expect(err.message).toMatch(
      new RegExp(
        `^leaf hash of the record for golang\\.org/toolchain@v0\\.0\\.1-go1\\.22\\.5\\.linux-amd64 \\(record ${made.recordId}\\) does not match`,
      ),
    );
  });

  it('each tile removed, named in the error', async () => {
    const tiles = parseKeptProof(keptText, WHERE).tiles;
    for (const path of Object.keys(tiles)) {
      const rest = Object.fromEntries(Object.entries(tiles).filter(([p]) => p !== path));
      const err = await failure(withTiles(rest));
      expect(err).toBeInstanceOf(MissingTileError);
      expect(err.message).toBe(
        `tile ${path} is missing from the kept proof (${WHERE}): it is needed to verify the proof without the network`,
      );
    }
  });

  it('one byte of a tile flipped', async () => {
    const tiles = { ...parseKeptProof(keptText, WHERE).tiles };
    // The record's neighbour in the leaf tile: the inclusion proof uses its hash.
    const leafTile = tilePath(tileInTree(8, storedHashIndex(0, made.recordId), made.treeSize));
    const data = Buffer.from(tiles[leafTile]!, 'base64');
    data[((made.recordId % 256) ^ 1) * 32 + 5]! ^= 0x10;
    tiles[leafTile] = data.toString('base64');
    const err = await failure(withTiles(tiles));
    expect(err.message).toMatch(
      new RegExp(
        `^inclusion proof of record ${made.recordId} \\(golang\\.org/toolchain@v0\\.0\\.1-go1\\.22\\.5\\.linux-amd64\\) computed from the tiles does not match: expected root \\S+ of the signed tree ${made.treeSize}, found root \\S+ \\(from the tiles kept with kept/`,
      ),
    );
  });

  it('tile paths that are not tile paths, and tiles of the wrong size or encoding', async () => {
    const tiles = parseKeptProof(keptText, WHERE).tiles;
    const [first, data] = Object.entries(tiles)[0]!;
    for (const bad of ['tile/8/0/../../x', 'tile/8/0/1', 'tile/8/data/000', 'tile/4/0/000']) {
      await expect(failure(withTiles({ ...tiles, [bad]: data }))).resolves.toHaveProperty(
        'message',
        expect.stringContaining(`tile path in the kept proof does not match`),
      );
    }
    const partial = Object.keys(tiles).find((p) => p.includes('.p/'));
    const resized = partial!.replace(/\.p\/(\d+)$/, (_m, w: string) =>
      w === '1' ? '.p/2' : `.p/${Number(w) - 1}`,
    );
    const rest = Object.fromEntries(Object.entries(tiles).filter(([p]) => p !== partial));
    expect((await failure(withTiles({ ...rest, [resized]: tiles[partial!]! }))).message).toMatch(
      /^size of the kept tile tile\/8\/\S+ does not match: expected \d+ bytes, found \d+ bytes/,
    );
    expect((await failure(withTiles({ ...tiles, [first]: `${data}\n` }))).message).toMatch(
      /^tile \S+ in the kept proof does not match: expected canonical standard base64/,
    );
  });

  it('another module version than expected, or than the record', async () => {
    const other = { module: TOOLCHAIN, version: 'v0.0.1-go1.22.4.linux-amd64' };
    expect((await failure(keptText, other)).message).toMatch(
      /^module version of the kept checksum database proof does not match: expected golang\.org\/toolchain@v0\.0\.1-go1\.22\.4\.linux-amd64, found golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64/,
    );
    // The proof claims the expected version, but its record is for another.
    const relabelled = edit((p) => ({ ...p, version: other.version }));
    expect((await failure(relabelled, other)).message).toMatch(
      /^checksum database record \d+ does not match: expected a line "golang\.org\/toolchain v0\.0\.1-go1\.22\.4\.linux-amd64 h1:…"/,
    );
    const elsewhere = edit((p) => ({ ...p, database: 'sum.example.org' }));
    expect((await failure(elsewhere)).message).toMatch(
      /^checksum database of the kept proof does not match: expected sum\.golang\.org, found "sum\.example\.org"/,
    );
  });

  it('a note signed by another key', async () => {
    const keys = generateKeyPairSync('ed25519');
    const publicKey = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const answer = parseLookupResponse(Buffer.from(made.answer), WHERE);
    const text = answer.note.slice(0, answer.note.lastIndexOf('\n\n') + 1);
    const forged = signNote(text, {
      name: 'sum.golang.org',
      publicKey,
      privateKey: keys.privateKey,
    });
    const err = await failure(withAnswer(`${answer.id}\n${answer.record}\n${forged}`));
    expect(err.message).toMatch(
      /^signers of the note does not match: expected a signature by sum\.golang\.org\+033de0ae, found signatures only by sum\.golang\.org\+[0-9a-f]{8}/,
    );
  });

  it('another schema, garbage, missing, unknown or mistyped fields', async () => {
    const obj = JSON.parse(keptText) as Record<string, unknown>;
    const cases: [string, RegExp][] = [
      [
        JSON.stringify({ ...obj, schema: 2 }),
        /^schema of the kept proof does not match: expected 1, found 2/,
      ],
      [
        '{"schema": 1, "tiles": {',
        /^kept checksum database proof does not match: .*found text that is not JSON/,
      ],
      ['\u0000\u00ff garbage', /found text that is not JSON/],
      ['[1,2]', /^kept checksum database proof does not match: .*found a JSON array/],
      ['null', /found JSON null/],
      [
        JSON.stringify({ ...obj, extra: 1 }),
        /^fields of the kept checksum database proof does not match: .*found unknown "extra"/,
      ],
      [JSON.stringify({ ...obj, answer: undefined }), /found missing answer/],
      [
        JSON.stringify({ ...obj, module: 7 }),
        /^field module of the kept proof does not match: expected a string, found number/,
      ],
      [
        JSON.stringify({ ...obj, tiles: [] }),
        /^tiles of the kept proof does not match: expected an object, found an array/,
      ],
      [
        JSON.stringify({ ...obj, tiles: { 'tile/8/0/000': 5 } }),
        /^tile tile\/8\/0\/000 in the kept proof does not match: .*found number/,
      ],
    ];
    for (const [text, message] of cases) {
      expect(() => parseKeptProof(text, WHERE)).toThrow(VerificationError);
      expect(() => parseKeptProof(text, WHERE)).toThrow(message);
    }
  });
});

describe('an old kept proof and a newer tree head on this runner', () => {
  let old: KeptProof;
  let stateDir: string;
  let head: { size: number; rootHash: string; note: string };

  beforeAll(async () => {
    // The real 2021 answer proven online against its own tree, with no head stored before:
    // its tiles are the old tree's (partial ones cut from today's full tiles).
    const first = await new SumdbClient({ goproxy: proxy }).verifyLookupResponse(
      testdataLookup,
      TOOLCHAIN,
      V1219,
      'testdata',
    );
    expect(first).toMatchObject({ treeSize: OLD_TREE, consistency: 'first-seen' });
    expect(first.answer).toBe(testdataLookup.toString('utf8'));
    old = parseKeptProof(serializeKeptProof(keptProofOf(first, 'sum.golang.org')), 'old.json');
    stateDir = await freshDir();
    head = await new SumdbClient({ goproxy: proxy, stateDir }).latest();
    expect(head.size).toBeGreaterThan(OLD_TREE);
  });

  const expected = { module: TOOLCHAIN, version: V1219 };

  it('offline: proven in its own tree, consistency unchecked, the head left alone', async () => {
    const r = await verifyKeptProof(offlineClient(stateDir), old, expected, 'old.json', {
      offline: true,
    });
    expect(r).toMatchObject({ h1: H1_1219, treeSize: OLD_TREE, consistency: 'unchecked' });
    expect(r.consistencyNote).toMatch(
      new RegExp(
        `^tree ${OLD_TREE} of old\\.json and tree ${head.size} verified earlier \\(state file \\S+\\): the tiles to prove them consistent are not kept \\(tile/8/\\S+ is missing\\); checked again when the database is reachable$`,
      ),
    );
    expect(await readFile(stateFile(stateDir), 'utf8')).toBe(head.note);
    expect(fetched).toEqual([]);
  });

  it('online: proven consistent and refreshed to the newer tree, then same tree offline', async () => {
    const client = new SumdbClient({ goproxy: proxy, stateDir });
    const r = await verifyKeptProof(client, old, expected, 'old.json');
    expect(r).toMatchObject({
      h1: H1_1219,
      recordId: 24929362,
      treeSize: head.size,
      rootHash: head.rootHash,
      treeNote: head.note,
      consistency: 'known-extends',
    });
    expect(r.answer.endsWith(`\n\n${head.note}`)).toBe(true);
    expect([...r.tiles.keys()]).not.toEqual(Object.keys(old.tiles));
    expect(await readFile(stateFile(stateDir), 'utf8')).toBe(head.note);

    const refreshed = serializeKeptProof(keptProofOf(r, 'sum.golang.org'));
    const again = await verifyKeptProof(
      offlineClient(stateDir),
      parseKeptProof(refreshed, 'refreshed.json'),
      expected,
      'refreshed.json',
      { offline: true },
    );
    expect(again).toMatchObject({ h1: H1_1219, treeSize: head.size, consistency: 'same-tree' });
    expect(fetched).toEqual([]);
  });
});
