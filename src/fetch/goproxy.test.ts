import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, NetworkError } from '../errors.js';
import {
  DEFAULT_GOPROXY,
  escapeModulePath,
  escapeVersion,
  nodeFetcher,
  parseGoproxy,
  proxyGet,
  proxyPaths,
  proxyUrl,
} from './goproxy.js';

describe('parseGoproxy', () => {
  it('uses the default for an empty value', () => {
    expect(parseGoproxy('')).toEqual(parseGoproxy(DEFAULT_GOPROXY));
    expect(parseGoproxy(undefined)).toEqual([
      { kind: 'url', url: 'https://proxy.golang.org', fallBackOnError: false },
      { kind: 'direct' },
    ]);
  });

  it('records which separator follows each entry', () => {
    expect(parseGoproxy('https://a.example/,https://b.example|https://c.example , direct')).toEqual(
      [
        { kind: 'url', url: 'https://a.example', fallBackOnError: false },
        { kind: 'url', url: 'https://b.example', fallBackOnError: true },
        { kind: 'url', url: 'https://c.example', fallBackOnError: false },
        { kind: 'direct' },
      ],
    );
  });

  it('ends the list at direct or off and adds https:// to bare hosts', () => {
    expect(parseGoproxy('off,https://x.example')).toEqual([{ kind: 'off' }]);
    expect(parseGoproxy('direct|https://x.example')).toEqual([{ kind: 'direct' }]);
    expect(parseGoproxy('goproxy.example.com/path')).toEqual([
      { kind: 'url', url: 'https://goproxy.example.com/path', fallBackOnError: false },
    ]);
    expect(parseGoproxy('file:///srv/goproxy')[0]).toMatchObject({ url: 'file:///srv/goproxy' });
  });

  it('rejects lists it cannot use', () => {
    expect(() => parseGoproxy(',,')).toThrow(/no entries/);
    expect(() => parseGoproxy('nonsense')).toThrow(/not a URL, "direct" or "off"/);
    expect(() => parseGoproxy('ftp://x.example')).toThrow(/unsupported scheme ftp:/);
    expect(() => parseGoproxy('https://')).toThrow(InputError);
  });
});

describe('module path escaping', () => {
  it('escapes upper-case letters', () => {
    expect(escapeModulePath('github.com/BurntSushi/toml')).toBe('github.com/!burnt!sushi/toml');
    expect(escapeModulePath('golang.org/toolchain')).toBe('golang.org/toolchain');
    expect(escapeVersion('v1.0.0-RC1')).toBe('v1.0.0-!r!c1');
  });

  it('refuses paths that cannot be escaped or would leave the module', () => {
    for (const bad of ['', 'a/../b', '/abs', 'a//b', 'trail/', 'has!bang', 'sp ace', 'ünï']) {
      expect(() => escapeModulePath(bad)).toThrow(InputError);
    }
    for (const bad of ['', 'v1/..', '..', 'v1.0.0!']) expect(() => escapeVersion(bad)).toThrow();
  });

  it('builds protocol paths and URLs', () => {
    const m = 'github.com/Foo/bar';
    expect(proxyPaths.list(m)).toBe('github.com/!foo/bar/@v/list');
    expect(proxyPaths.info(m, 'v1.2.3')).toBe('github.com/!foo/bar/@v/v1.2.3.info');
    expect(proxyPaths.mod(m, 'v1.2.3')).toBe('github.com/!foo/bar/@v/v1.2.3.mod');
    expect(proxyPaths.zip(m, 'v1.2.3')).toBe('github.com/!foo/bar/@v/v1.2.3.zip');
    expect(proxyPaths.latest(m)).toBe('github.com/!foo/bar/@latest');
    expect(proxyUrl('https://p.example/base/', '/x/@v/list')).toBe(
      'https://p.example/base/x/@v/list',
    );
  });
});

describe('proxyGet fallback over loopback proxies', () => {
  let server: Server;
  let base: string;
  let closedBase: string;
  const hits: string[] = [];

  beforeAll(async () => {
    // /<status>/… answers with that status; /ok/… answers 200 with the path.
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const [, first] = (req.url ?? '').split('/');
      if (first === 'ok') {
        res.end(`served ${req.url}`);
        return;
      }
      res.statusCode = Number(first);
      res.end(`status ${first}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A port nothing listens on: bind, note it, close.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    closedBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const get = (goproxy: string) => proxyGet(parseGoproxy(goproxy), 'm/@v/list', nodeFetcher());

  it('falls through 404 and 410 after a comma', async () => {
    const res = await get(`${base}/404,${base}/410,${base}/ok`);
    expect(res).toMatchObject({ url: `${base}/ok/m/@v/list` });
    expect(res.body.toString()).toBe('served /ok/m/@v/list');
  });

  it('stops at other errors after a comma, naming the proxy and status', async () => {
    hits.length = 0;
    const err = await get(`${base}/500,${base}/ok`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).status).toBe(500);
    expect((err as NetworkError).message).toMatch(/\/500\/m\/@v\/list: HTTP 500 \(status 500\)/);
    expect(hits).toEqual(['/500/m/@v/list']);
  });

  it('falls through any error after a pipe, including a refused connection', async () => {
    expect((await get(`${base}/500|${closedBase}|${base}/ok`)).url).toBe(`${base}/ok/m/@v/list`);
    const err = await get(`${closedBase},${base}/ok`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).message).toMatch(/cannot fetch .*ECONNREFUSED/);
  });

  it('reports every proxy tried when all fail', async () => {
    await expect(get(`${base}/404,${base}/410`)).rejects.toThrow(
      /from any GOPROXY entry: .*HTTP 404.*; .*HTTP 410/,
    );
  });

  it('explains off and direct', async () => {
    await expect(get('off')).rejects.toThrow(/GOPROXY=off/);
    await expect(get(`${base}/404,direct`)).rejects.toThrow(
      /reached "direct".*cannot serve m\/@v\/list.*tried before: .*HTTP 404/,
    );
  });

  it('serves from a file:// proxy directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goproxy-file-'));
    try {
      await mkdir(join(dir, 'm/@v'), { recursive: true });
      await writeFile(join(dir, 'm/@v/list'), 'v1.0.0\n');
      const url = pathToFileURL(dir).href;
      const res = await get(`${url}/missing,${url}`);
      expect(res.body.toString()).toBe('v1.0.0\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('times out a stalled proxy', async () => {
    const stall = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(stall.address() as AddressInfo).port}`;
    try {
      const err = await proxyGet(
        parseGoproxy(url),
        'm/@v/list',
        nodeFetcher({ timeoutMs: 200 }),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetworkError);
      expect((err as NetworkError).message).toMatch(/timed out/);
      expect((err as NetworkError).retryable).toBe(true);
    } finally {
      stall.closeAllConnections();
      await new Promise((r) => stall.close(r));
    }
  });
});

describe('the real module proxy', () => {
  const goproxy = process.env['GOPROXY'] || goEnv('GOPROXY');

  it('lists golang.org/toolchain versions', async () => {
    const { body } = await proxyGet(parseGoproxy(goproxy), proxyPaths.list('golang.org/toolchain'));
    expect(body.toString().split('\n')).toContain('v0.0.1-go1.22.5.linux-amd64');
  });

  it('reaches a module whose path needs escaping', async () => {
    const { body } = await proxyGet(
      parseGoproxy(goproxy),
      proxyPaths.info('github.com/BurntSushi/toml', 'v1.3.2'),
    );
    expect(JSON.parse(body.toString())).toMatchObject({ Version: 'v1.3.2' });
  });
});

function goEnv(name: string): string {
  try {
    return execFileSync('go', ['env', name], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
