/** Statements and covered statements of a profile: in all, per file, per package. */
import { rangesOf } from './block-files.js';
import type { FileRange } from './columns.js';
import type { CoverageTotals, Profile } from './model.js';

function toTotals(statements: number, covered: number): CoverageTotals {
  return { statements, covered, percent: statements === 0 ? 100 : (covered / statements) * 100 };
}

/** [statements, covered] of one file. */
function sumRange({ cols, off, len }: FileRange): [number, number] {
  const { statements: stmts, count } = cols;
  let statements = 0;
  let covered = 0;
  for (let i = off; i < off + len; i++) {
    statements += stmts[i]!;
    if (count[i]! > 0) covered += stmts[i]!;
  }
  return [statements, covered];
}

/** Statements and covered statements over the whole profile. */
export function totals(p: Profile): CoverageTotals {
  let statements = 0;
  let covered = 0;
  for (const range of rangesOf(p).values()) {
    const [s, c] = sumRange(range);
    statements += s;
    covered += c;
  }
  return toTotals(statements, covered);
}

/** Totals per source file. */
export function byFile(p: Profile): Map<string, CoverageTotals> {
  const out = new Map<string, CoverageTotals>();
  for (const [file, range] of rangesOf(p)) out.set(file, toTotals(...sumRange(range)));
  return out;
}

/** Totals per package: the file path up to its last '/' ('.' for a file without one). */
export function byPackage(p: Profile): Map<string, CoverageTotals> {
  const sums = new Map<string, [number, number]>();
  for (const [file, range] of rangesOf(p)) {
    const slash = file.lastIndexOf('/');
    const pkg = slash === -1 ? '.' : file.slice(0, slash);
    const [s, c] = sumRange(range);
    const acc = sums.get(pkg) ?? [0, 0];
    sums.set(pkg, [acc[0] + s, acc[1] + c]);
  }
  const out = new Map<string, CoverageTotals>();
  for (const [pkg, [s, c]] of sums) out.set(pkg, toTotals(s, c));
  return out;
}

/** How many blocks (distinct positions) the profile holds, without building Block objects. */
export function blockCount(p: Profile): number {
  let n = 0;
  for (const range of rangesOf(p).values()) n += range.len;
  return n;
}
