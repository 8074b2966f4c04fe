import { describe, expect, it } from '@jest/globals';
import { InputError } from '../errors.js';
import { decideRace, goTestArgs, parseCoverageOptions } from './coverage-options.js';

const linux = { os: 'linux', arch: 'amd64' };

function inputs(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? '';
}

describe('parseCoverageOptions', () => {
  it('has the defaults a test step needs', () => {
    const o = parseCoverageOptions(inputs({}), linux);
    expect(o).toMatchObject({
      mode: 'test',
      workingDirectory: '.',
      packages: ['./...'],
      race: 'auto',
      artifactName: 'coverage-linux-amd64',
      mergePattern: 'coverage-*',
      failUnderThreshold: true,
      reportDir: 'coverage',
      prComment: false,
    });
    expect(o.coverpkg).toBeUndefined();
  });

  it('names the merged artifact apart from the legs it downloads', () => {
    const o = parseCoverageOptions(inputs({ mode: 'merge' }), linux);
    expect(o.artifactName).toBe('coverage-merged');
    expect(o.mergePattern).toBe('coverage-*');
  });

  it('refuses an unknown mode, a bad flag and a report without profiles', () => {
    expect(() => parseCoverageOptions(inputs({ mode: 'tset' }), linux)).toThrow(
      /input mode must be test, report or merge, not "tset"/,
    );
    expect(() => parseCoverageOptions(inputs({ race: 'maybe' }), linux)).toThrow(InputError);
    expect(() => parseCoverageOptions(inputs({ mode: 'report' }), linux)).toThrow(
      /mode report needs profiles/,
    );
  });

  it('reads profiles one glob per line, skipping blanks and comments', () => {
    const o = parseCoverageOptions(
      inputs({ mode: 'report', profiles: 'a/*.out\n\n# old\n covdata/ \n' }),
      linux,
    );
    expect(o.profiles).toEqual(['a/*.out', 'covdata/']);
  });

  it('refuses test-args that would replace the profile the action reads', () => {
    for (const arg of ['-coverprofile=x', '--covermode', '-coverpkg=./...', '-json']) {
      expect(() => parseCoverageOptions(inputs({ 'test-args': `-count=1 ${arg}` }), linux)).toThrow(
        /test-args: .* is set by the coverage action/,
      );
    }
    expect(() => parseCoverageOptions(inputs({ 'test-args': '-run "a' }), linux)).toThrow(
      /test-args: unterminated " quote/,
    );
  });

  it('skips the upload when asked and refuses artifact names GitHub rejects', () => {
    expect(
      parseCoverageOptions(inputs({ 'upload-artifact': 'false' }), linux).artifactName,
    ).toBeUndefined();
    expect(() => parseCoverageOptions(inputs({ 'artifact-name': 'a/b' }), linux)).toThrow(
      /artifact-name: "a\/b"/,
    );
  });
});

describe('decideRace', () => {
  it('uses -race where Go has it and cgo works', () => {
    expect(decideRace('auto', { os: 'linux', arch: 'amd64', cgo: true })).toEqual({ race: true });
    // darwin's race runtime does not need cgo.
    expect(decideRace('auto', { os: 'darwin', arch: 'arm64', cgo: false })).toEqual({
      race: true,
    });
  });

  it('leaves it off on windows/arm64 and without cgo, saying why', () => {
    expect(decideRace('auto', { os: 'windows', arch: 'arm64', cgo: true })).toEqual({
      race: false,
      reason: 'Go has no race detector for windows/arm64',
    });
    expect(decideRace('auto', { os: 'linux', arch: 'amd64', cgo: false }).reason).toMatch(
      /needs cgo/,
    );
  });

  it('fails race: true where it cannot work and honours race: false', () => {
    expect(() => decideRace('on', { os: 'windows', arch: 'arm64', cgo: true })).toThrow(
      /race: true, but Go has no race detector for windows\/arm64/,
    );
    expect(decideRace('off', { os: 'linux', arch: 'amd64', cgo: true }).race).toBe(false);
  });
});

describe('goTestArgs', () => {
  it('asks for an atomic profile and keeps packages before -args', () => {
    expect(
      goTestArgs(
        { packages: ['./...'], coverpkg: './...', testArgs: ['-count=1', '-args', '-v'] },
        'cov.out',
        true,
      ),
    ).toEqual([
      'test',
      '-covermode=atomic',
      '-coverprofile=cov.out',
      '-race',
      '-coverpkg=./...',
      '-count=1',
      './...',
      '-args',
      '-v',
    ]);
  });
});
