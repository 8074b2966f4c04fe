import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { badgeColor, renderBadge } from './badge.js';
import { renderCobertura } from './cobertura.js';
import { COMMENT_MARKER, renderCoverageSummary } from './coverage-summary.js';
import { renderLcov } from './lcov.js';
import { lineHits } from './line-hits.js';
import { byFile, byPackage, mergeProfiles, parseProfile, totals } from './profile.js';
import { resolveSourceFiles } from './source-files.js';
import { evaluateThresholds, parseThresholds } from './thresholds.js';

// The tagged fixture module's two builds, as go test wrote them (see __tests__/e2e/fixtures).
const ALPHA = `mode: atomic
example.com/tagged/alpha.go:6.18,8.2 1 1
example.com/tagged/common.go:6.24,7.11 1 1
example.com/tagged/common.go:7.11,9.3 1 1
example.com/tagged/common.go:10.2,10.11 1 0
`;
const BETA = `mode: atomic
example.com/tagged/beta.go:6.22,7.12 1 1
example.com/tagged/beta.go:7.12,9.3 1 0
example.com/tagged/beta.go:10.2,10.10 1 1
example.com/tagged/common.go:6.24,7.11 1 1
example.com/tagged/common.go:7.11,9.3 1 1
example.com/tagged/common.go:10.2,10.11 1 0
`;
const merged = mergeProfiles([parseProfile(ALPHA, 'alpha'), parseProfile(BETA, 'beta')]);
const name = (f: string) => f.replace('example.com/tagged/', 'tagged/');

describe('line hits', () => {
  it('gives each line the largest count of the blocks spanning it', () => {
    const hits = lineHits([
      { file: 'f', startLine: 1, startCol: 1, endLine: 3, endCol: 2, statements: 2, count: 4 },
      { file: 'f', startLine: 2, startCol: 5, endLine: 2, endCol: 9, statements: 1, count: 0 },
      { file: 'f', startLine: 5, startCol: 1, endLine: 5, endCol: 3, statements: 0, count: 9 },
    ]);
    expect(hits).toEqual([
      { line: 1, hits: 4 },
      { line: 2, hits: 4 },
      { line: 3, hits: 4 },
    ]);
  });
});

describe('LCOV', () => {
  it('lists every file of the union with its line hits', () => {
    const lcov = renderLcov(merged, name);
    const records = lcov.split('end_of_record\n').filter(Boolean);
    expect(records.map((r) => /SF:(.*)/.exec(r)![1])).toEqual([
      'tagged/alpha.go',
      'tagged/beta.go',
      'tagged/common.go',
    ]);
    // common.go: lines 6-7 (count 2), 7-9 (2), 10 (0): 5 lines, 4 hit.
    expect(records[2]).toContain('DA:6,2\nDA:7,2\nDA:8,2\nDA:9,2\nDA:10,0\nLF:5\nLH:4\n');
    expect(records[0]).toContain('DA:6,1\nDA:7,1\nDA:8,1\nLF:3\nLH:3\n');
  });
});

describe('Cobertura', () => {
  const xml = renderCobertura(merged, name, { sourceRoot: '/work/ws', timestamp: 1700000000 });

  it('counts lines per package and in total', () => {
    // alpha 3/3, beta 6-9 hit except 8-9 (count 0 on 7.12-9.3: line 7 keeps 1), common 4/5.
    expect(xml).toMatch(/<coverage line-rate="[\d.]+" [^>]*lines-covered="(\d+)" lines-valid="(\d+)"/);
    const [, hit, valid] = /lines-covered="(\d+)" lines-valid="(\d+)"/.exec(xml)!;
    expect([Number(hit), Number(valid)]).toEqual([3 + 3 + 4, 3 + 5 + 5]);
    expect(xml).toContain('<class name="beta.go" filename="tagged/beta.go"');
    expect(xml).toContain('<line number="8" hits="0" branch="false"/>');
    expect(xml).toContain('timestamp="1700000000000"');
  });

  it('is well-formed XML', () => {
    const check = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
    if (check.error) {
      console.log('xmllint is not installed; well-formedness checked by structure only');
      expect(xml.match(/<package /g)?.length).toBe(xml.match(/<\/package>/g)?.length);
      return;
    }
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('escapes names', () => {
    const odd = parseProfile('mode: set\nexample.com/a&b/<x>.go:1.1,2.2 1 1\n', 'odd');
    const out = renderCobertura(odd, (f) => f, { sourceRoot: '.', timestamp: 0 });
    expect(out).toContain('filename="example.com/a&amp;b/&lt;x&gt;.go"');
  });
});

describe('badge', () => {
  it('shows the figure in the band colour', () => {
    const svg = renderBadge('71.4');
    expect(svg).toContain('<title>coverage: 71.4%</title>');
    expect(svg).toContain(badgeColor(71.4));
    expect([badgeColor(95), badgeColor(80), badgeColor(65), badgeColor(45), badgeColor(10)]).toEqual(
      ['#4c1', '#97ca00', '#dfb317', '#fe7d37', '#e05d44'],
    );
  });
});

describe('summary', () => {
  it('shows the total, failing thresholds and packages by gap', () => {
    const md = renderCoverageSummary({
      total: totals(merged),
      packages: byPackage(merged),
      files: byFile(merged),
      thresholds: evaluateThresholds(parseThresholds((n) => (n === 'threshold-file' ? '70' : '')), {
        total: totals(merged),
        packages: byPackage(merged),
        files: byFile(merged),
      }),
      title: 'merged from 2 legs: alpha, beta',
    });
    expect(md.startsWith(COMMENT_MARKER)).toBe(true);
    expect(md).toContain('**71.4%** of statements (5 of 7) — **below threshold**');
    expect(md).toContain('- ❌ file ≥ 70%: `example.com/tagged/beta.go` 66.7%, `example.com/tagged/common.go` 66.7%');
    expect(md).toContain('| `example.com/tagged` | 71.4% | ███████░░░ | 2 | 7 |');
  });
});

describe('resolveSourceFiles', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'source-files-'));
    mkdirSync(path.join(root, 'mod', 'sub'), { recursive: true });
    writeFileSync(path.join(root, 'mod', 'a.go'), 'package m\n\nfunc A() {\n}\n');
    writeFileSync(path.join(root, 'mod', 'sub', 'b.go'), 'package sub\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const modules = () => [{ dir: path.join(root, 'mod'), path: 'example.com/m' }];

  it('finds each file in its module, relative to the workspace', async () => {
    const p = parseProfile('mode: set\nexample.com/m/a.go:3.10,4.2 1 1\n', 'p');
    const files = await resolveSourceFiles(p, modules(), root);
    expect(files.get('example.com/m/a.go')).toEqual({
      abs: path.join(root, 'mod', 'a.go'),
      rel: 'mod/a.go',
    });
  });

  it('refuses files that are not in the workspace, naming them and the modules', async () => {
    const p = parseProfile(
      'mode: set\nexample.com/m/gone.go:1.1,1.5 1 1\nexample.com/other/x.go:1.1,1.5 1 0\n',
      'leg.out',
    );
    await expect(resolveSourceFiles(p, modules(), root)).rejects.toThrow(
      'leg.out: the profile names files that are not in this workspace: example.com/m/gone.go, example.com/other/x.go; modules here: example.com/m in mod.',
    );
  });

  it('refuses a profile older than the source', async () => {
    const p = parseProfile('mode: set\nexample.com/m/sub/b.go:3.1,120.2 4 1\n', 'old.out');
    await expect(resolveSourceFiles(p, modules(), root)).rejects.toThrow(
      'mod/sub/b.go has 1 lines but a block ends at line 120',
    );
  });
});
