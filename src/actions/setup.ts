/**
 * The setup action, as one sequence: check every input of the step (setup and cache) →
 * install Go → restore the Go caches → prove Go works → write outputs, state and summary.
 * A bad input fails the step before anything is downloaded.
 */
// First: starts the hash workers while the rest loads (see prestart.ts).
import './prestart.js';
import * as core from '@actions/core';
import { actionsLogger } from './logger.js';
import { inert } from '../log-text.js';
import { envDefaults, httpSettingsFromEnv, parseSetupOptions } from '../options.js';
import { writeNoCacheOutputs, writeSetupOutputs } from './outputs.js';
import { renderSummary } from './summary.js';
import { installGo, proveGoWorks } from '../install/setup-go.js';
import { toolCacheRoot } from '../install/tool-cache.js';
import { STATE } from './state.js';
import { parseCacheInputs } from '../cache/cache-inputs.js';

async function main(): Promise<void> {
  const env = process.env;
  const options = parseSetupOptions((name) => core.getInput(name), {
    workingDirectory: env['GITHUB_WORKSPACE'] || process.cwd(),
    toolCacheDir: toolCacheRoot(env),
    ...envDefaults(env),
  });
  const cacheInputs = parseCacheInputs((name) => core.getInput(name));
  const http = httpSettingsFromEnv(env);
  if (options.token) core.setSecret(options.token);
  for (const note of cacheInputs.notes) core.warning(note);

  const effects = { logger: actionsLogger, env, http };
  const go = await installGo(options, effects);
  // Loaded only when caching is on: the cache libraries are most of the bundle.
  const caches = cacheInputs.cache ? await import('./caches.js') : undefined;
  caches?.exportCacheChoice(cacheInputs);
  if (!caches) writeNoCacheOutputs();
  const exported = (await caches?.restoreCaches(go, cacheInputs, env)) ?? {};
  const health = await proveGoWorks(go, exported, options, effects);
  const result = { ...go, ...(health ? { health } : {}) };

  writeSetupOutputs(result);
  for (const note of result.environment.notes) core.info(inert(note));
  core.saveState(STATE.goRoot, result.goRoot);
  core.saveState(STATE.entry, JSON.stringify(result.entry));
  await core.summary
    .addRaw(
      renderSummary({
        record: result.record,
        cacheHit: result.cacheHit,
        goRoot: result.goRoot,
        health,
      }),
    )
    .write();
}

main()
  .catch((err: unknown) => {
    core.setFailed(err instanceof Error ? err.message : String(err));
  })
  // A cache call abandoned at its deadline cannot be cancelled; do not let it hold the step.
  .finally(() => process.exit());
