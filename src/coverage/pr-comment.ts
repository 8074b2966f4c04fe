/**
 * The coverage summary as a pull-request comment, one per pull request, updated in place on
 * every run (found by a marker in its body). Plain REST calls with fetch: octokit would be a
 * large dependency for three endpoints.
 */
import { readFile } from 'node:fs/promises';

export type CommentResult =
  | { readonly kind: 'created'; readonly id: number; readonly url: string }
  | { readonly kind: 'updated'; readonly id: number; readonly url: string }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/** GitHub refuses comment bodies over 65536 characters. */
export const MAX_COMMENT = 65_000;

export function capBody(body: string): string {
  if (body.length <= MAX_COMMENT) return body;
  const note = '\n\n… (cut to fit a comment; the step summary has everything)\n';
  return body.slice(0, MAX_COMMENT - note.length) + note;
}

/** The pull request an event is about, from the event payload. */
export function pullRequestNumber(eventName: string, payload: unknown): number | undefined {
  if (eventName !== 'pull_request' && eventName !== 'pull_request_target') return undefined;
  const n = (payload as { pull_request?: { number?: unknown } } | null)?.pull_request?.number;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

interface Comment {
  id: number;
  body?: string;
  html_url?: string;
}

/** The next page from a Link header (`<url>; rel="next"`). */
export function nextLink(link: string | null): string | undefined {
  return link?.split(',').map((p) => /<([^>]+)>\s*;\s*rel="next"/.exec(p)?.[1]).find(Boolean);
}

export async function upsertPullRequestComment(opts: {
  body: string;
  marker: string;
  token: string;
  env: NodeJS.ProcessEnv;
}): Promise<CommentResult> {
  const env = opts.env;
  const eventName = env['GITHUB_EVENT_NAME'] ?? '';
  let payload: unknown = null;
  if (env['GITHUB_EVENT_PATH'])
    payload = JSON.parse(await readFile(env['GITHUB_EVENT_PATH'], 'utf8').catch(() => 'null'));
  const number = pullRequestNumber(eventName, payload);
  if (number === undefined)
    return { kind: 'skipped', reason: `not a pull request (event ${eventName || 'unknown'})` };
  const repo = env['GITHUB_REPOSITORY'];
  if (!repo) return { kind: 'skipped', reason: 'GITHUB_REPOSITORY is not set' };
  if (!opts.token) return { kind: 'skipped', reason: 'no token' };
  const api = (env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '');
  const headers = {
    authorization: `Bearer ${opts.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'content-type': 'application/json',
  };
  const explain = async (what: string, r: Response): Promise<CommentResult> => {
    const text = (await r.text().catch(() => '')).slice(0, 200);
    const hint =
      r.status === 403 || r.status === 404
        ? ': the token cannot write comments (pull requests from forks get a read-only token; give the job `permissions: pull-requests: write`)'
        : '';
    return { kind: 'failed', reason: `${what}: HTTP ${r.status} ${text}${hint}` };
  };

  const body = capBody(opts.body.includes(opts.marker) ? opts.body : `${opts.marker}\n${opts.body}`);
  let url: string | undefined = `${api}/repos/${repo}/issues/${number}/comments?per_page=100`;
  let existing: Comment | undefined;
  while (url && !existing) {
    const r = await fetch(url, { headers });
    if (!r.ok) return explain('listing the pull request comments', r);
    const page = (await r.json()) as Comment[];
    existing = page.find((c) => c.body?.includes(opts.marker));
    url = nextLink(r.headers.get('link'));
  }
  const r = existing
    ? await fetch(`${api}/repos/${repo}/issues/comments/${existing.id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ body }),
      })
    : await fetch(`${api}/repos/${repo}/issues/${number}/comments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ body }),
      });
  if (!r.ok) return explain(existing ? 'updating the comment' : 'creating the comment', r);
  const c = (await r.json()) as Comment;
  return { kind: existing ? 'updated' : 'created', id: c.id, url: c.html_url ?? '' } as CommentResult;
}
