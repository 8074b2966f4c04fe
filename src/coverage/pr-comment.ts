/**
 * The coverage summary as a pull-request comment, one per pull request, updated in place on
 * every run (found by a marker in its body). Plain REST calls with fetch: octokit would be a
 * large dependency for three endpoints. The pure parts (which pull request, which comment,
 * which request) are apart from the I/O.
 */
import { readFile } from 'node:fs/promises';

export type CommentResult =
  | { readonly kind: 'created'; readonly id: number; readonly url: string }
  | { readonly kind: 'updated'; readonly id: number; readonly url: string }
  | { readonly kind: 'skipped'; readonly reason: string }
  /** Not posted; report `reason` as a warning (the coverage figures stand without it). */
  | { readonly kind: 'failed'; readonly reason: string };

/** The most characters GitHub accepts in a comment body. */
export const MAX_COMMENT = 65_536;

const CUT_NOTE = '\n\n… (cut to fit a comment; the step summary has everything)\n';
const PER_PAGE = 100;
/** 5000 comments; a pull request with more is not worth listing further. */
const MAX_PAGES = 50;
const REQUEST_TIMEOUT_MS = 30_000;

/** `body` cut at a line end to fit a comment, with a note saying so. */
export function capBody(body: string): string {
  if (body.length <= MAX_COMMENT) return body;
  let end = MAX_COMMENT - CUT_NOTE.length;
  const lineEnd = body.lastIndexOf('\n', end);
  // A cut mid-line would break a Markdown table row; mid-pair would leave half a character.
  if (lineEnd > end / 2) end = lineEnd;
  else if (/[\uDC00-\uDFFF]/.test(body.charAt(end))) end--;
  return body.slice(0, end) + CUT_NOTE;
}

/** The body to post: the marker included (first, if the text lacks it) and the length capped. */
export function commentBody(body: string, marker: string): string {
  const marked = capBody(body.includes(marker) ? body : `${marker}\n${body}`);
  return marked.includes(marker) ? marked : capBody(`${marker}\n${marked}`);
}

export interface PullRequestRef {
  readonly number: number;
  /** `owner/repo` of the head when it is another repository than the base (a fork). */
  readonly fork?: string;
}

interface RepoPayload {
  full_name?: unknown;
}

/** The pull request a pull_request or pull_request_target event is about. */
export function pullRequestFromEvent(
  eventName: string,
  payload: unknown,
): PullRequestRef | undefined {
  if (eventName !== 'pull_request' && eventName !== 'pull_request_target') return undefined;
  const pr = (
    payload as {
      pull_request?: {
        number?: unknown;
        head?: { repo?: RepoPayload };
        base?: { repo?: RepoPayload };
      };
    } | null
  )?.pull_request;
  const n = pr?.number;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) return undefined;
  const head = pr?.head?.repo?.full_name;
  const base = pr?.base?.repo?.full_name;
  return typeof head === 'string' && typeof base === 'string' && head !== base
    ? { number: n, fork: head }
    : { number: n };
}

/** The pull request number of an event, or undefined for other events. */
export function pullRequestNumber(eventName: string, payload: unknown): number | undefined {
  return pullRequestFromEvent(eventName, payload)?.number;
}

export interface IssueComment {
  readonly id: number;
  readonly body?: string | null;
  readonly html_url?: string;
}

/** The first comment carrying the marker. */
export function findMarkedComment(
  comments: readonly IssueComment[],
  marker: string,
): IssueComment | undefined {
  return comments.find((c) => typeof c.body === 'string' && c.body.includes(marker));
}

/** The request that writes the comment: update the marked one, else create one. */
export function planComment(
  repo: string,
  pr: number,
  existing: IssueComment | undefined,
): { readonly method: 'PATCH' | 'POST'; readonly path: string } {
  return existing
    ? { method: 'PATCH', path: `/repos/${repo}/issues/comments/${existing.id}` }
    : { method: 'POST', path: `/repos/${repo}/issues/${pr}/comments` };
}

/** The next page from a Link header (`<url>; rel="next"`). */
export function nextLink(link: string | null): string | undefined {
  return link
    ?.split(',')
    .map((p) => /<([^>]+)>\s*;\s*rel="?next"?/.exec(p)?.[1])
    .find((u): u is string => u !== undefined);
}

/** Why a request failed and what to do, from its status and GitHub's message. */
export function explainFailure(
  what: string,
  res: {
    status: number;
    message: string;
    rateLimitReset?: string | null;
    rateLimitRemaining?: string | null;
  },
  pr: PullRequestRef,
): string {
  const base = `${what}: HTTP ${res.status} ${res.message}`.trimEnd();
  if ((res.status === 403 || res.status === 429) && res.rateLimitRemaining === '0') {
    const reset = Number(res.rateLimitReset);
    const when =
      Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
    return `${base}: the GitHub API rate limit is used up${when}`;
  }
  if (res.status === 403 || res.status === 404) {
    if (pr.fork) {
      return `${base}: pull request #${pr.number} comes from the fork ${pr.fork}, and runs for forks get a read-only token; post the comment from a workflow_run workflow instead`;
    }
    return `${base}: the token cannot write comments here; give the job \`permissions: pull-requests: write\` (pull requests from forks get a read-only token)`;
  }
  if (res.status === 401)
    return `${base}: the token was refused; pass a valid one in the token input`;
  return base;
}

interface Api {
  readonly origin: string;
  readonly base: string;
  readonly headers: Record<string, string>;
}

async function errorMessage(r: Response): Promise<string> {
  const text = await r.text().catch(() => '');
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  } catch {
    // not JSON: show the start of the text
  }
  return text.slice(0, 200).replace(/\s+/g, ' ');
}

type Call = { ok: true; res: Response } | { ok: false; reason: string };

async function call(
  api: Api,
  url: string,
  init: RequestInit,
  what: string,
  pr: PullRequestRef,
): Promise<Call> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      headers: api.headers,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    return {
      ok: false,
      reason: `${what}: could not reach ${api.base}: ${(err as Error).message}${cause ? ` (${cause})` : ''}`,
    };
  }
  if (res.ok) return { ok: true, res };
  const reason = explainFailure(
    what,
    {
      status: res.status,
      message: await errorMessage(res),
      rateLimitRemaining: res.headers.get('x-ratelimit-remaining'),
      rateLimitReset: res.headers.get('x-ratelimit-reset'),
    },
    pr,
  );
  return { ok: false, reason };
}

/** The marked comment, listing the pull request's comments page by page until it is found. */
async function findExisting(
  api: Api,
  repo: string,
  pr: PullRequestRef,
  marker: string,
): Promise<{ ok: true; comment?: IssueComment } | { ok: false; reason: string }> {
  let url = `${api.base}/repos/${repo}/issues/${pr.number}/comments?per_page=${PER_PAGE}`;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await call(api, url, {}, 'listing the pull request comments', pr);
    if (!r.ok) return r;
    const comments = (await r.res.json().catch(() => undefined)) as IssueComment[] | undefined;
    if (!Array.isArray(comments)) {
      return {
        ok: false,
        reason: `listing the pull request comments: ${url} did not answer a JSON list`,
      };
    }
    const found = findMarkedComment(comments, marker);
    if (found) return { ok: true, comment: found };
    const next = nextLink(r.res.headers.get('link'));
    if (next === undefined) break;
    const resolved = URL.canParse(next, url) ? new URL(next, url) : undefined;
    if (!resolved) {
      return {
        ok: false,
        reason: `listing the pull request comments: the next page link ${JSON.stringify(next)} is not a URL`,
      };
    }
    url = resolved.href;
    // The token goes to the API's origin only, whatever a Link header says.
    if (resolved.origin !== api.origin) {
      return {
        ok: false,
        reason: `listing the pull request comments: the next page is on another host (${url})`,
      };
    }
  }
  return { ok: true };
}

type NotPosted = Extract<CommentResult, { kind: 'skipped' | 'failed' }>;

/** The pull request the workflow's event is about, or why there is none to comment on. */
async function pullRequestOfEvent(env: NodeJS.ProcessEnv): Promise<PullRequestRef | NotPosted> {
  const eventName = env['GITHUB_EVENT_NAME'] ?? '';
  let payload: unknown = null;
  const eventPath = env['GITHUB_EVENT_PATH'];
  if (eventPath) {
    try {
      payload = JSON.parse(await readFile(eventPath, 'utf8'));
    } catch (err) {
      return {
        kind: 'failed',
        reason: `cannot read the event payload ${eventPath}: ${(err as Error).message}`,
      };
    }
  }
  const pr = pullRequestFromEvent(eventName, payload);
  if (!pr)
    return { kind: 'skipped', reason: `not a pull request (event ${eventName || 'unknown'})` };
  return pr;
}

/** The API to call with the token: GITHUB_API_URL, or github.com's. */
function apiOf(env: NodeJS.ProcessEnv, token: string): Api | NotPosted {
  const base = (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '');
  let origin: string;
  try {
    origin = new URL(base).origin;
  } catch {
    return { kind: 'failed', reason: `GITHUB_API_URL ${JSON.stringify(base)} is not a URL` };
  }
  return {
    origin,
    base,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'content-type': 'application/json',
    },
  };
}

/**
 * Creates the pull request's coverage comment, or updates the one whose body contains
 * `marker`. Never throws for GitHub's answers or the network: a comment is not worth failing
 * the step for. Events other than pull_request and pull_request_target are skipped.
 */
export async function upsertPullRequestComment(opts: {
  body: string;
  /** A string no other comment contains, e.g. an HTML comment; added to the body if absent. */
  marker: string;
  token: string;
  env: NodeJS.ProcessEnv;
}): Promise<CommentResult> {
  const env = opts.env;
  const pr = await pullRequestOfEvent(env);
  if ('kind' in pr) return pr;
  const repo = env['GITHUB_REPOSITORY'] ?? '';
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) {
    return {
      kind: 'failed',
      reason: `GITHUB_REPOSITORY ${JSON.stringify(repo)} is not owner/repo`,
    };
  }
  if (!opts.token)
    return {
      kind: 'skipped',
      reason: 'no token to post the comment with (the token input is empty)',
    };
  const api = apiOf(env, opts.token);
  if ('kind' in api) return api;

  const found = await findExisting(api, repo, pr, opts.marker);
  if (!found.ok) return { kind: 'failed', reason: found.reason };
  const plan = planComment(repo, pr.number, found.comment);
  const what =
    plan.method === 'PATCH' ? `updating comment ${found.comment?.id}` : 'creating the comment';
  const r = await call(
    api,
    `${api.base}${plan.path}`,
    { method: plan.method, body: JSON.stringify({ body: commentBody(opts.body, opts.marker) }) },
    what,
    pr,
  );
  if (!r.ok) return { kind: 'failed', reason: r.reason };
  const c = (await r.res.json().catch(() => ({}))) as Partial<IssueComment>;
  const id = typeof c.id === 'number' ? c.id : (found.comment?.id ?? 0);
  return { kind: plan.method === 'PATCH' ? 'updated' : 'created', id, url: c.html_url ?? '' };
}
