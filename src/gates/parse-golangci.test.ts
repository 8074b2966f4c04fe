import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Finding } from './finding.js';
import {
  golangciJsonArgs,
  golangciSeverity,
  parseConfigVerify,
  parseGolangci,
} from './parse-golangci.js';
import type { ToolRun } from './tool-output.js';

interface Fixture extends ToolRun {
  readonly command: string;
}

/** A captured golangci-lint v2.15.0 run (see testdata/README.md). */
function fixture(name: string): ToolRun {
  const f = JSON.parse(
    readFileSync(new URL(`./testdata/golangci-lint/${name}.json`, import.meta.url), 'utf8'),
  ) as Fixture;
  return { code: f.code, stdout: f.stdout, stderr: f.stderr };
}

const ctx = { cwd: '/src/mod', root: '/src/mod' };

type Row = Pick<Finding, 'file' | 'line' | 'column' | 'rule' | 'severity' | 'message'> &
  Partial<Pick<Finding, 'endLine'>>;

function rows(findings: readonly Finding[]): Row[] {
  for (const f of findings) expect(f.gate).toBe('golangci-lint');
  return findings.map(({ file, line, column, rule, severity, message, endLine }) => ({
    file,
    line,
    column,
    rule,
    severity,
    message,
    ...(endLine !== undefined ? { endLine } : {}),
  }));
}

const ERRCHECK: Row = {
  file: 'lintbad/lint.go',
  line: 7,
  column: 11,
  rule: 'errcheck',
  severity: 'error',
  message: 'Error return value of `os.Remove` is not checked',
};
const PRINTF_MISSING_ARG: Row = {
  file: 'vetbad2/v.go',
  line: 7,
  column: 17,
  rule: 'govet',
  severity: 'error',
  message: 'printf: fmt.Printf format %s reads arg #2, but call has 1 arg',
};

describe('golangciJsonArgs', () => {
  it('asks for JSON on stdout, absolute paths and no statistics after the JSON', () => {
    expect(golangciJsonArgs()).toEqual([
      '--output.json.path=stdout',
      '--path-mode=abs',
      '--show-stats=false',
    ]);
  });

  it('matches the flags the captured runs used', () => {
    const f = JSON.parse(
      readFileSync(new URL('./testdata/golangci-lint/findings.json', import.meta.url), 'utf8'),
    ) as Fixture;
    for (const flag of golangciJsonArgs()) expect(f.command).toContain(flag);
  });
});

describe('parseGolangci on captured golangci-lint output', () => {
  it('default configuration: every issue, empty severity as error', () => {
    const out = parseGolangci(fixture('findings'), ctx);
    expect(out.failure).toBeUndefined();
    const got = rows(out.findings);
    expect(got).toHaveLength(12);
    expect(got).toContainEqual(ERRCHECK);
    expect(got).toContainEqual(PRINTF_MISSING_ARG);
    expect(got).toContainEqual({
      file: 'vetbad/vet.go',
      line: 7,
      column: 14,
      rule: 'govet',
      severity: 'error',
      message: 'printf: fmt.Printf format %d has arg "x" of wrong type string',
    });
    expect(got).toContainEqual({
      file: 'scbad/sc.go',
      line: 7,
      column: 2,
      rule: 'ineffassign',
      severity: 'error',
      message: 'ineffectual assignment to n',
    });
    expect(got).toContainEqual({
      file: 'scbad2/s.go',
      line: 21,
      column: 6,
      rule: 'unused',
      severity: 'error',
      message: 'func unused is unused',
    });
    const sa1019 = got.find((f) => f.message.startsWith('SA1019: '));
    expect(sa1019).toMatchObject({ file: 'scbad2/s.go', line: 5, column: 2, rule: 'staticcheck' });
    expect(got.every((f) => f.severity === 'error')).toBe(true);
  });

  it('severity rules from the configuration, and a line range', () => {
    const got = rows(parseGolangci(fixture('severity'), ctx).findings);
    expect(got).toHaveLength(15);
    expect(got.slice(0, 2)).toEqual([
      {
        file: 'dupbad/d.go',
        line: 4,
        column: 0,
        endLine: 12,
        rule: 'dupl',
        severity: 'error',
        message: '4-12 lines are duplicate of `dupbad/d.go:15-23`',
      },
      {
        file: 'dupbad/d.go',
        line: 15,
        column: 0,
        endLine: 23,
        rule: 'dupl',
        severity: 'error',
        message: '15-23 lines are duplicate of `dupbad/d.go:4-12`',
      },
    ]);
    expect(got).toContainEqual({
      file: 'dupbad/d.go',
      line: 3,
      column: 31,
      rule: 'misspell',
      severity: 'notice',
      message: '`occured` is a misspelling of `occurred`',
    });
    const bySeverity = (rule: string) =>
      new Set(got.filter((f) => f.rule === rule).map((f) => f.severity));
    expect(bySeverity('staticcheck')).toEqual(new Set(['warning']));
    expect(bySeverity('unused')).toEqual(new Set(['warning']));
    expect(bySeverity('errcheck')).toEqual(new Set(['error']));
  });

  it('finds the JSON line after text output a configuration sends to stdout', () => {
    const out = parseGolangci(fixture('with-text'), ctx);
    expect(out.failure).toBeUndefined();
    expect(rows(out.findings)).toEqual([ERRCHECK, PRINTF_MISSING_ARG]);
  });

  it.each<[string, Row[]]>([
    [
      'broken',
      [
        {
          file: 'syntax/syn.go',
          line: 5,
          column: 1,
          rule: 'typecheck',
          severity: 'error',
          message: 'syntax error: unexpected }, expected expression',
        },
        {
          file: 'syntax/syn.go',
          line: 5,
          column: 1,
          rule: 'typecheck',
          severity: 'error',
          message: "expected operand, found '}'",
        },
      ],
    ],
    [
      'mixed',
      [
        {
          file: 'typebad/types.go',
          line: 5,
          column: 9,
          rule: 'typecheck',
          severity: 'error',
          message: 'undefined: undefinedName',
        },
        {
          file: 'typebad/types.go',
          line: 10,
          column: 9,
          rule: 'typecheck',
          severity: 'error',
          message: 'cannot use "one" (untyped string constant) as int value in return statement',
        },
      ],
    ],
    ['clean', []],
  ])('%s: typecheck text becomes one finding per compiler diagnostic', (name, expected) => {
    const out = parseGolangci(fixture(name), ctx);
    expect(out.failure).toBeUndefined();
    expect(rows(out.findings)).toEqual(expected);
  });

  it('resolves paths against the repository root when it ran below it', () => {
    const out = parseGolangci(fixture('mixed'), { cwd: '/src/mod', root: '/src' });
    expect(out.findings.map((f) => f.file)).toEqual([
      'mod/typebad/types.go',
      'mod/typebad/types.go',
    ]);
  });

  it.each([
    ['badflag', 3, 'unknown flag: --nosuch'],
    ['badconf', 3, "unknown linters: 'nosuchlinter'"],
    ['run-v1', 3, 'unsupported version of the configuration'],
    ['timeout', 4, 'Timeout exceeded: try increasing it by passing --timeout option'],
    ['nogo', 5, 'no go files to analyze'],
    ['badpattern', 7, 'typechecking error: pattern ./nosuch/...: lstat ./nosuch/'],
  ])('%s (exit %d): the tool’s own words become the failure', (name, code, words) => {
    const run = fixture(name);
    expect(run.code).toBe(code);
    const out = parseGolangci(run, ctx);
    expect(out.findings).toEqual([]);
    expect(out.failure).toContain(words);
  });

  it('does not repeat Report.Error when stderr already says it', () => {
    const failure = parseGolangci(fixture('badpattern'), ctx).failure!;
    expect(failure.split('pattern ./nosuch/...').length - 1).toBe(1);
  });

  it('adds Report.Error when stderr does not say it', () => {
    const run = fixture('badpattern');
    const out = parseGolangci({ ...run, stderr: '' }, ctx);
    expect(out.failure).toBe(
      'typechecking error: pattern ./nosuch/...: lstat ./nosuch/: no such file or directory',
    );
  });
});

describe('parseGolangci when golangci-lint itself fails', () => {
  const findings = fixture('findings');
  const cut = findings.stdout.slice(0, 3000);

  it.each<[string, ToolRun, string]>([
    [
      'killed mid-JSON',
      { code: null, signal: 'SIGKILL', stdout: cut, stderr: '' },
      'killed by SIGKILL',
    ],
    [
      'garbage on stdout, exit 0',
      { code: 0, stdout: 'Segmentation fault (core dumped)\n', stderr: '' },
      'Segmentation fault (core dumped)',
    ],
    [
      'JSON cut off, exit 1, words on stderr',
      { code: 1, stdout: cut, stderr: 'level=error msg="write /dev/stdout: broken pipe"\n' },
      'level=error msg="write /dev/stdout: broken pipe"',
    ],
    [
      'JSON cut off, exit 1, silent stderr',
      { code: 1, stdout: cut, stderr: '' },
      '{"Issues":[{"FromLinter":"errcheck"',
    ],
    [
      'a Go panic, exit 2',
      {
        code: 2,
        stdout: '',
        stderr:
          'panic: runtime error: invalid memory address or nil pointer dereference [recovered]\n\n' +
          'goroutine 1 [running]:\ngithub.com/golangci/golangci-lint/v2/pkg/commands.(*runCommand).execute(...)\n',
      },
      'panic: runtime error: invalid memory address or nil pointer dereference [recovered]',
    ],
    [
      'exit 0 in silence',
      { code: 0, stdout: '', stderr: '' },
      'exited with code 0 and printed nothing',
    ],
  ])('%s: failure in the tool’s words', (_name, toolRun, words) => {
    const out = parseGolangci(toolRun, ctx);
    expect(out.failure).toContain(words);
    expect(out.failure).not.toMatch(/Unexpected token|JSON at position|SyntaxError/);
  });

  it('keeps the issues of a complete report when the exit code says something went wrong', () => {
    const out = parseGolangci({ ...findings, code: 7, stderr: 'level=error msg="boom"\n' }, ctx);
    expect(out.findings).toHaveLength(12);
    expect(out.failure).toBe('level=error msg="boom"');
  });
});

describe('parseConfigVerify on captured golangci-lint config verify output', () => {
  it.each([
    ['verify-ok', undefined],
    ['verify-noconfig', undefined],
  ])('%s: nothing to complain about', (name, expected) => {
    expect(parseConfigVerify(fixture(name))).toBe(expected);
  });

  it.each([
    ['verify-unknownkey', "additional properties 'nosuchkey' not allowed"],
    ['verify-unknownkey', '"run.timeout" does not validate'],
    ['verify-schema', "cannot parse 'linters.settings.errcheck.check-blank' as bool"],
    ['verify-v1', 'unsupported version of the configuration: ""'],
    ['verify-yaml', 'yaml: line 2: did not find expected node content'],
  ])('%s: says %s', (name, words) => {
    expect(parseConfigVerify(fixture(name))).toContain(words);
  });

  it('a killed verify is a failure', () => {
    expect(parseConfigVerify({ code: null, signal: 'SIGKILL', stdout: '', stderr: '' })).toBe(
      'killed by SIGKILL',
    );
  });
});

describe('golangciSeverity', () => {
  it.each([
    ['', 'error'],
    ['error', 'error'],
    ['high', 'error'],
    ['blocker', 'error'],
    ['something-new', 'error'],
    ['warning', 'warning'],
    ['Warn', 'warning'],
    ['medium', 'warning'],
    ['info', 'notice'],
    ['low', 'notice'],
  ])('%j → %s', (severity, expected) => {
    expect(golangciSeverity(severity)).toBe(expected);
  });
});
