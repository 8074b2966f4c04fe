/**
 * Coverage thresholds: parsed from the inputs before any test runs (a typo fails at once) and
 * compared exactly on the statement counts, the threshold kept as the decimal the user wrote.
 * 79.96% (7996 of 10000) does not meet 80, even though it prints as 80.0.
 */
import { InputError } from '../errors.js';
import { formatPercent } from './percent.js';
import { byFile, byPackage, totals, type CoverageTotals, type Profile } from './profile.js';

export type ThresholdScope = 'total' | 'package' | 'file';

export const THRESHOLD_SCOPES: readonly ThresholdScope[] = ['total', 'package', 'file'];

/** The action input that sets each threshold. */
export const THRESHOLD_INPUTS: Readonly<Record<ThresholdScope, string>> = {
  total: 'threshold-total',
  package: 'threshold-package',
  file: 'threshold-file',
};

/** A percentage as an exact fraction: `72.5` is 725 / 10. */
export interface Threshold {
  /** Canonical decimal text without `%`: `72.50%` -> `72.5`, `080` -> `80`. */
  readonly text: string;
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export interface Thresholds {
  readonly total?: Threshold;
  readonly package?: Threshold;
  readonly file?: Threshold;
}

const ACCEPTED =
  'use a number from 0 to 100, decimals allowed, optionally followed by % (for example 80 or 72.5%)';

/**
 * Parses one threshold input. Empty means not set (undefined). Only plain decimals are
 * accepted: `1e2`, `Infinity`, `0x50` or `-1` would otherwise pass Number() and surprise.
 */
export function parseThreshold(input: string, value: string): Threshold | undefined {
  const raw = value.trim();
  if (raw === '') return undefined;
  const m = /^(\d+)(?:\.(\d+))?\s*%?$/.exec(raw);
  if (!m) {
    const why = /^-\s*\d/.test(raw) ? 'is negative' : 'is not a percentage';
    throw new InputError(`${input}: ${JSON.stringify(raw)} ${why}; ${ACCEPTED}`);
  }
  const whole = m[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  const numerator = BigInt(whole + fraction);
  const denominator = 10n ** BigInt(fraction.length);
  if (numerator > 100n * denominator) {
    throw new InputError(`${input}: ${JSON.stringify(raw)} is above 100; ${ACCEPTED}`);
  }
  return { text: fraction === '' ? whole : `${whole}.${fraction}`, numerator, denominator };
}

/** Reads `threshold-total`, `threshold-package` and `threshold-file` through `get`. */
export function parseThresholds(get: (name: string) => string): Thresholds {
  const out: { -readonly [K in ThresholdScope]?: Threshold } = {};
  for (const scope of THRESHOLD_SCOPES) {
    const t = parseThreshold(THRESHOLD_INPUTS[scope], get(THRESHOLD_INPUTS[scope]));
    if (t !== undefined) out[scope] = t;
  }
  return out;
}

/** `covered / statements >= threshold`, exactly. Code with no statements meets any threshold. */
export function meetsThreshold(covered: number, statements: number, t: Threshold): boolean {
  if (statements === 0) return true;
  return BigInt(covered) * 100n * t.denominator >= t.numerator * BigInt(statements);
}

/** How many more statements must be covered to meet `t` (0 when it is met). */
export function statementsNeeded(covered: number, statements: number, t: Threshold): number {
  if (meetsThreshold(covered, statements, t)) return 0;
  const scale = 100n * t.denominator;
  const required = (t.numerator * BigInt(statements) + scale - 1n) / scale; // ceiling
  return Number(required) - covered;
}

/** The figures thresholds and the summary are computed from. */
export interface CoverageFigures {
  readonly total: CoverageTotals;
  /** By package import path. */
  readonly packages: ReadonlyMap<string, CoverageTotals>;
  /** By the profile's file name (an import path such as `example.com/m/pkg/a.go`). */
  readonly files: ReadonlyMap<string, CoverageTotals>;
}

export function coverageFigures(profile: Profile): CoverageFigures {
  return { total: totals(profile), packages: byPackage(profile), files: byFile(profile) };
}

/** A package, file or the total that falls short of its threshold. */
export interface Shortfall {
  /** Package import path, profile file name, or `total`. */
  readonly name: string;
  readonly covered: number;
  readonly statements: number;
  /** As formatPercent prints it, e.g. `79.9`. */
  readonly percent: string;
  /** Statements still to cover to meet the threshold (at least 1). */
  readonly needed: number;
}

export interface ThresholdCheck {
  readonly scope: ThresholdScope;
  /** The input that set it, e.g. `threshold-file`. */
  readonly input: string;
  /** The threshold's canonical text, e.g. `72.5`. */
  readonly threshold: string;
  readonly met: boolean;
  /** How many packages or files (or the total: 1) had statements and so were compared. */
  readonly checked: number;
  /** What falls short, least covered first; empty when met. */
  readonly below: readonly Shortfall[];
}

export interface ThresholdResult {
  /** Every threshold given is met (true when none is given). */
  readonly meets: boolean;
  /** One per threshold given, in the order total, package, file. */
  readonly checks: readonly ThresholdCheck[];
}

/** Least covered first (compared exactly), then most statements to cover, then by name. */
function worstFirst(a: Shortfall, b: Shortfall): number {
  const lhs = BigInt(a.covered) * BigInt(b.statements);
  const rhs = BigInt(b.covered) * BigInt(a.statements);
  if (lhs !== rhs) return lhs < rhs ? -1 : 1;
  return b.needed - a.needed || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function check(
  scope: ThresholdScope,
  t: Threshold,
  items: Iterable<readonly [string, CoverageTotals]>,
): ThresholdCheck {
  const below: Shortfall[] = [];
  let checked = 0;
  for (const [name, { covered, statements }] of items) {
    if (statements === 0) continue;
    checked++;
    if (meetsThreshold(covered, statements, t)) continue;
    below.push({
      name,
      covered,
      statements,
      percent: formatPercent(covered, statements),
      needed: statementsNeeded(covered, statements, t),
    });
  }
  below.sort(worstFirst);
  return {
    scope,
    input: THRESHOLD_INPUTS[scope],
    threshold: t.text,
    met: below.length === 0,
    checked,
    below,
  };
}

function isProfile(x: Profile | CoverageFigures): x is Profile {
  return 'mode' in x;
}

/**
 * Checks each threshold given against a profile (or figures already computed from it). A
 * package or file with no statements is never a failure, nor is an empty total.
 */
export function evaluateThresholds(
  coverage: Profile | CoverageFigures,
  thresholds: Thresholds,
): ThresholdResult {
  const figures = isProfile(coverage) ? coverageFigures(coverage) : coverage;
  const checks: ThresholdCheck[] = [];
  if (thresholds.total) checks.push(check('total', thresholds.total, [['total', figures.total]]));
  if (thresholds.package) checks.push(check('package', thresholds.package, figures.packages));
  if (thresholds.file) checks.push(check('file', thresholds.file, figures.files));
  return { meets: checks.every((c) => c.met), checks };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * One line per threshold not met, for a failure message or a log, e.g.
 * `total 80.0% (7996 of 10000 statements) is below threshold-total 80%: cover 4 more statements`.
 */
export function describeShortfalls(result: ThresholdResult): string[] {
  const lines: string[] = [];
  for (const c of result.checks) {
    if (c.met) continue;
    if (c.scope === 'total') {
      const t = c.below[0]!;
      lines.push(
        `total ${t.percent}% (${t.covered} of ${t.statements} statements) is below ${c.input} ${c.threshold}%: cover ${plural(t.needed, 'more statement')}`,
      );
      continue;
    }
    const worst = c.below
      .slice(0, 3)
      .map((b) => `${b.name} ${b.percent}%`)
      .join(', ');
    const more = c.below.length > 3 ? `, and ${c.below.length - 3} more` : '';
    lines.push(
      `${c.below.length} of ${plural(c.checked, c.scope)} below ${c.input} ${c.threshold}%: ${worst}${more}`,
    );
  }
  return lines;
}
