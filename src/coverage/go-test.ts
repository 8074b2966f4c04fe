/**
 * Runs `go test` with coverage, its output going to the job log as it comes (test runs are
 * long; a buffered log would look hung). The output is the repository's text (test names,
 * t.Log lines, file names): in a workflow it is echoed with workflow commands off (see
 * log-text.ts), both streams to stdout so the fence holds them in order.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { fencedStream } from '../log-text.js';

export interface GoTestResult {
  /** go test's exit code: 0 passed, 1 a test or build failed, other: go itself failed. */
  readonly code: number;
  readonly durationMs: number;
}

export interface GoTestOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Echo the output between stop-commands lines (the runner reads it); else inherit stdio. */
  readonly fence?: boolean;
  /** Where fenced output goes; stdout by default. */
  readonly write?: (text: string | Buffer) => void;
}

export function runGoTest(
  go: string,
  args: readonly string[],
  opts: GoTestOptions,
): Promise<GoTestResult> {
  const started = Date.now();
  const stdio: StdioOptions = opts.fence
    ? ['ignore', 'pipe', 'pipe']
    : ['ignore', 'inherit', 'inherit'];
  return new Promise((resolve, reject) => {
    const child = spawn(go, args, { cwd: opts.cwd, env: opts.env, stdio, windowsHide: true });
    const echo = opts.fence
      ? fencedStream(opts.write ?? ((t) => void process.stdout.write(t)))
      : undefined;
    if (echo) {
      child.stdout?.on('data', (chunk: Buffer) => echo.write(chunk));
      child.stderr?.on('data', (chunk: Buffer) => echo.write(chunk));
    }
    child.on('error', (err) => {
      echo?.end();
      reject(new Error(`could not run ${go}: ${err.message}`));
    });
    // 'close' comes after both pipes have ended, so the fence closes after the last byte.
    child.on('close', (code, signal) => {
      echo?.end();
      if (code === null) reject(new Error(`go test was killed by ${signal ?? 'a signal'}`));
      else resolve({ code, durationMs: Date.now() - started });
    });
  });
}
