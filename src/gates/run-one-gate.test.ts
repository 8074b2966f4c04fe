import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverModules } from '../go/modules.js';
import { streamLogger } from '../log.js';
import type { Finding } from './finding.js';
import { gatesToolchain, moduleContexts } from './gate-contexts.js';
import { parseGatesOptions } from './gates-options.js';
import { fingerprintOnce, ReusableResults } from './results-reuse.js';
import { failsOn, gateVerdict, runOneGate, type GateRun } from './run-one-gate.js';

function finding(severity: Finding['severity'], file: string, line: number): Finding {
  return { gate: 'vet', file, line, column: 1, rule: 'r', message: 'm', severity };
}

describe('failsOn', () => {
  it('fails on errors by default, on warnings too when asked, never on never', () => {
    const [e, w, n] = [
      finding('error', 'a.go', 1),
      finding('warning', 'a.go', 1),
      finding('notice', 'a.go', 1),
    ];
    expect([e, w, n].map((f) => failsOn('error', f))).toEqual([true, false, false]);
    expect([e, w, n].map((f) => failsOn('warning', f))).toEqual([true, true, false]);
    expect([e, w, n].map((f) => failsOn('never', f))).toEqual([false, false, false]);
  });
});

describe('gateVerdict', () => {
  const findings = [
    finding('warning', 'b.go', 3),
    finding('error', 'b.go', 9),
    finding('error', 'a.go', 5),
  ];

  it('sorts the findings most severe first and fails on an error', () => {
    const v = gateVerdict(findings, undefined, undefined, 'error');
    expect(v.kept.map((f) => `${f.file}:${f.line}`)).toEqual(['a.go:5', 'b.go:9', 'b.go:3']);
    expect(v).toMatchObject({ dropped: 0, status: 'failed' });
  });

  it('drops findings on unchanged lines, and passes when none left fails', () => {
    const changed = new Map([['b.go', [{ start: 1, end: 4 }]]]);
    const v = gateVerdict(findings, undefined, changed, 'error');
    expect(v.kept.map((f) => `${f.file}:${f.line}`)).toEqual(['b.go:3']);
    expect(v).toMatchObject({ dropped: 2, status: 'passed' });
  });

  it('is an error when the tool failed, whatever it found', () => {
    expect(gateVerdict([], 'crashed', undefined, 'never').status).toBe('error');
  });
});

describe('runOneGate with the real go command', () => {
  let dir: string;
  const env = { ...process.env, GOFLAGS: '', GOWORK: '', GOTOOLCHAIN: 'local' };
  const lines: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sgv-one-gate-'));
    mkdirSync(path.join(dir, 'm'));
    writeFileSync(path.join(dir, 'm', 'go.mod'), 'module example.com/m\n\ngo 1.22\n');
    writeFileSync(
      path.join(dir, 'm', 'm.go'),
      'package m\n\nimport "fmt"\n\nfunc F() {\n\tfmt.Printf("%d\\n", "x")\n}\n\nfunc  G() {}\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function gateRun(resultsDir: string): Promise<GateRun> {
    const options = parseGatesOptions((name) => (name === 'working-directory' ? 'm' : ''));
    const toolchain = await gatesToolchain(env, dir);
    const modules = await discoverModules(['m'], dir, toolchain.go.go, toolchain.env);
    const logger = streamLogger((l) => lines.push(l));
    const reuse = new ReusableResults(resultsDir, {
      options,
      root: dir,
      go: toolchain.go,
      env: toolchain.env,
      fingerprint: fingerprintOnce(),
      logger,
    });
    const contexts = moduleContexts(modules, {
      root: dir,
      toolchain,
      buildTags: [],
      timeoutMs: 120_000,
    });
    return {
      options,
      root: dir,
      contexts,
      tools: {},
      reuse,
      notes: [],
      vetDone: Promise.resolve(),
    };
  }

  it('finds the gofmt and vet problems, and reuses vet results for identical inputs', async () => {
    const resultsDir = path.join(dir, 'results');
    const fmt = await runOneGate('fmt', await gateRun(resultsDir));
    expect(fmt).toMatchObject({ gate: 'fmt', status: 'failed', reused: 0 });
    expect(fmt.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['m/m.go:9']);
    expect([...(fmt.diffs ?? new Map()).keys()]).toEqual(['m/m.go']);

    const vet = await runOneGate('vet', await gateRun(resultsDir));
    expect(vet).toMatchObject({ gate: 'vet', status: 'failed', reused: 0, failure: undefined });
    expect(vet.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(['m/m.go:6 printf']);

    const again = await runOneGate('vet', await gateRun(resultsDir));
    expect(again).toMatchObject({ status: 'failed', reused: 1 });
    expect(again.findings).toEqual(vet.findings);
    // gofmt is never reused: it is quicker than hashing its inputs.
    expect((await runOneGate('fmt', await gateRun(resultsDir))).reused).toBe(0);
  });
});
