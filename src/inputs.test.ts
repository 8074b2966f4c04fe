import { describe, expect, it } from '@jest/globals';
import { InputError } from './errors.js';
import {
  argsInput,
  booleanInput,
  choiceInput,
  pathListInput,
  patternListInput,
  sizeInput,
  wordListInput,
} from './inputs.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('booleanInput', () => {
  it.each(['true', 'True', 'TRUE', ' true\n'])('reads %j as true', (raw) => {
    expect(booleanInput('cache', raw, false)).toBe(true);
  });

  it.each(['false', 'False', 'FALSE'])('reads %j as false', (raw) => {
    expect(booleanInput('cache', raw, true)).toBe(false);
  });

  it('uses the default for empty input', () => {
    expect(booleanInput('cache', '', true)).toBe(true);
    expect(booleanInput('cache', ' ', false)).toBe(false);
  });

  it.each(['yes', 'no', '1', '0', 'on', 'tRUE', 'y', 'truee'])(
    'rejects %j as getBooleanInput does',
    (raw) => {
      expect(inputError(() => booleanInput('cache-build', raw, true)).message).toBe(
        `input cache-build must be true or false (also True, TRUE, False, FALSE), not ${JSON.stringify(raw)}`,
      );
    },
  );
});

describe('sizeInput', () => {
  it.each([
    ['1024', 1024],
    ['0.5K', 512],
    ['500M', 500 * 1024 ** 2],
    ['500 MB', 500 * 1024 ** 2],
    ['10G', 10 * 1024 ** 3],
    ['10gb', 10 * 1024 ** 3],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['2T', 2 * 1024 ** 4],
    ['100b', 100],
    [' 7KiB ', 7 * 1024],
  ])('reads %j as %d bytes', (raw, bytes) => {
    expect(sizeInput('cache-max-size', raw, 1)).toBe(bytes);
  });

  it('uses the default for empty input', () => {
    expect(sizeInput('cache-max-size', '', 42)).toBe(42);
  });

  it.each(['10X', 'G', '-1G', '1,5G', '1e9', '0', '0.1b', '1.5', '10 G B', 'Infinity'])(
    'rejects %j',
    (raw) => {
      expect(inputError(() => sizeInput('cache-max-size', raw, 1)).message).toContain(
        'cache-max-size',
      );
    },
  );

  it('rejects sizes beyond what a number holds exactly', () => {
    expect(inputError(() => sizeInput('cache-max-size', '99999999T', 1)).message).toMatch(
      /out of range/,
    );
  });
});

describe('patternListInput', () => {
  it('splits on newlines and commas and drops blanks', () => {
    expect(patternListInput('a/go.sum, b/go.sum\n\n  c/**/go.sum  \r\n,d,')).toEqual([
      'a/go.sum',
      'b/go.sum',
      'c/**/go.sum',
      'd',
    ]);
    expect(patternListInput('')).toEqual([]);
    expect(patternListInput(' \n , \n')).toEqual([]);
  });

  it('keeps negations and drops comment lines', () => {
    expect(patternListInput('# deps\n**/go.sum\n!vendor/**, !  third_party/**')).toEqual([
      '**/go.sum',
      '!vendor/**',
      '!  third_party/**',
    ]);
  });
});

describe('argsInput', () => {
  it.each([
    ['', []],
    ['--timeout 5m', ['--timeout', '5m']],
    ["--enable 'errcheck,gosec'  -v", ['--enable', 'errcheck,gosec', '-v']],
    ['--config "my dir/.golangci.yml"', ['--config', 'my dir/.golangci.yml']],
    ['a\\ b "x\\"y" \'$HOME\' ""', ['a b', 'x"y', '$HOME', '']],
  ])('%j', (raw, args) => {
    expect(argsInput('golangci-lint-args', raw)).toEqual(args);
  });
});

describe('choiceInput', () => {
  it('takes a choice in any case, and the default for empty input', () => {
    expect(choiceInput('cache-save', ' Never ', ['always', 'never'], 'always')).toBe('never');
    expect(choiceInput('cache-save', '', ['always', 'never'], 'always')).toBe('always');
  });

  it('names the input and every allowed value', () => {
    expect(
      inputError(() =>
        choiceInput('cache-save', 'sometimes', ['always', 'never', 'default-branch'], 'always'),
      ).message,
    ).toBe('input cache-save must be always, never or default-branch, not "sometimes"');
  });
});

describe('word and path lists', () => {
  it('splits words on commas, spaces and newlines', () => {
    expect(wordListInput(' fmt,vet\nstaticcheck  golangci-lint ')).toEqual([
      'fmt',
      'vet',
      'staticcheck',
      'golangci-lint',
    ]);
  });

  it('splits paths on commas and newlines only, keeping spaces inside a path', () => {
    expect(pathListInput('my module, other\r\n\n third ')).toEqual(['my module', 'other', 'third']);
  });
});
