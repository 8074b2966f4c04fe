/**
 * One gate over every module of a run: wait for its tool, run it in each module (or reuse
 * the result of identical inputs), keep only the findings on changed lines if asked, and
 * decide the gate's status.
 */
import * as path from 'node:path';
import type { ChangedLines } from './changed-lines.js';
import { filterToChanged } from './changed-lines.js';
import { compareFindings, type Finding, type GateName } from './finding.js';
import {
  prepareGolangci,
  runFmt,
  runGolangci,
  runStaticcheck,
  runVet,
  type GateRunContext,
  type GolangciPrep,
} from './gate-runners.js';
import type { GatesOptions } from './gates-options.js';
import type { ModuleOutcome, ReusableResults } from './results-reuse.js';
import type { ChosenTool, ToolInstalls } from './tool-choice.js';

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
  readonly tool?: ChosenTool;
  /** Modules whose result came from the results cache (identical inputs ran before). */
  readonly reused: number;
  /** gofmt diffs per file (fmt gate only). */
  readonly diffs?: ReadonlyMap<string, string>;
}

/** What the gates of one run share. */
export interface GateRun {
  readonly options: GatesOptions;
  readonly root: string;
  readonly contexts: readonly GateRunContext[];
  readonly tools: ToolInstalls;
  /** Lines added or modified since the only-new-issues base; undefined: keep everything. */
  readonly changed?: ChangedLines;
  readonly reuse?: ReusableResults;
  /** Lines for the summary, added as the gates learn them. */
  readonly notes: string[];
  /** Settles when go vet is done (at once when it does not run). */
  readonly vetDone: Promise<unknown>;
}

/** Whether findings of this severity fail the run under `fail-on`. */
export function failsOn(failOn: GatesOptions['failOn'], f: Finding): boolean {
  if (failOn === 'never') return false;
  if (failOn === 'warning') return f.severity === 'error' || f.severity === 'warning';
  return f.severity === 'error';
}

/** What a gate gathered over the modules, before only-new-issues and fail-on. */
interface Gathered {
  readonly findings: Finding[];
  readonly failures: string[];
  readonly diffs: Map<string, string>;
  reused: number;
  tool?: ChosenTool;
}

/** The findings that count, what only-new-issues dropped, and the status they make. */
export function gateVerdict(
  findings: readonly Finding[],
  failure: string | undefined,
  changed: ChangedLines | undefined,
  failOn: GatesOptions['failOn'],
): { kept: Finding[]; dropped: number; status: GateStatus } {
  const { kept, dropped } = changed
    ? filterToChanged(findings, changed)
    : { kept: [...findings], dropped: 0 };
  kept.sort(compareFindings);
  const status: GateStatus = failure
    ? 'error'
    : kept.some((f) => failsOn(failOn, f))
      ? 'failed'
      : 'passed';
  return { kept, dropped, status };
}

/**
 * golangci-lint's config checked in each module, and the linters it leaves to the vet and
 * staticcheck gates of this run (said once in the notes).
 */
async function prepareGolangciRuns(bin: string, run: GateRun): Promise<GolangciPrep[]> {
  const { options } = run;
  const preps = await Promise.all(
    run.contexts.map((ctx) => prepareGolangci(ctx, bin, options.gates, options.golangciArgs)),
  );
  const skipped = [...new Set(preps.flatMap((p) => p.disable))];
  if (skipped.length > 0) {
    run.notes.push(
      `golangci-lint left ${skipped.join(', ')} to the ${options.gates.filter((g) => g === 'vet' || g === 'staticcheck').join(' and ')} gate${skipped.length > 1 ? 's' : ''}: the same analysis runs once and each finding is reported once`,
    );
  }
  return preps;
}

function runTool(
  gate: GateName,
  ctx: GateRunContext,
  run: GateRun,
  tool: ChosenTool | undefined,
  prep: GolangciPrep | undefined,
): Promise<ModuleOutcome> {
  if (gate === 'fmt') return runFmt(ctx);
  if (gate === 'vet') return runVet(ctx);
  if (gate === 'staticcheck') return runStaticcheck(ctx, tool!.path, run.options.staticcheckChecks);
  return runGolangci(ctx, tool!.path, run.options.golangciArgs, prep!);
}

/** The gate's outcome in one module: reused for identical inputs, else the tool's. */
async function moduleOutcome(
  gate: GateName,
  ctx: GateRunContext,
  run: GateRun,
  tool: ChosenTool | undefined,
  prep: GolangciPrep | undefined,
): Promise<{ readonly outcome: ModuleOutcome; readonly reused: boolean }> {
  const fresh = () => runTool(gate, ctx, run, tool, prep);
  // gofmt takes less time than hashing its inputs, and its diffs are not stored.
  if (!run.reuse || gate === 'fmt') return { outcome: await fresh(), reused: false };
  const key = await run.reuse.key(gate, ctx, tool, prep?.disable ?? []);
  return run.reuse.outcome(key, fresh);
}

/** Runs the gate in every module in turn, adding what each gave to `into`. */
async function gatherModules(gate: GateName, run: GateRun, into: Gathered): Promise<void> {
  if (gate === 'staticcheck' || gate === 'golangci-lint') into.tool = await run.tools[gate]!;
  const tool = into.tool;
  const preps = gate === 'golangci-lint' ? await prepareGolangciRuns(tool!.path, run) : [];
  // The analyzers find go vet's compile work in the build cache instead of redoing it.
  if (tool) await run.vetDone;
  for (const [i, ctx] of run.contexts.entries()) {
    const { outcome, reused } = await moduleOutcome(gate, ctx, run, tool, preps[i]);
    if (reused) into.reused++;
    into.findings.push(...outcome.findings);
    if (outcome.failure) {
      const where = path.relative(run.root, ctx.module.dir) || '.';
      into.failures.push(
        run.contexts.length > 1 ? `[${where}] ${outcome.failure}` : outcome.failure,
      );
    }
    for (const [f, d] of outcome.diffs ?? []) into.diffs.set(f, d);
  }
}

export async function runOneGate(gate: GateName, run: GateRun): Promise<GateResult> {
  const t0 = Date.now();
  const got: Gathered = { findings: [], failures: [], diffs: new Map(), reused: 0 };
  try {
    await gatherModules(gate, run, got);
  } catch (err) {
    got.failures.push(err instanceof Error ? err.message : String(err));
  }
  const failure = got.failures.length > 0 ? got.failures.join('\n') : undefined;
  const { kept, dropped, status } = gateVerdict(
    got.findings,
    failure,
    run.changed,
    run.options.failOn,
  );
  return {
    gate,
    status,
    findings: kept,
    dropped,
    failure,
    durationMs: Date.now() - t0,
    tool: got.tool,
    reused: got.reused,
    diffs: gate === 'fmt' ? got.diffs : undefined,
  };
}
