import { describe, expect, it } from '@jest/globals';
import { InputError } from '../errors.js';
import { parseProfile } from './profile.js';
import {
  coverageFigures,
  describeShortfalls,
  evaluateThresholds,
  meetsThreshold,
  parseThreshold,
  parseThresholds,
  statementsNeeded,
} from './thresholds.js';

const inputs = (v: Record<string, string>) => (n: string) => v[n] ?? '';
const at = (text: string) => parseThreshold('threshold-total', text)!;

// Package m/a: x.go 6/6, y.go 0/4 (6 of 10); m/b: z.go 1/2 (half); m/empty: no statements.
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

describe('parseThresholds', () => {
  it('reads numbers, decimals and a trailing %, and leaves empty inputs unset', () => {
    const th = parseThresholds(
      inputs({ 'threshold-total': '80', 'threshold-file': ' 72.50% ', 'threshold-package': '' }),
    );
    expect(th.total).toEqual({ text: '80', numerator: 80n, denominator: 1n });
    expect(th.file).toEqual({ text: '72.5', numerator: 725n, denominator: 10n });
    expect(th.package).toBeUndefined();
    expect(parseThresholds(inputs({}))).toEqual({});
  });

  it('accepts the bounds and canonicalises the text', () => {
    expect(at('0').text).toBe('0');
    expect(at('100.000').text).toBe('100');
    expect(at('080').text).toBe('80');
    expect(at('0.5 %').text).toBe('0.5');
    expect(at('33.333333333333333333')).toEqual({
      text: '33.333333333333333333',
      numerator: 33333333333333333333n,
      denominator: 10n ** 18n,
    });
  });

  it.each([
    ['abc', 'is not a percentage'],
    ['NaN', 'is not a percentage'],
    ['1e2x', 'is not a percentage'],
    ['1e2', 'is not a percentage'],
    ['Infinity', 'is not a percentage'],
    ['0x50', 'is not a percentage'],
    ['80.', 'is not a percentage'],
    ['.5', 'is not a percentage'],
    ['8 0', 'is not a percentage'],
    ['80%%', 'is not a percentage'],
    ['-1', 'is negative'],
    ['101', 'is above 100'],
    ['100.0001', 'is above 100'],
  ])('refuses %j, naming the input, the value and what is accepted', (raw, why) => {
    const parse = () => parseThresholds(inputs({ 'threshold-package': raw }));
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(
      `threshold-package: ${JSON.stringify(raw)} ${why}; use a number from 0 to 100, decimals allowed, optionally followed by % (for example 80 or 72.5%)`,
    );
  });
});

describe('meetsThreshold and statementsNeeded', () => {
  it('compares exactly: 79.96% prints as 80.0 but does not meet 80', () => {
    expect(meetsThreshold(7996, 10000, at('80'))).toBe(false);
    expect(statementsNeeded(7996, 10000, at('80'))).toBe(4);
    expect(meetsThreshold(8000, 10000, at('80'))).toBe(true);
    expect(statementsNeeded(8000, 10000, at('80'))).toBe(0);
  });

  it('keeps the threshold as the decimal written', () => {
    expect(meetsThreshold(1, 3, at('33.333333'))).toBe(true);
    expect(meetsThreshold(1, 3, at('33.34'))).toBe(false);
    expect(statementsNeeded(1, 3, at('33.34'))).toBe(1);
    // 72.5% of 7 is 5.075 statements: 6 are needed.
    expect(statementsNeeded(5, 7, at('72.5'))).toBe(1);
    expect(statementsNeeded(0, 7, at('100'))).toBe(7);
  });

  it('counts no statements as met', () => {
    expect(meetsThreshold(0, 0, at('100'))).toBe(true);
    expect(statementsNeeded(0, 0, at('100'))).toBe(0);
  });
});

describe('evaluateThresholds', () => {
  it('meets when no threshold is given', () => {
    expect(evaluateThresholds(PROFILE, {})).toEqual({ meets: true, checks: [] });
  });

  it('lists what falls short, least covered first, with percent and statements needed', () => {
    const r = evaluateThresholds(
      PROFILE,
      parseThresholds(
        inputs({ 'threshold-total': '58', 'threshold-package': '60', 'threshold-file': '55' }),
      ),
    );
    expect(r.meets).toBe(false);
    expect(r.checks).toEqual([
      {
        scope: 'total',
        input: 'threshold-total',
        threshold: '58',
        met: true,
        checked: 1,
        below: [],
      },
      {
        scope: 'package',
        input: 'threshold-package',
        threshold: '60',
        met: false,
        checked: 2, // m/empty has no statements: neither checked nor failing
        below: [{ name: 'example.com/m/b', covered: 1, statements: 2, percent: '50.0', needed: 1 }],
      },
      {
        scope: 'file',
        input: 'threshold-file',
        threshold: '55',
        met: false,
        checked: 3,
        below: [
          { name: 'example.com/m/a/y.go', covered: 0, statements: 4, percent: '0.0', needed: 3 },
          { name: 'example.com/m/b/z.go', covered: 1, statements: 2, percent: '50.0', needed: 1 },
        ],
      },
    ]);
  });

  it('reports a total below its threshold as a shortfall named total', () => {
    const r = evaluateThresholds(PROFILE, { total: at('58.4') });
    // 7 of 12 is 58.33%: below 58.4 although it prints as 58.3; 58.4% of 12 is 7.008.
    expect(r.checks[0]!.below).toEqual([
      { name: 'total', covered: 7, statements: 12, percent: '58.3', needed: 1 },
    ]);
    expect(evaluateThresholds(PROFILE, { total: at('58.3') }).meets).toBe(true);
  });

  it('takes figures already computed, with the same result', () => {
    const th = parseThresholds(inputs({ 'threshold-file': '90' }));
    expect(evaluateThresholds(coverageFigures(PROFILE), th)).toEqual(
      evaluateThresholds(PROFILE, th),
    );
  });

  it('orders shortfalls exactly, then by statements needed, then by name', () => {
    const p = parseProfile(
      `mode: set
m/c.go:1.1,1.2 1 1
m/c.go:2.1,2.2 2 0
m/b.go:1.1,1.2 2 1
m/b.go:2.1,2.2 4 0
m/a.go:1.1,1.2 1 1
m/a.go:2.1,2.2 2 0
m/d.go:1.1,1.2 9 0
`,
      'order',
    );
    const below = evaluateThresholds(p, { file: at('60') }).checks[0]!.below;
    // d has nothing covered. a, b and c are at 1/3: 60% of 6 is 3.6, so b needs 2 more; a
    // and c need 1 (60% of 3 is 1.8): by name.
    expect(below.map((b) => [b.name, b.needed])).toEqual([
      ['m/d.go', 6],
      ['m/b.go', 2],
      ['m/a.go', 1],
      ['m/c.go', 1],
    ]);
  });
});

describe('describeShortfalls', () => {
  it('says what is below, in one line per threshold not met', () => {
    const figures = coverageFigures(
      parseProfile(
        'mode: set\nm/a.go:1.1,1.2 7996 1\nm/a.go:2.1,2.2 2003 0\nm/b.go:1.1,1.2 1 0\n',
        'x',
      ),
    );
    // 79.96% overall and 79.97% in a.go both print as 80.0 and both fall short of 80.
    const r = evaluateThresholds(figures, { total: at('80'), file: at('80'), package: at('1') });
    expect(describeShortfalls(r)).toEqual([
      'total 80.0% (7996 of 10000 statements) is below threshold-total 80%: cover 4 more statements',
      '2 of 2 files below threshold-file 80%: m/b.go 0.0%, m/a.go 80.0%',
    ]);
  });
});
