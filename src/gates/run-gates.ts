/**
 * The gates engine shared by the action and the CLI: find the modules, get the tools (while
 * gofmt and go vet already run), run every gate at once, keep only new findings if asked,
 * and decide pass or fail. Reporting (annotations, summary) is the caller's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../log.js';
import type { RequestOptions } from '../fetch/http.js';
import { discoverModules, type GoModule } from '../go/modules.js';
import type { GateName } from './finding.js';
import type { GatesOptions } from './gates-options.js';
import { failsForNoBase, findBaseline } from './baseline.js';
import { gatesToolchain, moduleContexts } from './gate-contexts.js';
import type { BaseInfo } from './merge-base.js';
import { fingerprintOnce, ReusableResults } from './results-reuse.js';
import { runOneGate, type GateResult, type GateRun } from './run-one-gate.js';
import type { StagedGoFiles } from './staged.js';
import { startToolInstalls } from './tool-choice.js';
import type { GoInfo } from './tools.js';

export type { GateResult, GateStatus } from './run-one-gate.js';

export interface GatesReport {
  readonly passed: boolean;
  readonly results: readonly GateResult[];
  readonly modules: readonly GoModule[];
  readonly go: GoInfo;
  /** only-new-issues: what the findings were compared against, or why nothing could be. */
  readonly base?: BaseInfo;
  readonly baseProblem?: string;
  /** How the gates ran, worth a line in the summary. */
  readonly notes: readonly string[];
  readonly durationMs: number;
}

export interface GatesDeps {
  /** Repository root: finding paths are relative to it. */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logger: Logger;
  /** Where release archives of the tools are kept (each is proven again when used). */
  readonly toolRoot: string;
  /** Where this run's tool binaries and builds go (a fresh directory under it); default tmpdir. */
  readonly tempRoot?: string;
  readonly http?: RequestOptions;
  /** Run only on these staged files and their packages (the pre-commit hook). */
  readonly staged?: StagedGoFiles;
  readonly timeoutMs?: number;
  /** Where gate results are kept for reuse on identical inputs; none: always run the tools. */
  readonly resultsDir?: string;
  /** Called once the modules are known, before any gate runs (the action restores lint caches). */
  readonly beforeGates?: (
    modules: readonly GoModule[],
    go: GoInfo,
    fingerprint: (dir: string) => Promise<string>,
  ) => Promise<void>;
}

export async function runGates(options: GatesOptions, deps: GatesDeps): Promise<GatesReport> {
  // The tools run from a directory of this run only, removed when the gates are done.
  const runDir = await mkdtemp(path.join(deps.tempRoot ?? os.tmpdir(), 'sgv-gates-'));
  try {
    return await runGatesIn(options, deps, runDir);
  } finally {
    await rm(runDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}

/**
 * Every gate at once, go vet started first. Every tool compiles what it analyzes (export
 * data in GOCACHE); started together they compile the same packages at once and fight for
 * the CPUs, so staticcheck and golangci-lint wait for go vet and find its work in the build
 * cache (measured in bench/gates.mjs).
 */
function runAllGates(
  gates: readonly GateName[],
  run: Omit<GateRun, 'vetDone'>,
): Promise<GateResult[]> {
  const vet = gates.includes('vet')
    ? runOneGate('vet', { ...run, vetDone: Promise.resolve() })
    : undefined;
  const afterVet: GateRun = { ...run, vetDone: vet ?? Promise.resolve() };
  return Promise.all(gates.map((g) => (g === 'vet' && vet ? vet : runOneGate(g, afterVet))));
}

async function runGatesIn(
  options: GatesOptions,
  deps: GatesDeps,
  runDir: string,
): Promise<GatesReport> {
  const started = Date.now();
  const { logger, root } = deps;
  const toolchain = await gatesToolchain(deps.env, root);
  const { go, env } = toolchain;
  const modules = await discoverModules(options.workingDirectories, root, go.go, env);
  const fingerprint = fingerprintOnce();
  await deps.beforeGates?.(modules, go, fingerprint);
  logger.info(
    `gates ${options.gates.join(', ')} with ${go.version} in ${modules.map((m) => path.relative(root, m.dir) || '.').join(', ')}`,
  );
  const baseline = await findBaseline(options.onlyNewIssues, options.baseRef, deps, logger);
  const contexts = moduleContexts(modules, {
    root,
    toolchain,
    buildTags: options.buildTags,
    staged: deps.staged,
    timeoutMs: deps.timeoutMs ?? 30 * 60_000,
  });
  // Tools are fetched or built while gofmt and go vet run.
  const tools = startToolInstalls(options, modules, {
    go,
    root: deps.toolRoot,
    runDir,
    env: deps.env,
    http: deps.http,
  });
  const reuse = deps.resultsDir
    ? new ReusableResults(deps.resultsDir, { options, root, go, env, fingerprint, logger })
    : undefined;
  const notes: string[] = [];
  const run = { options, root, contexts, tools, changed: baseline.changed, reuse, notes };
  const results = await runAllGates(options.gates, run);
  await reuse?.prune();
  for (const note of notes) logger.info(note);
  const gatesPassed = results.every((r) => r.status === 'passed' || r.status === 'skipped');
  return {
    passed: gatesPassed && !failsForNoBase(options.onlyNewIssues, baseline),
    results,
    modules,
    go,
    base: baseline.base,
    baseProblem: baseline.baseProblem,
    notes,
    durationMs: Date.now() - started,
  };
}
