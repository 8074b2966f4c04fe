import { describe, it, expect, afterEach } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { NetworkError } from '../errors.js';
import { fetchBytes, fetchText, hopHeaders, openStream, withRetries } from './http.js';

/**
 * A throwaway self-signed certificate for mirror.sgv-test.invalid and 127.0.0.1 (valid until
 * 2126), so a loopback TLS server exists that nothing trusts. Test data, not a secret.
 */
const UNTRUSTED_TLS = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVnuspO5xT0TahQWB
fOV81VQWnXxi9Db9pnjLpkK+I6ihRANCAAQ4YZrseeKgM9o9Cq2okyb1ZrQKyT3u
lZfeCDsefSENeWFYy7/XNktJfaVWC/vyP3kEew0x9jLrfWABTUIn7Pik
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBxTCCAWugAwIBAgIUWk64bcZtH+fBNIV/tpJOyf57iPYwCgYIKoZIzj0EAwIw
IjEgMB4GA1UEAwwXbWlycm9yLnNndi10ZXN0LmludmFsaWQwIBcNMjYxMTIyMDMz
MTA1WhgPMjEyNjEwMjkwMzMxMDVaMCIxIDAeBgNVBAMMF21pcnJvci5zZ3YtdGVz
dC5pbnZhbGlkMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOGGa7HnioDPaPQqt
qJMm9Wa0Csk97pWX3gg7Hn0hDXlhWMu/1zZLSX2lVgv78j95BHsNMfYy631gAU1C
J+z4pKN9MHswHQYDVR0OBBYEFPiin4uAUgW8uEOttM6mfIbLDUGiMB8GA1UdIwQY
MBaAFPiin4uAUgW8uEOttM6mfIbLDUGiMA8GA1UdEwEB/wQFMAMBAf8wKAYDVR0R
BCEwH4IXbWlycm9yLnNndi10ZXN0LmludmFsaWSHBH8AAAEwCgYIKoZIzj0EAwID
SAAwRQIgZ+RVlWwnuz+CrPGkAFawBBvOUgDeGn5JsQRmwIUy8dICIQC7gH1bwP2G
kMDQOXL4WNw0dq8l8u8oCPkWU19ECYuHIw==
-----END CERTIFICATE-----
`,
};

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

interface TestServer {
  url: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];

async function serve(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void,
): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const s: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Retries without waiting, so the tests stay fast. */
const noWait = { sleep: async () => undefined };

async function readAll(body: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function caught(p: Promise<unknown>): Promise<NetworkError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NetworkError);
  return err as NetworkError;
}

describe('openStream', () => {
  it('retries 503 twice, then streams the body', async () => {
    const payload = randomBytes(100_000);
    const server = await serve((_req, res, n) => {
      if (n <= 2) {
        res.writeHead(503, { 'retry-after': '1' }).end('busy');
        return;
      }
      res.writeHead(200, { 'content-length': payload.length }).end(payload);
    });
    const waits: number[] = [];
    const retries: number[] = [];
    const opened = await openStream(`${server.url}/go.tar.gz`, {
      sleep: async (ms) => {
        waits.push(ms);
      },
      onRetry: (err, attempt) => {
        expect(err.status).toBe(503);
        retries.push(attempt);
      },
      backoffMs: 10,
    });
    expect(opened.size).toBe(payload.length);
    expect(opened.url).toBe(`${server.url}/go.tar.gz`);
    expect((await readAll(opened.body)).equals(payload)).toBe(true);
    expect(server.seen).toHaveLength(3);
    expect(retries).toEqual([1, 2]);
    // Retry-After: 1 wins over the 10 ms backoff.
    expect(waits).toEqual([1000, 1000]);
  });

  it('fails at once on 404, naming the URL and the status', async () => {
    const server = await serve((_req, res) => res.writeHead(404).end('not here'));
    const err = await caught(openStream(`${server.url}/missing.tar.gz`, noWait));
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(404);
    expect(err.url).toBe(`${server.url}/missing.tar.gz`);
    expect(err.message).toContain('404');
    expect(err.message).toContain('/missing.tar.gz');
    expect(server.seen).toHaveLength(1);
  });

  it('gives up after the configured retries with the last error', async () => {
    const server = await serve((_req, res) => res.writeHead(502).end());
    const err = await caught(openStream(server.url, { ...noWait, retries: 2 }));
    expect(err.retryable).toBe(true);
    expect(err.status).toBe(502);
    expect(server.seen).toHaveLength(3);
  });

  it('retries a refused connection', async () => {
    const probe = await serve(() => undefined);
    await probe.close();
    servers.splice(servers.indexOf(probe), 1);
    let attempts = 0;
    const err = await caught(
      openStream(probe.url, { ...noWait, retries: 1, onRetry: () => void attempts++ }),
    );
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(attempts).toBe(1);
  });

  it('times out a server that never answers', async () => {
    const server = await serve(() => undefined);
    const started = performance.now();
    const err = await caught(openStream(server.url, { ...noWait, retries: 1, timeoutMs: 300 }));
    const elapsed = performance.now() - started;
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/no response within 0.3 s/);
    expect(server.seen).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(3000);
  });

  it('turns a body cut off midway into a retryable error', async () => {
    const payload = randomBytes(200_000);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': payload.length });
      res.write(payload.subarray(0, 100_000), () => res.socket?.destroy());
    });
    const opened = await openStream(server.url, noWait);
    const err = await caught(readAll(opened.body));
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/download cut off after \d+ of 200000 bytes/);
  });

  it('notices a body shorter than its Content-Length when the server closes cleanly', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 5000 });
      res.write(Buffer.alloc(1234), () => res.socket?.end());
    });
    const opened = await openStream(server.url, noWait);
    expect(opened.size).toBe(5000);
    const err = await caught(readAll(opened.body));
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('download cut off after 1234 of 5000 bytes');
  });

  it('fails a stalled body after the stall timeout', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 10_000 });
      res.write(Buffer.alloc(4321));
    });
    const opened = await openStream(server.url, { ...noWait, stallTimeoutMs: 300 });
    const started = performance.now();
    const err = await caught(readAll(opened.body));
    const elapsed = performance.now() - started;
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('download stalled: no data for 0.3 s after 4321 bytes');
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1500);
  });

  it('does not count a slow consumer as a stall', async () => {
    const payload = randomBytes(4 * 1024 * 1024);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': payload.length }).end(payload);
    });
    const opened = await openStream(server.url, { ...noWait, stallTimeoutMs: 200 });
    const chunks: Buffer[] = [];
    let paused = false;
    for await (const chunk of opened.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      if (!paused) {
        paused = true;
        // Far longer than the stall timeout, with the socket full and the body paused.
        await delay(700);
      }
    }
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
  });

  it('follows redirects, relative and cross-host, and drops credentials on leaving the host', async () => {
    const payload = Buffer.from('the archive');
    const b = await serve((_req, res) => res.writeHead(200).end(payload));
    const a = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/moved' }).end();
      else res.writeHead(307, { location: `${b.url}/final` }).end();
    });
    const opened = await openStream(`${a.url}/start`, {
      ...noWait,
      headers: { Authorization: 'Basic bWlycm9yOnNlY3JldA==' },
    });
    expect(await readAll(opened.body)).toEqual(payload);
    expect(opened.url).toBe(`${b.url}/final`);
    expect(a.seen.map((s) => s.url)).toEqual(['/start', '/moved']);
    expect(a.seen.map((s) => s.headers.authorization)).toEqual([
      'Basic bWlycm9yOnNlY3JldA==',
      'Basic bWlycm9yOnNlY3JldA==',
    ]);
    expect(b.seen).toHaveLength(1);
    expect(b.seen[0]!.headers.authorization).toBeUndefined();
  });

  it('stops after maxRedirects', async () => {
    const server = await serve((_req, res) => res.writeHead(302, { location: '/again' }).end());
    const err = await caught(openStream(server.url, { ...noWait, maxRedirects: 3 }));
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/more than 3 redirects/);
    expect(server.seen).toHaveLength(4);
  });

  it('sends a User-Agent and never sends the token to a host that is not GitHub', async () => {
    const server = await serve((_req, res) => res.writeHead(200).end('ok'));
    const env = { GITHUB_SERVER_URL: server.url, GITHUB_API_URL: server.url };
    await readAll((await openStream(server.url, { token: 'ghs_secret', env })).body);
    expect(server.seen[0]!.headers['user-agent']).toMatch(/^setup-go-verified\/\d+\.\d+\.\d+/);
    expect(server.seen[0]!.headers.authorization).toBeUndefined();
  });
});

describe('withRetries around a whole streaming attempt', () => {
  it('starts over when the body fails midway', async () => {
    const payload = randomBytes(300_000);
    const server = await serve((_req, res, n) => {
      res.writeHead(200, { 'content-length': payload.length });
      if (n === 1) res.write(payload.subarray(0, 1000), () => res.socket?.destroy());
      else res.end(payload);
    });
    const attempts: number[] = [];
    const got = await withRetries(async (attempt) => {
      attempts.push(attempt);
      const opened = await openStream(server.url, noWait);
      return readAll(opened.body);
    }, noWait);
    expect(got.equals(payload)).toBe(true);
    expect(attempts).toEqual([1, 2]);
  });

  it('does not retry what is not a retryable NetworkError', async () => {
    let calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new Error('tar: unexpected EOF');
      }, noWait),
    ).rejects.toThrow('tar: unexpected EOF');
    expect(calls).toBe(1);
  });
});

describe('fetchBytes / fetchText', () => {
  it('reads a small document, retrying a cut-off body', async () => {
    const text = 'a'.repeat(64) + '\n';
    const server = await serve((_req, res, n) => {
      res.writeHead(200, { 'content-length': 65 });
      if (n === 1) res.write('aaaa', () => res.socket?.destroy());
      else res.end(text);
    });
    expect(await fetchText(`${server.url}/x.sha256`, noWait)).toBe(text);
    expect(server.seen).toHaveLength(2);
  });

  it('refuses a body larger than maxBytes, declared or not', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/declared')
        res.writeHead(200, { 'content-length': 2000 }).end('x'.repeat(2000));
      else {
        res.writeHead(200); // chunked: no length up front
        res.end('y'.repeat(5000));
      }
    });
    const declared = await caught(
      fetchBytes(`${server.url}/declared`, { ...noWait, maxBytes: 1000 }),
    );
    expect(declared.retryable).toBe(false);
    expect(declared.message).toMatch(/larger than the 1000 bytes allowed/);
    const streamed = await caught(
      fetchBytes(`${server.url}/chunked`, { ...noWait, maxBytes: 1000 }),
    );
    expect(streamed.retryable).toBe(false);
    expect(server.seen).toHaveLength(2);
  });
});

describe('proxies', () => {
  const proxyVars = [
    'HTTP_PROXY',
    'http_proxy',
    'HTTPS_PROXY',
    'https_proxy',
    'NO_PROXY',
    'no_proxy',
  ];

  /** A CONNECT proxy that sends every tunnel to `origin`, whatever host was asked for. */
  async function connectProxy(originPort: number) {
    const connects: string[] = [];
    const server = http.createServer((_req, res) => res.writeHead(405).end());
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      connects.push(req.url ?? '');
      const upstream = net.connect(originPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    servers.push({
      url: `http://127.0.0.1:${port}`,
      port,
      seen: [],
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    });
    return { url: `http://127.0.0.1:${port}`, connects };
  }

  async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(proxyVars.map((k) => [k, process.env[k]]));
    for (const k of proxyVars) delete process.env[k];
    Object.assign(process.env, vars);
    try {
      return await fn();
    } finally {
      for (const k of proxyVars) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  }

  it('tunnels through HTTP_PROXY with CONNECT', async () => {
    const origin = await serve((req, res) => res.writeHead(200).end(`origin saw ${req.url}`));
    const proxy = await connectProxy(origin.port);
    // A name only the proxy can reach: the request succeeds only through the tunnel.
    const body = await withEnv({ HTTP_PROXY: proxy.url }, () =>
      fetchText('http://mirror.sgv-test.invalid/go/file.sha256', { ...noWait, retries: 0 }),
    );
    expect(body).toBe('origin saw /go/file.sha256');
    expect(proxy.connects).toEqual(['mirror.sgv-test.invalid:80']);
    // tunnel's agent has no defaultPort, so Node writes the port into Host; both forms are valid.
    expect(origin.seen[0]!.headers.host).toMatch(/^mirror\.sgv-test\.invalid(:80)?$/);
  });

  it('tunnels https through HTTPS_PROXY and still checks the certificate', async () => {
    const origin = https.createServer(UNTRUSTED_TLS, (_req, res) => res.writeHead(200).end('x'));
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    const { port } = origin.address() as AddressInfo;
    servers.push({
      url: '',
      port,
      seen: [],
      close: () =>
        new Promise<void>((resolve) => {
          origin.closeAllConnections();
          origin.close(() => resolve());
        }),
    });
    const proxy = await connectProxy(port);
    const err = await withEnv({ HTTPS_PROXY: proxy.url }, () =>
      caught(fetchText('https://mirror.sgv-test.invalid/go.tar.gz.asc', { ...noWait })),
    );
    expect(proxy.connects).toEqual(['mirror.sgv-test.invalid:443']);
    // The self-signed certificate is refused, and refusing is not worth a retry.
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/certificate/);
    expect(err.message).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('goes direct for NO_PROXY hosts', async () => {
    const origin = await serve((_req, res) => res.writeHead(200).end('direct'));
    const proxy = await connectProxy(origin.port);
    const err = await withEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '.sgv-test.invalid' }, () =>
      caught(fetchText('http://mirror.sgv-test.invalid/x', { ...noWait, retries: 0 })),
    );
    // Direct means a DNS lookup of a name that does not exist.
    expect(err.message).toMatch(/mirror\.sgv-test\.invalid/);
    expect(proxy.connects).toEqual([]);
  });

  it('always goes direct to loopback addresses, proxy or not (an @actions/http-client rule)', async () => {
    const origin = await serve((_req, res) => res.writeHead(200).end('direct'));
    const proxy = await connectProxy(origin.port);
    const body = await withEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url }, () =>
      fetchText(`${origin.url}/x`, noWait),
    );
    expect(body).toBe('direct');
    expect(proxy.connects).toEqual([]);
  });
});

describe('hopHeaders', () => {
  const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_API_URL: 'https://api.github.com' };
  const u = (s: string) => new URL(s);

  it('sends the token to GitHub and drops it once a redirect leaves the first host', () => {
    const first = u('https://github.com/golangci/golangci-lint/releases/download/v2.1.0/x.tar.gz');
    const sameHost = u('https://github.com/other/path');
    const cdn = u('https://objects.githubusercontent.com/signed?X-Amz-Signature=1');
    expect(hopHeaders([first], { token: 't0k', env }).authorization).toBe('Bearer t0k');
    expect(hopHeaders([first, sameHost], { token: 't0k', env }).authorization).toBe('Bearer t0k');
    expect(hopHeaders([first, cdn], { token: 't0k', env }).authorization).toBeUndefined();
    // Coming back does not bring the token back.
    expect(hopHeaders([first, cdn, sameHost], { token: 't0k', env }).authorization).toBeUndefined();
  });

  it('never sends the token elsewhere, and keeps caller headers', () => {
    const h = hopHeaders([u('https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz')], {
      token: 't0k',
      env,
      headers: { Accept: 'application/json' },
      userAgent: 'ua/1',
    });
    expect(h).toEqual({ 'user-agent': 'ua/1', accept: 'application/json' });
  });
});
