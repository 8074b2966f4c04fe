/**
 * Whether a job can reach the GitHub cache service, and which protocol it speaks, decided
 * from the environment alone so the check does not load @actions/cache and the Azure SDK
 * (most of the bundle).
 */

/**
 * Whether @actions/cache has a cache service to talk to, by the rule of its
 * isFeatureAvailable() read from `env`: the v2 service (ACTIONS_CACHE_SERVICE_V2, not on GHES)
 * needs ACTIONS_RESULTS_URL, the v1 service ACTIONS_CACHE_URL; both need
 * ACTIONS_RUNTIME_TOKEN. The runner sets them for actions; `run:` steps do not see them.
 */
export function githubCacheAvailable(env: Readonly<Record<string, string | undefined>>): boolean {
  if (!env['ACTIONS_RUNTIME_TOKEN']) return false;
  const v2 = cacheServiceVersion(env) === 'v2';
  return Boolean(v2 ? env['ACTIONS_RESULTS_URL'] : env['ACTIONS_CACHE_URL']);
}

/** The protocol @actions/cache speaks: v2 when ACTIONS_CACHE_SERVICE_V2 is set, never on GHES. */
export function cacheServiceVersion(
  env: Readonly<Record<string, string | undefined>>,
): 'v1' | 'v2' {
  return Boolean(env['ACTIONS_CACHE_SERVICE_V2']) && !isGhes(env['GITHUB_SERVER_URL'])
    ? 'v2'
    : 'v1';
}

/** GitHub Enterprise Server, where @actions/cache only speaks the v1 protocol. */
function isGhes(serverUrl: string | undefined): boolean {
  let host: string;
  try {
    host = new URL(serverUrl || 'https://github.com').hostname.toLowerCase();
  } catch {
    return false;
  }
  return host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost');
}
