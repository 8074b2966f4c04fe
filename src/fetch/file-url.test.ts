import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NetworkError } from '../errors.js';
import { fetchBytes, fetchText, MissingFileError, openStream } from './http.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'file-url-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, data: Buffer | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return pathToFileURL(file).href;
}

/** Counts the waits between attempts: a file error must not be retried. */
function counting() {
  const waits: number[] = [];
  return { waits, opts: { retries: 3, sleep: async (ms: number) => void waits.push(ms) } };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

describe('file: URLs through the fetch layer', () => {
  it('reads a document whole, and streams a large file with its size', async () => {
    expect(await fetchText(put('index.json', '[]'))).toBe('[]');
    const payload = randomBytes(3 * 1024 * 1024 + 17);
    const url = put('archive.bin', payload);
    const opened = await openStream(url);
    expect(opened.size).toBe(payload.length);
    expect(opened.url).toBe(url);
    const chunks: Buffer[] = [];
    for await (const c of opened.body as AsyncIterable<Buffer>) chunks.push(c);
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
  });

  it('holds a file to the same size limit as a download, before reading it', async () => {
    const url = put('big.json', Buffer.alloc(2048, 0x20));
    const err = await rejection(fetchBytes(url, { maxBytes: 1024 }));
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toBe(`${url} is larger than the 1024 bytes allowed`);
  });

  it('names a missing file and does not retry it', async () => {
    const { waits, opts } = counting();
    const missing = path.join(dir, 'nowhere', 'go1.22.5.linux-amd64.tar.gz');
    const err = await rejection(fetchBytes(pathToFileURL(missing).href, opts));
    expect(err).toBeInstanceOf(MissingFileError);
    expect((err as MissingFileError).path).toBe(missing);
    expect(err.message).toBe(`no such file: ${missing}`);
    expect(waits).toEqual([]);
  });

  it('refuses a directory: only regular files are read', async () => {
    mkdirSync(path.join(dir, 'sub'));
    const err = await rejection(openStream(pathToFileURL(path.join(dir, 'sub')).href));
    expect(err.message).toMatch(/not a regular file/);
  });

  it('never follows a server redirect to the local disk', async () => {
    const secret = put('secret.txt', 'do not leak');
    const server = http.createServer((_req, res) => {
      res.writeHead(302, { location: secret }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const err = await rejection(fetchText(`http://127.0.0.1:${port}/index`, { retries: 0 }));
      expect(err.message).toBe(`unsupported URL scheme file: in ${secret}`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
