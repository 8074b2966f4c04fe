import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  compareGoTags,
  compareSemver,
  minorLine,
  rcompareSemver,
  toGoTag,
  toSemver,
} from './go-version.js';

const allIndex = JSON.parse(
  readFileSync(
    new URL('../../testdata/go-dev-dl-include-all-2021-11-08.json', import.meta.url),
    'utf8',
  ),
) as { version: string }[];

describe('toSemver / toGoTag', () => {
  it.each([
    ['go1.22.5', '1.22.5'],
    ['go1.21.0', '1.21.0'],
    ['go1.20', '1.20.0'],
    ['go1', '1.0.0'],
    ['go1.0.1', '1.0.1'],
    ['go1.23rc1', '1.23.0-rc.1'],
    ['go1.21rc2', '1.21.0-rc.2'],
    ['go1.18beta1', '1.18.0-beta.1'],
    ['go1.9.2rc2', '1.9.2-rc.2'],
    ['go1.17', '1.17.0'],
  ])('%s ↔ %s', (tag, version) => {
    expect(toSemver(tag)).toBe(version);
    expect(toGoTag(version)).toBe(tag);
  });

  it('round-trips every tag of the real go.dev index', () => {
    expect(allIndex).toHaveLength(202);
    for (const { version } of allIndex) {
      const sv = toSemver(version);
      expect(sv).toBeDefined();
      expect(toGoTag(sv ?? '')).toBe(version);
    }
  });

  it.each([
    '1.22.5',
    'go',
    'go1.',
    'go1..2',
    'go1.22.5.6',
    'go01.2',
    'go1.02',
    'go1.22rc',
    'go1.22gamma1',
    'go1.22.5-custom',
    ' go1.22.5',
    'go1.22.5\n',
    'go1.9999999999',
    'go1.22rc1.1',
    'go1rc1',
  ])('toSemver(%j) is undefined', (tag) => {
    expect(toSemver(tag)).toBeUndefined();
  });

  it.each(['1.22', 'x', '1.22.5+build', '1.23.0-rc1', '1.23.0-rc.1.2', '1.23.0-pre.1'])(
    'toGoTag(%j) is undefined',
    (v) => {
      expect(toGoTag(v)).toBeUndefined();
    },
  );

  it('writes go1.21 and later first releases with .0', () => {
    expect(toGoTag('1.21.0')).toBe('go1.21.0');
    expect(toGoTag('1.26.0')).toBe('go1.26.0');
    expect(toGoTag('1.20.0')).toBe('go1.20');
    expect(toGoTag('2.0.0')).toBe('go2.0.0');
  });
});

describe('comparison', () => {
  it('orders prereleases before the release', () => {
    const tags = ['go1.21.0', 'go1.20', 'go1.21rc2', 'go1.9.2rc2', 'go1.10', 'go1.9.2'];
    expect([...tags].sort(compareGoTags)).toEqual([
      'go1.9.2rc2',
      'go1.9.2',
      'go1.10',
      'go1.20',
      'go1.21rc2',
      'go1.21.0',
    ]);
  });

  it('sorts semver both ways', () => {
    const vs = ['1.18.0', '1.18.0-rc.1', '1.18.0-beta.2', '1.17.13'];
    expect([...vs].sort(compareSemver)).toEqual([
      '1.17.13',
      '1.18.0-beta.2',
      '1.18.0-rc.1',
      '1.18.0',
    ]);
    expect([...vs].sort(rcompareSemver)).toEqual([
      '1.18.0',
      '1.18.0-rc.1',
      '1.18.0-beta.2',
      '1.17.13',
    ]);
  });

  it('refuses to compare non-tags', () => {
    expect(() => compareGoTags('go1.2', '1.2')).toThrow(TypeError);
  });

  it('names the minor line', () => {
    expect(minorLine('1.22.5')).toBe('1.22');
    expect(minorLine('1.23.0-rc.1')).toBe('1.23');
  });
});
