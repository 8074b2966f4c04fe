/**
 * Coverage thresholds: parsed from the inputs before any test runs (a typo fails at once),
 * checked exactly against the statement counts.
 */
import { InputError } from '../errors.js';
import { meetsPercent, parseExactPercent, type ExactPercent } from './percent.js';
import type { CoverageTotals } from './profile.js';

export type ThresholdScope = 'total' | 'package' | 'file';

export interface Thresholds {
  readonly total?: ExactPercent;
  readonly package?: ExactPercent;
  readonly file?: ExactPercent;
}

export function parseThresholds(get: (name: string) => string): Thresholds {
  const out: { -readonly [K in ThresholdScope]?: ExactPercent } = {};
  for (const scope of ['total', 'package', 'file'] as const) {
    const name = `threshold-${scope}`;
    const raw = get(name).trim();
    if (raw === '') continue;
    const t = parseExactPercent(raw);
    if (t === undefined || t.numerator > 100n * t.denominator) {
      throw new InputError(
        `${name}: ${JSON.stringify(raw)} is not a percentage; use a number from 0 to 100 such as 80 or 72.5`,
      );
    }
    out[scope] = t;
  }
  return out;
}

export interface Shortfall {
  /** Package import path or file name. */
  readonly name: string;
  readonly totals: CoverageTotals;
}

export interface ThresholdCheck {
  readonly scope: ThresholdScope;
  readonly threshold: string;
  readonly met: boolean;
  /** The packages or files below it (for total: the total), worst first. */
  readonly below: readonly Shortfall[];
}

export interface ThresholdResult {
  readonly meets: boolean;
  readonly checks: readonly ThresholdCheck[];
}

function percentOf(t: CoverageTotals): number {
  return t.statements === 0 ? 100 : t.covered / t.statements;
}

function check(
  scope: ThresholdScope,
  t: ExactPercent,
  items: Iterable<[string, CoverageTotals]>,
): ThresholdCheck {
  const below: Shortfall[] = [];
  for (const [name, totals] of items) {
    if (!meetsPercent(totals.covered, totals.statements, t)) below.push({ name, totals });
  }
  below.sort((a, b) => percentOf(a.totals) - percentOf(b.totals) || (a.name < b.name ? -1 : 1));
  return { scope, threshold: t.text, met: below.length === 0, below };
}

export function evaluateThresholds(
  thresholds: Thresholds,
  figures: {
    readonly total: CoverageTotals;
    readonly packages: ReadonlyMap<string, CoverageTotals>;
    readonly files: ReadonlyMap<string, CoverageTotals>;
  },
): ThresholdResult {
  const checks: ThresholdCheck[] = [];
  if (thresholds.total) checks.push(check('total', thresholds.total, [['total', figures.total]]));
  if (thresholds.package) checks.push(check('package', thresholds.package, figures.packages));
  if (thresholds.file) checks.push(check('file', thresholds.file, figures.files));
  return { meets: checks.every((c) => c.met), checks };
}
