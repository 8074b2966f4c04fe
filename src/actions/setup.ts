/**
 * The setup action: read inputs, run the library's setupGo, write outputs, environment,
 * state for the post step and the step summary. Everything else lives in the library.
 */
import * as core from '@actions/core';
import { actionsLogger } from './logger.js';
import { httpSettingsFromEnv, parseSetupOptions } from '../options.js';
import { renderSummary } from '../report/summary.js';
import { setupGo } from '../setup-go.js';
import { toolCacheRoot } from '../install/tool-cache.js';
import { STATE } from './state.js';

async function main(): Promise<void> {
  const env = process.env;
  const options = parseSetupOptions((name) => core.getInput(name), {
    workingDirectory: env['GITHUB_WORKSPACE'] || process.cwd(),
    toolCacheDir: toolCacheRoot(env),
    goproxy: env['GOPROXY'],
  });
  if (options.token) core.setSecret(options.token);
  const downloadBaseUrl = options.downloadBaseUrl ?? nonEmpty(env['GO_DOWNLOAD_BASE_URL']);

  const gosumdb = env['GOSUMDB']?.trim() || undefined;
  const result = await setupGo(
    { ...options, downloadBaseUrl, gosumdb },
    {
      logger: actionsLogger,
      env,
      http: httpSettingsFromEnv(env),
    },
  );

  for (const dir of [...result.environment.path].reverse()) core.addPath(dir);
  for (const [name, value] of Object.entries(result.environment.variables)) {
    core.exportVariable(name, value);
  }
  for (const note of result.environment.notes) core.info(note);

  core.setOutput('go-version', result.version);
  core.setOutput('go-root', result.goRoot);
  core.setOutput('go-path', result.goPath);
  core.setOutput('cache-hit', String(result.cacheHit));
  core.setOutput('verification', JSON.stringify(result.record));

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

function nonEmpty(v: string | undefined): string | undefined {
  return v && v.trim() !== '' ? v.trim().replace(/\/+$/, '') : undefined;
}

main().catch((err: unknown) => {
  core.setFailed(err instanceof Error ? err.message : String(err));
});
