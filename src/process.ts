/** Runs programs with an argument array (never a shell string) and collects their output. */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Runs `file args…`; resolves with the exit code instead of rejecting on failure. */
export function run(
  file: string,
  args: readonly string[],
  opts: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: opts.cwd,
        env: opts.env,
        timeout: opts.timeoutMs ?? 120_000,
        maxBuffer: 16 * 1024 * 1024,
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          // Spawn failures (ENOENT, EACCES) and timeouts have no exit code.
          reject(new Error(`could not run ${file}: ${err.killed ? 'timed out' : err.message}`));
          return;
        }
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      },
    );
  });
}

/** The first executable called `name` on `searchPath`, like the shell would pick it. */
export function which(
  name: string,
  searchPath: string,
  os: string,
  pathExt = '.EXE;.CMD;.BAT;.COM',
): string | undefined {
  const sep = os === 'windows' ? ';' : ':';
  const exts = os === 'windows' ? ['', ...pathExt.split(';').map((e) => e.toLowerCase())] : [''];
  for (const dir of searchPath.split(sep)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate, os)) return candidate;
    }
  }
  return undefined;
}

function isExecutableFile(p: string, os: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    if (os !== 'windows') accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
