import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  access,
  copyFile,
  mkdir,
  mkdtemp,
  open,
  readdir,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import yauzl from 'yauzl';
import { toolchainModuleZip } from '../../test-support/toolchain.mjs';
import { InputError, NetworkError, VerificationError } from '../errors.js';
import { parseGoproxy } from '../fetch/goproxy.js';
import { streamLogger } from '../log.js';
import { SumdbClient } from '../verify/sumdb/client.js';
import { storedHashIndex, tileForIndex, tilePath } from '../verify/sumdb/tlog.js';
import { parseToolchainList, proxyModuleVersion } from '../versions/proxy-list.js';
import { resolveRelease } from '../versions/resolve.js';
import { parseVersionSpec } from '../versions/spec.js';
import { installFromProxy, type ProxyInstallOptions } from './proxy-source.js';
import { httpFetcher, listToolchainVersions } from '../verify/sumdb-access.js';

const V1225 = 'v0.0.1-go1.22.5.linux-amd64';
const ROOT1225 = `golang.org/toolchain@${V1225}`;
const H1_1225 = 'h1:LQChnsjY/4sr12W+7pci1Qg1+X/n7vmLOOaq2aTBG0w=';
/** Record id of golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64 in sum.golang.org. */
const RECORD_1225 = 27869929;
const NO_WAIT = { retries: 2, sleep: async () => undefined };

/** This machine's GOPROXY (never a hard-coded host). */
function machineGoproxy(): string {
  return (
    process.env['GOPROXY'] || execFileSync('go', ['env', 'GOPROXY'], { encoding: 'utf8' }).trim()
  );
}
function realProxy(): string {
  const first = parseGoproxy(machineGoproxy())[0];
  if (first?.kind !== 'url') throw new Error('GOPROXY names no proxy to test with');
  return first.url;
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );

let scratch: string;
let dirs = 0;
/** A fresh destination below its own parent, so leftovers beside it can be checked. */
async function freshDest(): Promise<string> {
  const parent = path.join(scratch, `install-${dirs++}`);
  await mkdir(parent);
  return path.join(parent, 'go');
}
async function leftovers(dest: string): Promise<string[]> {
  return (await readdir(path.dirname(dest))).filter((n) => n !== 'go');
}

const logs: string[] = [];
const logger = streamLogger((line) => logs.push(line));

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'proxy-source-test-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------
// A loopback module proxy: toolchain zips from the test cache (or tampered copies), the
// checksum database passed through to the real proxy, with faults on request.

interface Loopback {
  url: string;
  requests: string[];
  zips: Map<string, string>;
  tamper: (path: string, body: Buffer) => Buffer;
  sumdb: 'pass' | 'down';
  /** Answer every zip request with this status. */
  zipStatus?: number;
  /** Cut the next zip response off after this many bytes. */
  cutNextZipAfter?: number;
  /** Send the first megabyte of each zip and then nothing, until the client gives up. */
  holdZips: boolean;
  /** Zip responses begun (status 200 sent). */
  zipsStarted: number;
  /** Zip responses sent to the end. */
  zipsCompleted: number;
  /** Zip responses the client closed before their end. */
  zipsAbandoned: number;
  close(): Promise<void>;
}

async function startLoopback(zips: Map<string, string>): Promise<Loopback> {
  const real = realProxy();
  const sockets = new Set<import('node:net').Socket>();
  const lb = {
    url: '',
    requests: [] as string[],
    zips,
    tamper: (_p: string, b: Buffer) => b,
    sumdb: 'pass',
    holdZips: false,
    zipsStarted: 0,
    zipsCompleted: 0,
    zipsAbandoned: 0,
  } as Loopback;
  const server: Server = createServer((req, res) => {
    const p = req.url ?? '/';
    lb.requests.push(p);
    void (async () => {
      if (p.startsWith('/sumdb/')) {
        if (lb.sumdb === 'down') return req.socket.destroy();
        const upstream = await fetch(`${real}${p}`);
        const body = Buffer.from(await upstream.arrayBuffer());
        res.statusCode = upstream.status;
        return res.end(upstream.status === 200 ? lb.tamper(p, body) : body);
      }
      const prefix = '/golang.org/toolchain/@v/';
      if (p === `${prefix}list`) return res.end([...lb.zips.keys()].join('\n') + '\n');
      const file =
        p.startsWith(prefix) && p.endsWith('.zip')
          ? lb.zips.get(p.slice(prefix.length, -4))
          : undefined;
      if (lb.zipStatus !== undefined) {
        res.statusCode = lb.zipStatus;
        return res.end(`status ${lb.zipStatus}`);
      }
      if (file === undefined) {
        res.statusCode = 404;
        return res.end('not found');
      }
      const size = (await stat(file)).size;
      res.writeHead(200, { 'content-length': String(size) });
      lb.zipsStarted++;
      res.on('close', () => (res.writableFinished ? lb.zipsCompleted++ : lb.zipsAbandoned++));
      if (lb.holdZips) {
        const fh = await open(file);
        const head = Buffer.alloc(1024 * 1024);
        await fh.read(head, 0, head.length, 0);
        await fh.close();
        return res.write(head);
      }
      const cut = lb.cutNextZipAfter;
      lb.cutNextZipAfter = undefined;
      if (cut === undefined) return pipeline(createReadStream(file), res);
      const fh = await open(file);
      const head = Buffer.alloc(cut);
      await fh.read(head, 0, cut, 0);
      await fh.close();
      res.write(head, () => setTimeout(() => req.socket.destroy(), 20));
    })().catch((err: unknown) => {
      res.statusCode = 599;
      res.end(String(err));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  lb.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  lb.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return lb;
}

/** A server answering every request with one status: a proxy that is down or lacks a module. */
async function startStatusServer(status: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.statusCode = status;
    res.end(`status ${status}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

// ---------------------------------------------------------------------------------------

describe('the real module proxy', () => {
  it('lists toolchain versions that resolve to module versions', async () => {
    const lines = await listToolchainVersions(machineGoproxy(), NO_WAIT);
    expect(lines).toContain(V1225);
    const releases = parseToolchainList(lines);
    const { release, file } = resolveRelease(parseVersionSpec('1.22.5'), releases, {
      os: 'linux',
      arch: 'amd64',
    });
    expect(release.version).toBe('go1.22.5');
    expect(proxyModuleVersion(file)).toBe(V1225);
    expect(releases.find((r) => r.stable)).toBeDefined();
  });

  it('refuses GOPROXY settings that cannot serve a toolchain', async () => {
    await expect(listToolchainVersions('off')).rejects.toThrow(/"off" forbids/);
    await expect(listToolchainVersions('direct')).rejects.toThrow(InputError);
    await expect(
      installFromProxy({
        goproxy: 'direct',
        tag: 'go1.22.5',
        os: 'linux',
        arch: 'amd64',
        destDir: await freshDest(),
        http: NO_WAIT,
        logger,
      }),
    ).rejects.toThrow(/"direct" cannot serve toolchain downloads/);
  });

  it('installs go1.22.5 linux-amd64 verified against the checksum database', async () => {
    const dest = await freshDest();
    const stateDir = path.join(scratch, 'sumdb-state');
    const started = Date.now();
    const result = await installFromProxy({
      goproxy: machineGoproxy(),
      tag: 'go1.22.5',
      os: 'linux',
      arch: 'amd64',
      destDir: dest,
      sumdbStateDir: stateDir,
      http: NO_WAIT,
      logger,
    });
    logs.push(`real proxy install: ${Date.now() - started} ms`);

    const { zip, sum } = toolchainModuleZip('1.22.5', 'linux', 'amd64');
    expect(sum).toBe(H1_1225);
    expect(result.sumdb).toMatchObject({
      database: 'sum.golang.org',
      recordId: RECORD_1225,
      h1: H1_1225,
      url: `${realProxy()}/sumdb/sum.golang.org`,
    });
    expect(result.sumdb.treeSize).toBeGreaterThan(RECORD_1225);
    expect(result.sumdb.treeNote).toContain(`go.sum database tree\n${result.sumdb.treeSize}\n`);
    expect(result.artifact).toEqual({
      name: `${V1225}.zip`,
      module: 'golang.org/toolchain',
      version: V1225,
      url: `${realProxy()}/golang.org/toolchain/@v/${V1225}.zip`,
      size: (await stat(zip)).size,
      sha256: await sha256File(zip),
    });
    expect(result.tree.files).toBe(9546);
    expect(result.tree.bytes).toBeGreaterThan(200_000_000);
    expect(Object.keys(result.tree.executables)).toEqual(
      expect.arrayContaining(['bin/go', 'bin/gofmt', 'pkg/tool/linux_amd64/compile']),
    );
    expect(result.tree.executables['bin/go']).toBe(await sha256File(path.join(dest, 'bin', 'go')));
    expect(await leftovers(dest)).toEqual([]);

    // A GOROOT laid out like go.dev's: go.mod files under their own names, tools executable.
    expect(await exists(path.join(dest, 'src', 'go.mod'))).toBe(true);
    expect(await exists(path.join(dest, 'src', '_go.mod'))).toBe(false);
    expect(await exists(path.join(dest, 'src', 'cmd', 'go.mod'))).toBe(true);
    expect((await stat(path.join(dest, 'pkg/tool/linux_amd64/compile'))).mode & 0o111).not.toBe(0);
    expect((await stat(path.join(dest, 'src/go.mod'))).mode & 0o111).toBe(0);

    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: scratch,
      GOTOOLCHAIN: 'local',
      GOENV: 'off',
    };
    const goBin = path.join(dest, 'bin', 'go');
    expect(execFileSync(goBin, ['version'], { encoding: 'utf8', env })).toBe(
      'go version go1.22.5 linux/amd64\n',
    );
    expect(execFileSync(goBin, ['env', 'GOROOT'], { encoding: 'utf8', env }).trim()).toBe(dest);
    // The state directory now holds the verified tree head.
    expect(await readdir(path.join(stateDir, 'sum.golang.org'))).toEqual(['latest']);
  }, 180_000);
});

// ---------------------------------------------------------------------------------------

describe('a loopback proxy serving real toolchain zips', () => {
  let lb: Loopback;
  const real1225 = () => toolchainModuleZip('1.22.5', 'linux', 'amd64').zip;
  const base = (
    destDir: string,
    extra: Partial<ProxyInstallOptions> = {},
  ): ProxyInstallOptions => ({
    goproxy: lb.url,
    tag: 'go1.22.5',
    os: 'linux',
    arch: 'amd64',
    destDir,
    http: NO_WAIT,
    logger,
    ...extra,
  });
  const zipRequests = () => lb.requests.filter((p) => p.endsWith('.zip'));

  beforeAll(async () => {
    lb = await startLoopback(new Map([[V1225, real1225()]]));
  });
  afterAll(async () => {
    await lb.close();
  });
  beforeEach(() => {
    lb.tamper = (_p, b) => b;
    lb.sumdb = 'pass';
    lb.zipStatus = undefined;
    lb.requests.length = 0;
    lb.holdZips = false;
    lb.zipsStarted = 0;
    lb.zipsCompleted = 0;
    lb.zipsAbandoned = 0;
  });

  /** After a failed proof: the zip download, if it had started, was abandoned. */
  const expectDownloadAbandoned = async () => {
    // The server sees the close a moment later: on a loaded machine, more than a moment.
    for (let i = 0; i < 100 && lb.zipsAbandoned < lb.zipsStarted; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(lb.zipsCompleted).toBe(0);
    expect(lb.zipsAbandoned).toBe(lb.zipsStarted);
  };

  it.each([
    ['windows', 'amd64', ['bin/go.exe', 'bin/gofmt.exe', 'pkg/tool/windows_amd64/compile.exe']],
    ['darwin', 'arm64', ['bin/go', 'bin/gofmt', 'pkg/tool/darwin_arm64/compile']],
  ])(
    'installs go1.25.14 %s-%s with its h1 and tree',
    async (goos, goarch, tools) => {
      const { zip, sum, version } = toolchainModuleZip('1.25.14', goos, goarch);
      lb.zips.set(version, zip);
      const dest = await freshDest();
      const result = await installFromProxy(
        base(dest, { tag: 'go1.25.14', os: goos, arch: goarch }),
      );
      expect(result.sumdb.h1).toBe(sum);
      expect(result.artifact.sha256).toBe(await sha256File(zip));
      expect(result.tree.files).toBe(11069);
      expect(Object.keys(result.tree.executables).sort()).toEqual(
        expect.arrayContaining(tools.sort()),
      );
      for (const t of tools) {
        expect(result.tree.executables[t]).toBe(await sha256File(path.join(dest, ...t.split('/'))));
        expect((await stat(path.join(dest, ...t.split('/')))).mode & 0o111).not.toBe(0);
      }
      expect((await stat(path.join(dest, 'lib/wasm/go_js_wasm_exec'))).mode & 0o111).not.toBe(0);
      expect(await exists(path.join(dest, 'src/crypto/internal/fips140/sha256/_asm/go.mod'))).toBe(
        true,
      );
      expect(await exists(path.join(dest, 'src/_go.mod'))).toBe(false);
      expect(await leftovers(dest)).toEqual([]);
    },
    180_000,
  );

  it('installs go1.25.14 linux-arm64 through GOPROXY fallbacks and a cut-off download', async () => {
    const { zip, sum, version } = toolchainModuleZip('1.25.14', 'linux', 'arm64');
    lb.zips.set(version, zip);
    const missing = await startStatusServer(404);
    const broken = await startStatusServer(500);
    try {
      // "," moves on after 404 only; "|" after any failure. The first zip response is cut off.
      lb.cutNextZipAfter = 5_000_000;
      const dest = await freshDest();
      const result = await installFromProxy(
        base(dest, {
          goproxy: `${missing.url},${broken.url}|${lb.url}`,
          tag: 'go1.25.14',
          arch: 'arm64',
        }),
      );
      expect(result.sumdb.h1).toBe(sum);
      expect(result.artifact.url).toBe(`${lb.url}/golang.org/toolchain/@v/${version}.zip`);
      expect(result.artifact.size).toBe((await stat(zip)).size);
      expect(zipRequests()).toHaveLength(2);
      expect(logs.some((l) => /download of .* failed .*retry 1/.test(l))).toBe(true);
      expect(Object.keys(result.tree.executables)).toContain('pkg/tool/linux_arm64/compile');

      // After "," a server error stops the walk: nothing is unpacked, the next proxy not asked.
      lb.zipStatus = 500;
      const stopped = await freshDest();
      const err2 = await installFromProxy(
        base(stopped, { goproxy: `${lb.url},${missing.url}`, tag: 'go1.25.14', arch: 'arm64' }),
      ).catch((e: unknown) => e);
      expect(err2).toBeInstanceOf(NetworkError);
      expect((err2 as Error).message).toMatch(/HTTP 500/);
      expect((err2 as Error).message).toContain(`${lb.url}/golang.org/toolchain/@v/${version}.zip`);
      expect(await exists(stopped)).toBe(false);
      expect(await leftovers(stopped)).toEqual([]);
    } finally {
      await missing.close();
      await broken.close();
    }
  }, 240_000);

  // ---- hostile cases: each rejects, naming what did not match and where ------------------

  async function hostileZip(
    name: string,
    change: (file: string) => Promise<void>,
  ): Promise<string> {
    const file = path.join(scratch, name);
    await copyFile(real1225(), file);
    await change(file);
    return file;
  }

  async function expectRefused(dest: string, pattern: RegExp): Promise<VerificationError> {
    const err = await installFromProxy(base(dest)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as Error).message).toMatch(pattern);
    expect(await leftovers(dest)).toEqual([]); // the downloaded zip is gone too
    return err as VerificationError;
  }

  const mismatch = (found: string) =>
    new RegExp(
      `^h1 of golang\\.org/toolchain@v0\\.0\\.1-go1\\.22\\.5\\.linux-amd64 does not match: ` +
        `expected h1:LQChnsjY/4sr12W\\+7pci1Qg1\\+X/n7vmLOOaq2aTBG0w= \\(checksum database \\S+/sumdb/sum\\.golang\\.org, record ${RECORD_1225}, tree \\d+\\), ` +
        `found ${found} \\(from http://127\\.0\\.0\\.1:\\d+/golang\\.org/toolchain/@v/v0\\.0\\.1-go1\\.22\\.5\\.linux-amd64\\.zip\\)$`,
    );

  it('refuses a zip with one byte changed in the compressed data of bin/go', async () => {
    const file = await hostileZip('flipped.zip', async (f) => {
      const offset = await entryDataOffset(f, `${ROOT1225}/bin/go`);
      const fh = await open(f, 'r+');
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, offset + 100_000);
      b[0]! ^= 0x10;
      await fh.write(b, 0, 1, offset + 100_000);
      await fh.close();
    });
    lb.zips.set(V1225, file);
    try {
      // Deflate data cannot be changed unnoticed: here it inflates to more than bin/go's size.
      await expectRefused(
        await freshDest(),
        mismatch(
          `a zip that cannot be unpacked: refusing archive member "${ROOT1225}/bin/go": data inflates to more than the declared size 12684651`,
        ),
      );
    } finally {
      lb.zips.set(V1225, real1225());
    }
  }, 120_000);

  it('refuses a zip with an extra file', async () => {
    const file = await hostileZip('extra.zip', async (f) => {
      const work = path.join(scratch, 'extra-work');
      await mkdir(path.join(work, ROOT1225, 'src', 'runtime'), { recursive: true });
      await writeFile(path.join(work, ROOT1225, 'src/runtime/zz_backdoor.go'), 'package runtime\n');
      execFileSync('zip', ['-q', f, `${ROOT1225}/src/runtime/zz_backdoor.go`], { cwd: work });
    });
    lb.zips.set(V1225, file);
    try {
      await expectRefused(await freshDest(), mismatch('h1:\\S+'));
    } finally {
      lb.zips.set(V1225, real1225());
    }
  }, 120_000);

  it('refuses a forged checksum database note and abandons the download', async () => {
    lb.holdZips = true;
    lb.tamper = (p, b) => {
      if (!p.includes('/lookup/')) return b;
      const text = b.toString();
      const sig = /\u2014 sum\.golang\.org (\S+)\n$/.exec(text)![1]!;
      const raw = Buffer.from(sig, 'base64');
      raw[30]! ^= 0x01;
      return Buffer.from(text.replace(sig, raw.toString('base64')));
    };
    await expectRefused(
      await freshDest(),
      /signature by sum\.golang\.org\+033de0ae on the note does not match.*invalid signature/,
    );
    // A record that claims another h1 (as a proxy serving a tampered zip would need).
    lb.tamper = (p, b) =>
      p.includes('/lookup/') ? Buffer.from(b.toString().replace('h1:LQChnsjY', 'h1:MQChnsjY')) : b;
    await expectRefused(
      await freshDest(),
      new RegExp(
        `leaf hash of the record for golang\\.org/toolchain@${V1225.replace(/\./g, '\\.')} \\(record ${RECORD_1225}\\) does not match`,
      ),
    );
    await expectDownloadAbandoned();
  });

  it('refuses a tile with a flipped bit', async () => {
    lb.holdZips = true;
    const recordTile = tileForIndex(8, storedHashIndex(0, RECORD_1225)).tile;
    const prefix = tilePath({ ...recordTile, w: 256 });
    const neighbour = (RECORD_1225 % 256) ^ 1;
    lb.tamper = (p, b) => {
      if (!p.includes(`/${prefix}`)) return b;
      const out = Buffer.from(b);
      out[neighbour * 32 + 3]! ^= 0x04;
      return out;
    };
    await expectRefused(
      await freshDest(),
      new RegExp(
        `inclusion proof of record ${RECORD_1225} \\(golang\\.org/toolchain@v0\\.0\\.1-go1\\.22\\.5\\.linux-amd64\\) computed from the tiles does not match`,
      ),
    );
    expect(lb.requests.some((p) => p.includes(prefix))).toBe(true);
    await expectDownloadAbandoned();
  });

  it('fails fast when the checksum database is unreachable or does not know the version', async () => {
    lb.holdZips = true;
    lb.sumdb = 'down';
    const dest = await freshDest();
    const err = await installFromProxy(base(dest)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(
      /checksum database sum\.golang\.org is unreachable: the module proxy http:\/\/127\.0\.0\.1:\d+ could not be asked whether it serves it/,
    );
    await expectDownloadAbandoned();
    expect(await leftovers(dest)).toEqual([]);

    lb.sumdb = 'pass';
    const unknown = await installFromProxy(base(await freshDest(), { tag: 'go1.99.0' })).catch(
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(VerificationError);
    expect((unknown as Error).message).toMatch(
      /^checksum database record of golang\.org\/toolchain@v0\.0\.1-go1\.99\.0\.linux-amd64 does not match: expected a record .*, found none \(.*HTTP 404.*\) \(from http:\/\/127\.0\.0\.1:\d+\/sumdb\/sum\.golang\.org\/lookup\//,
    );
    await expectDownloadAbandoned();
  });

  it('downloads from file:// GOPROXY entries, falling through a missing one', async () => {
    const empty = path.join(scratch, 'file-empty');
    const bad = path.join(scratch, 'file-bad');
    await mkdir(empty, { recursive: true });
    await mkdir(path.join(bad, 'golang.org/toolchain/@v'), { recursive: true });
    await writeFile(path.join(bad, 'golang.org/toolchain/@v', `${V1225}.zip`), 'not a zip');
    const dest = await freshDest();
    const err = await installFromProxy(
      base(dest, {
        goproxy: `${pathToFileURL(empty).href},${pathToFileURL(bad).href}`,
        // file:// proxies serve no checksum database: ask the loopback one.
        sumdb: new SumdbClient({ goproxy: lb.url, fetcher: httpFetcher(NO_WAIT) }),
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).found).toMatch(/^a zip that cannot be unpacked: corrupt zip/);
    expect((err as VerificationError).where).toBe(
      `${pathToFileURL(bad).href}/golang.org/toolchain/@v/${V1225}.zip`,
    );
    expect(await leftovers(dest)).toEqual([]);
  });

  it('reads small documents through the project HTTP stack and file:// URLs', async () => {
    const fetcher = httpFetcher(NO_WAIT);
    const list = await fetcher(`${lb.url}/golang.org/toolchain/@v/list`);
    expect(list.status).toBe(200);
    expect(list.body.toString()).toContain(V1225);
    expect((await fetcher(`${lb.url}/golang.org/toolchain/@v/nothing.zip`)).status).toBe(404);
    const dir = path.join(scratch, 'fileproxy', 'golang.org', 'toolchain', '@v');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'list'), `${V1225}\n`);
    const fileUrl = pathToFileURL(path.join(scratch, 'fileproxy')).href;
    expect(await listToolchainVersions(fileUrl)).toEqual([V1225]);
    expect((await fetcher(`${fileUrl}/golang.org/toolchain/@v/missing`)).status).toBe(404);
  });
});

/** Where the compressed data of a zip entry starts (after its local header). */
async function entryDataOffset(file: string, name: string): Promise<number> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
        zip
          .once('entry', resolve)
          .once('end', () => resolve(undefined))
          .once('error', reject);
        zip.readEntry();
      });
      if (entry === undefined) throw new Error(`${name} is not in ${file}`);
      if (entry.fileName !== name) continue;
      const fh = await open(file);
      const local = Buffer.alloc(30);
      await fh.read(local, 0, 30, entry.relativeOffsetOfLocalHeader);
      await fh.close();
      return (
        entry.relativeOffsetOfLocalHeader + 30 + local.readUInt16LE(26) + local.readUInt16LE(28)
      );
    }
  } finally {
    zip.close();
  }
}
