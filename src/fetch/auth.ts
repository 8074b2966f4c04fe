/**
 * Which requests may carry the GitHub token. The token is only ever sent over https to
 * GitHub itself (github.com, its API, its content hosts, or the GitHub Enterprise server the
 * workflow runs on); a mirror, a Go proxy or go.dev never sees it.
 */

const GITHUB_HOSTS = new Set(['github.com', 'api.github.com']);
const GITHUB_CONTENT_SUFFIX = '.githubusercontent.com';

/** Hosts (`host[:port]`, as URL.host gives them) of GITHUB_SERVER_URL and GITHUB_API_URL. */
function enterpriseHosts(env: NodeJS.ProcessEnv): string[] {
  const hosts: string[] = [];
  for (const name of ['GITHUB_SERVER_URL', 'GITHUB_API_URL']) {
    const value = env[name];
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.protocol === 'https:') hosts.push(url.host);
    } catch {
      // A malformed variable names no host.
    }
  }
  return hosts;
}

/** True when `url` is an https URL on a GitHub host. */
export function isGitHubUrl(url: string | URL, env: NodeJS.ProcessEnv): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password) return false;
  // URL.host drops the default port, so "github.com:443" compares equal and any other port does not.
  const host = parsed.host;
  if (GITHUB_HOSTS.has(host)) return true;
  if (parsed.port === '' && host.endsWith(GITHUB_CONTENT_SUFFIX)) return true;
  return enterpriseHosts(env).includes(host);
}

/**
 * The Authorization header for `url`: `{ authorization: 'Bearer …' }` when a token is given
 * and the URL is GitHub's over https, `{}` otherwise.
 */
export function authorizationFor(
  url: string | URL,
  token: string | undefined,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  if (!token || !isGitHubUrl(url, env)) return {};
  return { authorization: `Bearer ${token}` };
}
