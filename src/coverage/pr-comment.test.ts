import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { capBody, MAX_COMMENT, pullRequestNumber, upsertPullRequestComment } from './pr-comment.js';

const MARKER = '<!-- marker -->';

/** A loopback GitHub REST API with the three comment endpoints, two comments per page. */
function githubApi() {
  const comments: { id: number; body: string }[] = [];
  let nextId = 1;
  let denyWrites = false;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== 'Bearer t0ken')
        return send(401, { message: 'Bad credentials' });
      let m = /^\/repos\/o\/r\/issues\/7\/comments$/.exec(url.pathname);
      if (m && req.method === 'GET') {
        const page = Number(url.searchParams.get('page') ?? '1');
        const slice = comments.slice((page - 1) * 2, page * 2);
        const more = comments.length > page * 2;
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        return send(
          200,
          slice,
          more ? { link: `<${base}${url.pathname}?page=${page + 1}>; rel="next"` } : {},
        );
      }
      if (denyWrites) return send(403, { message: 'Resource not accessible by integration' });
      if (m && req.method === 'POST') {
        const c = { id: nextId++, body: (JSON.parse(raw) as { body: string }).body };
        comments.push(c);
        return send(201, { ...c, html_url: `https://github.com/o/r/pull/7#issuecomment-${c.id}` });
      }
      m = /^\/repos\/o\/r\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (m && req.method === 'PATCH') {
        const c = comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = (JSON.parse(raw) as { body: string }).body;
        return send(200, c);
      }
      send(404, { message: 'Not Found' });
    });
  });
  return {
    comments,
    server,
    deny: (v: boolean) => (denyWrites = v),
    add: (body: string) => comments.push({ id: nextId++, body }),
  };
}

let api: ReturnType<typeof githubApi>;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  api = githubApi();
  await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
  dir = mkdtempSync(path.join(os.tmpdir(), 'pr-comment-'));
  writeFileSync(path.join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 7 } }));
  env = {
    GITHUB_API_URL: `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
  };
});

afterAll(async () => {
  await new Promise((r) => api.server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('upsertPullRequestComment', () => {
  it('creates the comment, then updates the same one in place, finding it on page 2', async () => {
    api.add('an unrelated comment');
    api.add('another one');
    const first = await upsertPullRequestComment({
      body: `${MARKER}\n71.4%`,
      marker: MARKER,
      token: 't0ken',
      env,
    });
    expect(first).toMatchObject({ kind: 'created', id: 3 });
    const second = await upsertPullRequestComment({
      body: `${MARKER}\n75.0%`,
      marker: MARKER,
      token: 't0ken',
      env,
    });
    expect(second).toMatchObject({ kind: 'updated', id: 3 });
    expect(api.comments.filter((c) => c.body.includes(MARKER))).toEqual([
      { id: 3, body: `${MARKER}\n75.0%` },
    ]);
  });

  it('skips events that are not pull requests', async () => {
    const r = await upsertPullRequestComment({
      body: 'x',
      marker: MARKER,
      token: 't0ken',
      env: { ...env, GITHUB_EVENT_NAME: 'push' },
    });
    expect(r).toEqual({ kind: 'skipped', reason: 'not a pull request (event push)' });
  });

  it('reports a read-only token as a failure that says what to do, without throwing', async () => {
    api.deny(true);
    try {
      api.comments.length = 0;
      const r = await upsertPullRequestComment({ body: 'x', marker: MARKER, token: 't0ken', env });
      expect(r.kind).toBe('failed');
      expect((r as { reason: string }).reason).toMatch(
        /creating the comment: HTTP 403 .*pull-requests: write/,
      );
    } finally {
      api.deny(false);
    }
  });
});

describe('pure parts', () => {
  it('reads the pull request number only from pull request events', () => {
    expect(pullRequestNumber('pull_request_target', { pull_request: { number: 12 } })).toBe(12);
    expect(pullRequestNumber('push', { pull_request: { number: 12 } })).toBeUndefined();
    expect(pullRequestNumber('pull_request', { pull_request: { number: '12' } })).toBeUndefined();
  });

  it('cuts bodies GitHub would refuse', () => {
    const capped = capBody('x'.repeat(70_000));
    expect(capped.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(capped).toMatch(/cut to fit a comment/);
  });
});
