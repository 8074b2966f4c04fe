/**
 * The gates action: run gofmt, go vet, staticcheck and golangci-lint with the job's Go,
 * annotate findings, write one summary table, set outputs. The lint caches are restored
 * before the gates and saved after them in the same step (the action has no post step).
 * Every input is parsed and checked before anything is downloaded or written.
 */
import * as core from '@actions/core';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { CacheBackend } from '../cache/backend.js';
import { followSetupCache, parseCacheInputs, type CacheInputs } from '../cache/cache-inputs.js';
import { removeTree } from '../archive/remove-tree.js';
import type { GoModule } from '../go/modules.js';
import { toolCacheRoot } from '../install/tool-cache.js';
import { httpSettingsFromEnv } from '../options.js';
import { parseGatesOptions, type GatesOptions } from '../gates/gates-options.js';
import { lintCacheDirs, lintCacheKey, type LintCacheDirs } from '../gates/lint-cache.js';
import {
  ANNOTATIONS_PER_LEVEL,
  renderGatesSummary,
  resultsJson,
  selectAnnotations,
} from '../gates/report.js';
import { runGates, type GatesReport } from '../gates/run-gates.js';
import type { GoInfo } from '../gates/tools.js';
import { makeBackend } from './caches.js';
import { actionsLogger } from './logger.js';
import { inert } from '../log-text.js';

/** The step's inputs, each checked. */
interface GatesInputs {
  readonly options: GatesOptions;
  /** The lint cache's backend: of the cache inputs, only cache-backend and cache-dir apply. */
  readonly cache: CacheInputs;
}

/**
 * Throws an InputError naming the input and what it accepts at the first bad one. The cache
 * backend and directory default to the setup step's of the same job.
 */
function readInputs(env: NodeJS.ProcessEnv): GatesInputs {
  const options = parseGatesOptions((name) => core.getInput(name));
  const backendInput = followSetupCache((name) => core.getInput(name), env);
  const cache = parseCacheInputs((name) =>
    name === 'cache-backend' || name === 'cache-dir' ? backendInput(name) : '',
  );
  return { options, cache };
}

/** The lint caches of this step: restored once the modules are known, saved at the end. */
class LintCache {
  private backend: CacheBackend | undefined;
  private saveKey: string | undefined;
  /** The backend an entry was restored from, for the summary's word on its trust. */
  private restoredFrom: string | undefined;

  constructor(
    readonly dirs: LintCacheDirs,
    private readonly inputs: GatesInputs,
    private readonly env: NodeJS.ProcessEnv,
    private readonly root: string,
  ) {}

  /** Only staticcheck and golangci-lint keep analysis caches. */
  private wanted(): boolean {
    const { options } = this.inputs;
    return options.cache && options.gates.some((g) => g === 'staticcheck' || g === 'golangci-lint');
  }

  /** Never fails the step: the gates run without the cache instead. */
  async restore(
    modules: readonly GoModule[],
    go: GoInfo,
    fingerprint: (dir: string) => Promise<string>,
  ): Promise<void> {
    if (!this.wanted()) return;
    try {
      this.backend = await makeBackend(this.inputs.cache, this.env);
      if (!this.backend) return;
      const { options } = this.inputs;
      const { key, restoreKeys } = await lintCacheKey({
        options,
        modules,
        root: this.root,
        goVersion: go.version,
        fingerprint,
        os: go.os,
        arch: go.arch,
      });
      await removeTree(this.dirs.root);
      await mkdir(this.dirs.root, { recursive: true });
      const restored = await this.backend.restore({ dir: this.dirs.root, key, restoreKeys });
      core.setOutput('cache-hit', String(restored.kind === 'hit'));
      if (restored.kind === 'failed')
        core.warning(`lint cache: ${restored.reason}; the gates run without it`);
      else
        core.info(
          `lint cache: ${restored.kind === 'miss' ? 'miss' : `${restored.kind} (${inert(restored.matchedKey)})`}`,
        );
      if (restored.kind !== 'hit') this.saveKey = key;
      if (restored.kind === 'hit' || restored.kind === 'partial')
        this.restoredFrom = this.backend.name;
    } catch (err) {
      core.warning(`lint cache: ${(err as Error).message}; the gates run without it`);
    }
  }

  /** What the summary says about the trust of a restored entry; '' when none was. */
  summaryNote(): string {
    if (this.restoredFrom === undefined) return '';
    return (
      '\nLint caches: restored from the ' +
      (this.restoredFrom === 'local'
        ? "runner's local cache directory; not proven: they rest on every job that can write it."
        : "GitHub cache service; not proven: they rest on the cache's scopes (a pull " +
          "request reads its base branch's entries and writes only its own).") +
      '\n'
    );
  }

  /** Saves a new entry unless the exact key was restored. */
  async save(): Promise<void> {
    if (!this.backend || !this.saveKey) return;
    const saved = await this.backend.save({ dir: this.dirs.root, key: this.saveKey });
    if (saved.kind === 'failed') core.warning(`lint cache not saved: ${saved.reason}`);
    else
      core.info(
        `lint cache ${saved.kind === 'saved' ? 'saved' : 'already saved'} as ${inert(this.saveKey)}`,
      );
  }
}

/** Tool failures first (GitHub keeps only the first 10 errors of a step), then findings. */
function annotate(report: GatesReport): void {
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
}

/** Why the step fails: the gates that did, or strict only-new-issues without a base. */
function failureMessage(report: GatesReport, findings: number): string {
  const failing = report.results
    .filter((r) => r.status === 'failed' || r.status === 'error')
    .map((r) => r.gate);
  const why =
    failing.length > 0
      ? `gates failed: ${failing.join(', ')}`
      : `only-new-issues: strict and no base: ${report.baseProblem}`;
  return `${why} (${findings} finding${findings === 1 ? '' : 's'}; see the step summary)`;
}

async function main(): Promise<void> {
  const env = process.env;
  const inputs = readInputs(env);
  const { options } = inputs;
  const root = env['GITHUB_WORKSPACE'] || process.cwd();
  const http = httpSettingsFromEnv(env);
  const lintCache = new LintCache(lintCacheDirs(env), inputs, env, root);
  core.setOutput('cache-hit', 'false');

  const report = await runGates(options, {
    root,
    env: { ...env, ...lintCache.dirs.env },
    logger: actionsLogger,
    toolRoot: toolCacheRoot(env),
    tempRoot: env['RUNNER_TEMP'] || undefined,
    // Kept inside the lint cache entry, so identical inputs in a later run reuse results.
    resultsDir: options.cache ? path.join(lintCache.dirs.root, 'results') : undefined,
    http,
    beforeGates: (modules, go, fingerprint) => lintCache.restore(modules, go, fingerprint),
  });

  annotate(report);
  const findings = report.results.reduce((n, r) => n + r.findings.length, 0);
  core.setOutput('passed', String(report.passed));
  core.setOutput('findings', String(findings));
  core.setOutput('results', resultsJson(report));
  await core.summary.addRaw(renderGatesSummary(report) + lintCache.summaryNote()).write();
  await lintCache.save();
  if (!report.passed) core.setFailed(failureMessage(report, findings));
}

main()
  .catch((err: unknown) => {
    core.setFailed(err instanceof Error ? err.message : String(err));
  })
  // A cache call abandoned at its deadline cannot be cancelled; do not let it hold the step.
  .finally(() => process.exit());
