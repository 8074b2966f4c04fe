/**
 * The gates action: run gofmt, go vet, staticcheck and golangci-lint with the job's Go,
 * annotate findings, write one summary table, set outputs. The lint caches are restored
 * before the gates and saved after them in the same step (the action has no post step).
 */
import * as core from '@actions/core';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { CacheBackend } from '../cache/backend.js';
import { parseCacheInputs } from '../cache/cache-inputs.js';
import { removeTree } from '../archive/remove-tree.js';
import { toolCacheRoot } from '../install/tool-cache.js';
import { httpSettingsFromEnv } from '../options.js';
import { parseGatesOptions } from '../gates/gates-options.js';
import { lintCacheDirs, lintCacheKey } from '../gates/lint-cache.js';
import {
  ANNOTATIONS_PER_LEVEL,
  renderGatesSummary,
  resultsJson,
  selectAnnotations,
} from '../gates/report.js';
import { runGates } from '../gates/run-gates.js';
import { makeBackend } from './caches.js';
import { actionsLogger } from './logger.js';
import { inert } from '../log-text.js';

async function main(): Promise<void> {
  const env = process.env;
  const options = parseGatesOptions((name) => core.getInput(name));
  const root = env['GITHUB_WORKSPACE'] || process.cwd();
  const lint = lintCacheDirs(env);
  const jobEnv = { ...env, ...lint.env };
  core.setOutput('cache-hit', 'false');
  let backend: CacheBackend | undefined;
  let saveKey: string | undefined;
  /** The backend a lint cache entry was restored from, for the summary's word on its trust. */
  let lintCacheFrom: string | undefined;

  const report = await runGates(options, {
    root,
    env: jobEnv,
    logger: actionsLogger,
    toolRoot: toolCacheRoot(env),
    tempRoot: env['RUNNER_TEMP'] || undefined,
    // Kept inside the lint cache entry, so identical inputs in a later run reuse results.
    resultsDir: options.cache ? path.join(lint.root, 'results') : undefined,
    http: httpSettingsFromEnv(env),
    beforeGates: async (modules, go, fingerprint) => {
      if (
        !options.cache ||
        !options.gates.some((g) => g === 'staticcheck' || g === 'golangci-lint')
      )
        return;
      try {
        const cacheInputs = parseCacheInputs((name) =>
          name === 'cache-backend' || name === 'cache-dir' ? core.getInput(name) : '',
        );
        backend = await makeBackend(cacheInputs, env);
        if (!backend) return;
        const { key, restoreKeys } = await lintCacheKey({
          options,
          modules,
          root,
          goVersion: go.version,
          fingerprint,
          os: go.os,
          arch: go.arch,
        });
        await removeTree(lint.root);
        await mkdir(lint.root, { recursive: true });
        const restored = await backend.restore({ dir: lint.root, key, restoreKeys });
        core.setOutput('cache-hit', String(restored.kind === 'hit'));
        if (restored.kind === 'failed')
          core.warning(`lint cache: ${restored.reason}; the gates run without it`);
        else
          core.info(
            `lint cache: ${restored.kind === 'miss' ? 'miss' : `${restored.kind} (${inert(restored.matchedKey)})`}`,
          );
        if (restored.kind !== 'hit') saveKey = key;
        if (restored.kind === 'hit' || restored.kind === 'partial') lintCacheFrom = backend.name;
      } catch (err) {
        core.warning(`lint cache: ${(err as Error).message}; the gates run without it`);
      }
    },
  });

  // A tool that could not run comes first: GitHub keeps only the first 10 errors of a step.
  for (const r of report.results) {
    if (r.failure)
      core.error(`${r.gate} could not run:\n${r.failure}`, { title: `${r.gate}: tool failed` });
  }
  const { annotations, omitted } = selectAnnotations(report.results);
  for (const a of annotations) {
    const props: core.AnnotationProperties = {
      title: a.title,
      file: a.file,
      startLine: a.line,
      startColumn: a.column,
      endLine: a.endLine,
      endColumn: a.endColumn,
    };
    if (a.level === 'error') core.error(a.message, props);
    else if (a.level === 'warning') core.warning(a.message, props);
    else core.notice(a.message, props);
  }
  if (omitted > 0)
    core.info(
      `${omitted} more findings are in the step summary (GitHub shows at most ${ANNOTATIONS_PER_LEVEL} errors and ${ANNOTATIONS_PER_LEVEL} warnings per step)`,
    );
  const findings = report.results.reduce((n, r) => n + r.findings.length, 0);
  core.setOutput('passed', String(report.passed));
  core.setOutput('findings', String(findings));
  core.setOutput('results', resultsJson(report));
  let summary = renderGatesSummary(report);
  if (lintCacheFrom !== undefined) {
    summary +=
      '\nLint caches: restored from the ' +
      (lintCacheFrom === 'local'
        ? "runner's local cache directory; not proven: they rest on every job that can write it."
        : "GitHub cache service; not proven: they rest on the cache's scopes (a pull " +
          "request reads its base branch's entries and writes only its own).") +
      '\n';
  }
  await core.summary.addRaw(summary).write();

  if (backend && saveKey) {
    const saved = await backend.save({ dir: lint.root, key: saveKey });
    if (saved.kind === 'failed') core.warning(`lint cache not saved: ${saved.reason}`);
    else
      core.info(
        `lint cache ${saved.kind === 'saved' ? 'saved' : 'already saved'} as ${inert(saveKey)}`,
      );
  }

  if (!report.passed) {
    const failing = report.results
      .filter((r) => r.status === 'failed' || r.status === 'error')
      .map((r) => r.gate);
    const why =
      failing.length > 0
        ? `gates failed: ${failing.join(', ')}`
        : `only-new-issues: strict and no base: ${report.baseProblem}`;
    core.setFailed(
      `${why} (${findings} finding${findings === 1 ? '' : 's'}; see the step summary)`,
    );
  }
}

main()
  .catch((err: unknown) => {
    core.setFailed(err instanceof Error ? err.message : String(err));
  })
  // A cache call abandoned at its deadline cannot be cancelled; do not let it hold the step.
  .finally(() => process.exit());
