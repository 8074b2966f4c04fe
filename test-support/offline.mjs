// The network cut of the air-gapped tests: every proxy variable points at a loopback port
// nobody listens on, so any request that is neither file:// nor to a loopback test server
// fails at once, as it would on a disconnected runner.
import { execFileSync } from 'node:child_process';

/** Nothing listens on port 9 of loopback: a request sent there fails at once. */
export const DEAD = 'http://127.0.0.1:9';

/** The environment of a process with the network cut (add `GOPROXY` as the test needs). */
export const CUT_ENV = Object.freeze({
  HTTPS_PROXY: DEAD,
  https_proxy: DEAD,
  HTTP_PROXY: DEAD,
  http_proxy: DEAD,
  ALL_PROXY: DEAD,
  all_proxy: DEAD,
  NO_PROXY: '',
  no_proxy: '',
});

/** Runs `fn` in this process with CUT_ENV in effect, and puts the environment back after. */
export async function withoutNetwork(fn) {
  const saved = Object.keys(CUT_ENV).map((k) => [k, process.env[k]]);
  Object.assign(process.env, CUT_ENV);
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The first proxy URL of this machine's GOPROXY (never a hard-coded host). */
export function machineProxyUrl() {
  const list =
    process.env.GOPROXY || execFileSync('go', ['env', 'GOPROXY'], { encoding: 'utf8' }).trim();
  const first = list.split(/[,|]/)[0]?.trim() ?? '';
  if (!/^(https?|file):\/\//.test(first))
    throw new Error(`GOPROXY ${list} names no proxy to test with`);
  return first.replace(/\/+$/, '');
}
