import { describe, expect, it } from '@jest/globals';
import { COMMENT_MARKER, renderCoverageSummary } from './coverage-summary.js';
import { parseProfile, type CoverageTotals } from './profile.js';
import {
  coverageFigures,
  evaluateThresholds,
  parseThresholds,
  type CoverageFigures,
} from './thresholds.js';

// m/a: x.go 6/6, y.go 0/4; m/b: z.go 1/2; m/empty: no statements. 7 of 12 in all.
const PROFILE = parseProfile(
  `mode: count
example.com/m/a/x.go:3.10,5.2 2 7
example.com/m/a/x.go:6.10,9.2 4 1
example.com/m/a/y.go:3.10,8.2 4 0
example.com/m/b/z.go:3.10,4.2 1 3
example.com/m/b/z.go:5.10,6.2 1 0
example.com/m/empty/doc.go:3.1,3.2 0 0
`,
  'fixture.out',
);
const FIGURES = coverageFigures(PROFILE);
const inputs = (v: Record<string, string>) => (n: string) => v[n] ?? '';

const t = (covered: number, statements: number): CoverageTotals => ({
  covered,
  statements,
  percent: statements === 0 ? 100 : (100 * covered) / statements,
});

/** Cells of a markdown table row: split on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderCoverageSummary', () => {
  it('renders the total, the thresholds, packages by gap and the least covered files', () => {
    const md = renderCoverageSummary({
      ...FIGURES,
      thresholds: evaluateThresholds(
        FIGURES,
        parseThresholds(
          inputs({ 'threshold-total': '50', 'threshold-package': '60', 'threshold-file': '55' }),
        ),
      ),
      title: 'merged from 2 legs: coverage-linux-amd64, coverage-windows-arm64',
      fileName: (f) => f.replace('example.com/m/', ''),
    });
    expect(md).toBe(
      [
        COMMENT_MARKER,
        '### Coverage: 58.3% of statements ❌',
        '',
        'merged from 2 legs: coverage-linux-amd64, coverage-windows-arm64',
        '',
        '**58.3%**: 7 of 12 statements covered, 5 not.',
        '',
        '**Thresholds not met**',
        '',
        '- ✅ **total** ≥ 50%: met',
        '- ❌ **package** ≥ 60%: 1 of 2 packages below',
        '  - `example.com/m/b` 50.0% (1 of 2), 1 more statement to cover',
        '- ❌ **file** ≥ 55%: 2 of 3 files below',
        '  - `a/y.go` 0.0% (0 of 4), 3 more statements to cover',
        '  - `b/z.go` 50.0% (1 of 2), 1 more statement to cover',
        '',
        '| package | coverage | | uncovered | statements |',
        '|---|---:|---|---:|---:|',
        '| `example.com/m/a` | 60.0% | ██████░░░░ | 4 | 10 |',
        '| `example.com/m/b` | 50.0% | █████░░░░░ | 1 | 2 |',
        '',
        '<details><summary>Least covered files</summary>',
        '',
        '| file | coverage | uncovered | statements |',
        '|---|---:|---:|---:|',
        '| `a/y.go` | 0.0% | 4 | 4 |',
        '| `b/z.go` | 50.0% | 1 | 2 |',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it('starts with the hidden marker a comment is found by', () => {
    expect(COMMENT_MARKER).toMatch(/^<!-- [^>]+ -->$/);
    const md = renderCoverageSummary({ ...FIGURES, thresholds: evaluateThresholds(FIGURES, {}) });
    expect(md.split('\n')[0]).toBe(COMMENT_MARKER);
    expect(md).not.toContain('Thresholds');
    expect(md).toContain('### Coverage: 58.3% of statements\n');
  });

  it('says when every threshold is met, with what was checked', () => {
    const md = renderCoverageSummary({
      ...FIGURES,
      thresholds: evaluateThresholds(
        FIGURES,
        parseThresholds(inputs({ 'threshold-total': '58.3', 'threshold-package': '50' })),
      ),
    });
    expect(md).toContain('### Coverage: 58.3% of statements ✅\n');
    expect(md).toContain(
      '**Thresholds met**\n\n- ✅ **total** ≥ 58.3%: met\n- ✅ **package** ≥ 50%: all 2 packages met\n',
    );
  });

  it('shows a total just below its threshold with the statements it needs', () => {
    const figures: CoverageFigures = {
      total: t(7996, 10000),
      packages: new Map([['m', t(7996, 10000)]]),
      files: new Map([['m/a.go', t(7996, 10000)]]),
    };
    const md = renderCoverageSummary({
      ...figures,
      thresholds: evaluateThresholds(figures, parseThresholds(inputs({ 'threshold-total': '80' }))),
    });
    expect(md).toContain('- ❌ **total** ≥ 80%: 80.0% (7996 of 10000), 4 more statements to cover');
  });

  it('caps every list, saying how many more there are', () => {
    const packages = new Map<string, CoverageTotals>();
    const files = new Map<string, CoverageTotals>();
    for (let i = 0; i < 40; i++) {
      const name = `m/p${String(i).padStart(2, '0')}`;
      packages.set(name, t(i, 100)); // p00 leaves 100 uncovered, p39 61
      files.set(`${name}/f.go`, t(i, 100));
    }
    const figures: CoverageFigures = { total: t(780, 4000), packages, files };
    const md = renderCoverageSummary({
      ...figures,
      thresholds: evaluateThresholds(figures, parseThresholds(inputs({ 'threshold-file': '30' }))),
      limits: { packages: 3, files: 2, failing: 4 },
    });
    const lines = md.split('\n');
    const pkgRows = lines.filter((l) => /^\| `m\/p\d\d` \|/.test(l));
    expect(pkgRows.map((r) => cells(r)[0])).toEqual(['`m/p00`', '`m/p01`', '`m/p02`']);
    // The 37 packages not shown leave 37*100 - (3+...+39) = 3700 - 777 statements uncovered.
    expect(md).toContain('| and 37 more packages | | | 2923 | |');
    // 30 files are below 30%; 4 are listed.
    expect(md).toContain('- ❌ **file** ≥ 30%: 30 of 40 files below\n');
    expect(md).toContain('  - and 26 more\n');
    expect(lines.filter((l) => l.startsWith('  - `'))).toHaveLength(4);
    expect(md).toContain('| and 38 more files with uncovered statements | | | |');

    const defaults = renderCoverageSummary({
      ...figures,
      thresholds: evaluateThresholds(figures, {}),
    });
    expect(defaults.split('\n').filter((l) => l.startsWith('| `m/p'))).toHaveLength(25 + 15);
    expect(defaults).toContain('| and 15 more packages |');
    expect(defaults).toContain('| and 25 more files with uncovered statements |');
  });

  it('lists the least covered files first, then the most uncovered, and leaves out full ones', () => {
    const figures: CoverageFigures = {
      total: t(10, 22),
      packages: new Map([['m', t(10, 22)]]),
      files: new Map([
        ['m/full.go', t(5, 5)],
        ['m/half-small.go', t(1, 2)],
        ['m/half-big.go', t(4, 8)],
        ['m/none.go', t(0, 1)],
        ['m/empty.go', t(0, 0)],
      ]),
    };
    const md = renderCoverageSummary({ ...figures, thresholds: evaluateThresholds(figures, {}) });
    const rows = md.split('\n').filter((l) => l.startsWith('| `m/'));
    expect(rows.map((r) => cells(r).slice(0, 3))).toEqual([
      ['`m/none.go`', '0.0%', '1'],
      ['`m/half-big.go`', '50.0%', '4'],
      ['`m/half-small.go`', '50.0%', '1'],
    ]);
  });

  it('draws the bar from exact tenths, full only at 100%', () => {
    const row = (covered: number, statements: number) => {
      const figures: CoverageFigures = {
        total: t(covered, statements),
        packages: new Map([['m', t(covered, statements)]]),
        files: new Map(),
      };
      const md = renderCoverageSummary({ ...figures, thresholds: evaluateThresholds(figures, {}) });
      return cells(md.split('\n').find((l) => l.startsWith('| `m`'))!)[2];
    };
    expect(row(999, 1000)).toBe('█████████░');
    expect(row(1000, 1000)).toBe('██████████');
    expect(row(99, 1000)).toBe('░░░░░░░░░░');
    expect(row(1, 10)).toBe('█░░░░░░░░░');
  });

  it('keeps names from breaking the tables or the markdown', () => {
    const figures: CoverageFigures = {
      total: t(1, 4),
      packages: new Map([
        ['_/w/a|b', t(0, 2)],
        ['_/w/`tick`', t(1, 2)],
      ]),
      files: new Map([['_/w/a|b/x_y*.go', t(0, 2)]]),
    };
    const md = renderCoverageSummary({
      ...figures,
      thresholds: evaluateThresholds(figures, parseThresholds(inputs({ 'threshold-file': '10' }))),
      title: '# merged *from* <b>leg|1</b> & `2`\nsecond line',
    });
    expect(md).toContain(
      '\n\\# merged \\*from\\* \\<b\\>leg\\|1\\</b\\> \\& \\`2\\` second line\n',
    );
    // In a table only the pipe is escaped (GitHub unescapes \| before the code span).
    expect(md).toContain('| `_/w/a\\|b` | 0.0% |');
    expect(md).toContain('| `` _/w/`tick` `` | 50.0% |');
    expect(md).toContain('| `_/w/a\\|b/x_y*.go` | 0.0% |');
    // Outside a table, a code span needs no escapes at all.
    expect(md).toContain('  - `_/w/a|b/x_y*.go` 0.0% (0 of 2), 1 more statement to cover');
    // Every row keeps its table's number of cells.
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.map((r) => cells(r).length)).toEqual([5, 5, 4]);
  });

  it('says so when there are no statements', () => {
    const figures: CoverageFigures = { total: t(0, 0), packages: new Map(), files: new Map() };
    const md = renderCoverageSummary({
      ...figures,
      thresholds: evaluateThresholds(figures, parseThresholds(inputs({ 'threshold-total': '80' }))),
    });
    expect(md).toContain('### Coverage: 0.0% of statements ✅\n');
    expect(md).toContain('The profile has no statements.');
    expect(md).not.toContain('| package |');
  });
});
