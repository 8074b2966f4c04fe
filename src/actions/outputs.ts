/** Writes a setup result to the runner: PATH, exported variables and step outputs. */
import * as core from '@actions/core';
import type { SetupGoResult } from '../install/setup-go.js';

export function writeSetupOutputs(result: SetupGoResult): void {
  // The runner puts the last added entry first: add in reverse to keep the plan's order.
  for (const dir of [...result.environment.path].reverse()) core.addPath(dir);
  for (const [name, value] of Object.entries(result.environment.variables)) {
    core.exportVariable(name, value);
  }
  core.setOutput('go-version', result.version);
  core.setOutput('go-root', result.goRoot);
  core.setOutput('go-path', result.goPath);
  // `cache-hit` is the module cache's, as in actions/setup-go (set by the cache restore).
  core.setOutput('toolchain-cache-hit', String(result.cacheHit));
  core.setOutput('verification', JSON.stringify(result.record));
}

/** The cache outputs of a step that caches nothing (cache: false). */
export function writeNoCacheOutputs(): void {
  for (const prefix of ['cache-', 'build-cache-']) {
    core.setOutput(`${prefix}hit`, 'false');
    core.setOutput(`${prefix}key`, '');
    core.setOutput(`${prefix}matched-key`, '');
  }
}
