/**
 * `setup-go-verified gates` and `setup-go-verified hooks`: the action's gates engine on a
 * laptop, and the pre-commit hook that runs it on staged packages. Findings print as
 * `file:line:col: severity: gate/rule: message`, which editors and terminals link.
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { httpSettingsFromEnv } from '../options.js';
import { toolCacheRoot } from '../install/tool-cache.js';
import { streamLogger } from '../log.js';
import { run } from '../process.js';
import { parseGatesOptions } from '../gates/gates-options.js';
import { renderFindingLines, resultsJson } from '../gates/report.js';
import { userCacheDir } from '../gates/lint-cache.js';
import { runGates } from '../gates/run-gates.js';
import { stagedGoFiles } from '../gates/staged.js';
import { installPreCommitHook, uninstallPreCommitHook } from '../gates/hooks.js';
import type { CliIo } from './cli-io.js';

export const GATES_USAGE = `gates flags (the gates action's inputs):
  --gates LIST                      fmt,vet,staticcheck,golangci-lint (default: all four)
  --working-directory DIR           a module or go.work directory; repeat for several (default: .)
  --build-tags TAGS                 build tags, comma-separated
  --staticcheck-version V           2025.1.1 or v0.6.1 (default: the module's pin, else per Go version)
  --staticcheck-checks CHECKS       staticcheck -checks value
  --staticcheck-install-mode M      binary (release archive + its .sha256) or goinstall
  --staticcheck-download-base-url URL  a mirror of the staticcheck releases
  --golangci-lint-version V         v2.15.0 (default: the module's pin, else pinned)
  --golangci-lint-install-mode M    binary (release archive + checksums.txt) or goinstall
  --golangci-lint-args ARGS         extra arguments for golangci-lint run
  --golangci-lint-download-base-url URL  a mirror of the golangci-lint releases
  --only-new-issues [strict]        only findings on lines changed since the merge base
  --base REF                        compare with REF instead of the detected base
  --fail-on LEVEL                   error (default), warning or never
  --staged                          only staged files and their packages (the pre-commit hook)
  --tool-cache DIR                  where tools are kept (default: per-user cache)
  --fresh                           run every tool even if identical inputs ran before
  --json                            print the results as JSON

hooks:
  hooks install [--force] [-- FLAGS]  write a git pre-commit hook (honours core.hooksPath)
                                    that runs \`gates --staged FLAGS\`
  hooks uninstall                   remove that hook
`;

const GATES_FLAGS = {
  gates: { type: 'string' },
  'working-directory': { type: 'string', multiple: true },
  'build-tags': { type: 'string' },
  'staticcheck-version': { type: 'string' },
  'staticcheck-checks': { type: 'string' },
  'staticcheck-install-mode': { type: 'string' },
  'staticcheck-download-base-url': { type: 'string' },
  'golangci-lint-version': { type: 'string' },
  'golangci-lint-install-mode': { type: 'string' },
  'golangci-lint-args': { type: 'string' },
  'golangci-lint-download-base-url': { type: 'string' },
  'only-new-issues': { type: 'string' },
  base: { type: 'string' },
  'fail-on': { type: 'string' },
  staged: { type: 'boolean' },
  'tool-cache': { type: 'string' },
  fresh: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class GatesUsageError extends Error {}

async function repoRoot(cwd: string): Promise<string> {
  const r = await run('git', ['rev-parse', '--show-toplevel'], { cwd }).catch(() => undefined);
  return r && r.code === 0 ? path.resolve(r.stdout.trim()) : cwd;
}

/** The nearest directory with a go.mod above each file, without going above the root. */
export async function modulesOf(files: readonly string[], root: string): Promise<string[]> {
  const found = new Set<string>();
  for (const file of files) {
    let dir = path.dirname(file);
    for (;;) {
      if (
        await stat(path.join(dir, 'go.mod')).then(
          () => true,
          () => false,
        )
      ) {
        found.add(dir);
        break;
      }
      const parent = path.dirname(dir);
      if (dir === root || parent === dir) break;
      dir = parent;
    }
  }
  return [...found].sort();
}

export async function gatesCommand(args: readonly string[], io: CliIo): Promise<number> {
  // `--only-new-issues` alone means on; parseArgs needs a value, so supply one.
  const argv = args.flatMap((a, i) =>
    a === '--only-new-issues' && (args[i + 1] === undefined || args[i + 1]!.startsWith('--'))
      ? [a, 'true']
      : [a],
  );
  let flags: Record<string, string | boolean | string[] | undefined>;
  try {
    flags = parseArgs({
      args: argv,
      options: GATES_FLAGS,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new GatesUsageError((err as Error).message);
  }
  if (flags['help']) {
    io.stdout(GATES_USAGE);
    return 0;
  }
  const get = (name: string): string => {
    if (name === 'working-directory')
      return ((flags[name] as string[] | undefined) ?? []).join('\n');
    if (name === 'only-new-issues-base') return (flags['base'] as string | undefined) ?? '';
    if (name === 'cache') return 'false';
    const v = flags[name];
    return typeof v === 'string' ? v : '';
  };
  const options = parseGatesOptions(get);
  const root = await repoRoot(io.cwd);
  const env = io.env as NodeJS.ProcessEnv;
  const logger = streamLogger((line) => io.stderr(`${line}\n`), {
    debug: env['RUNNER_DEBUG'] === '1',
  });
  const staged = flags['staged'] ? await stagedGoFiles(root, { env, cwd: io.cwd }) : undefined;
  if (staged && staged.files.length === 0) {
    io.stderr('gates: no staged Go files\n');
    return 0;
  }
  // Working directories are relative to where the command runs, as a user types them. The
  // hook names none: it lints the modules that hold the staged files.
  const workingDirectories =
    staged && !flags['working-directory']
      ? await modulesOf(
          staged.files.map((f) => path.resolve(root, f)),
          root,
        )
      : options.workingDirectories.map((d) => path.resolve(io.cwd, d));
  if (workingDirectories.length === 0) {
    io.stderr('gates: no Go module holds the staged files\n');
    return 0;
  }
  const report = await runGates(
    { ...options, workingDirectories },
    {
      root,
      env,
      logger,
      toolRoot: (flags['tool-cache'] as string | undefined) ?? toolCacheRoot(env),
      http: httpSettingsFromEnv(env),
      staged,
      resultsDir: flags['fresh']
        ? undefined
        : path.join(userCacheDir(env), 'setup-go-verified', 'gate-results'),
    },
  );
  if (flags['json']) {
    io.stdout(
      `${JSON.stringify({ passed: report.passed, results: JSON.parse(resultsJson(report)) }, null, 2)}\n`,
    );
  } else {
    for (const line of renderFindingLines(report)) io.stdout(`${line}\n`);
    if (report.baseProblem) io.stderr(`warning: only-new-issues: ${report.baseProblem}\n`);
  }
  return report.passed ? 0 : 1;
}

export async function hooksCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...afterSub] = args;
  // Flags after `--` are for the gates the hook runs (`hooks install -- --gates fmt,vet`).
  const dashes = afterSub.indexOf('--');
  const rest = dashes === -1 ? afterSub : afterSub.slice(0, dashes);
  const gateArgs = dashes === -1 ? [] : afterSub.slice(dashes + 1);
  let flags: Record<string, boolean | undefined>;
  try {
    flags = parseArgs({
      args: [...rest],
      options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new GatesUsageError((err as Error).message);
  }
  if (flags['help'] || sub === undefined) {
    io.stdout(GATES_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'install') {
    if (!io.self)
      throw new Error('cannot tell how this command was started; run it through its bin script');
    const result = await installPreCommitHook({
      cwd: io.cwd,
      command: [...io.self, 'gates', '--staged', ...gateArgs],
      force: flags['force'],
    });
    io.stderr(
      `${result.replaced ? 'updated' : 'installed'} the pre-commit hook at ${result.path}\n`,
    );
    return 0;
  }
  if (sub === 'uninstall') {
    const result = await uninstallPreCommitHook(io.cwd);
    io.stderr(
      result.removed
        ? `removed ${result.path}\n`
        : `no pre-commit hook of ours at ${result.path}\n`,
    );
    return 0;
  }
  throw new GatesUsageError(
    `unknown hooks command ${JSON.stringify(sub)}; use install or uninstall`,
  );
}
