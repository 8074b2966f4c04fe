import { describe, expect, it } from '@jest/globals';
import type { Finding, GateName, Severity } from './finding.js';
import {
  renderFindingLines,
  renderGatesSummary,
  resultsJson,
  selectAnnotations,
} from './report.js';
import type { GateResult, GatesReport } from './run-gates.js';

function finding(
  gate: GateName,
  file: string,
  line: number,
  severity: Severity = 'error',
  rule = 'r',
): Finding {
  return { gate, file, line, column: 2, rule, message: `problem at ${file}:${line}`, severity };
}

function result(gate: GateName, findings: Finding[], extra: Partial<GateResult> = {}): GateResult {
  return {
    gate,
    status: findings.length ? 'failed' : 'passed',
    findings,
    dropped: 0,
    durationMs: 1234,
    reused: 0,
    ...extra,
  };
}

function report(results: GateResult[], extra: Partial<GatesReport> = {}): GatesReport {
  return {
    passed: results.every((r) => r.status === 'passed'),
    results,
    modules: [],
    go: { go: 'go', version: 'go1.26.11', os: 'linux', arch: 'amd64' },
    durationMs: 2500,
    notes: [],
    ...extra,
  };
}

describe('selectAnnotations', () => {
  it('keeps ten of each level, errors first, and counts the rest', () => {
    const warnings = Array.from({ length: 12 }, (_, i) =>
      finding('staticcheck', 'w.go', i + 1, 'warning'),
    );
    const errors = Array.from({ length: 15 }, (_, i) => finding('vet', 'e.go', i + 1));
    const { annotations, omitted } = selectAnnotations([
      result('staticcheck', warnings),
      result('vet', errors),
    ]);
    expect(annotations.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(annotations.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(annotations[0]).toMatchObject({
      level: 'error',
      file: 'e.go',
      line: 1,
      column: 2,
      title: 'vet: r',
    });
    expect(omitted).toBe(7);
  });

  it('leaves room for the annotation of a tool that could not run', () => {
    const errors = Array.from({ length: 12 }, (_, i) => finding('vet', 'e.go', i + 1));
    const { annotations, omitted } = selectAnnotations([
      result('vet', errors),
      result('golangci-lint', [], { status: 'error', failure: 'panic' }),
    ]);
    expect(annotations).toHaveLength(9);
    expect(omitted).toBe(3);
  });

  it('gives file-level findings no line', () => {
    const { annotations } = selectAnnotations([
      result('fmt', [{ ...finding('fmt', 'a.go', 0), column: 0 }]),
    ]);
    expect(annotations[0]!.line).toBeUndefined();
    expect(annotations[0]!.column).toBeUndefined();
  });
});

describe('renderGatesSummary', () => {
  it('has one row per gate and lists every finding, diff and tool failure', () => {
    const md = renderGatesSummary(
      report([
        result('fmt', [finding('fmt', 'bad.go', 3, 'error', 'gofmt')], {
          diffs: new Map([
            ['bad.go', '--- bad.go.orig\n+++ bad.go\n@@ -3 +3 @@\n-x  :=1\n+x := 1\n'],
          ]),
        }),
        result('vet', []),
        result('golangci-lint', [], { status: 'error', failure: 'panic: runtime error\n```boom' }),
      ]),
    );
    expect(md).toContain('### Go gates: ❌ failed — 1 finding in 2.5 s');
    expect(md).toMatch(/\| fmt \| ❌ failed \| 1 \| 1\.2 s \| gofmt \(go1\.26\.11\) \|/);
    expect(md).toMatch(/\| vet \| ✅ passed \| 0 \|/);
    expect(md).toMatch(/\| golangci-lint \| 💥 tool failed \| 0 \|/);
    expect(md).toContain('| `bad.go:3:2` | gofmt | error | problem at bad.go:3 |');
    expect(md).toContain('```diff\n--- bad.go.orig');
    expect(md).toContain('panic: runtime error');
    // A fence in tool output must not end the code block early.
    expect(md).not.toContain('\n```boom');
  });

  it('says when only-new-issues had no base', () => {
    const md = renderGatesSummary(
      report([result('vet', [])], { baseProblem: 'shallow clone; set fetch-depth: 0' }),
    );
    expect(md).toContain('every finding is shown: shallow clone; set fetch-depth: 0');
  });
});

describe('machine and terminal output', () => {
  it('puts every finding in the JSON and in compiler-style lines', () => {
    const r = report([result('vet', [finding('vet', 'a/b.go', 7, 'error', 'printf')])]);
    const json = JSON.parse(resultsJson(r)) as Record<
      string,
      { status: string; findings: Finding[] }
    >;
    expect(json['vet']!.status).toBe('failed');
    expect(json['vet']!.findings[0]).toMatchObject({ file: 'a/b.go', line: 7, rule: 'printf' });
    expect(renderFindingLines(r)[0]).toBe('a/b.go:7:2: error: vet/printf: problem at a/b.go:7');
  });
});

describe('duplicateLinters', () => {
  it('leaves to the gates what they run, unless the config or arguments name the linter', async () => {
    const { duplicateLinters } = await import('./gate-runners.js');
    expect(duplicateLinters(['fmt', 'vet', 'staticcheck', 'golangci-lint'], '', [])).toEqual([
      'govet',
      'staticcheck',
      'unused',
    ]);
    expect(duplicateLinters(['golangci-lint'], '', [])).toEqual([]);
    expect(
      duplicateLinters(
        ['vet', 'staticcheck'],
        'linters:\n  settings:\n    govet:\n      enable: [shadow]\n',
        [],
      ),
    ).toEqual(['staticcheck', 'unused']);
    expect(duplicateLinters(['vet', 'staticcheck'], '', ['--enable=unused'])).toEqual([
      'govet',
      'staticcheck',
    ]);
    // A word that merely contains a linter's name does not count.
    expect(duplicateLinters(['vet'], 'linters:\n  enable: [govetx]\n', [])).toEqual(['govet']);
  });
});
