import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Finding } from './finding.js';
import { parseStaticcheck } from './parse-staticcheck.js';
import { FAILURE_MAX_CHARS, type ToolRun } from './tool-output.js';

/** A captured `staticcheck -f json` run (see testdata/README.md). */
function fixture(name: string): ToolRun {
  const f = JSON.parse(
    readFileSync(new URL(`./testdata/staticcheck/${name}.json`, import.meta.url), 'utf8'),
  ) as ToolRun;
  return { code: f.code, stdout: f.stdout, stderr: f.stderr };
}

const ctx = { cwd: '/src/mod', root: '/src/mod' };

type Row = Pick<Finding, 'file' | 'line' | 'column' | 'rule' | 'severity' | 'message'> &
  Partial<Pick<Finding, 'endLine' | 'endColumn'>>;

function rows(findings: readonly Finding[]): Row[] {
  for (const f of findings) expect(f.gate).toBe('staticcheck');
  return findings.map(({ file, line, column, rule, severity, message, endLine, endColumn }) => ({
    file,
    line,
    column,
    rule,
    severity,
    message,
    ...(endLine !== undefined ? { endLine } : {}),
    ...(endColumn !== undefined ? { endColumn } : {}),
  }));
}

const SA4006: Row = {
  file: 'scbad/sc.go',
  line: 7,
  column: 2,
  endLine: 7,
  endColumn: 27,
  rule: 'SA4006',
  severity: 'error',
  message: 'this value of n is never used',
};
const VET_LIKE: Row[] = [
  {
    file: 'vetbad/vet.go',
    line: 7,
    column: 13,
    endLine: 7,
    endColumn: 19,
    rule: 'SA5009',
    severity: 'error',
    message: 'Printf format %d has arg #1 of wrong type string',
  },
  {
    file: 'vetbad/vet.go',
    line: 12,
    column: 2,
    endLine: 12,
    endColumn: 15,
    rule: 'SA1006',
    severity: 'error',
    message:
      'printf-style function with dynamic format string and no further arguments should use print-style function instead',
  },
  {
    file: 'vetbad/vet.go',
    line: 17,
    column: 2,
    endLine: 17,
    endColumn: 7,
    rule: 'SA4018',
    severity: 'error',
    message: 'self-assignment of a to a',
  },
  {
    file: 'vetbad2/v.go',
    line: 7,
    column: 13,
    endLine: 7,
    endColumn: 22,
    rule: 'SA5009',
    severity: 'error',
    message: 'Printf format %s reads arg #2, but call has only 1 args',
  },
];
const TYPEBAD: Row[] = [
  {
    file: 'typebad/types.go',
    line: 5,
    column: 9,
    rule: 'compile',
    severity: 'error',
    message: 'undefined: undefinedName',
  },
  {
    file: 'typebad/types.go',
    line: 10,
    column: 9,
    rule: 'compile',
    severity: 'error',
    message: 'cannot use "one" (untyped string constant) as int value in return statement',
  },
];

describe('parseStaticcheck on captured staticcheck -f json output', () => {
  it.each<[string, string, Row[]]>([
    [
      'findings',
      'errors, warnings from checks outside -fail, an ignored problem left out',
      [
        SA4006,
        {
          file: 'scbad2/s.go',
          line: 5,
          column: 2,
          endLine: 5,
          endColumn: 13,
          rule: 'SA1019',
          severity: 'error',
          message:
            '"io/ioutil" has been deprecated since Go 1.19: As of Go 1.16, the same functionality is now provided by package [io] or package [os], and those implementations should be preferred in new code. See the specific function documentation for details. ',
        },
        {
          file: 'scbad2/s.go',
          line: 15,
          column: 5,
          endLine: 15,
          endColumn: 14,
          rule: 'S1002',
          severity: 'warning',
          message: 'should omit comparison to bool constant, can be simplified to b',
        },
        {
          file: 'scbad2/s.go',
          line: 16,
          column: 10,
          endLine: 16,
          endColumn: 41,
          rule: 'ST1005',
          severity: 'warning',
          message: 'error strings should not be capitalized',
        },
        {
          file: 'scbad2/s.go',
          line: 16,
          column: 10,
          endLine: 16,
          endColumn: 41,
          rule: 'ST1005',
          severity: 'warning',
          message: 'error strings should not end with punctuation or newlines',
        },
        {
          file: 'scbad2/s.go',
          line: 21,
          column: 6,
          rule: 'U1000',
          severity: 'warning',
          message: 'func unused is unused',
        },
        ...VET_LIKE,
      ],
    ],
    [
      'mixed',
      'compile errors without a location, split per diagnostic',
      [...TYPEBAD, SA4006, ...VET_LIKE],
    ],
    [
      'broken',
      'a type error and a syntax error',
      [
        { ...TYPEBAD[0]!, file: 'pkg/types.go' },
        {
          file: 'syntax/syn.go',
          line: 5,
          column: 1,
          rule: 'compile',
          severity: 'error',
          message: 'syntax error: unexpected }, expected expression',
        },
      ],
    ],
    [
      'depbad',
      'a compile problem with a relative location',
      [
        ...TYPEBAD,
        SA4006,
        ...VET_LIKE,
        {
          file: 'depbad/d.go',
          line: 3,
          column: 8,
          rule: 'compile',
          severity: 'error',
          message:
            'no required module provides package example.org/not/required; to add it:\n\tgo get example.org/not/required',
        },
      ],
    ],
    [
      'badconf',
      'a staticcheck.conf that does not parse',
      [
        {
          file: 'scbad/staticcheck.conf',
          line: 1,
          column: 11,
          rule: 'config',
          severity: 'warning',
          message: 'unexpected EOF; expected value (last key parsed: "checks")',
        },
      ],
    ],
    ['clean', 'nothing to report', []],
  ])('%s (%s)', (name, _about, expected) => {
    const out = parseStaticcheck(fixture(name), ctx);
    expect(out.failure).toBeUndefined();
    expect(rows(out.findings)).toEqual(expected);
  });

  it('resolves paths against the repository root when staticcheck ran below it', () => {
    const out = parseStaticcheck(fixture('depbad'), { cwd: '/src/mod', root: '/src' });
    expect(new Set(out.findings.map((f) => f.file.split('/')[0]))).toEqual(new Set(['mod']));
    expect(out.findings.at(-1)!.file).toBe('mod/depbad/d.go');
  });

  it.each([
    ['badpattern', 'pattern ./nosuch/...: lstat ./nosuch/: no such file or directory'],
    ['badflag', 'flag provided but not defined: -nosuch'],
  ])('%s: the tool’s own words become the failure', (name, words) => {
    const out = parseStaticcheck(fixture(name), ctx);
    expect(out.findings).toEqual([]);
    expect(out.failure).toContain(words);
  });

  it('a runtime crash dump becomes the failure, head first', () => {
    const out = parseStaticcheck(fixture('sigquit'), ctx);
    expect(out.findings).toEqual([]);
    expect(out.failure!.startsWith('SIGQUIT: quit\n')).toBe(true);
    expect(out.failure).toContain('goroutine 1 ');
    expect(out.failure!.length).toBeLessThanOrEqual(FAILURE_MAX_CHARS + 60);
  });
});

describe('parseStaticcheck when staticcheck itself fails', () => {
  const findings = fixture('findings');
  const cut = findings.stdout.slice(0, findings.stdout.indexOf('"message":"func unused'));

  it.each<[string, ToolRun, string]>([
    [
      'killed, silent',
      { code: null, signal: 'SIGKILL', stdout: cut, stderr: '' },
      'killed by SIGKILL',
    ],
    [
      'garbage on stdout, exit 0',
      { code: 0, stdout: 'Segmentation fault (core dumped)\n', stderr: '' },
      'Segmentation fault (core dumped)',
    ],
    ['a line cut off, exit 1', { code: 1, stdout: cut, stderr: '' }, '{"code":"U1000"'],
    [
      'exit 1 without a failing problem',
      { code: 1, stdout: '', stderr: 'staticcheck: internal error\n' },
      'staticcheck: internal error',
    ],
  ])('%s: failure in the tool’s words', (_name, toolRun, words) => {
    const out = parseStaticcheck(toolRun, ctx);
    expect(out.failure).toContain(words);
    expect(out.failure).not.toMatch(/Unexpected token|JSON at position|SyntaxError/);
  });

  it('keeps the complete lines read before the cut', () => {
    const out = parseStaticcheck({ code: null, signal: 'SIGKILL', stdout: cut, stderr: '' }, ctx);
    expect(out.findings.map((f) => f.rule)).toEqual([
      'SA4006',
      'SA1019',
      'S1002',
      'ST1005',
      'ST1005',
    ]);
  });

  it('ignores stderr when the run succeeded', () => {
    const out = parseStaticcheck({ ...findings, stderr: 'some warning\n' }, ctx);
    expect(out.failure).toBeUndefined();
    expect(out.findings).toHaveLength(10);
  });
});
