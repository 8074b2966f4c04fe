import { describe, expect, it } from '@jest/globals';
import { formatPercent, meetsPercent, parseExactPercent } from './percent.js';
import { evaluateThresholds, parseThresholds } from './thresholds.js';

const t = (covered: number, statements: number) => ({
  covered,
  statements,
  percent: statements === 0 ? 100 : (100 * covered) / statements,
});

describe('formatPercent', () => {
  it('prints one decimal like go tool cover -func, rounding half to even exactly', () => {
    expect(formatPercent(5, 7)).toBe('71.4');
    expect(formatPercent(2, 3)).toBe('66.7');
    expect(formatPercent(3, 4)).toBe('75.0');
    expect(formatPercent(1, 1)).toBe('100.0');
    expect(formatPercent(0, 9)).toBe('0.0');
    expect(formatPercent(0, 0)).toBe('0.0');
    // 12.25% and 12.35% are exact ties: half to even gives 12.2 and 12.4.
    expect(formatPercent(49, 400)).toBe('12.2');
    expect(formatPercent(247, 2000)).toBe('12.4');
    expect(formatPercent(1, 2000)).toBe('0.0');
  });
});

describe('parseThresholds', () => {
  const get = (v: Record<string, string>) => (n: string) => v[n] ?? '';

  it('reads numbers, decimals and a trailing %', () => {
    const th = parseThresholds(get({ 'threshold-total': '80', 'threshold-file': '72.5%' }));
    expect(th.total?.text).toBe('80');
    expect(th.file?.text).toBe('72.5');
    expect(th.package).toBeUndefined();
  });

  it.each(['abc', '-1', '101', 'NaN', '1e2', 'Infinity', '80.', '100.0001', ' 8 0'])(
    'refuses %j with the input named',
    (raw) => {
      expect(() => parseThresholds(get({ 'threshold-package': raw }))).toThrow(
        `threshold-package: ${JSON.stringify(raw.trim())} is not a percentage; use a number from 0 to 100`,
      );
    },
  );

  it('accepts the bounds', () => {
    expect(parseThresholds(get({ 'threshold-total': '0' })).total?.text).toBe('0');
    expect(parseThresholds(get({ 'threshold-total': '100.000' })).total?.text).toBe('100.000');
  });
});

describe('meetsPercent', () => {
  it('compares exactly: 79.96% does not meet 80', () => {
    const eighty = parseExactPercent('80')!;
    expect(meetsPercent(7996, 10000, eighty)).toBe(false);
    expect(meetsPercent(8000, 10000, eighty)).toBe(true);
    expect(meetsPercent(1, 3, parseExactPercent('33.333333')!)).toBe(true);
    expect(meetsPercent(1, 3, parseExactPercent('33.34')!)).toBe(false);
  });
});

describe('evaluateThresholds', () => {
  const figures = {
    total: t(70, 100),
    packages: new Map([
      ['m/a', t(60, 80)],
      ['m/b', t(10, 20)],
      ['m/empty', t(0, 0)],
    ]),
    files: new Map([
      ['m/a/x.go', t(60, 60)],
      ['m/a/y.go', t(0, 20)],
      ['m/b/z.go', t(10, 20)],
    ]),
  };

  it('lists what falls short, worst first, and ignores code with no statements', () => {
    const r = evaluateThresholds(
      {
        total: parseExactPercent('70')!,
        package: parseExactPercent('75')!,
        file: parseExactPercent('50')!,
      },
      figures,
    );
    expect(r.meets).toBe(false);
    expect(r.checks.map((c) => [c.scope, c.met, c.below.map((b) => b.name)])).toEqual([
      ['total', true, []],
      ['package', false, ['m/b']],
      ['file', false, ['m/a/y.go']],
    ]);
  });

  it('meets when no threshold is set', () => {
    expect(evaluateThresholds({}, figures)).toEqual({ meets: true, checks: [] });
  });
});
