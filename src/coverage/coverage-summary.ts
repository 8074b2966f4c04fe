/**
 * The step summary (and pull-request comment) for a coverage run: the total, the thresholds,
 * packages sorted by how many statements they leave uncovered, and the worst files.
 */
import { formatPercent } from './percent.js';
import type { CoverageTotals } from './profile.js';
import type { ThresholdResult } from './thresholds.js';

/** Finds our comment among a pull request's comments, so reruns update it in place. */
export const COMMENT_MARKER = '<!-- setup-go-verified:coverage -->';

const PACKAGE_ROWS = 25;
const FILE_ROWS = 10;

export interface SummaryInput {
  readonly total: CoverageTotals;
  readonly packages: ReadonlyMap<string, CoverageTotals>;
  readonly files: ReadonlyMap<string, CoverageTotals>;
  readonly thresholds: ThresholdResult;
  /** What was measured, e.g. `go test on linux/amd64 (-race)` or `merged from 6 legs: ...`. */
  readonly title?: string;
}

function cell(s: string): string {
  return s.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

function pct(t: CoverageTotals): string {
  return `${formatPercent(t.covered, t.statements)}%`;
}

function bar(t: CoverageTotals): string {
  const full = t.statements === 0 ? 10 : Math.floor((t.covered * 10) / t.statements);
  return '█'.repeat(full) + '░'.repeat(10 - full);
}

function gap(t: CoverageTotals): number {
  return t.statements - t.covered;
}

export function renderCoverageSummary(input: SummaryInput): string {
  const out: string[] = [COMMENT_MARKER, '## Coverage', ''];
  if (input.title) out.push(input.title, '');
  const t = input.total;
  out.push(
    `**${pct(t)}** of statements (${t.covered} of ${t.statements})${input.thresholds.checks.length > 0 ? (input.thresholds.meets ? ' — thresholds met' : ' — **below threshold**') : ''}`,
    '',
  );
  for (const c of input.thresholds.checks) {
    if (c.met) {
      out.push(`- ✅ ${c.scope} ≥ ${c.threshold}%`);
      continue;
    }
    const shown = c.below.slice(0, 5).map((b) => `\`${cell(b.name)}\` ${pct(b.totals)}`);
    const more = c.below.length > 5 ? ` and ${c.below.length - 5} more` : '';
    out.push(`- ❌ ${c.scope} ≥ ${c.threshold}%: ${shown.join(', ')}${more}`);
  }
  if (input.thresholds.checks.length > 0) out.push('');

  const packages = [...input.packages].sort(
    ([an, a], [bn, b]) => gap(b) - gap(a) || (an < bn ? -1 : 1),
  );
  if (packages.length > 0) {
    out.push('| package | coverage | | uncovered | statements |', '|---|---:|---|---:|---:|');
    for (const [name, p] of packages.slice(0, PACKAGE_ROWS)) {
      out.push(`| \`${cell(name)}\` | ${pct(p)} | ${bar(p)} | ${gap(p)} | ${p.statements} |`);
    }
    if (packages.length > PACKAGE_ROWS)
      out.push(`| and ${packages.length - PACKAGE_ROWS} more packages | | | | |`);
    out.push('');
  }

  const worst = [...input.files]
    .filter(([, f]) => f.statements > 0 && f.covered < f.statements)
    .sort(
      ([an, a], [bn, b]) =>
        a.covered / a.statements - b.covered / b.statements || gap(b) - gap(a) || (an < bn ? -1 : 1),
    );
  if (worst.length > 0) {
    out.push(
      '<details><summary>Least covered files</summary>',
      '',
      '| file | coverage | uncovered |',
      '|---|---:|---:|',
    );
    for (const [name, f] of worst.slice(0, FILE_ROWS))
      out.push(`| \`${cell(name)}\` | ${pct(f)} | ${gap(f)} |`);
    if (worst.length > FILE_ROWS) out.push(`| and ${worst.length - FILE_ROWS} more files | | |`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
