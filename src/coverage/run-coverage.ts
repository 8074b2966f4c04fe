/**
 * A coverage step from inputs to reports: gather the profile, check it against the checkout,
 * total it, check the thresholds and write every report into the report directory. The
 * action and the CLI differ only in what they do with the result.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { JobGo } from '../go/job-go.js';
import { discoverModules } from '../go/modules.js';
import { renderBadge } from './badge.js';
import { renderCobertura } from './cobertura.js';
import type { CoverageOptions } from './coverage-options.js';
import { renderCoverageSummary } from './coverage-summary.js';
import { gatherProfile, PROFILE_FILE, type GatherContext, type Gathered } from './gather.js';
import { writeCoverHtml } from './html.js';
import { renderLcov } from './lcov.js';
import { formatPercent } from './percent.js';
import { byFile, byPackage, formatProfile, totals, type CoverageTotals } from './profile.js';
import { matchSourceFiles } from './source-files.js';
import { evaluateThresholds, type ThresholdResult, type Thresholds } from './thresholds.js';

/** The files a coverage step writes, by role; names are relative to the report directory. */
export const REPORT_FILES = {
  profile: PROFILE_FILE,
  html: 'coverage.html',
  cobertura: 'cobertura.xml',
  lcov: 'lcov.info',
  badge: 'badge.svg',
  summary: 'summary.md',
  json: 'report.json',
} as const;

export interface CoverageOutcome {
  readonly gathered: Gathered;
  readonly total: CoverageTotals;
  /** One decimal, as go tool cover -func prints it. */
  readonly percent: string;
  readonly thresholds: ThresholdResult;
  readonly reportDir: string;
  /** Absolute paths of the reports written. */
  readonly files: Readonly<Partial<Record<keyof typeof REPORT_FILES, string>>>;
  readonly summary: string;
  /** The `report` output. */
  readonly json: string;
  /** Problems that did not stop the step (an HTML page that could not be made). */
  readonly warnings: readonly string[];
}

function rows(m: ReadonlyMap<string, CoverageTotals>) {
  return [...m]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, t]) => ({
      name,
      percent: Number(formatPercent(t.covered, t.statements)),
      covered: t.covered,
      statements: t.statements,
    }));
}

/** The summary's first line: what was measured. */
function titleOf(options: CoverageOptions, gathered: Gathered, go: JobGo): string {
  if (gathered.test)
    return `go test on ${go.os}/${go.arch} with ${go.version}${gathered.test.race.race ? ', -race' : ''}`;
  if (options.mode === 'merge')
    return `merged from ${gathered.parts.length} profile${gathered.parts.length === 1 ? '' : 's'}: ${gathered.parts.join(', ')}`;
  return `from ${gathered.parts.join(', ')}`;
}

export async function runCoverage(
  options: CoverageOptions,
  thresholds: Thresholds,
  ctx: GatherContext & { readonly go: JobGo; readonly now?: () => Date },
): Promise<CoverageOutcome> {
  const gathered = await gatherProfile(options, ctx);
  const profile = gathered.profile;
  const modules = await discoverModules([options.workingDirectory], ctx.root, ctx.go.go, ctx.env);
  const sources = await matchSourceFiles(profile, modules, ctx.root);
  const name = (file: string) => sources.get(file)?.rel ?? file;

  const total = totals(profile);
  const packages = byPackage(profile);
  const files = byFile(profile);
  const thresholdResult = evaluateThresholds({ total, packages, files }, thresholds);
  const percent = formatPercent(total.covered, total.statements);
  const warnings: string[] = [];
  if (total.statements === 0)
    warnings.push(
      `the profile has no statements (${gathered.parts.join(', ')}): is there Go code in ${options.workingDirectory}?`,
    );

  const reportDir = path.resolve(ctx.root, options.reportDir);
  await mkdir(reportDir, { recursive: true });
  const out = (k: keyof typeof REPORT_FILES) => path.join(reportDir, REPORT_FILES[k]);
  const written: Partial<Record<keyof typeof REPORT_FILES, string>> = {};
  const write = async (k: keyof typeof REPORT_FILES, text: string) => {
    await writeFile(out(k), text);
    written[k] = out(k);
  };
  await write('profile', formatProfile(profile));
  const summary = renderCoverageSummary({
    total,
    packages,
    files,
    thresholds: thresholdResult,
    title: titleOf(options, gathered, ctx.go),
    fileName: name,
  });
  await write('summary', summary);
  const now = (ctx.now ?? (() => new Date()))();
  await write(
    'cobertura',
    renderCobertura(profile, name, { sourceRoot: ctx.root, timestamp: now }),
  );
  await write('lcov', renderLcov(profile, name));
  await write('badge', renderBadge(percent));
  const moduleDir = modules[0]?.dir ?? path.resolve(ctx.root, options.workingDirectory);
  const htmlProblem = await writeCoverHtml(
    ctx.go.go,
    out('profile'),
    out('html'),
    moduleDir,
    ctx.env,
  );
  if (htmlProblem) warnings.push(`no HTML report: ${htmlProblem}`);
  else written.html = out('html');

  written.json = out('json');
  const report = {
    mode: options.mode,
    parts: gathered.parts,
    coverMode: profile.mode,
    total: { percent: Number(percent), covered: total.covered, statements: total.statements },
    meetsThreshold: thresholdResult.meets,
    thresholds: thresholdResult.checks.map((c) => ({
      scope: c.scope,
      threshold: Number(c.threshold),
      met: c.met,
      below: c.below.map((b) => b.name),
    })),
    packages: rows(packages),
    files: rows(files).map((f) => ({ ...f, path: sources.get(f.name)?.rel ?? f.name })),
    ...(gathered.test
      ? {
          test: {
            exitCode: gathered.test.code,
            race: gathered.test.race.race,
            durationMs: gathered.test.durationMs,
          },
        }
      : {}),
    reports: Object.fromEntries(
      Object.entries(written).map(([k, v]) => [
        k,
        path.relative(ctx.root, v).split(path.sep).join('/'),
      ]),
    ),
  };
  const json = JSON.stringify(report);
  await writeFile(out('json'), `${JSON.stringify(report, null, 2)}\n`);
  return {
    gathered,
    total,
    percent,
    thresholds: thresholdResult,
    reportDir,
    files: written,
    summary,
    json,
    warnings,
  };
}
