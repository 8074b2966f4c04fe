/**
 * The coverage action's GitHub services, library-level, against loopback servers: artifacts
 * through @actions/artifact to a stand-in artifact service whose zips are real blobs in
 * azurite (SAS-signed URLs, block uploads), and the pull-request comment through fetch to a
 * stand-in of GitHub's three comment endpoints.
 */
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest,
} from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import {
  ArtifactServiceError,
  artifactPattern,
  downloadCoverageArtifacts,
  selectArtifacts,
  uploadCoverageArtifact,
} from '../../src/coverage/artifacts.js';
import { InputError } from '../../src/errors.js';
import {
  MAX_COMMENT,
  capBody,
  nextLink,
  planComment,
  pullRequestFromEvent,
  upsertPullRequestComment,
} from '../../src/coverage/pr-comment.js';
import {
  startArtifactService,
  type ArtifactService,
} from '../../test-support/artifact-service.mjs';
import { startAzurite, type Azurite } from '../../test-support/azurite.mjs';
import { startGitHubApi, type GitHubApi } from '../../test-support/github-api-server.mjs';

jest.setTimeout(120_000);

const SERVICE_VARS = ['ACTIONS_RESULTS_URL', 'ACTIONS_RUNTIME_TOKEN', 'GITHUB_SERVER_URL'];
const savedEnv = Object.fromEntries(SERVICE_VARS.map((k) => [k, process.env[k]]));

/** Makes this process a step of the job `env` belongs to (@actions/artifact reads process.env). */
function asJob(env: Record<string, string | undefined>): void {
  for (const k of SERVICE_VARS) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
}

let scratch: string;
let azurite: Azurite;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sgv-coverage-services-'));
  azurite = await startAzurite();
});

afterAll(async () => {
  asJob(savedEnv);
  await azurite?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A leg's report directory: a real profile, an HTML report and a badge in a subdirectory. */
function legReport(leg: string, covered: number): { dir: string; files: string[] } {
  const dir = mkdtempSync(path.join(scratch, `${leg}-`));
  const profile = [
    'mode: atomic',
    `example.com/m/${leg}/a.go:3.14,5.2 2 ${covered}`,
    `example.com/m/${leg}/a.go:7.14,9.2 1 0`,
    '',
  ].join('\n');
  const files = {
    'coverage.out': profile,
    'coverage.html': `<!doctype html><title>${leg}</title><pre>${profile}</pre>\n`,
    'badges/coverage.svg': `<svg xmlns="http://www.w3.org/2000/svg"><text>${leg}</text></svg>\n`,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, files: Object.keys(files).map((rel) => path.join(dir, rel)) };
}

async function upload(name: string, leg = legReport(name, 1), retentionDays?: number) {
  return {
    leg,
    result: await uploadCoverageArtifact({
      name,
      rootDir: leg.dir,
      files: leg.files,
      retentionDays,
      env: process.env,
    }),
  };
}

describe('coverage artifacts through the artifact service and azurite', () => {
  let service: ArtifactService;
  let dest: string;

  beforeEach(async () => {
    service = await startArtifactService({ azurite });
    dest = mkdtempSync(path.join(scratch, 'dest-'));
  });

  afterEach(async () => {
    asJob(savedEnv);
    await service.close();
  });

  it('uploads a leg, then lists and downloads it back byte for byte', async () => {
    asJob(service.jobEnv('leg-linux'));
    const { leg, result } = await upload('coverage-linux-amd64', undefined, 7);
    const stored = service.artifacts.find((a) => a.name === 'coverage-linux-amd64');
    expect(stored).toMatchObject({
      committed: true,
      jobId: 'leg-linux',
      mimeType: 'application/zip',
    });
    expect(result).toEqual({ kind: 'uploaded', id: stored!.id, size: stored!.size });
    expect(stored!.size).toBeGreaterThan(0);
    expect(stored!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // retentionDays reached the service as an expiry about a week out.
    const days = (Date.parse(stored!.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);

    asJob(service.jobEnv('merge'));
    const got = await downloadCoverageArtifacts({
      pattern: 'coverage-*',
      destDir: dest,
      env: process.env,
    });
    const dir = path.join(dest, 'coverage-linux-amd64');
    expect(got).toEqual([
      {
        name: 'coverage-linux-amd64',
        dir,
        files: ['badges/coverage.svg', 'coverage.html', 'coverage.out'],
      },
    ]);
    for (const file of leg.files) {
      expect(readFileSync(path.join(dir, path.relative(leg.dir, file)))).toEqual(
        readFileSync(file),
      );
    }
    expect(service.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      'CreateArtifact 200',
      'FinalizeArtifact 200',
      'ListArtifacts 200',
      'ListArtifacts 200', // the download looks the id up
      'GetSignedArtifactURL 200',
    ]);
  });

  it('downloads every leg the pattern matches, and nothing else', async () => {
    const legs = {
      'coverage-linux-amd64': legReport('linux', 3),
      'coverage-darwin-arm64': legReport('darwin', 5),
    };
    for (const [name, leg] of Object.entries(legs)) {
      asJob(service.jobEnv(name));
      expect((await upload(name, leg)).result.kind).toBe('uploaded');
    }
    asJob(service.jobEnv('lint'));
    await upload('build-logs');
    asJob(service.jobEnv('merge-attempt-1'));
    await upload('coverage-merged'); // the merge step's own, from an earlier attempt

    asJob(service.jobEnv('merge'));
    const got = await downloadCoverageArtifacts({
      pattern: 'coverage-*',
      destDir: dest,
      exclude: 'coverage-merged',
      env: process.env,
    });
    expect(got.map((g) => g.name)).toEqual(['coverage-darwin-arm64', 'coverage-linux-amd64']);
    for (const g of got) {
      const leg = legs[g.name as keyof typeof legs];
      expect(readFileSync(path.join(g.dir, 'coverage.out'), 'utf8')).toBe(
        readFileSync(path.join(leg.dir, 'coverage.out'), 'utf8'),
      );
    }
    expect(service.requests.filter((r) => r.method === 'GetSignedArtifactURL')).toHaveLength(2);
  });

  it('takes the newest upload of a name a re-run uploaded again, and explains a clash within a run', async () => {
    asJob(service.jobEnv('leg-attempt-1'));
    await upload('coverage-linux-amd64', legReport('first', 1));
    const clash = upload('coverage-linux-amd64', legReport('clash', 1));
    await expect(clash).rejects.toThrow(ArtifactServiceError);
    await expect(clash).rejects.toThrow(/409.*\nEvery job of a run needs its own artifact name/s);

    service.newAttempt();
    asJob(service.jobEnv('leg-attempt-2'));
    const second = legReport('second', 9);
    await upload('coverage-linux-amd64', second);
    expect(
      service.artifacts.filter((a) => a.name === 'coverage-linux-amd64' && a.committed),
    ).toHaveLength(2);

    asJob(service.jobEnv('merge'));
    const [got] = await downloadCoverageArtifacts({
      pattern: 'coverage-linux-*',
      destDir: dest,
      env: process.env,
    });
    expect(readFileSync(path.join(got!.dir, 'coverage.out'), 'utf8')).toContain(
      'second/a.go:3.14,5.2 2 9',
    );
  });

  it('says which artifacts the run has when none match', async () => {
    asJob(service.jobEnv('lint'));
    await upload('build-logs');
    asJob(service.jobEnv('merge'));
    const down = downloadCoverageArtifacts({
      pattern: 'coverage-*',
      destDir: dest,
      env: process.env,
    });
    await expect(down).rejects.toThrow(InputError);
    await expect(down).rejects.toThrow(
      /^no artifacts matching coverage-\* in this run: did the matrix jobs upload them .*artifacts present: build-logs$/,
    );
  });

  it('refuses files outside the root directory before calling the service', async () => {
    asJob(service.jobEnv('leg'));
    const leg = legReport('inside', 1);
    const stray = path.join(scratch, 'stray.out');
    writeFileSync(stray, 'mode: set\n');
    const up = uploadCoverageArtifact({
      name: 'coverage-x',
      rootDir: leg.dir,
      files: [...leg.files, stray],
      env: process.env,
    });
    await expect(up).rejects.toThrow(InputError);
    await expect(up).rejects.toThrow(`artifact coverage-x: ${stray} is not inside ${leg.dir}`);
    expect(service.requests).toEqual([]);
  });

  it('skips the upload, and refuses the download, where there is no artifact service', async () => {
    const leg = legReport('local', 1);
    asJob({}); // a laptop or another CI
    const local = await uploadCoverageArtifact({
      name: 'coverage-x',
      rootDir: leg.dir,
      files: leg.files,
      env: process.env,
    });
    expect(local).toEqual({
      kind: 'skipped',
      reason: expect.stringMatching(/ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set/),
    });
    await expect(
      downloadCoverageArtifacts({ pattern: 'coverage-*', destDir: dest, env: process.env }),
    ).rejects.toThrow(
      /cannot download the artifacts matching coverage-\*: the artifact service is not available: .*use mode report with profiles/,
    );

    asJob({ ...service.jobEnv(), GITHUB_SERVER_URL: 'https://github.example.com' });
    const ghes = await uploadCoverageArtifact({
      name: 'coverage-x',
      rootDir: leg.dir,
      files: leg.files,
      env: process.env,
    });
    expect(ghes).toEqual({
      kind: 'skipped',
      reason: expect.stringMatching(
        /not supported on GitHub Enterprise Server \(https:\/\/github\.example\.com\)/,
      ),
    });
    expect(service.requests).toEqual([]);
  });

  it('rides out a 500 the client retries, and fails clearly when the service gives up or is down', async () => {
    asJob(service.jobEnv('leg'));
    service.setFaults({ kind: '500', methods: ['CreateArtifact'], times: 1 });
    const { result } = await upload('coverage-linux-amd64');
    expect(result.kind).toBe('uploaded');
    expect(service.requests.map((r) => `${r.method} ${r.status}`).slice(0, 2)).toEqual([
      'CreateArtifact 500',
      'CreateArtifact 200',
    ]);

    service.setFaults('quota');
    await expect(upload('coverage-darwin-arm64')).rejects.toThrow(
      /^uploading artifact coverage-darwin-arm64 failed: Failed to CreateArtifact: Artifact storage quota has been hit.*\nThe profile and reports are still on disk; a merge job will miss coverage-darwin-arm64\.$/s,
    );

    service.setFaults('down');
    await expect(
      downloadCoverageArtifacts({ pattern: 'coverage-*', destDir: dest, env: process.env }),
    ).rejects.toThrow(
      new RegExp(
        `^listing this run's artifacts at ${service.url} failed: Failed to ListArtifacts: Unable to make request: ECONNRESET`,
      ),
    );
  });

  it('refuses an artifact whose stored zip no longer matches its digest', async () => {
    asJob(service.jobEnv('leg'));
    await upload('coverage-linux-amd64', legReport('genuine', 1));
    await upload('coverage-other', legReport('swapped', 4));
    // Storage hands back a different (valid) zip under the first artifact's name.
    const container = new BlobServiceClient(
      azurite.blobEndpoint,
      new StorageSharedKeyCredential(azurite.accountName, azurite.accountKey),
    ).getContainerClient('actions-artifacts');
    const [genuine, other] = ['coverage-linux-amd64', 'coverage-other'].map((n) =>
      service.artifacts.find((a) => a.name === n)!,
    );
    const swapped = await container.getBlockBlobClient(other!.blobName).downloadToBuffer();
    await container.getBlockBlobClient(genuine!.blobName).uploadData(swapped);

    await expect(
      downloadCoverageArtifacts({ pattern: 'coverage-linux-*', destDir: dest, env: process.env }),
    ).rejects.toThrow(
      /^artifact coverage-linux-amd64 does not match the digest it was uploaded with \(sha256:/,
    );
  });
});

describe('the pull-request comment through the GitHub REST API', () => {
  const MARKER = '<!-- setup-go-verified coverage -->';
  let api: GitHubApi;
  let env: NodeJS.ProcessEnv;

  function event(name: string, payload: unknown): NodeJS.ProcessEnv {
    const file = path.join(mkdtempSync(path.join(scratch, 'event-')), 'event.json');
    writeFileSync(file, JSON.stringify(payload));
    return {
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: api.repo,
      GITHUB_EVENT_NAME: name,
      GITHUB_EVENT_PATH: file,
    };
  }

  const prPayload = (head = 'octo/demo') => ({
    pull_request: {
      number: 42,
      head: { repo: { full_name: head } },
      base: { repo: { full_name: 'octo/demo' } },
    },
  });

  beforeEach(async () => {
    api = await startGitHubApi({ repo: 'octo/demo' });
    env = event('pull_request', prPayload());
  });

  afterEach(async () => {
    await api.close();
  });

  const post = (body: string, e: NodeJS.ProcessEnv = env, token?: string) =>
    upsertPullRequestComment({ body, marker: MARKER, token: token ?? api.token, env: e });

  it('creates the comment, then updates the same one in place', async () => {
    api.addComment(42, 'LGTM');
    api.addComment(7, `${MARKER}\nanother pull request's comment`);
    const first = await post(`${MARKER}\n**Coverage** 71.4%`);
    expect(first).toMatchObject({ kind: 'created' });
    const id = (first as { id: number }).id;
    expect(first).toEqual({
      kind: 'created',
      id,
      url: `https://github.com/octo/demo/pull/42#issuecomment-${id}`,
    });

    const second = await post('**Coverage** 75.0%'); // the marker is added when absent
    expect(second).toMatchObject({ kind: 'updated', id });
    const mine = api.comments.filter((c) => c.issue === 42 && c.body.includes(MARKER));
    expect(mine.map((c) => [c.id, c.body])).toEqual([[id, `${MARKER}\n**Coverage** 75.0%`]]);
    expect(api.requests.map((r) => `${r.verb} ${r.path} ${r.status}`)).toEqual([
      'GET /repos/octo/demo/issues/42/comments 200',
      'POST /repos/octo/demo/issues/42/comments 201',
      'GET /repos/octo/demo/issues/42/comments 200',
      `PATCH /repos/octo/demo/issues/comments/${id} 200`,
    ]);
    expect(api.requests[0]!.query).toEqual({ per_page: '100' });
  });

  it('follows the Link header to find the marked comment on page 2', async () => {
    api.setPageSize(2);
    api.addComment(42, 'first');
    api.addComment(42, 'second');
    const marked = api.addComment(42, `${MARKER}\nold figures`);
    api.addComment(42, `a later comment quoting ${MARKER.slice(0, 10)}`);
    const r = await post(`${MARKER}\nnew figures`);
    expect(r).toMatchObject({ kind: 'updated', id: marked });
    expect(api.requests.map((q) => `${q.verb} ${q.query['page'] ?? '1'}`)).toEqual([
      'GET 1',
      'GET 2',
      'PATCH 1',
    ]);
    expect(api.comments.find((c) => c.id === marked)!.body).toBe(`${MARKER}\nnew figures`);
  });

  it('follows a relative next link, and never sends the token to another host', async () => {
    api.setPageSize(1);
    api.addComment(42, 'first');
    const marked = api.addComment(42, `${MARKER}\nold figures`);
    api.setLinkOrigin('');
    expect(await post(`${MARKER}\nnew figures`)).toMatchObject({ kind: 'updated', id: marked });

    const elsewhere = await startGitHubApi({ repo: 'octo/demo' });
    try {
      api.setLinkOrigin(elsewhere.url);
      const r = await post(`${MARKER}\nnewer figures`);
      expect(r).toEqual({
        kind: 'failed',
        reason: `listing the pull request comments: the next page is on another host (${elsewhere.url}/repos/octo/demo/issues/42/comments?per_page=1&page=2)`,
      });
      expect(elsewhere.requests).toEqual([]);
      expect(api.comments.find((c) => c.id === marked)!.body).toBe(`${MARKER}\nnew figures`);
    } finally {
      await elsewhere.close();
    }
  });

  it('skips events that are not pull requests without calling the API', async () => {
    const r = await post('x', event('push', { ref: 'refs/heads/main' }));
    expect(r).toEqual({ kind: 'skipped', reason: 'not a pull request (event push)' });
    expect(api.requests).toEqual([]);
  });

  it('turns a read-only token (a fork) into a warning that explains, not a throw', async () => {
    api.setFaults({
      status: 403,
      message: 'Resource not accessible by integration',
      methods: ['POST', 'PATCH'],
    });
    const fork = await post(`${MARKER}\n80%`, event('pull_request', prPayload('someone/demo')));
    expect(fork.kind).toBe('failed');
    expect((fork as { reason: string }).reason).toBe(
      'creating the comment: HTTP 403 Resource not accessible by integration: pull request #42 comes from the fork someone/demo, and runs for forks get a read-only token; post the comment from a workflow_run workflow instead',
    );
    const sameRepo = await post(`${MARKER}\n80%`);
    expect((sameRepo as { reason: string }).reason).toMatch(
      /^creating the comment: HTTP 403 Resource not accessible by integration: .*permissions: pull-requests: write/,
    );
    expect(api.comments).toEqual([]);
  });

  it('says when the rate limit is used up, the token is refused, or the API is unreachable', async () => {
    api.setFaults({
      status: 403,
      message: 'API rate limit exceeded',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' },
    });
    expect(await post('x')).toEqual({
      kind: 'failed',
      reason:
        'listing the pull request comments: HTTP 403 API rate limit exceeded: the GitHub API rate limit is used up until 2030-03-17T17:46:40.000Z',
    });
    api.setFaults(null);
    expect(await post('x', env, 'ghs_wrong')).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/HTTP 401 Bad credentials: the token was refused/),
    });
    const closed = await startGitHubApi();
    await closed.close();
    expect(await post('x', { ...env, GITHUB_API_URL: closed.url })).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(
        new RegExp(`could not reach ${closed.url}: fetch failed \\(.*ECONNREFUSED`),
      ),
    });
  });

  it('cuts a body GitHub would refuse, keeping the marker', async () => {
    const table = Array.from({ length: 4000 }, (_, i) => `| pkg/p${i} | 50.0% |`).join('\n');
    const r = await post(`${MARKER}\n${table}`);
    expect(r.kind).toBe('created');
    const [c] = api.comments;
    expect(c!.body.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(c!.body.startsWith(MARKER)).toBe(true);
    expect(c!.body).toMatch(
      /\| 50\.0% \|\n\n… \(cut to fit a comment; the step summary has everything\)\n$/,
    );
  });
});

describe('the pure parts', () => {
  it('matches artifact names by glob, everything but * and ? literal', () => {
    const re = artifactPattern('coverage-?.go1.2*');
    expect(re.test('coverage-a.go1.22-linux')).toBe(true);
    expect(re.test('coverage-a.go1.2')).toBe(true);
    expect(re.test('coverage-ab.go1.22')).toBe(false);
    expect(re.test('coverage-aXgo1.22')).toBe(false);
    expect(artifactPattern('a+(b)').test('a+(b)')).toBe(true);
  });

  it('picks the newest artifact of each matching name, sorted, without the excluded one', () => {
    const all = [
      { name: 'coverage-b', id: 5 },
      { name: 'coverage-a', id: 9 },
      { name: 'coverage-b', id: 12 },
      { name: 'coverage-merged', id: 13 },
      { name: 'logs', id: 14 },
    ];
    expect(selectArtifacts(all, 'coverage-*', 'coverage-merged')).toEqual([
      { name: 'coverage-a', id: 9 },
      { name: 'coverage-b', id: 12 },
    ]);
  });

  it('reads the pull request and whether it comes from a fork from the event', () => {
    const pr = (head: string) => ({
      pull_request: {
        number: 3,
        head: { repo: { full_name: head } },
        base: { repo: { full_name: 'o/r' } },
      },
    });
    expect(pullRequestFromEvent('pull_request_target', pr('o/r'))).toEqual({ number: 3 });
    expect(pullRequestFromEvent('pull_request', pr('f/r'))).toEqual({ number: 3, fork: 'f/r' });
    expect(pullRequestFromEvent('push', pr('o/r'))).toBeUndefined();
    expect(pullRequestFromEvent('pull_request', { pull_request: { number: 0 } })).toBeUndefined();
  });

  it('updates the marked comment, else creates one, and follows only rel="next"', () => {
    expect(planComment('o/r', 3, { id: 77 })).toEqual({
      method: 'PATCH',
      path: '/repos/o/r/issues/comments/77',
    });
    expect(planComment('o/r', 3, undefined)).toEqual({
      method: 'POST',
      path: '/repos/o/r/issues/3/comments',
    });
    expect(nextLink('<https://api/x?page=1>; rel="prev", <https://api/x?page=3>; rel="next"')).toBe(
      'https://api/x?page=3',
    );
    expect(nextLink('<https://api/x?page=1>; rel="first"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });

  it('never cuts a body inside a surrogate pair', () => {
    const body = '😀'.repeat(MAX_COMMENT); // no line ends, two code units each
    const capped = capBody(body);
    expect(capped.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(capped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
