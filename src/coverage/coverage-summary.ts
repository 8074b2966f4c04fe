/**
 * The markdown of a coverage run, for the step summary and the pull-request comment: the
 * total, the thresholds with what fails them, packages by how many statements they leave
 * uncovered, and the least covered files. Tables are capped so a comment stays far below
 * GitHub's 65,536-character limit whatever the size of the project.
 */
import { formatPercent } from './percent.js';
import type { CoverageTotals } from './profile.js';
import type { CoverageFigures, ThresholdCheck, ThresholdResult } from './thresholds.js';

/** Hidden first line of the body: finds our comment among a PR's comments to update it. */
export const COMMENT_MARKER = '<!-- setup-go-verified:coverage -->';

export interface SummaryLimits {
  /** Rows of the package table. */
  readonly packages: number;
  /** Rows of the least-covered-files table. */
  readonly files: number;
  /** Packages or files listed under a threshold that is not met. */
  readonly failing: number;
}

export const DEFAULT_SUMMARY_LIMITS: SummaryLimits = { packages: 25, files: 15, failing: 10 };

export interface SummaryInput extends CoverageFigures {
  readonly thresholds: ThresholdResult;
  /** What was measured, e.g. `merged from 6 legs: coverage-linux-amd64, ...`. */
  readonly title?: string;
  /** How a profile file name is shown (e.g. relative to the workspace); default as is. */
  readonly fileName?: (importPath: string) => string;
  readonly limits?: Partial<SummaryLimits>;
}

/** Plain text on one line, safe from markdown and HTML interpretation. */
function text(s: string): string {
  return s
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>&~|]/g, (c) => `\\${c}`)
    .replace(/^(\d*)([#+\-=.)])/, '$1\\$2'); // no heading, list or rule at the start
}

/**
 * A code span. Inside one, only backticks and (in a table) pipes matter: backslash escapes
 * are not processed there, except `\|`, which GitHub's table parser turns back into `|`.
 */
function code(s: string, inTable: boolean): string {
  let body = s.replace(/[\r\n]+/g, ' ');
  if (inTable) body = body.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

function pct(t: { covered: number; statements: number }): string {
  return `${formatPercent(t.covered, t.statements)}%`;
}

function uncovered(t: CoverageTotals): number {
  return t.statements - t.covered;
}

const BAR_CELLS = 10;

/** Ten cells, full only at 100%: a cell is filled when its tenth is entirely covered. */
function bar(t: CoverageTotals): string {
  const full = Math.floor((t.covered * BAR_CELLS) / t.statements);
  return '█'.repeat(full) + '░'.repeat(BAR_CELLS - full);
}

/** covered/statements of a against b, exactly (the cross products can pass 2^53). */
function compareRatio(a: CoverageTotals, b: CoverageTotals): number {
  const lhs = BigInt(a.covered) * BigInt(b.statements);
  const rhs = BigInt(b.covered) * BigInt(a.statements);
  return lhs < rhs ? -1 : lhs > rhs ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function thresholdLines(
  c: ThresholdCheck,
  limit: number,
  show: (name: string) => string,
): string[] {
  const head = `${c.met ? '✅' : '❌'} **${c.scope}** ≥ ${c.threshold}%`;
  if (c.scope === 'total') {
    const t = c.below[0];
    return [
      t === undefined
        ? `- ${head}: met`
        : `- ${head}: ${pct(t)} (${t.covered} of ${t.statements}), ${plural(t.needed, 'more statement')} to cover`,
    ];
  }
  const things = c.scope === 'package' ? 'package' : 'file';
  if (c.met) return [`- ${head}: all ${plural(c.checked, things)} met`];
  const lines = [`- ${head}: ${c.below.length} of ${plural(c.checked, things)} below`];
  for (const b of c.below.slice(0, limit)) {
    lines.push(
      `  - ${code(show(b.name), false)} ${pct(b)} (${b.covered} of ${b.statements}), ${plural(b.needed, 'more statement')} to cover`,
    );
  }
  if (c.below.length > limit) lines.push(`  - and ${c.below.length - limit} more`);
  return lines;
}

/** The marker, the headline with the verdict, the title and the total in words. */
function headLines(input: SummaryInput): string[] {
  const t = input.total;
  const checks = input.thresholds.checks;
  const verdict = checks.length === 0 ? '' : input.thresholds.meets ? ' ✅' : ' ❌';
  const out = [COMMENT_MARKER, `### Coverage: ${pct(t)} of statements${verdict}`, ''];
  if (input.title) out.push(text(input.title), '');
  out.push(
    t.statements === 0
      ? 'The profile has no statements.'
      : `**${pct(t)}**: ${t.covered} of ${plural(t.statements, 'statement')} covered, ${uncovered(t)} not.`,
    '',
  );
  return out;
}

/** Each threshold and what falls short of it; nothing when no threshold is set. */
function thresholdSection(
  result: ThresholdResult,
  failing: number,
  fileName: (f: string) => string,
): string[] {
  if (result.checks.length === 0) return [];
  const out = [result.meets ? '**Thresholds met**' : '**Thresholds not met**', ''];
  for (const c of result.checks) {
    out.push(...thresholdLines(c, failing, c.scope === 'file' ? fileName : (n) => n));
  }
  out.push('');
  return out;
}

/** Packages with statements, most uncovered statements first; the rest summed in one row. */
function packageTable(figures: CoverageFigures['packages'], limit: number): string[] {
  const packages = [...figures]
    .filter(([, p]) => p.statements > 0)
    .sort(([an, a], [bn, b]) => uncovered(b) - uncovered(a) || byName(an, bn));
  if (packages.length === 0) return [];
  const out = ['| package | coverage | | uncovered | statements |', '|---|---:|---|---:|---:|'];
  for (const [name, p] of packages.slice(0, limit)) {
    out.push(`| ${code(name, true)} | ${pct(p)} | ${bar(p)} | ${uncovered(p)} | ${p.statements} |`);
  }
  const rest = packages.slice(limit);
  if (rest.length > 0) {
    const left = rest.reduce((n, [, p]) => n + uncovered(p), 0);
    out.push(`| and ${plural(rest.length, 'more package')} | | | ${left} | |`);
  }
  out.push('');
  return out;
}

/** Files with uncovered statements, folded away, least covered first. */
function fileTable(
  figures: CoverageFigures['files'],
  limit: number,
  fileName: (f: string) => string,
): string[] {
  // Least covered first (exact comparison), then the most uncovered statements.
  const files = [...figures]
    .filter(([, f]) => uncovered(f) > 0)
    .sort(
      ([an, a], [bn, b]) => compareRatio(a, b) || uncovered(b) - uncovered(a) || byName(an, bn),
    );
  if (files.length === 0) return [];
  const out = [
    '<details><summary>Least covered files</summary>',
    '',
    '| file | coverage | uncovered | statements |',
    '|---|---:|---:|---:|',
  ];
  for (const [name, f] of files.slice(0, limit)) {
    out.push(`| ${code(fileName(name), true)} | ${pct(f)} | ${uncovered(f)} | ${f.statements} |`);
  }
  if (files.length > limit) {
    out.push(
      `| and ${plural(files.length - limit, 'more file')} with uncovered statements | | | |`,
    );
  }
  out.push('', '</details>', '');
  return out;
}

export function renderCoverageSummary(input: SummaryInput): string {
  const limits = { ...DEFAULT_SUMMARY_LIMITS, ...input.limits };
  const fileName = input.fileName ?? ((f: string) => f);
  return [
    ...headLines(input),
    ...thresholdSection(input.thresholds, limits.failing, fileName),
    ...packageTable(input.packages, limits.packages),
    ...fileTable(input.files, limits.files, fileName),
  ].join('\n');
}
