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
import { formatProfile, type CoverageTotals, type Profile } from './profile.js';
import { coverageReport } from './report-json.js';
import { matchSourceFiles } from './source-files.js';
import {
  coverageFigures,
  evaluateThresholds,
  type CoverageFigures,
  type ThresholdResult,
  type Thresholds,
} from './thresholds.js';

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

/** The summary's first line: what was measured. */
function titleOf(options: CoverageOptions, gathered: Gathered, go: JobGo): string {
  if (gathered.test)
    return `go test on ${go.os}/${go.arch} with ${go.version}${gathered.test.race.race ? ', -race' : ''}`;
  if (options.mode === 'merge')
    return `merged from ${gathered.parts.length} profile${gathered.parts.length === 1 ? '' : 's'}: ${gathered.parts.join(', ')}`;
  return `from ${gathered.parts.join(', ')}`;
}

type ReportRole = keyof typeof REPORT_FILES;

/** The report directory: where each report goes, and the reports written so far, in order. */
class ReportDir {
  readonly written: Partial<Record<ReportRole, string>> = {};

  constructor(readonly dir: string) {}

  path(role: ReportRole): string {
    return path.join(this.dir, REPORT_FILES[role]);
  }

  async write(role: ReportRole, text: string): Promise<void> {
    await writeFile(this.path(role), text);
    this.written[role] = this.path(role);
  }

  /** Each report written, by role, as a `/`-separated path relative to `root`. */
  relativeTo(root: string): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.written).map(([k, v]) => [
        k,
        path.relative(root, v).split(path.sep).join('/'),
      ]),
    );
  }
}

interface ProfileReports {
  readonly profile: Profile;
  readonly figures: CoverageFigures;
  readonly thresholds: ThresholdResult;
  readonly percent: string;
  readonly title: string;
  /** The name a profile file is shown by: its path in the checkout when known. */
  readonly name: (file: string) => string;
  readonly root: string;
  /** The clock, read when the Cobertura report is made. */
  readonly now: () => Date;
}

/** Writes the reports made from the profile alone; returns the summary's Markdown. */
async function writeProfileReports(dir: ReportDir, r: ProfileReports): Promise<string> {
  await dir.write('profile', formatProfile(r.profile));
  const summary = renderCoverageSummary({
    ...r.figures,
    thresholds: r.thresholds,
    title: r.title,
    fileName: r.name,
  });
  await dir.write('summary', summary);
  await dir.write(
    'cobertura',
    renderCobertura(r.profile, r.name, { sourceRoot: r.root, timestamp: r.now() }),
  );
  await dir.write('lcov', renderLcov(r.profile, r.name));
  await dir.write('badge', renderBadge(r.percent));
  return summary;
}

function noStatements(gathered: Gathered, options: CoverageOptions): string {
  return `the profile has no statements (${gathered.parts.join(', ')}): is there Go code in ${options.workingDirectory}?`;
}

/** go tool cover's HTML page of the profile written; returns why there is none, if so. */
async function writeHtml(
  dir: ReportDir,
  go: string,
  moduleDir: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const problem = await writeCoverHtml(go, dir.path('profile'), dir.path('html'), moduleDir, env);
  if (!problem) dir.written.html = dir.path('html');
  return problem;
}

/** The whole step; what to do with the outcome (outputs, a log, an exit code) is the caller's. */
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

  const figures = coverageFigures(profile);
  const { total } = figures;
  const thresholdResult = evaluateThresholds(figures, thresholds);
  const percent = formatPercent(total.covered, total.statements);
  const warnings: string[] = [];
  if (total.statements === 0) warnings.push(noStatements(gathered, options));

  const dir = new ReportDir(path.resolve(ctx.root, options.reportDir));
  await mkdir(dir.dir, { recursive: true });
  const summary = await writeProfileReports(dir, {
    profile,
    figures,
    thresholds: thresholdResult,
    percent,
    title: titleOf(options, gathered, ctx.go),
    name,
    root: ctx.root,
    now: ctx.now ?? (() => new Date()),
  });
  const moduleDir = modules[0]?.dir ?? path.resolve(ctx.root, options.workingDirectory);
  const htmlProblem = await writeHtml(dir, ctx.go.go, moduleDir, ctx.env);
  if (htmlProblem) warnings.push(`no HTML report: ${htmlProblem}`);

  dir.written.json = dir.path('json');
  const report = coverageReport({
    mode: options.mode,
    gathered,
    coverMode: profile.mode,
    figures,
    percent,
    thresholds: thresholdResult,
    pathOf: (file) => sources.get(file)?.rel,
    reports: dir.relativeTo(ctx.root),
  });
  const json = JSON.stringify(report);
  await writeFile(dir.path('json'), `${JSON.stringify(report, null, 2)}\n`);
  return {
    gathered,
    total,
    percent,
    thresholds: thresholdResult,
    reportDir: dir.dir,
    files: dir.written,
    summary,
    json,
    warnings,
  };
}
