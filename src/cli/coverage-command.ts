/**
 * `setup-go-verified coverage`: the coverage action's test and report modes on a laptop, with
 * the same thresholds and reports. Several legs made elsewhere merge with `--profile` given
 * once per profile.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCoverageOptions } from '../coverage/coverage-options.js';
import { runCoverage } from '../coverage/run-coverage.js';
import { withCoverageTempDir } from '../coverage/temp-dir.js';
import { parseThresholds } from '../coverage/thresholds.js';
import { jobGo } from '../go/job-go.js';
import { streamLogger } from '../log.js';
import { inert } from '../log-text.js';
import type { CliIo } from './cli-io.js';
import { GatesUsageError } from './gates-command.js';

export const COVERAGE_USAGE = `coverage flags (the coverage action's inputs):
  --mode MODE                       test (default: run go test) or report (read --profile)
  --working-directory DIR           the module directory (default: .)
  --packages PKGS                   packages to test (default: ./...)
  --coverpkg PKGS                   go test -coverpkg
  --test-args ARGS                  extra go test arguments
  --race auto|true|false            -race where the platform has it (default: auto)
  --profile GLOB                    report: a profile or GOCOVERDIR; repeat to merge several
  --threshold-total N               minimum total coverage in percent (also -package, -file)
  --report-dir DIR                  where reports are written (default: coverage)
  --json                            print the report as JSON
`;

const FLAGS = {
  mode: { type: 'string' },
  'working-directory': { type: 'string' },
  packages: { type: 'string' },
  coverpkg: { type: 'string' },
  'test-args': { type: 'string' },
  race: { type: 'string' },
  profile: { type: 'string', multiple: true },
  'threshold-total': { type: 'string' },
  'threshold-package': { type: 'string' },
  'threshold-file': { type: 'string' },
  'report-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function coverageCommand(args: readonly string[], io: CliIo): Promise<number> {
  let flags: Record<string, string | boolean | string[] | undefined>;
  try {
    flags = parseArgs({
      args: [...args],
      options: FLAGS,
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw new GatesUsageError((err as Error).message);
  }
  if (flags['help']) {
    io.stdout(COVERAGE_USAGE);
    return 0;
  }
  if (flags['mode'] === 'merge')
    throw new GatesUsageError(
      'coverage --mode merge needs a workflow run; use --mode report with --profile for each leg',
    );
  const get = (name: string): string => {
    if (name === 'profiles') return ((flags['profile'] as string[] | undefined) ?? []).join('\n');
    if (name === 'upload-artifact') return 'false';
    const v = flags[name];
    return typeof v === 'string' ? v : '';
  };
  const env = io.env as NodeJS.ProcessEnv;
  const thresholds = parseThresholds(get);
  const go = await jobGo(env, io.cwd);
  const options = parseCoverageOptions(get, go);
  const logger = streamLogger((line) => io.stderr(`${line}\n`));
  const outcome = await withCoverageTempDir(os.tmpdir(), (tempDir) =>
    runCoverage(options, thresholds, {
      root: io.cwd,
      env,
      go,
      tempDir,
      logger,
      // In a workflow step the runner reads this output: the tests' text cannot command it.
      fenceOutput: env['GITHUB_ACTIONS'] === 'true',
    }),
  );
  for (const w of outcome.warnings) io.stderr(`warning: ${inert(w)}\n`);
  if (flags['json']) {
    io.stdout(`${outcome.json}\n`);
  } else {
    const t = outcome.total;
    io.stdout(`coverage: ${outcome.percent}% of statements (${t.covered} of ${t.statements})\n`);
    for (const c of outcome.thresholds.checks) {
      const below = c.below.map((b) => b.name).join(', ');
      io.stdout(`${c.scope} >= ${c.threshold}%: ${c.met ? 'met' : `not met (${inert(below)})`}\n`);
    }
    io.stdout(`reports: ${inert(path.relative(io.cwd, outcome.reportDir)) || '.'}\n`);
  }
  const test = outcome.gathered.test;
  return (test && test.code !== 0) || !outcome.thresholds.meets ? 1 : 0;
}
