import { describe, expect, it } from '@jest/globals';
import semver from 'semver';
import { InputError } from '../errors.js';
import { describeSpec, parseVersionSpec, type VersionSpec } from './spec.js';

function matches(spec: VersionSpec, version: string): boolean {
  if (spec.kind === 'exact') return semver.eq(spec.version, version);
  if (spec.kind === 'range') return semver.satisfies(version, spec.range);
  return false;
}

describe('parseVersionSpec', () => {
  it.each([
    ['1.22.5', '1.22.5'],
    ['1.21.0', '1.21.0'],
    ['go1.22.5', '1.22.5'],
    ['1.23rc1', '1.23.0-rc.1'],
    ['go1.23rc1', '1.23.0-rc.1'],
    ['1.23RC1', '1.23.0-rc.1'],
    ['1.18beta1', '1.18.0-beta.1'],
    ['1.9.2rc2', '1.9.2-rc.2'],
    ['1.23.0-rc.1', '1.23.0-rc.1'],
    ['go1.23.0-rc.1', '1.23.0-rc.1'],
    ['  1.22.5\n', '1.22.5'],
  ])('%j is exact %s', (input, version) => {
    expect(parseVersionSpec(input)).toEqual({ kind: 'exact', version, input });
  });

  it.each([
    ['1.22', '1.22.x'],
    ['go1.22', '1.22.x'],
    ['1.22.x', '1.22.x'],
    ['1.22.X', '1.22.x'],
    ['1.22.*', '1.22.x'],
    ['go1.22.x', '1.22.x'],
    ['1', '1.x.x'],
    ['1.x', '1.x.x'],
    ['^1.21', '^1.21.x'],
    ['go^1.21', undefined],
    ['^go1.21', '^1.21.x'],
    ['~1.22.1', '~1.22.1'],
    ['>=1.21 <1.23', '>=1.21.x <1.23.x'],
    ['>= 1.21  < 1.23', '>=1.21.x <1.23.x'],
    ['>=go1.21 <go1.23', '>=1.21.x <1.23.x'],
    ['>=1.23rc1', '>=1.23.0-rc.1'],
    ['1.21 - 1.22', '1.21.x - 1.22.x'],
    ['<1.20 || >=1.22.1', '<1.20.x || >=1.22.1'],
    ['\t^1.21 ', '^1.21.x'],
  ])('%j is the range %s', (input, range) => {
    if (range === undefined) {
      expect(() => parseVersionSpec(input)).toThrow(InputError);
      return;
    }
    const spec = parseVersionSpec(input);
    expect(spec).toEqual({ kind: 'range', range, input });
    expect(semver.validRange(range)).not.toBeNull();
  });

  it.each([
    ['stable', 'stable'],
    ['latest', 'stable'],
    ['oldstable', 'oldstable'],
    [' Stable ', 'stable'],
    ['OLDSTABLE', 'oldstable'],
  ])('%j is the alias %s', (input, alias) => {
    expect(parseVersionSpec(input)).toEqual({ kind: 'alias', alias, input });
  });

  it('1.22 means any 1.22 patch; 1.21 and 1.20 include their first release', () => {
    const s122 = parseVersionSpec('1.22');
    expect(matches(s122, '1.22.0')).toBe(true);
    expect(matches(s122, '1.22.9')).toBe(true);
    expect(matches(s122, '1.23.0')).toBe(false);
    expect(matches(s122, '1.21.13')).toBe(false);
    expect(matches(parseVersionSpec('1.21'), '1.21.0')).toBe(true);
    // go1.20 is the semver 1.20.0
    expect(matches(parseVersionSpec('go1.20'), '1.20.0')).toBe(true);
  });

  it('matches prereleases only when the spec names one', () => {
    expect(matches(parseVersionSpec('1.23'), '1.23.0-rc.1')).toBe(false);
    expect(matches(parseVersionSpec('1.23.x'), '1.23.0-rc.1')).toBe(false);
    expect(matches(parseVersionSpec('^1.22'), '1.23.0-rc.1')).toBe(false);
    expect(matches(parseVersionSpec('>=1.22'), '1.23.0-beta.1')).toBe(false);
    expect(matches(parseVersionSpec('1.23rc1'), '1.23.0-rc.1')).toBe(true);
    const fromRc = parseVersionSpec('>=1.23rc1');
    expect(matches(fromRc, '1.23.0-rc.2')).toBe(true);
    expect(matches(fromRc, '1.23.0')).toBe(true);
    expect(matches(fromRc, '1.24.0')).toBe(true);
    expect(matches(fromRc, '1.24.0-rc.1')).toBe(false);
  });

  it.each([
    'abc',
    '1..2',
    '1.22.5.6',
    '',
    '   ',
    '>=',
    '=',
    '||',
    '1.22 ||',
    '|| 1.22',
    '^',
    '1.22; rm -rf /',
    '1.22 && curl evil',
    '$(id)',
    '`id`',
    '1.22\nrm -rf',
    '1.22\u0000',
    '"1.22"',
    'v1.22',
    '1.x.5',
    '01.22',
    '1.022',
    '1.22.5-',
    '1.22-rc1',
    '1.22rc',
    'go',
    'gostable',
    'latest-1',
    '1.22.5 - ',
    '1.22 - 1.23 - 1.24',
    '*',
    'x',
    '1.99999999999999999999',
    '1.' + '1'.repeat(300),
  ])('rejects %j with the accepted forms', (input) => {
    let error: unknown;
    try {
      parseVersionSpec(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toContain('invalid go-version "');
    expect(message).toContain('1.22.5, 1.22, 1.22.x');
    expect(message).toContain('stable, oldstable, latest');
    // The quoted input is JSON-escaped: no raw newline or NUL reaches a log line.
    expect(message).not.toContain('\n');
    expect(message).not.toContain('\u0000');
  });

  it('quotes the input in the message', () => {
    expect(() => parseVersionSpec('1.22; rm -rf /')).toThrow('"1.22; rm -rf /"');
  });

  it('describes a spec by its trimmed input', () => {
    expect(describeSpec(parseVersionSpec('  ^1.21 \n'))).toBe('^1.21');
  });
});
