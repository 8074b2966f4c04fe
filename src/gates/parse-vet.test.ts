import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Finding } from './finding.js';
import { parseVet, scanJsonStream } from './parse-vet.js';
import type { ToolRun } from './tool-output.js';

/** A captured `go vet -json` run (see testdata/README.md). */
function fixture(name: string): ToolRun {
  const f = JSON.parse(
    readFileSync(new URL(`./testdata/vet/${name}.json`, import.meta.url), 'utf8'),
  ) as ToolRun;
  return { code: f.code, stdout: f.stdout, stderr: f.stderr };
}

const ctx = { cwd: '/src/mod', root: '/src/mod' };

type Row = Pick<Finding, 'file' | 'line' | 'column' | 'rule' | 'message'> &
  Partial<Pick<Finding, 'endLine' | 'endColumn'>>;

function rows(findings: readonly Finding[]): Row[] {
  for (const f of findings) {
    expect(f.gate).toBe('vet');
    expect(f.severity).toBe('error');
  }
  return findings.map(({ file, line, column, rule, message, endLine, endColumn }) => ({
    file,
    line,
    column,
    rule,
    message,
    ...(endLine !== undefined ? { endLine } : {}),
    ...(endColumn !== undefined ? { endColumn } : {}),
  }));
}

const WRONG_VERB = 'fmt.Printf format %d has arg "x" of wrong type string';
const MISSING_ARG = 'fmt.Printf format %s reads arg #2, but call has 1 arg';

/** What go vet reports for the planted defects, whichever way its output arrives. */
const PLANTED = [
  {
    file: 'vetbad/vet.go',
    line: 17,
    column: 2,
    endLine: 17,
    endColumn: 2,
    rule: 'assign',
    message: 'self-assignment of a',
  },
  {
    file: 'vetbad/vet.go',
    line: 7,
    column: 14,
    endLine: 7,
    endColumn: 16,
    rule: 'printf',
    message: WRONG_VERB,
  },
  {
    file: 'vetbad/vet.go',
    line: 12,
    column: 13,
    endLine: 12,
    endColumn: 14,
    rule: 'printf',
    message: 'non-constant format string in call to fmt.Printf',
  },
  {
    file: 'vetbad2/v.go',
    line: 7,
    column: 17,
    endLine: 7,
    endColumn: 19,
    rule: 'printf',
    message: MISSING_ARG,
  },
];
const UNDEFINED: Row = {
  file: 'typebad/types.go',
  line: 5,
  column: 9,
  rule: 'typecheck',
  message: 'undefined: undefinedName',
};

describe('parseVet on captured go vet -json output', () => {
  it.each<[string, string, Row[]]>([
    ['findings', 'go 1.26: JSON trees on stdout, exit 0', [...PLANTED]],
    ['mixed', 'go 1.26: a package that does not type-check, exit 1', [...PLANTED, UNDEFINED]],
    [
      'go122-mixed',
      'go 1.22: JSON trees on stderr after "# pkg" lines, no end positions',
      [
        {
          file: 'vetbad/vet.go',
          line: 17,
          column: 2,
          rule: 'assign',
          message: 'self-assignment of a to a',
        },
        { file: 'vetbad/vet.go', line: 7, column: 2, rule: 'printf', message: WRONG_VERB },
        { file: 'vetbad2/v.go', line: 7, column: 2, rule: 'printf', message: MISSING_ARG },
        UNDEFINED,
      ],
    ],
    [
      'broken',
      'a type error and a syntax error, exit 1',
      [
        { ...UNDEFINED, file: 'pkg/types.go' },
        {
          file: 'syntax/syn.go',
          line: 5,
          column: 1,
          rule: 'typecheck',
          message: "expected operand, found '}'",
        },
      ],
    ],
    [
      'depbad',
      'an import no module provides, exit 1',
      [
        {
          file: 'depbad/d.go',
          line: 3,
          column: 8,
          rule: 'typecheck',
          message:
            'no required module provides package example.org/not/required; to add it:\n' +
            'go get example.org/not/required',
        },
      ],
    ],
  ])('%s (%s)', (name, _about, expected) => {
    const out = parseVet(fixture(name), ctx);
    expect(out.failure).toBeUndefined();
    expect(rows(out.findings)).toEqual(expected);
  });

  it('resolves paths against the repository root when vet ran in a module below it', () => {
    const out = parseVet(fixture('mixed'), { cwd: '/src/mod', root: '/src' });
    expect(out.findings.map((f) => f.file)).toEqual([
      'mod/vetbad/vet.go',
      'mod/vetbad/vet.go',
      'mod/vetbad/vet.go',
      'mod/vetbad2/v.go',
      'mod/typebad/types.go',
    ]);
  });

  it.each([
    ['badpattern', 'pattern ./nosuch/...: lstat ./nosuch/: no such file or directory'],
    ['badflag', 'flag provided but not defined: -nosuchflag'],
  ])('%s: the tool’s own words become the failure', (name, words) => {
    const out = parseVet(fixture(name), ctx);
    expect(out.findings).toEqual([]);
    expect(out.failure).toContain(words);
  });
});

describe('parseVet when vet itself fails', () => {
  const findings = fixture('findings');
  const cut = findings.stdout.slice(0, findings.stdout.indexOf('"non-constant'));

  it.each<[string, ToolRun, string[]]>([
    [
      'killed while printing JSON',
      { code: null, signal: 'SIGKILL', stdout: cut, stderr: '' },
      ['killed by SIGKILL'],
    ],
    [
      'JSON cut off at exit 0',
      { code: 0, stdout: cut, stderr: '' },
      ['"example.com/gates/vetbad"', '"posn": "/src/mod/vetbad/vet.go:17:2"'],
    ],
    [
      'garbage on stdout, exit 0',
      { code: 0, stdout: 'Segmentation fault (core dumped)\n', stderr: '' },
      ['Segmentation fault (core dumped)'],
    ],
    [
      'an analyzer that failed',
      {
        code: 0,
        stdout:
          '{\n\t"example.com/x": {\n\t\t"printf": {\n\t\t\t"error": "internal error: boom"\n\t\t}\n\t}\n}\n',
        stderr: '',
      },
      ['example.com/x: printf: internal error: boom'],
    ],
    [
      'a Go panic, exit 2',
      {
        code: 2,
        stdout: '',
        stderr:
          '# example.com/gates/vetbad\npanic: runtime error: slice bounds out of range [:3] with capacity 2\n\n' +
          'goroutine 7 [running]:\ngolang.org/x/tools/go/analysis/passes/printf.run(...)\n' +
          '\t/goroot/src/cmd/vendor/golang.org/x/tools/go/analysis/passes/printf/printf.go:101 +0x1b4\n',
      },
      [
        'panic: runtime error: slice bounds out of range [:3] with capacity 2',
        'goroutine 7 [running]:',
      ],
    ],
    [
      'exit 1 in silence',
      { code: 1, stdout: '', stderr: '' },
      ['exited with code 1 and printed nothing'],
    ],
  ])('%s: failure in the tool’s words', (_name, toolRun, words) => {
    const out = parseVet(toolRun, ctx);
    for (const w of words) expect(out.failure).toContain(w);
    expect(out.failure).not.toMatch(/Unexpected token|JSON at position|SyntaxError/);
  });

  it('keeps the complete trees read before a crash', () => {
    const out = parseVet(
      { code: 2, stdout: findings.stdout, stderr: 'fatal error: out of memory\n' },
      ctx,
    );
    expect(out.findings).toHaveLength(4);
    expect(out.failure).toBe('fatal error: out of memory');
  });

  it('ignores module download chatter on stderr', () => {
    const out = parseVet(
      { code: 0, stdout: findings.stdout, stderr: 'go: downloading example.com/dep v1.2.3\n' },
      ctx,
    );
    expect(out.failure).toBeUndefined();
    expect(out.findings).toHaveLength(4);
  });
});

describe('scanJsonStream', () => {
  it('finds multi-line objects among plain lines, braces inside strings included', () => {
    const text = '# pkg\n{\n  "a": "}{\\"",\n  "b": [1, {"c": 2}]\n}\n{}\ntrailing words\n';
    const s = scanJsonStream(text);
    expect(s.objects).toEqual([{ a: '}{"', b: [1, { c: 2 }] }, {}]);
    expect(s.text.filter((l) => l !== '')).toEqual(['# pkg', 'trailing words']);
    expect(s.broken).toEqual([]);
  });

  it('returns a cut-off object as broken text', () => {
    const s = scanJsonStream('{}\n{\n  "a": [1, 2\n');
    expect(s.objects).toEqual([{}]);
    expect(s.broken).toEqual(['{\n  "a": [1, 2\n']);
  });
});
