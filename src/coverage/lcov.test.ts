import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderCobertura } from './cobertura.js';
import { renderLcov } from './lcov.js';
import { mergeProfiles, parseProfile } from './profile.js';
import { notRun } from '../../test-support/not-run.mjs';
import { missingTool } from '../../test-support/system-tools.mjs';

// Hand count as in cobertura.test.ts: a.go lines 3-5 hit (3 times), 6-7 not, the empty block
// at line 9 ignored; b.go lines 1-2 hit once; c.go line 4 not hit. 5 of 8 lines.
const PROFILE = parseProfile(
  `mode: count
example.com/m/pkg/b.go:1.1,2.2 1 1
example.com/m/pkg/a.go:3.14,5.2 2 3
example.com/m/pkg/a.go:5.2,7.3 1 0
example.com/m/pkg/a.go:9.1,9.5 0 9
example.com/m/c.go:4.1,4.20 1 0
`,
  'p',
);
const rel = (f: string) => f.replace('example.com/m/', '');

const EXPECTED = `TN:
SF:c.go
DA:4,0
LF:1
LH:0
end_of_record
TN:
SF:pkg/a.go
DA:3,3
DA:4,3
DA:5,3
DA:6,0
DA:7,0
LF:5
LH:3
end_of_record
TN:
SF:pkg/b.go
DA:1,1
DA:2,1
LF:2
LH:2
end_of_record
`;

const hasLcov = !spawnSync('lcov', ['--version']).error;

describe('renderLcov', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lcov-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one record per file, in name order, with line hits as counted by hand', () => {
    expect(renderLcov(PROFILE, rel)).toBe(EXPECTED);
  });

  // Needs the lcov tool: recorded as not run where it is not installed.
  it('is read by the lcov tool with the same totals', () => {
    if (!hasLcov) return notRun(missingTool('lcov'));
    const file = path.join(dir, 'lcov.info');
    writeFileSync(file, renderLcov(PROFILE, rel));
    const r = spawnSync('lcov', ['--summary', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('lines......: 62.5% (5 of 8 lines)');
  });

  it('counts the same lines as the Cobertura report', () => {
    const merged = mergeProfiles([
      PROFILE,
      parseProfile(
        'mode: count\nexample.com/m/c.go:4.1,4.20 1 2\nexample.com/m/d.go:1.1,3.2 2 0\n',
        'q',
      ),
    ]);
    const lcov = renderLcov(merged, rel);
    const xml = renderCobertura(merged, rel, { sourceRoot: '.', timestamp: new Date(0) });
    const fromLcov = [...lcov.matchAll(/^SF:(.*)$|^DA:(\d+),(\d+)$/gm)].reduce<string[]>(
      (out, m) => {
        if (m[1] !== undefined) out.push(`file ${m[1]}`);
        else out.push(`${m[2]}=${m[3]}`);
        return out;
      },
      [],
    );
    const fromXml = [...xml.matchAll(/filename="([^"]+)"|<line number="(\d+)" hits="(\d+)"/g)].map(
      (m) => (m[1] !== undefined ? `file ${m[1]}` : `${m[2]}=${m[3]}`),
    );
    expect(fromLcov).toEqual(fromXml);
    expect(lcov).toContain('SF:c.go\nDA:4,2\nLF:1\nLH:1\n');
    expect(lcov).toContain('SF:d.go\nDA:1,0\nDA:2,0\nDA:3,0\nLF:3\nLH:0\n');
  });

  it('names the test, as geninfo allows', () => {
    const lcov = renderLcov(PROFILE, rel, { testName: 'linux/amd64 race' });
    expect(lcov.split('\n').filter((l) => l.startsWith('TN:'))).toEqual([
      'TN:linux_amd64_race',
      'TN:linux_amd64_race',
      'TN:linux_amd64_race',
    ]);
  });

  it('is empty for a profile without files', () => {
    expect(renderLcov(parseProfile('mode: set\n', 'empty'), rel)).toBe('');
  });
});
