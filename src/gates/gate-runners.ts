/**
 * One function per gate: run the tool in one module, parse what it said into Findings. The
 * tool's own words come back as `failure` when it could not do its job (crash, bad config,
 * garbage output); findings are never invented from a failure, nor a failure from findings.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { run, type RunResult } from '../process.js';
import type { Finding, GateName } from './finding.js';
import type { GoModule } from '../go/modules.js';
import { moduleGoFiles } from '../go/modules.js';
import { parseGofmtDiff } from './parse-gofmt.js';
import { parseVet } from './parse-vet.js';
import { parseStaticcheck } from './parse-staticcheck.js';
import { golangciJsonArgs, parseConfigVerify, parseGolangci } from './parse-golangci.js';
import type { GateOutcome, ParseContext, ToolRun } from './tool-output.js';

export interface GateRunContext {
  readonly module: GoModule;
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly go: string;
  readonly gofmt: string;
  readonly buildTags: readonly string[];
  /** Package patterns relative to the module (`./...` unless only staged packages run). */
  readonly patterns: readonly string[];
  /** Files for gofmt; undefined means every .go file of the module. */
  readonly files?: readonly string[];
  readonly timeoutMs: number;
}

export interface FmtOutcome extends GateOutcome {
  /** gofmt's diff per root-relative file, for the summary. */
  readonly diffs: ReadonlyMap<string, string>;
}

function toolRun(r: RunResult): ToolRun {
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a tool, turning a spawn failure or timeout into a tool run with the reason as stderr. */
async function runTool(
  file: string,
  args: readonly string[],
  ctx: GateRunContext,
): Promise<ToolRun> {
  try {
    return toolRun(
      await run(file, args, { cwd: ctx.module.dir, env: ctx.env, timeoutMs: ctx.timeoutMs }),
    );
  } catch (err) {
    return { code: null, stdout: '', stderr: err instanceof Error ? err.message : String(err) };
  }
}

function parseContext(ctx: GateRunContext): ParseContext {
  return { cwd: ctx.module.dir, root: ctx.root };
}

const GOFMT_BATCH = 200;

export async function runFmt(ctx: GateRunContext): Promise<FmtOutcome> {
  const files = ctx.files ?? (await moduleGoFiles(ctx.module.dir));
  const findings: Finding[] = [];
  const diffs = new Map<string, string>();
  const failures: string[] = [];
  // Batches keep the command line under Windows' 32 KiB limit on large modules.
  for (let i = 0; i < files.length; i += GOFMT_BATCH) {
    const batch = files.slice(i, i + GOFMT_BATCH);
    const out = parseGofmtDiff(await runTool(ctx.gofmt, ['-d', ...batch], ctx), parseContext(ctx));
    findings.push(...out.findings);
    for (const [f, d] of out.diffs) diffs.set(f, d);
    if (out.failure) failures.push(out.failure);
  }
  // gofmt's diff tells a CRLF-only difference (a Windows checkout) from a real one.
  return { findings, diffs, failure: failures.length > 0 ? failures.join('\n') : undefined };
}

function tagArgs(flag: string, tags: readonly string[]): string[] {
  return tags.length > 0 ? [`${flag}=${tags.join(',')}`] : [];
}

export async function runVet(ctx: GateRunContext): Promise<GateOutcome> {
  const args = ['vet', '-json', ...tagArgs('-tags', ctx.buildTags), ...ctx.patterns];
  return parseVet(await runTool(ctx.go, args, ctx), parseContext(ctx));
}

export async function runStaticcheck(
  ctx: GateRunContext,
  bin: string,
  checks: string | undefined,
): Promise<GateOutcome> {
  const args = [
    '-f',
    'json',
    ...tagArgs('-tags', ctx.buildTags),
    ...(checks ? ['-checks', checks] : []),
    ...ctx.patterns,
  ];
  return parseStaticcheck(await runTool(bin, args, ctx), parseContext(ctx));
}

const GOLANGCI_CONFIGS = ['.golangci.yml', '.golangci.yaml', '.golangci.toml', '.golangci.json'];

/** The config golangci-lint will pick: the nearest one from the module up to the repository root. */
export async function findGolangciConfig(
  moduleDir: string,
  root: string,
): Promise<string | undefined> {
  let dir = moduleDir;
  for (;;) {
    for (const name of GOLANGCI_CONFIGS) {
      const p = path.join(dir, name);
      if (
        await readFile(p).then(
          () => true,
          () => false,
        )
      )
        return p;
    }
    const parent = path.dirname(dir);
    if (dir === root || parent === dir || !path.resolve(dir).startsWith(path.resolve(root)))
      return undefined;
    dir = parent;
  }
}

export interface GolangciPrep {
  readonly config?: string;
  /** golangci-lint linters left to the dedicated gates. */
  readonly disable: readonly string[];
  readonly failure?: string;
}

/** golangci-lint linters that do what a gate of ours does, by gate. */
const DUPLICATES: Partial<Record<GateName, readonly string[]>> = {
  vet: ['govet'],
  // staticcheck's own binary runs the unused checks (U1000) too.
  staticcheck: ['staticcheck', 'unused'],
};

/**
 * The golangci-lint linters to skip because a gate of this run does the same analysis:
 * the work is not done twice and a finding is not reported twice. A linter the config or
 * the arguments name (to enable or tune it) is left alone: the user asked for it as it is.
 */
export function duplicateLinters(
  gates: readonly GateName[],
  configText: string,
  userArgs: readonly string[],
): string[] {
  const named = (linter: string) =>
    new RegExp(`\\b${linter}\\b`).test(configText) || userArgs.some((a) => a.includes(linter));
  return gates.flatMap((g) => DUPLICATES[g] ?? []).filter((l) => !named(l));
}

/**
 * Finds and verifies the module's golangci-lint config (a v1 or mistyped config otherwise
 * surfaces as a confusing run failure) and decides which linters the gates already cover.
 * Runs while go vet still compiles.
 */
export async function prepareGolangci(
  ctx: GateRunContext,
  bin: string,
  gates: readonly GateName[],
  userArgs: readonly string[],
): Promise<GolangciPrep> {
  const config = await findGolangciConfig(ctx.module.dir, ctx.root);
  let text = '';
  if (config) {
    const problem = parseConfigVerify(
      await runTool(bin, ['config', 'verify', '--config', config], ctx),
    );
    if (problem) {
      return { config, disable: [], failure: `${path.relative(ctx.root, config)}: ${problem}` };
    }
    text = await readFile(config, 'utf8');
  }
  return { config, disable: duplicateLinters(gates, text, userArgs) };
}

export async function runGolangci(
  ctx: GateRunContext,
  bin: string,
  userArgs: readonly string[],
  prep: GolangciPrep,
): Promise<GateOutcome> {
  if (prep.failure) return { findings: [], failure: prep.failure };
  const args = [
    'run',
    ...golangciJsonArgs(),
    ...tagArgs('--build-tags', ctx.buildTags),
    ...(prep.config ? ['--config', prep.config] : []),
    ...(prep.disable.length > 0 ? [`--disable=${prep.disable.join(',')}`] : []),
    ...userArgs,
    ...ctx.patterns,
  ];
  return parseGolangci(await runTool(bin, args, ctx), parseContext(ctx));
}
