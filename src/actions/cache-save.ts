/**
 * The process the GitHub cache backend saves an entry in (dist/cache-save/index.js): one
 * @actions/cache saveCache call. Run as `node cache-save/index.js '{"dir":…,"key":…}'` with
 * an IPC channel (see src/cache/save-process.ts). What @actions/cache writes through
 * @actions/core stays on this process's stdout, where the parent reads it; the result goes
 * over the channel as one message, { state: 'done', value } or { state: 'threw', error }.
 * The environment is the job's, handed down by the parent: @actions/cache reads its service
 * URL, token, RUNNER_TEMP and GITHUB_WORKSPACE from it.
 */
import { saveCache } from '@actions/cache';

type Result = { state: 'done'; value: number } | { state: 'threw'; error: string };

function parseRequest(arg: string | undefined): { dir: string; key: string } {
  const request = JSON.parse(arg ?? '') as { dir?: unknown; key?: unknown };
  if (typeof request.dir !== 'string' || typeof request.key !== 'string') {
    throw new Error('expected {"dir": string, "key": string} as the only argument');
  }
  return { dir: request.dir, key: request.key };
}

async function main(): Promise<Result> {
  try {
    const { dir, key } = parseRequest(process.argv[2]);
    return { state: 'done', value: await saveCache([dir], key) };
  } catch (err) {
    return { state: 'threw', error: err instanceof Error ? err.message : String(err) };
  }
}

/** Ends once stdout has taken everything written before, and the message is sent. */
function finish(result: Result): void {
  const exit = (): never => process.exit(0);
  process.stdout.write('', () => {
    if (!process.send) {
      process.stderr.write('cache-save: no IPC channel to report on\n', () => process.exit(2));
      return;
    }
    process.send(result, undefined, {}, exit);
  });
}

void main().then(finish);
