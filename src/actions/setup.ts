/**
 * The setup action: read inputs, run the library's setupGo, write outputs, environment,
 * state for the post step and the step summary. Everything else lives in the library.
 */
// First: starts the hash workers while the rest loads (see prestart.ts).
import './prestart.js';
import * as core from '@actions/core';
import { actionsLogger } from './logger.js';
import { inert } from '../log-text.js';
import { envDefaults, httpSettingsFromEnv, parseSetupOptions } from '../options.js';
import { writeSetupOutputs } from './outputs.js';
import { renderSummary } from './summary.js';
import { setupGo } from '../install/setup-go.js';
import { toolCacheRoot } from '../install/tool-cache.js';
import { STATE } from './state.js';

async function main(): Promise<void> {
  const env = process.env;
  const options = parseSetupOptions((name) => core.getInput(name), {
    workingDirectory: env['GITHUB_WORKSPACE'] || process.cwd(),
    toolCacheDir: toolCacheRoot(env),
    ...envDefaults(env),
  });
  if (options.token) core.setSecret(options.token);

  const result = await setupGo(options, {
    logger: actionsLogger,
    env,
    http: httpSettingsFromEnv(env),
    // Loaded when needed: the cache libraries are most of the bundle, and a warm step
    // should not pay for parsing them before it knows it will use them.
    beforeHealthCheck: async (go) => (await import('./caches.js')).restoreCaches(go, env),
  });

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
        health: result.health,
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
