/**
 * Runs `go test` with coverage, its output going straight to the job log as it comes (test
 * runs are long; a buffered log would look hung).
 */
import { spawn } from 'node:child_process';

export interface GoTestResult {
  /** go test's exit code: 0 passed, 1 a test or build failed, other: go itself failed. */
  readonly code: number;
  readonly durationMs: number;
}

export function runGoTest(
  go: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<GoTestResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(go, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'inherit', 'inherit'],
      windowsHide: true,
    });
    child.on('error', (err) => reject(new Error(`could not run ${go}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === null) reject(new Error(`go test was killed by ${signal ?? 'a signal'}`));
      else resolve({ code, durationMs: Date.now() - started });
    });
  });
}
