import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../errors.js';
import { fetchReleaseIndex, inLayout, releaseSource } from './godev.js';
import { MissingFileError } from '../fetch/http.js';

/** go.dev's real include=all index of 2021-11-08. */
const INDEX = readFileSync(
  new URL('../../testdata/go-dev-dl-include-all-2021-11-08.json', import.meta.url),
  'utf8',
);
const DIRECTORY_PAGE = '<html><body><a href="index.json">index.json</a></body></html>';
const fast = { retries: 0 };

const dir = mkdtempSync(path.join(os.tmpdir(), 'godev-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A loopback mirror: `answer` gets the request path and query, and says what to send. */
async function mirror(
  answer: (url: URL) => { status: number; body: string },
): Promise<{ base: string; seen: string[] }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    seen.push(url.pathname + url.search);
    const { status, body } = answer(url);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}/dl`, seen };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err as Error;
}

describe('the release index of a go.dev layout on disk', () => {
  it('is read from index.json under a file: base', async () => {
    const layout = path.join(dir, 'dl');
    mkdirSync(layout, { recursive: true });
    writeFileSync(path.join(layout, 'index.json'), INDEX);
    const source = releaseSource(`${pathToFileURL(layout).href}/`);
    expect(source).toEqual({
      kind: 'mirror',
      indexUrl: `${pathToFileURL(layout).href}/index.json`,
      downloadBase: pathToFileURL(layout).href,
    });
    const releases = await fetchReleaseIndex(source, fast);
    expect(releases[0]?.version).toBe('go1.17.3');
    expect(releases.flatMap((r) => r.files).length).toBeGreaterThan(1000);
  });

  it('says which file and which layout when index.json is missing', async () => {
    const empty = mkdtempSync(path.join(dir, 'empty-'));
    const source = releaseSource(pathToFileURL(empty).href);
    const err = await rejection(fetchReleaseIndex(source, fast));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      `the go.dev layout ${pathToFileURL(empty).href} (go-download-base-url) has no index.json: ` +
        `${path.join(empty, 'index.json')} does not exist. Is the URL the bundle's dl/ directory, ` +
        `and does the bundle hold that release?`,
    );
  });

  it('leaves other errors and http(s) mirrors alone', () => {
    const missing = new MissingFileError('/x/index.json', 'file:///x/index.json');
    expect(inLayout(missing, releaseSource('https://mirror.example/dl'))).toBe(missing);
    const other = new Error('boom');
    expect(inLayout(other, releaseSource('file:///x'))).toBe(other);
  });
});

describe('the release index of an http(s) mirror', () => {
  it('is the ?mode=json answer when the mirror gives one; index.json is not asked for', async () => {
    const m = await mirror((u) =>
      u.searchParams.get('mode') === 'json'
        ? { status: 200, body: INDEX }
        : { status: 500, body: '' },
    );
    const releases = await fetchReleaseIndex(releaseSource(m.base), fast);
    expect(releases[0]?.version).toBe('go1.17.3');
    expect(m.seen).toEqual(['/dl/?mode=json&include=all']);
  });

  it('falls back to index.json when ?mode=json is a 404', async () => {
    const m = await mirror((u) =>
      u.pathname === '/dl/index.json' ? { status: 200, body: INDEX } : { status: 404, body: 'no' },
    );
    const releases = await fetchReleaseIndex(releaseSource(m.base), fast);
    expect(releases[0]?.version).toBe('go1.17.3');
    expect(m.seen).toEqual(['/dl/?mode=json&include=all', '/dl/index.json']);
  });

  it('falls back to index.json when a static server ignores the query and lists the directory', async () => {
    const m = await mirror((u) =>
      u.pathname === '/dl/index.json'
        ? { status: 200, body: INDEX }
        : { status: 200, body: DIRECTORY_PAGE },
    );
    const releases = await fetchReleaseIndex(releaseSource(m.base), fast);
    expect(releases.length).toBeGreaterThan(100);
    expect(m.seen).toEqual(['/dl/?mode=json&include=all', '/dl/index.json']);
  });

  it('names both places when neither holds an index', async () => {
    const m = await mirror(() => ({ status: 404, body: 'not found' }));
    const err = await rejection(fetchReleaseIndex(releaseSource(m.base), fast));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      `the mirror serves no release index: HTTP 404 at ${m.base}/?mode=json&include=all, and no ` +
        `index.json at ${m.base}/index.json (GET ${m.base}/index.json: HTTP 404 Not Found)`,
    );
  });

  it('refuses an index.json that is a page, not an index', async () => {
    const m = await mirror(() => ({ status: 200, body: DIRECTORY_PAGE }));
    const err = await rejection(fetchReleaseIndex(releaseSource(m.base), fast));
    expect(err.message).toMatch(/index\.json is HTML, not JSON/);
  });

  it('does not fall back on a server error: that is no answer at all', async () => {
    const m = await mirror(() => ({ status: 503, body: 'busy' }));
    const err = await rejection(fetchReleaseIndex(releaseSource(m.base), fast));
    expect(err.message).toMatch(/HTTP 503/);
    expect(m.seen).toEqual(['/dl/?mode=json&include=all']);
  });
});
