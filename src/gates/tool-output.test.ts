import { describe, expect, it } from '@jest/globals';
import {
  FAILURE_MAX_CHARS,
  failureText,
  parseCompilerText,
  parsePosition,
  relativeToRoot,
  trimWords,
} from './tool-output.js';

describe('relativeToRoot', () => {
  it.each([
    ['absolute inside the root', '/src/mod/vetbad/vet.go', '/src/mod', '/src/mod', 'vetbad/vet.go'],
    ['relative to cwd', 'vetbad/vet.go', '/src/mod', '/src/mod', 'vetbad/vet.go'],
    ['cwd below the root', 'vetbad/vet.go', '/src/mod', '/src', 'mod/vetbad/vet.go'],
    ['cwd-relative with ..', '../other/x.go', '/src/mod', '/src', 'other/x.go'],
    ['outside the root', '/elsewhere/x.go', '/src/mod', '/src/mod', '/elsewhere/x.go'],
    ['a sibling with a shared prefix', '/src/modx/a.go', '/src/mod', '/src/mod', '/src/modx/a.go'],
    ['Windows absolute', 'D:\\a\\repo\\mod\\x.go', 'D:\\a\\repo\\mod', 'D:\\a\\repo', 'mod/x.go'],
    ['Windows relative', 'pkg\\x.go', 'D:\\a\\repo\\mod', 'D:\\a\\repo', 'mod/pkg/x.go'],
    ['Windows, forward slashes', 'D:/a/repo/x.go', 'D:\\a\\repo', 'D:\\a\\repo', 'x.go'],
    ['Windows, drive letter case', 'd:\\a\\repo\\x.go', 'D:\\a\\repo', 'D:\\a\\repo', 'x.go'],
    [
      'Windows, other drive',
      'C:\\go\\src\\fmt\\print.go',
      'D:\\a\\repo',
      'D:\\a\\repo',
      'C:/go/src/fmt/print.go',
    ],
    ['empty stays empty', '', '/src/mod', '/src/mod', ''],
  ])('%s', (_name, file, cwd, root, expected) => {
    expect(relativeToRoot(file, { cwd, root })).toBe(expected);
  });
});

describe('parsePosition', () => {
  it.each([
    ['/src/mod/x.go:12:2', { file: '/src/mod/x.go', line: 12, column: 2 }],
    ['x.go:7', { file: 'x.go', line: 7, column: 0 }],
    ['C:\\a\\x.go:3:4', { file: 'C:\\a\\x.go', line: 3, column: 4 }],
    ['-', undefined],
    ['', undefined],
    ['x.go', undefined],
  ])('%s', (text, expected) => {
    expect(parsePosition(text)).toEqual(expected);
  });
});

describe('parseCompilerText', () => {
  it('splits positioned diagnostics, continuations, package headers and other lines', () => {
    const text = [
      ': # example.com/gates/typebad',
      'vet: typebad/types.go:5:9: undefined: undefinedName',
      'depbad/d.go:3:8: no required module provides package example.org/x; to add it:',
      '\tgo get example.org/x',
      'go.mod:5: unknown directive: foo',
      'pattern ./nosuch/...: lstat ./nosuch/: no such file or directory',
      'flag provided but not defined: -nosuch',
      '',
    ].join('\n');
    const { positioned, other } = parseCompilerText(text);
    expect(positioned).toEqual([
      { file: 'typebad/types.go', line: 5, column: 9, message: 'undefined: undefinedName' },
      {
        file: 'depbad/d.go',
        line: 3,
        column: 8,
        message:
          'no required module provides package example.org/x; to add it:\ngo get example.org/x',
      },
      { file: 'go.mod', line: 5, column: 0, message: 'unknown directive: foo' },
    ]);
    expect(other).toEqual([
      'pattern ./nosuch/...: lstat ./nosuch/: no such file or directory',
      'flag provided but not defined: -nosuch',
    ]);
  });

  it('does not take the frames of a Go stack trace for diagnostics', () => {
    const trace = [
      'panic: runtime error: index out of range [1] with length 1',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/src/mod/main.go:5 +0x1d',
      'exit status 2',
    ].join('\n');
    const { positioned, other } = parseCompilerText(trace);
    expect(positioned).toEqual([]);
    expect(other).toContain('panic: runtime error: index out of range [1] with length 1');
    expect(other).toContain('\t/src/mod/main.go:5 +0x1d');
  });
});

describe('trimWords', () => {
  it('trims whitespace, CRLF and colour escapes', () => {
    expect(trimWords('\n\x1b[31mError:\x1b[0m bad flag\r\n\r\n')).toBe('Error: bad flag');
  });

  it('keeps the head and the tail of a long text and says how much it left out', () => {
    const text = 'panic: first line\n' + 'x'.repeat(10_000) + '\nfinal error line';
    const trimmed = trimWords(text);
    expect(trimmed.startsWith('panic: first line')).toBe(true);
    expect(trimmed.endsWith('final error line')).toBe(true);
    expect(trimmed).toMatch(/… \(\d+ characters left out\) …/);
    expect(trimmed.length).toBeLessThan(FAILURE_MAX_CHARS + 60);
  });
});

describe('failureText', () => {
  it.each([
    ['stderr first', { code: 2, stdout: 'out', stderr: 'bad flag\n' }, undefined, 'bad flag'],
    [
      'stdout when stderr is empty',
      { code: 3, stdout: 'garbage\n', stderr: '' },
      undefined,
      'garbage',
    ],
    ['given words win', { code: 1, stdout: '', stderr: 'noise' }, 'the words', 'the words'],
    [
      'silence',
      { code: 3, stdout: '', stderr: ' \n' },
      undefined,
      'exited with code 3 and printed nothing',
    ],
    [
      'a signal',
      { code: null, signal: 'SIGKILL', stdout: '', stderr: '' },
      undefined,
      'killed by SIGKILL',
    ],
    [
      'a signal with words',
      { code: null, signal: 'SIGTERM', stdout: '', stderr: 'partial' },
      undefined,
      'killed by SIGTERM\npartial',
    ],
    [
      'no exit code',
      { code: null, stdout: '', stderr: 'timed out' },
      undefined,
      'ended without an exit code\ntimed out',
    ],
  ])('%s', (_name, run, words, expected) => {
    expect(failureText(run, words)).toBe(expected);
  });
});
