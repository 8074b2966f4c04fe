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
import { jobGo } from '../go/job-go.js';
import { compareFindings, type Finding, type GateName } from './finding.js';
import type { GatesOptions } from './gates-options.js';
import { discoverModules, type GoModule } from '../go/modules.js';
import {
  prepareGolangci,
  type GolangciPrep,
  runFmt,
  runGolangci,
  runStaticcheck,
  runVet,
  type GateRunContext,
} from './gate-runners.js';
import { defaultGolangci, defaultStaticcheck, type ToolVersion } from './tool-versions.js';
import {
  installGateTool,
  type GateTool,
  type GoInfo,
  type InstalledGateTool,
  type ToolJob,
} from './tools.js';
import { changedLinesSince, findBase, type BaseInfo } from './merge-base.js';
import { filterToChanged, type ChangedLines } from './changed-lines.js';
import { ResultsCache, resultKey, treeFingerprint } from './results-cache.js';
import { gateSettings } from './gate-settings.js';
import type { GateOutcome } from './tool-output.js';
import { packagePatterns, type StagedGoFiles } from './staged.js';

export type GateStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface GateResult {
  readonly gate: GateName;
  readonly status: GateStatus;
  /** Findings that count (after only-new-issues), most severe first. */
  readonly findings: readonly Finding[];
  /** Findings dropped because they are on lines the change did not touch. */
  readonly dropped: number;
  /** The tool's own words when it failed to run. */
  readonly failure?: string;
  readonly durationMs: number;
  readonly tool?: InstalledGateTool & { readonly chosen: ToolVersion };
  /** Modules whose result came from the results cache (identical inputs ran before). */
  readonly reused: number;
  /** gofmt diffs per file (fmt gate only). */
  readonly diffs?: ReadonlyMap<string, string>;
}

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

function chooseStaticcheck(
  options: GatesOptions,
  modules: readonly GoModule[],
  go: GoInfo,
): ToolVersion {
  if (options.staticcheckVersion) return { version: options.staticcheckVersion, source: 'input' };
  const pinned = modules.find((m) => m.toolPins.staticcheck)?.toolPins.staticcheck;
  if (pinned) return { version: pinned.version, source: pinned.how };
  return defaultStaticcheck(options.staticcheckInstallMode, go.version);
}

function chooseGolangci(
  options: GatesOptions,
  modules: readonly GoModule[],
  go: GoInfo,
): ToolVersion {
  if (options.golangciVersion) return { version: options.golangciVersion, source: 'input' };
  const pinned = modules.find((m) => m.toolPins.golangci)?.toolPins.golangci;
  if (pinned) return { version: pinned.version, source: pinned.how };
  return defaultGolangci(options.golangciInstallMode, go.version);
}

/** Whether findings of this severity fail the run under `fail-on`. */
export function failsOn(failOn: GatesOptions['failOn'], f: Finding): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warning') return f.severity === 'error' || f.severity === 'warning';
  return f.severity === 'error';
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

async function runGatesIn(
  options: GatesOptions,
  deps: GatesDeps,
  runDir: string,
): Promise<GatesReport> {
  const started = Date.now();
  const { logger } = deps;
  const info = await jobGo(deps.env, deps.root);
  const go: GoInfo = { go: info.go, version: info.version, os: info.os, arch: info.arch };
  const gofmt = path.join(info.goroot, 'bin', info.os === 'windows' ? 'gofmt.exe' : 'gofmt');
  // staticcheck and golangci-lint run `go list`: they must find this toolchain first on PATH.
  const pathKey = Object.keys(deps.env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const env: NodeJS.ProcessEnv = {
    ...deps.env,
    [pathKey]: [path.dirname(info.go), deps.env[pathKey]].filter(Boolean).join(path.delimiter),
  };
  const modules = await discoverModules(options.workingDirectories, deps.root, go.go, env);
  // Each tree is hashed once, for the lint cache key and for the results keys.
  const fingerprints = new Map<string, Promise<string>>();
  const fingerprint = (dir: string) => {
    let f = fingerprints.get(dir);
    if (!f) fingerprints.set(dir, (f = treeFingerprint(dir)));
    return f;
  };
  await deps.beforeGates?.(modules, go, fingerprint);
  logger.info(
    `gates ${options.gates.join(', ')} with ${go.version} in ${modules.map((m) => path.relative(deps.root, m.dir) || '.').join(', ')}`,
  );

  let base: BaseInfo | undefined;
  let baseProblem: string | undefined;
  let changed: ChangedLines | undefined;
  if (options.onlyNewIssues !== 'off') {
    const found = await findBase({ cwd: deps.root, env: deps.env, baseRef: options.baseRef });
    if (found.ok) {
      base = found.base;
      changed = await changedLinesSince(deps.root, base);
      logger.info(`only-new-issues: comparing with ${base.how} (${base.sha.slice(0, 12)})`);
    } else {
      baseProblem = found.reason;
      logger.warning(
        `only-new-issues: no base to compare with, so ${options.onlyNewIssues === 'strict' ? 'the gates fail' : 'every finding is reported'}: ${found.reason}`,
      );
    }
  }

  const timeoutMs = deps.timeoutMs ?? 30 * 60_000;
  const contexts = modules.flatMap((module): GateRunContext[] => {
    let patterns: string[] = ['./...'];
    let files: string[] | undefined;
    if (deps.staged) {
      patterns = packagePatterns(
        deps.staged.packageDirs,
        module.dir,
        deps.root,
        modules.map((m) => m.dir),
      );
      files = deps.staged.files
        .map((f) => path.resolve(deps.root, f))
        .filter((f) => !path.relative(module.dir, f).startsWith('..'));
      if (patterns.length === 0 && files.length === 0) return [];
    }
    return [
      {
        module,
        root: deps.root,
        env,
        go: go.go,
        gofmt,
        buildTags: options.buildTags,
        patterns,
        files,
        timeoutMs,
      },
    ];
  });

  // Tools are fetched or built while gofmt and go vet run.
  const toolJob: ToolJob = { go, root: deps.toolRoot, runDir, env: deps.env, http: deps.http };
  const tools: Partial<Record<GateTool, Promise<InstalledGateTool & { chosen: ToolVersion }>>> = {};
  const wanted = {
    staticcheck: {
      choose: chooseStaticcheck,
      mode: options.staticcheckInstallMode,
      baseUrl: options.staticcheckBaseUrl,
    },
    'golangci-lint': {
      choose: chooseGolangci,
      mode: options.golangciInstallMode,
      baseUrl: options.golangciBaseUrl,
    },
  } as const;
  for (const [tool, how] of Object.entries(wanted) as [GateTool, (typeof wanted)[GateTool]][]) {
    if (!options.gates.includes(tool)) continue;
    // A version that cannot be chosen (no pinned release builds with this Go) fails its
    // gate, not the whole run.
    tools[tool] = Promise.resolve().then(async () => {
      const chosen = how.choose(options, modules, go);
      const t = await installGateTool(toolJob, tool, chosen.version, how.mode, how.baseUrl);
      return { ...t, chosen };
    });
  }
  // A failed install is reported by its gate; never an unhandled rejection meanwhile.
  for (const p of Object.values(tools)) p.catch(() => undefined);

  const notes: string[] = [];
  const cache = deps.resultsDir ? new ResultsCache(deps.resultsDir) : undefined;
  const keyFor = async (
    gate: GateName,
    ctx: GateRunContext,
    tool: GateResult['tool'],
    disabled: readonly string[],
  ) =>
    resultKey({
      gate,
      tool: tool ? `${tool.version} ${tool.verifiedBy}` : go.version,
      goVersion: go.version,
      trees: await Promise.all([ctx.module.dir, ...ctx.module.localDirs].map(fingerprint)),
      settings: [
        ...(await gateSettings(gate, ctx, options, deps.root)),
        `disabled ${disabled.join(',')}`,
      ],
      env,
    });

  // Every tool compiles what it analyzes (export data in GOCACHE). Started together they
  // compile the same packages at once and fight for the CPUs; go vet goes first and the
  // analyzers then find its work in the build cache (measured in bench/gates.mjs).
  let vetDone: Promise<unknown> = Promise.resolve();

  const runGate = async (gate: GateName): Promise<GateResult> => {
    const t0 = Date.now();
    const findings: Finding[] = [];
    const failures: string[] = [];
    const diffs = new Map<string, string>();
    let tool: GateResult['tool'];
    let reused = 0;
    let preps: GolangciPrep[] = [];
    try {
      if (gate === 'staticcheck' || gate === 'golangci-lint') {
        tool = await tools[gate]!;
        if (gate === 'golangci-lint') {
          const bin = tool.path;
          preps = await Promise.all(
            contexts.map((ctx) => prepareGolangci(ctx, bin, options.gates, options.golangciArgs)),
          );
          const skipped = [...new Set(preps.flatMap((p) => p.disable))];
          if (skipped.length > 0) {
            notes.push(
              `golangci-lint left ${skipped.join(', ')} to the ${options.gates.filter((g) => g === 'vet' || g === 'staticcheck').join(' and ')} gate${skipped.length > 1 ? 's' : ''}: the same analysis runs once and each finding is reported once`,
            );
          }
        }
        await vetDone;
      }
      for (const [i, ctx] of contexts.entries()) {
        const where = path.relative(deps.root, ctx.module.dir) || '.';
        const key =
          cache && gate !== 'fmt'
            ? await keyFor(gate, ctx, tool, preps[i]?.disable ?? [])
            : undefined;
        const stored = key ? await cache!.get(key) : undefined;
        let out: GateOutcome & { diffs?: ReadonlyMap<string, string> };
        if (stored) {
          reused++;
          out = { findings: stored.findings };
        } else {
          out =
            gate === 'fmt'
              ? await runFmt(ctx)
              : gate === 'vet'
                ? await runVet(ctx)
                : gate === 'staticcheck'
                  ? await runStaticcheck(ctx, tool!.path, options.staticcheckChecks)
                  : await runGolangci(ctx, tool!.path, options.golangciArgs, preps[i]!);
          if (key && !out.failure) {
            await cache!.put(key, { findings: out.findings }).catch((err: unknown) => {
              logger.debug(`results cache: ${(err as Error).message}`);
            });
          }
        }
        findings.push(...out.findings);
        if (out.failure)
          failures.push(contexts.length > 1 ? `[${where}] ${out.failure}` : out.failure);
        for (const [f, d] of out.diffs ?? []) diffs.set(f, d);
      }
    } catch (err) {
      failures.push(err instanceof Error ? err.message : String(err));
    }
    let kept = findings;
    let dropped = 0;
    if (changed) ({ kept, dropped } = filterToChanged(findings, changed));
    kept.sort(compareFindings);
    const failure = failures.length > 0 ? failures.join('\n') : undefined;
    const status: GateStatus = failure
      ? 'error'
      : kept.some((f) => failsOn(options.failOn, f))
        ? 'failed'
        : 'passed';
    return {
      gate,
      status,
      findings: kept,
      dropped,
      failure,
      durationMs: Date.now() - t0,
      tool,
      reused,
      diffs: gate === 'fmt' ? diffs : undefined,
    };
  };

  const running = new Map<GateName, Promise<GateResult>>();
  if (options.gates.includes('vet')) {
    running.set('vet', runGate('vet'));
    vetDone = running.get('vet')!;
  }
  const results = await Promise.all(options.gates.map((g) => running.get(g) ?? runGate(g)));
  await cache?.prune().catch(() => undefined);
  for (const note of notes) logger.info(note);
  const strictBaseFailure = options.onlyNewIssues === 'strict' && baseProblem !== undefined;
  return {
    passed:
      !strictBaseFailure && results.every((r) => r.status === 'passed' || r.status === 'skipped'),
    results,
    modules,
    go,
    base,
    baseProblem,
    notes,
    durationMs: Date.now() - started,
  };
}
