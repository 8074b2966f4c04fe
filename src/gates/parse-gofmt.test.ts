import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run } from '../process.js';
import type { Finding } from './finding.js';
import {
  crlfOnlyFiles,
  diffLineEndings,
  firstChangedLine,
  isCrlfOnlyDifference,
  parseGofmtDiff,
} from './parse-gofmt.js';
import type { ToolRun } from './tool-output.js';

/** A captured gofmt run (see testdata/README.md). */
function fixture(name: string): ToolRun {
  const f = JSON.parse(
    readFileSync(new URL(`./testdata/gofmt/${name}.json`, import.meta.url), 'utf8'),
  ) as ToolRun;
  return { code: f.code, stdout: f.stdout, stderr: f.stderr };
}

const ctx = { cwd: '/src/mod', root: '/src/mod' };

type Expected = Pick<Finding, 'file' | 'line' | 'column' | 'rule' | 'severity'> & {
  message: RegExp;
};

function summary(findings: readonly Finding[]) {
  return findings.map((f) => ({ file: f.file, line: f.line, column: f.column, rule: f.rule }));
}

describe('parseGofmtDiff on captured gofmt output', () => {
  it.each<[string, Expected[]]>([
    [
      'diff',
      [
        {
          file: 'fmtbad/bad.go',
          line: 10,
          column: 0,
          rule: 'gofmt',
          severity: 'error',
          message: /^File is not gofmt-ed; run `gofmt -w fmtbad\/bad\.go`\.$/,
        },
        {
          file: 'fmtbad/crlf.go',
          line: 1,
          column: 0,
          rule: 'gofmt',
          severity: 'error',
          message:
            /^File has CRLF line endings; apart from them it is gofmt-ed\..*`git config --global core\.autocrlf false`.*`\*\.go text eol=lf`/s,
        },
      ],
    ],
    [
      'diff-abs',
      [
        {
          file: 'fmtbad/bad.go',
          line: 10,
          column: 0,
          rule: 'gofmt',
          severity: 'error',
          message: /gofmt -w fmtbad\/bad\.go/,
        },
      ],
    ],
    [
      'crlf-variants',
      [
        {
          file: 'fmtbad/mixed.go',
          line: 3,
          column: 0,
          rule: 'gofmt',
          severity: 'error',
          message: /^File has CRLF line endings; apart from them it is gofmt-ed/,
        },
        {
          file: 'fmtbad/both.go',
          line: 1,
          column: 0,
          rule: 'gofmt',
          severity: 'error',
          message:
            /^File is not gofmt-ed; run `gofmt -w fmtbad\/both\.go`\. It also has CRLF.*eol=lf/s,
        },
      ],
    ],
    [
      'list',
      [
        {
          file: 'fmtbad/bad.go',
          line: 0,
          column: 0,
          rule: 'gofmt',
          severity: 'error',
          message: /gofmt -w fmtbad\/bad\.go/,
        },
        {
          file: 'fmtbad/crlf.go',
          line: 0,
          column: 0,
          rule: 'gofmt',
          severity: 'error',
          message: /gofmt -w fmtbad\/crlf\.go/,
        },
      ],
    ],
    [
      'syntax',
      [
        {
          file: 'syntax/syn.go',
          line: 5,
          column: 1,
          rule: 'syntax',
          severity: 'error',
          message: /^expected operand, found '}'$/,
        },
      ],
    ],
    [
      'mixed',
      [
        {
          file: 'fmtbad/bad.go',
          line: 10,
          column: 0,
          rule: 'gofmt',
          severity: 'error',
          message: /gofmt -w fmtbad\/bad\.go/,
        },
        {
          file: 'fmtbad/zsyn.go',
          line: 5,
          column: 1,
          rule: 'syntax',
          severity: 'error',
          message: /^expected operand, found '}'$/,
        },
      ],
    ],
    ['clean', []],
  ])('%s', (name, expected) => {
    const out = parseGofmtDiff(fixture(name), ctx);
    expect(out.failure).toBeUndefined();
    expect(summary(out.findings)).toEqual(
      expected.map(({ file, line, column, rule }) => ({ file, line, column, rule })),
    );
    out.findings.forEach((f, i) => {
      expect(f.gate).toBe('fmt');
      expect(f.severity).toBe(expected[i]!.severity);
      expect(f.message).toMatch(expected[i]!.message);
    });
  });

  it('keeps each file’s diff, CRs included, keyed by the root-relative path', () => {
    const out = parseGofmtDiff(fixture('diff'), { cwd: '/src/mod', root: '/src' });
    expect([...out.diffs.keys()]).toEqual(['mod/fmtbad/bad.go', 'mod/fmtbad/crlf.go']);
    const bad = out.diffs.get('mod/fmtbad/bad.go')!;
    expect(bad.startsWith('diff fmtbad/bad.go.orig fmtbad/bad.go\n--- fmtbad/bad.go.orig\n')).toBe(
      true,
    );
    expect(bad).toContain('\n+func Ugly(a int, b int) int {\n');
    expect(bad).not.toContain('fmtbad/crlf.go');
    const crlf = out.diffs.get('mod/fmtbad/crlf.go')!;
    expect(crlf).toContain('\n-package fmtbad\r\n');
    expect(crlf).toContain('\n+package fmtbad\n');
    expect(out.findings.map((f) => f.message)[0]).toContain('gofmt -w mod/fmtbad/bad.go');
  });

  it.each([
    ['missing', 'lstat nosuch.go: no such file or directory'],
    ['badflag', 'flag provided but not defined: -Q'],
  ])('%s: the tool’s own words become the failure', (name, words) => {
    const out = parseGofmtDiff(fixture(name), ctx);
    expect(out.findings).toEqual([]);
    expect(out.failure).toContain(words);
  });

  it.each<[string, ToolRun, string]>([
    [
      'killed, silent',
      { code: null, signal: 'SIGKILL', stdout: '', stderr: '' },
      'killed by SIGKILL',
    ],
    [
      'garbage on stdout, exit 0',
      { code: 0, stdout: 'Segmentation fault (core dumped)\n', stderr: '' },
      'Segmentation fault (core dumped)',
    ],
    [
      'a Go panic, exit 2',
      {
        code: 2,
        stdout: '',
        stderr:
          'panic: runtime error: invalid memory address or nil pointer dereference\n' +
          '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b3c]\n\n' +
          'goroutine 1 [running]:\nmain.processFile(...)\n\t/goroot/src/cmd/gofmt/gofmt.go:241 +0x3c\n',
      },
      'panic: runtime error: invalid memory address or nil pointer dereference',
    ],
    [
      'exit 1 without a diff',
      { code: 1, stdout: '', stderr: '' },
      'exited with code 1 and printed nothing',
    ],
  ])('%s: failure in the tool’s words', (_name, toolRun, words) => {
    const out = parseGofmtDiff(toolRun, ctx);
    expect(out.failure).toContain(words);
    expect(out.failure).not.toMatch(/Unexpected token|JSON/);
  });

  it('reports the diffs it read even when the run ended badly', () => {
    const partial = fixture('diff');
    const out = parseGofmtDiff({ ...partial, code: null, signal: 'SIGTERM' }, ctx);
    expect(out.findings).toHaveLength(2);
    expect(out.failure).toBe('killed by SIGTERM');
  });
});

describe('firstChangedLine', () => {
  it.each([
    ['after context', '@@ -7,7 +7,9 @@\n a\n b\n c\n-d\n+e\n', 10],
    ['an insertion first', '@@ -4,6 +4,7 @@\n a\n+b\n c\n', 5],
    ['at the top', '@@ -1,2 +1,2 @@\n-a\n+b\n', 1],
    ['an empty file gaining a line', '@@ -0,0 +1 @@\n+package x\n', 1],
    ['no hunk', 'diff a.orig a\n', 0],
  ])('%s', (_name, diff, line) => {
    expect(firstChangedLine(diff)).toBe(line);
  });
});

describe('diffLineEndings', () => {
  it.each([
    ['every line CRLF', '@@ -1,2 +1,2 @@\n-a\r\n-b\r\n+a\n+b\n', 'crlf-only'],
    ['some lines CRLF', '@@ -1,3 +1,3 @@\n a\n-b\r\n+b\n c\n', 'crlf-only'],
    ['CRLF and a format change', '@@ -1,2 +1,2 @@\n-f( )\r\n-b\r\n+f()\n+b\n', 'crlf-and-format'],
    ['no CR at all', '@@ -1 +1 @@\n-f( )\n+f()\n', 'none'],
    [
      'missing final newline too',
      '@@ -1 +1 @@\n-a\r\n\\ No newline at end of file\n+a\n',
      'crlf-and-format',
    ],
  ])('%s', (_name, diff, verdict) => {
    expect(diffLineEndings(diff)).toBe(verdict);
  });
});

describe('CRLF detection against real gofmt', () => {
  let dir: string;
  let gofmt: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parse-gofmt-'));
    const goroot = (await run('go', ['env', 'GOROOT'])).stdout.trim();
    gofmt = path.join(goroot, 'bin', process.platform === 'win32' ? 'gofmt.exe' : 'gofmt');
    await writeFile(
      path.join(dir, 'crlf.go'),
      'package x\r\n\r\n// F is formatted.\r\nfunc F() int {\r\n\treturn 1\r\n}\r\n',
    );
    await writeFile(
      path.join(dir, 'both.go'),
      'package x\r\n\r\nfunc G( ) int {\r\n\treturn 2\r\n}\r\n',
    );
    await writeFile(path.join(dir, 'lf.go'), 'package x\n\nfunc H( ) int {\n\treturn 3\n}\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('isCrlfOnlyDifference tells a CRLF-only file from one that also needs formatting', async () => {
    const verdicts: Record<string, boolean> = {};
    for (const name of ['crlf.go', 'both.go', 'lf.go']) {
      const file = path.join(dir, name);
      const formatted = await run(gofmt, [file]);
      expect(formatted.code).toBe(0);
      verdicts[name] = isCrlfOnlyDifference(await readFile(file, 'utf8'), formatted.stdout);
    }
    expect(verdicts).toEqual({ 'crlf.go': true, 'both.go': false, 'lf.go': false });
  });

  it('crlfOnlyFiles reads the files and, with gofmt’s diffs, says what differs', async () => {
    const gofmtRun = await run(gofmt, ['-d', 'crlf.go', 'both.go', 'lf.go'], { cwd: dir });
    const out = parseGofmtDiff(gofmtRun, { cwd: dir, root: dir });
    expect(out.failure).toBeUndefined();
    expect(out.findings.map((f) => f.file)).toEqual(['crlf.go', 'both.go', 'lf.go']);

    const read = (p: string) => readFile(p, 'utf8');
    const withDiffs = await crlfOnlyFiles(['crlf.go', 'both.go', 'lf.go'], dir, read, out.diffs);
    expect([...withDiffs.keys()]).toEqual(['crlf.go', 'both.go']);
    expect(withDiffs.get('crlf.go')).toMatch(/apart from them it is gofmt-ed/);
    expect(withDiffs.get('both.go')).toMatch(
      /^File is not gofmt-ed; run `gofmt -w both\.go`.*CRLF/s,
    );
    // The parser reached the same verdicts from the diffs alone.
    for (const f of out.findings.filter((x) => withDiffs.has(x.file))) {
      expect(f.message).toBe(withDiffs.get(f.file));
    }

    const withoutDiffs = await crlfOnlyFiles(['crlf.go', 'lf.go', 'gone.go'], dir, read);
    expect([...withoutDiffs.keys()]).toEqual(['crlf.go']);
    expect(withoutDiffs.get('crlf.go')).toMatch(/CRLF.*core\.autocrlf false/s);
  });
});
