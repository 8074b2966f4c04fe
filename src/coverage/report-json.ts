/**
 * The `report` output and report.json: what was measured, the totals, each threshold, every
 * package and file, and where the other reports were written. Pure: the caller writes it.
 */
import type { CoverageMode } from './coverage-options.js';
import type { Gathered } from './gather.js';
import { formatPercent } from './percent.js';
import type { CoverageTotals, CoverMode } from './profile.js';
import type { CoverageFigures, ThresholdResult } from './thresholds.js';

export interface ReportFacts {
  /** The step's mode: test, report or merge. */
  readonly mode: CoverageMode;
  readonly gathered: Gathered;
  /** The profile's own mode: set, count or atomic. */
  readonly coverMode: CoverMode;
  readonly figures: CoverageFigures;
  /** The total as formatPercent prints it. */
  readonly percent: string;
  readonly thresholds: ThresholdResult;
  /** A profile file name's path in the checkout, when it was found there. */
  readonly pathOf: (file: string) => string | undefined;
  /** Report role -> path relative to the checkout, `/`-separated, in the order written. */
  readonly reports: Readonly<Record<string, string>>;
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

function testFacts(test: Gathered['test']) {
  if (!test) return {};
  return { test: { exitCode: test.code, race: test.race.race, durationMs: test.durationMs } };
}

export function coverageReport(facts: ReportFacts) {
  const { gathered, figures, thresholds } = facts;
  const { total } = figures;
  return {
    mode: facts.mode,
    parts: gathered.parts,
    coverMode: facts.coverMode,
    total: { percent: Number(facts.percent), covered: total.covered, statements: total.statements },
    meetsThreshold: thresholds.meets,
    thresholds: thresholds.checks.map((c) => ({
      scope: c.scope,
      threshold: Number(c.threshold),
      met: c.met,
      below: c.below.map((b) => b.name),
    })),
    packages: rows(figures.packages),
    files: rows(figures.files).map((f) => ({ ...f, path: facts.pathOf(f.name) ?? f.name })),
    ...testFacts(gathered.test),
    reports: facts.reports,
  };
}
