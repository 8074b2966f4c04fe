import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, NetworkError, VerificationError } from '../../errors.js';
import { parseGoproxy, proxyGet, proxyPaths } from '../../fetch/goproxy.js';
import {
  SumdbClient,
  TreeForkError,
  parseGosumdb,
  parseLookupResponse,
  type SumdbLookup,
} from './client.js';
import {
  keptProofOf,
  parseKeptProof,
  serializeKeptProof,
  verifyKeptProof,
  type KeptProof,
} from './kept-proof.js';
import { hashZipBuffer } from './dirhash.js';
import { SUM_GOLANG_ORG_KEY } from './note.js';
import { parseTilePath, storedHashIndex, tileForIndex, tilePath } from './tlog.js';
import { FakeLog } from './test-log.js';

const TOOLCHAIN = 'golang.org/toolchain';
const V1225 = 'v0.0.1-go1.22.5.linux-amd64';
const H1_1225 = 'h1:LQChnsjY/4sr12W+7pci1Qg1+X/n7vmLOOaq2aTBG0w=';
const GOMOD_H1 = 'h1:8wlg68NqwW7eMnI1aABk/C2pDYXj8mrMY4TyRfiLeS0=';
const testdataLookup = readFileSync(
  new URL(
    '../../../testdata/sumdb-lookup-golang.org-toolchain@v0.0.1-go1.21.9.linux-amd64.txt',
    import.meta.url,
  ),
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

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sumdb-client-test-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
let dirs = 0;
const freshDir = async (): Promise<string> => {
  const d = join(scratch, `state-${dirs++}`);
  await mkdir(d);
  return d;
};

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
async function serve(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      res.statusCode = 599;
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function closedPort(): Promise<string> {
  const s = await serve(() => undefined);
  await s.close();
  return s.url;
}

describe('parseGosumdb', () => {
  it('knows sum.golang.org and its China mirror', () => {
    expect(parseGosumdb(undefined)).toMatchObject({
      name: 'sum.golang.org',
      directUrl: 'https://sum.golang.org',
    });
    expect(parseGosumdb('sum.golang.google.cn')).toMatchObject({
      name: 'sum.golang.org',
      directUrl: 'https://sum.golang.google.cn',
    });
    expect(parseGosumdb(`${SUM_GOLANG_ORG_KEY} https://sumdb.internal/x/`)).toMatchObject({
      name: 'sum.golang.org',
      directUrl: 'https://sumdb.internal/x',
    });
  });

  it('refuses off and malformed settings', () => {
    expect(() => parseGosumdb('off')).toThrow(/GOSUMDB=off/);
    expect(() => parseGosumdb('a b c')).toThrow(InputError);
    expect(() => parseGosumdb('example.com')).toThrow(/malformed verifier key/);
    expect(() => parseGosumdb(`${SUM_GOLANG_ORG_KEY} notaurl`)).toThrow(/invalid GOSUMDB URL/);
  });
});

describe('parseLookupResponse', () => {
  it('splits the real lookup answer', () => {
    const r = parseLookupResponse(testdataLookup, 'testdata');
    expect(r.id).toBe(24929362);
    expect(r.record.split('\n')).toHaveLength(3);
    expect(r.note.startsWith('go.sum database tree\n28905453\n')).toBe(true);
  });

  it('rejects malformed answers', () => {
    for (const bad of [
      '',
      'x\na b c\n\nnote',
      '12\na b c\nno blank',
      '01\nrec\n\nn',
      '12\n\n\nn',
    ]) {
      expect(() => parseLookupResponse(Buffer.from(bad), 'here')).toThrow(
        /lookup answer does not match.*from here/,
      );
    }
  });
});

// ---------------------------------------------------------------------------------------
// Against the real checksum database, through this machine's module proxy.

describe('the real checksum database', () => {
  const proxy = realProxy();

  it(`looks up and proves ${TOOLCHAIN}@${V1225}`, async () => {
    const client = new SumdbClient({ goproxy: proxy, stateDir: await freshDir() });
    const r = await client.lookup(TOOLCHAIN, V1225);
    expect(r.h1).toBe(H1_1225);
    expect(r.goModH1).toBe(GOMOD_H1);
    expect(r.lines).toEqual([
      `${TOOLCHAIN} ${V1225} ${H1_1225}`,
      `${TOOLCHAIN} ${V1225}/go.mod ${GOMOD_H1}`,
    ]);
    expect(r.recordId).toBe(27869929);
    expect(r.treeSize).toBeGreaterThan(r.recordId);
    expect(Buffer.from(r.rootHash, 'base64')).toHaveLength(32);
    expect(r.databaseUrl).toBe(`${proxy}/sumdb/sum.golang.org`);
    // The verifier of this database, not of another one, signed it.
    expect(r.treeNote).toContain('\n\u2014 sum.golang.org Az3gr');
  });

  it('escapes module paths (github.com/BurntSushi/toml) and matches the real zip', async () => {
    const client = new SumdbClient({ goproxy: proxy });
    const toml = await client.lookup('github.com/BurntSushi/toml', 'v1.3.2');
    expect(toml.h1).toBe('h1:o7IhLm0Msx3BaB+n3Ag7L8EVlByGnpq14C4YWiu/gL8=');
    // End to end: the zip the proxy serves hashes to the proven h1.
    const quote = await client.lookup('rsc.io/quote', 'v1.5.2');
    const zip = await proxyGet(parseGoproxy(proxy), proxyPaths.zip('rsc.io/quote', 'v1.5.2'));
    expect(await hashZipBuffer(zip.body)).toBe(quote.h1);
  });

  it('proves a record in an old tree and checks later trees are consistent with it', async () => {
    const stateDir = await freshDir();
    const client = new SumdbClient({ goproxy: proxy, stateDir });
    // The saved answer carries tree 28905453: its partial tiles are long gone, so the
    // client cuts them from full tiles.
    const old = await client.verifyLookupResponse(
      testdataLookup,
      TOOLCHAIN,
      'v0.0.1-go1.21.9.linux-amd64',
      'testdata',
    );
    expect(old).toMatchObject({
      treeSize: 28905453,
      rootHash: 'f3f8U0MoQmXkWAgAEKDtXcaI3c2y6N9+55KNSRefF/w=',
      recordId: 24929362,
      h1: 'h1:rRL9rPpsjKfpdDFcppvNgw1/dynUMrpDcTxdIwtyFR0=',
    });
    const statePath = join(stateDir, 'sum.golang.org', 'latest');
    expect(await readFile(statePath, 'utf8')).toContain('\n28905453\n');

    // A newer tree must extend it: consistency proof from the real tiles.
    const latest = await client.latest();
    expect(latest.size).toBeGreaterThan(28905453);
    expect(await readFile(statePath, 'utf8')).toBe(latest.note);

    // A later lookup served with an older (cached) tree is checked against the newer one.
    const again = await new SumdbClient({ goproxy: proxy, stateDir }).verifyLookupResponse(
      testdataLookup,
      TOOLCHAIN,
      'v0.0.1-go1.21.9.linux-amd64',
      'testdata',
    );
    expect(again.treeSize).toBe(latest.size);
    expect(again.rootHash).toBe(latest.rootHash);
  });
});

// ---------------------------------------------------------------------------------------
// A loopback proxy in front of the real one that tampers with answers.

describe('a tampering proxy in front of the real checksum database', () => {
  const real = realProxy();
  let tamper: (path: string, body: Buffer) => Buffer = (_p, b) => b;
  let proxy: { url: string; close: () => Promise<void> };
  const seen: string[] = [];

  beforeAll(async () => {
    proxy = await serve(async (req, res) => {
      const path = req.url ?? '/';
      seen.push(path);
      const upstream = await fetch(`${real}${path}`);
      const body = Buffer.from(await upstream.arrayBuffer());
      res.statusCode = upstream.status;
      res.end(upstream.status === 200 ? tamper(path, body) : body);
    });
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(() => {
    tamper = (_p, b) => b;
  });

  const lookup = async (stateDir?: string) =>
    new SumdbClient({ goproxy: proxy.url, ...(stateDir ? { stateDir } : {}) }).lookup(
      TOOLCHAIN,
      V1225,
    );
  const isLookup = (p: string) => p.includes('/lookup/');

  it('passes untouched answers', async () => {
    expect((await lookup()).h1).toBe(H1_1225);
  });

  it('rejects a forged signature', async () => {
    tamper = (p, b) => {
      if (!isLookup(p)) return b;
      const text = b.toString();
      const sig = /\u2014 sum\.golang\.org (\S+)\n$/.exec(text)![1]!;
      const raw = Buffer.from(sig, 'base64');
      raw[20]! ^= 0x01;
      return Buffer.from(text.replace(sig, raw.toString('base64')));
    };
    const err = await lookup().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as Error).message).toMatch(
      /Ed25519 signature by sum\.golang\.org\+033de0ae on the note does not match.*invalid signature.*lookup\/golang\.org\/toolchain@/,
    );
  });

  it('rejects a note claiming a different tree size or root', async () => {
    for (const change of [
      (note: string) => note.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`),
      (note: string) =>
        note.replace(/\n([A-Za-z0-9+/]{43}=)\n/, `\n${Buffer.alloc(32).toString('base64')}\n`),
    ]) {
      tamper = (p, b) => (isLookup(p) ? Buffer.from(change(b.toString())) : b);
      await expect(lookup()).rejects.toThrow(/invalid signature/);
    }
  });

  it('rejects a record that is not the one in the log', async () => {
    // Changed hash in the record text: the tiles prove the log holds another leaf there.
    tamper = (p, b) =>
      isLookup(p) ? Buffer.from(b.toString().replace('h1:LQChnsjY', 'h1:MQChnsjY')) : b;
    await expect(lookup()).rejects.toThrow(
      /leaf hash of the record for golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64 \(record 27869929\) does not match/,
    );
    // The right record under the wrong id.
    tamper = (p, b) =>
      isLookup(p) ? Buffer.from(b.toString().replace(/^27869929\n/, '27869930\n')) : b;
    await expect(lookup()).rejects.toThrow(
      /leaf hash of the record .* \(record 27869930\) does not match/,
    );
  });

  it('rejects a tile with one flipped bit', async () => {
    // The level-0 tile holding the record; flip a bit in its neighbour's leaf hash, which
    // the inclusion proof uses.
    const recordTile = tileForIndex(8, storedHashIndex(0, 27869929)).tile;
    const prefix = tilePath({ ...recordTile, w: 256 });
    const neighbour = (27869929 % 256) ^ 1;
    tamper = (p, b) => {
      if (!p.includes(`/${prefix}`)) return b;
      const out = Buffer.from(b);
      out[neighbour * 32 + 7]! ^= 0x20;
      return out;
    };
    seen.length = 0;
    const err = await lookup().catch((e: unknown) => e);
    expect(seen.some((p) => p.includes(prefix))).toBe(true);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as Error).message).toMatch(
      /inclusion proof of record 27869929 \(golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.linux-amd64\) computed from the tiles does not match: expected root \S+ of the signed tree \d+, found root \S+/,
    );
  });

  it('rejects tiles that do not support the newer tree during a consistency check', async () => {
    const stateDir = await freshDir();
    const client = new SumdbClient({ goproxy: proxy.url, stateDir });
    await client.verifyLookupResponse(
      testdataLookup,
      TOOLCHAIN,
      'v0.0.1-go1.21.9.linux-amd64',
      'testdata',
    );
    // Corrupt every level-1 tile: the proof from tree 28905453 to the new tree uses them.
    tamper = (p, b) => {
      if (!/\/tile\/8\/1\//.test(p)) return b;
      const out = Buffer.from(b);
      out[0]! ^= 0x80;
      out[out.length - 1]! ^= 0x80;
      return out;
    };
    const err = await lookup(stateDir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect(err).not.toBeInstanceOf(TreeForkError);
    expect((err as Error).message).toMatch(
      /root of checksum database tree \d+ computed from its tiles does not match/,
    );
    // The state still holds the tree verified earlier.
    expect(await readFile(join(stateDir, 'sum.golang.org', 'latest'), 'utf8')).toContain(
      '\n28905453\n',
    );
  });

  it('says clearly when the checksum database is unreachable', async () => {
    const dead = await closedPort();
    const err = await new SumdbClient({ goproxy: dead })
      .lookup(TOOLCHAIN, V1225)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(
      /checksum database sum\.golang\.org is unreachable: the module proxy http:\/\/127\.0\.0\.1:\d+ could not be asked whether it serves it .*ECONNREFUSED/,
    );
    // Without a proxy, straight to a database URL that refuses connections.
    const direct = await new SumdbClient({
      goproxy: 'direct',
      gosumdb: `${SUM_GOLANG_ORG_KEY} ${dead}`,
    })
      .lookup(TOOLCHAIN, V1225)
      .catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(NetworkError);
    expect((direct as Error).message).toMatch(
      /sum\.golang\.org is unreachable at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/,
    );
  });

  it('stops at a proxy that fails the database probe with a server error', async () => {
    const broken = await serve((_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
    try {
      await expect(
        new SumdbClient({ goproxy: `${broken.url},${proxy.url}` }).lookup(TOOLCHAIN, V1225),
      ).rejects.toThrow(/answered HTTP 500 when asked whether it serves the checksum database/);
      // After "|" any failure moves on to the next proxy.
      const r = await new SumdbClient({ goproxy: `${broken.url}|${proxy.url}` }).lookup(
        TOOLCHAIN,
        V1225,
      );
      expect(r.databaseUrl).toBe(`${proxy.url}/sumdb/sum.golang.org`);
    } finally {
      await broken.close();
    }
  });

  it('skips proxies that do not serve the database and uses the next', async () => {
    const none = await serve((_req, res) => {
      res.statusCode = 404;
      res.end('not here');
    });
    try {
      const r = await new SumdbClient({ goproxy: `${none.url},${proxy.url}` }).lookup(
        TOOLCHAIN,
        V1225,
      );
      expect(r.databaseUrl).toBe(`${proxy.url}/sumdb/sum.golang.org`);
    } finally {
      await none.close();
    }
  });
});

// ---------------------------------------------------------------------------------------
describe('a test log: growth, forks and stale notes', () => {
  let log: FakeLog;
  let server: { url: string; close: () => Promise<void> };
  const client = (stateDir?: string) =>
    new SumdbClient({ gosumdb: log.vkey, goproxy: server.url, ...(stateDir ? { stateDir } : {}) });

  beforeAll(async () => {
    log = new FakeLog();
    server = await serve((req, res) => log.handler(req, res));
  });
  afterAll(async () => {
    await server.close();
  });

  const reset = (size: number) => {
    log.records = [];
    log.partialsFor = new Set();
    log.lookupNoteSize = undefined;
    log.dropCompletedPartials = false;
    log.grow(size);
  };

  it('follows a growing log and records the newest head', async () => {
    reset(1000);
    const stateDir = await freshDir();
    const first = await client(stateDir).lookup('example.com/m700', 'v1.0.0');
    expect(first).toMatchObject({ recordId: 700, treeSize: 1000 });
    expect(first.lines).toEqual(FakeLog.record(700).trimEnd().split('\n'));
    expect(first.databaseUrl).toBe(`${server.url}/sumdb/log.test.example`);
    log.grow(70000); // a third tile level
    const second = await client(stateDir).lookup('example.com/m69999', 'v1.0.0');
    expect(second.treeSize).toBe(70000);
    expect(await readFile(join(stateDir, 'log.test.example', 'latest'), 'utf8')).toBe(
      log.note(70000),
    );
  });

  it('detects a fork: a larger tree that does not contain the one verified earlier', async () => {
    reset(1300);
    const stateDir = await freshDir();
    await client(stateDir).lookup('example.com/m5', 'v1.0.0');
    // The log now shows a history where record 500 differs.
    log.records = [];
    log.grow(1500, (i) => (i === 500 ? 'evil' : ''));
    const err = await client(stateDir)
      .lookup('example.com/m5', 'v1.0.0')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TreeForkError);
    expect((err as Error).message).toMatch(
      /^the checksum database presented a tree inconsistent with one verified earlier: possible fork\. Earlier: tree 1300 root \S+ \(state file .*latest\)\. Now: tree 1500 root \S+ \(http:.*lookup\/example\.com\/m5@v1\.0\.0\), whose consistency proof gives root \S+ for tree 1300\./,
    );
    // The earlier head stays recorded.
    expect(await readFile(join(stateDir, 'log.test.example', 'latest'), 'utf8')).toContain(
      '\n1300\n',
    );
  });

  it('detects a fork at the same size and in a smaller tree', async () => {
    reset(1300);
    const stateDir = await freshDir();
    await client(stateDir).lookup('example.com/m5', 'v1.0.0');
    log.records = [];
    log.grow(1300, (i) => (i === 7 ? 'evil' : ''));
    await expect(client(stateDir).lookup('example.com/m5', 'v1.0.0')).rejects.toThrow(
      /possible fork\. Earlier: tree 1300 .* Now: tree 1300 /,
    );
    // An older note of the forked history: the server's tiles do not support the tree we
    // know, so the consistency check cannot even start.
    log.lookupNoteSize = 1000;
    await expect(client(stateDir).lookup('example.com/m5', 'v1.0.0')).rejects.toThrow(
      /root of checksum database tree 1300 computed from its tiles does not match/,
    );
  });

  it('accepts a stale note from a cache and proves against the newer known tree', async () => {
    reset(1000);
    const stateDir = await freshDir();
    log.grow(1100);
    await client(stateDir).latest();
    log.lookupNoteSize = 1000;
    const r = await client(stateDir).lookup('example.com/m999', 'v1.0.0');
    expect(r.treeSize).toBe(1100);
  });

  it('cuts partial tiles from full ones when the server no longer has them', async () => {
    reset(1000);
    log.grow(1100);
    log.dropCompletedPartials = true; // tile/8/0/003.p/232 is gone: 003 is now full
    log.lookupNoteSize = 1000;
    log.requests = [];
    const r = await client().lookup('example.com/m999', 'v1.0.0');
    expect(r.treeSize).toBe(1000);
    expect(log.requests).toContain('tile/8/0/003.p/232');
    expect(log.requests).toContain('tile/8/0/003');
    expect(log.requests).toContain('tile/8/1/000.p/3');
  });

  it('refuses a tampered state file instead of starting over', async () => {
    reset(1000);
    const stateDir = await freshDir();
    await client(stateDir).lookup('example.com/m1', 'v1.0.0');
    const file = join(stateDir, 'log.test.example', 'latest');
    await writeFile(file, (await readFile(file, 'utf8')).replace('\n1000\n', '\n999\n'));
    await expect(client(stateDir).lookup('example.com/m1', 'v1.0.0')).rejects.toThrow(
      /invalid signature \(from state file .*latest\)/,
    );
  });

  // -------------------------------------------------------------------------------------
  // Answers and tiles kept with a result, verified again without the network.

  const offline = (stateDir?: string) =>
    new SumdbClient({
      gosumdb: log.vkey,
      goproxy: server.url,
      fetcher: (url) => Promise.reject(new Error(`offline verification fetched ${url}`)),
      ...(stateDir ? { stateDir } : {}),
    });
  const M999 = 'example.com/m999';
  const keep = (r: SumdbLookup) =>
    parseKeptProof(serializeKeptProof(keptProofOf(r, log.name)), 'kept.json');
  const verifyKept = (stateDir: string | undefined, proof: KeptProof, offlineToo = true) =>
    verifyKeptProof(
      offlineToo ? offline(stateDir) : client(stateDir),
      proof,
      { module: proof.module, version: proof.version },
      'kept.json',
      { offline: offlineToo },
    );
  const stateOf = (stateDir: string) => readFile(join(stateDir, log.name, 'latest'), 'utf8');
  const tileOf = (path: string) => log.tile(parseTilePath(path)!);

  it('returns the answer it proved and the tiles that prove it, for the tree proven in', async () => {
    reset(1000);
    const r = await client().lookup(M999, 'v1.0.0');
    expect(r.answer).toBe(`999\n${FakeLog.record(999)}\n${log.note(1000)}`);
    expect([...r.tiles.keys()]).toEqual(['tile/8/0/003.p/232', 'tile/8/1/000.p/3']);
    for (const [path, data] of r.tiles) expect(data.equals(tileOf(path)!)).toBe(true);
    expect(r.consistency).toBe('first-seen');

    // A stale note (a cache) proven against the newer stored tree: the answer carries that
    // tree's note and its tiles.
    const stateDir = await freshDir();
    log.grow(1100);
    await client(stateDir).latest();
    log.lookupNoteSize = 1000;
    const stale = await client(stateDir).lookup(M999, 'v1.0.0');
    expect(stale).toMatchObject({ treeSize: 1100, consistency: 'known-extends' });
    expect(stale.answer).toBe(`999\n${FakeLog.record(999)}\n${log.note(1100)}`);
    expect(parseLookupResponse(Buffer.from(stale.answer), 'x').note).toBe(stale.treeNote);
    expect([...stale.tiles.keys()]).toEqual([
      'tile/8/0/003',
      'tile/8/0/004.p/76',
      'tile/8/1/000.p/4',
    ]);
    log.lookupNoteSize = undefined;
    expect((await client(stateDir).lookup(M999, 'v1.0.0')).consistency).toBe('same-tree');
    log.grow(1200);
    expect((await client(stateDir).lookup(M999, 'v1.0.0')).consistency).toBe('extends-known');
  });

  it('verifies with kept tiles first, and offline with them only', async () => {
    reset(1000);
    const r = await client().lookup(M999, 'v1.0.0');
    const body = Buffer.from(r.answer);
    log.requests = [];
    const again = await client().verifyLookupResponse(body, M999, 'v1.0.0', 'kept', {
      tiles: r.tiles,
    });
    expect(again).toMatchObject({ treeSize: 1000, h1: r.h1 });
    expect(log.requests).toEqual(['supported']); // no tile was fetched
    log.requests = [];
    const off = await offline().verifyLookupResponse(body, M999, 'v1.0.0', 'kept', {
      tiles: r.tiles,
      offline: true,
    });
    expect(off).toMatchObject({ treeSize: 1000, h1: r.h1, databaseUrl: 'kept' });
    expect(log.requests).toEqual([]);
    // Nothing kept: the missing tile is named.
    await expect(
      offline().verifyLookupResponse(body, M999, 'v1.0.0', 'kept', { offline: true }),
    ).rejects.toThrow(/^tile tile\/8\/\S+ is missing from the kept proof \(kept\)/);
    // A partial tile under its .p/W path must be exactly W hashes.
    const short = new Map(r.tiles);
    short.set('tile/8/0/003.p/232', r.tiles.get('tile/8/0/003.p/232')!.subarray(32));
    await expect(
      offline().verifyLookupResponse(body, M999, 'v1.0.0', 'kept', { tiles: short, offline: true }),
    ).rejects.toThrow(
      /^size of the kept tile tile\/8\/0\/003\.p\/232 does not match: expected 7424 bytes, found 7392 bytes \(from kept\)/,
    );
    // Online, a bad kept tile is not replaced by a fetched one: the kept proof fails.
    await expect(
      client().verifyLookupResponse(body, M999, 'v1.0.0', 'kept', { tiles: short }),
    ).rejects.toThrow(/size of the kept tile/);
  });

  it('offline: a newer kept tree is proven to extend the stored head with its tiles', async () => {
    reset(1000);
    const stateDir = await freshDir();
    await client(stateDir).latest();
    log.grow(1100);
    const kept = keep(await client().lookup(M999, 'v1.0.0'));
    const r = await verifyKept(stateDir, kept);
    expect(r).toMatchObject({ treeSize: 1100, consistency: 'extends-known' });
    expect(await stateOf(stateDir)).toBe(log.note(1100));
  });

  it('offline: an older kept tree is unchecked without the tiles, proven with them', async () => {
    reset(1000);
    const old = await client().lookup(M999, 'v1.0.0');
    const stateDir = await freshDir();
    log.grow(1100);
    const newer = await client(stateDir).lookup(M999, 'v1.0.0');
    const r = await verifyKept(stateDir, keep(old));
    expect(r).toMatchObject({ treeSize: 1000, h1: old.h1, consistency: 'unchecked' });
    expect(r.consistencyNote).toMatch(
      /^tree 1000 of kept\.json and tree 1100 verified earlier \(state file \S+latest\): the tiles to prove them consistent are not kept \(tile\/8\/\S+ is missing\); checked again when the database is reachable$/,
    );
    expect(await stateOf(stateDir)).toBe(log.note(1100));
    // With the newer tree's tiles kept too, the consistency proof runs offline.
    const both = keep({ ...old, tiles: new Map([...old.tiles, ...newer.tiles]) });
    const proven = await verifyKept(stateDir, both);
    expect(proven).toMatchObject({ treeSize: 1000, consistency: 'known-extends' });
    expect(proven.consistencyNote).toBeUndefined();
    // Online, the old proof is refreshed to the stored tree.
    const online = await verifyKept(stateDir, keep(old), false);
    expect(online).toMatchObject({ treeSize: 1100, consistency: 'known-extends' });
    expect(online.answer).toBe(newer.answer);
  });

  it('offline: a kept tree of another history is a fork, at the same size or not', async () => {
    reset(1300);
    const stateDir = await freshDir();
    await client(stateDir).latest();
    log.records = [];
    log.grow(1300, (i) => (i === 7 ? 'evil' : ''));
    const sameSize = keep(await client().lookup('example.com/m5', 'v1.0.0'));
    const err = await verifyKept(stateDir, sameSize).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TreeForkError);
    expect((err as Error).message).toMatch(
      /possible fork\. Earlier: tree 1300 root \S+ \(state file \S+\)\. Now: tree 1300 root \S+ \(kept\.json\)\./,
    );
    // A larger tree of the other history whose kept tiles carry the consistency proof.
    log.grow(1400, (i) => (i === 7 ? 'evil' : ''));
    const larger = keep(await client().lookup('example.com/m1299', 'v1.0.0'));
    await expect(verifyKept(stateDir, larger)).rejects.toThrow(
      /possible fork\. Earlier: tree 1300 .* Now: tree 1400 root \S+ \(kept\.json\), whose consistency proof gives root \S+ for tree 1300\./,
    );
    expect(await stateOf(stateDir)).toContain('\n1300\n');
  });

  it('refuses notes signed by another key and records missing from the answer', async () => {
    reset(300);
    const other = new SumdbClient({ goproxy: server.url, gosumdb: new FakeLog().vkey });
    await expect(other.lookup('example.com/m1', 'v1.0.0')).rejects.toThrow(
      /signers of the note does not match: expected a signature by log\.test\.example\+[0-9a-f]{8}, found signatures only by log\.test\.example\+[0-9a-f]{8}/,
    );
    await expect(client().lookup('example.com/nothere', 'v1.0.0')).rejects.toThrow(
      /answered HTTP 404 for example\.com\/nothere@v1\.0\.0/,
    );
  });
});
