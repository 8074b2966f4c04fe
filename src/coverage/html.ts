/** The HTML report, made by the toolchain itself: `go tool cover -html`. */
import { run } from '../process.js';

/**
 * Writes the annotated-source HTML for `profile` to `out`. `cwd` must be inside the module
 * (cover finds the sources with `go list`). Resolves with an error text instead of throwing:
 * a missing HTML page should not hide the figures.
 */
export async function writeCoverHtml(
  go: string,
  profile: string,
  out: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const r = await run(go, ['tool', 'cover', `-html=${profile}`, `-o=${out}`], {
    cwd,
    env,
    timeoutMs: 5 * 60_000,
  });
  if (r.code === 0) return undefined;
  return `go tool cover -html failed: ${(r.stderr || r.stdout).trim()}`;
}
