import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  blockCount,
  byFile,
  byPackage,
  formatProfile,
  mergeProfiles,
  parseProfile,
  ProfileError,
  ProfileMerger,
  totals,
  type Block,
  type Profile,
} from './profile.js';

/** Blocks of one file as compact `start,end stmts count` strings, to compare by eye. */
function blocksOf(p: Profile, file: string): string[] {
  return (p.files.get(file) ?? []).map(
    (b) => `${b.startLine}.${b.startCol},${b.endLine}.${b.endCol} ${b.statements} ${b.count}`,
  );
}

function profileError(fn: () => unknown): ProfileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProfileError);
    return e as ProfileError;
  }
  throw new Error('expected a ProfileError');
}

// Two packages; api.go:20 appears twice because -coverpkg made two test binaries cover it.
const COUNT_PROFILE = `mode: count
example.com/shop/api/api.go:12.40,14.2 2 5
example.com/shop/api/api.go:16.30,18.16 2 1
example.com/shop/api/api.go:18.16,20.3 1 0
example.com/shop/api/api.go:20.3,21.12 1 4
example.com/shop/internal/db/db.go:8.20,10.2 3 0
example.com/shop/internal/db/db.go:12.33,15.2 2 7
example.com/shop/api/api.go:20.3,21.12 1 3
`;

describe('parseProfile', () => {
  it('reads a multi-package profile and folds the -coverpkg duplicate by summing', () => {
    const p = parseProfile(COUNT_PROFILE, 'cover.out');
    expect(p.mode).toBe('count');
    expect(p.sources).toEqual(['cover.out']);
    expect([...p.files.keys()]).toEqual([
      'example.com/shop/api/api.go',
      'example.com/shop/internal/db/db.go',
    ]);
    expect(blocksOf(p, 'example.com/shop/api/api.go')).toEqual([
      '12.40,14.2 2 5',
      '16.30,18.16 2 1',
      '18.16,20.3 1 0',
      '20.3,21.12 1 7',
    ]);
    expect(blocksOf(p, 'example.com/shop/internal/db/db.go')).toEqual([
      '8.20,10.2 3 0',
      '12.33,15.2 2 7',
    ]);
    const first: Block = p.files.get('example.com/shop/api/api.go')![0]!;
    expect(first).toEqual({
      file: 'example.com/shop/api/api.go',
      startLine: 12,
      startCol: 40,
      endLine: 14,
      endCol: 2,
      statements: 2,
      count: 5,
    });
  });

  it('ORs duplicates in set mode and keeps set counts at 0 or 1', () => {
    const p = parseProfile(
      'mode: set\nm/a.go:1.1,2.2 1 0\nm/a.go:1.1,2.2 1 1\nm/a.go:3.1,4.2 2 0\nm/a.go:3.1,4.2 2 0\nm/a.go:5.1,6.2 1 9\n',
      'set.out',
    );
    expect(blocksOf(p, 'm/a.go')).toEqual(['1.1,2.2 1 1', '3.1,4.2 2 0', '5.1,6.2 1 1']);
  });

  it('keeps overlapping but different blocks (nested closures) apart and sorts by position', () => {
    const p = parseProfile(
      'mode: atomic\nm/a.go:10.20,30.2 4 1\nm/a.go:3.1,4.2 1 1\nm/a.go:12.15,14.4 2 0\nm/a.go:10.20,12.15 1 2\n',
      'x',
    );
    expect(blocksOf(p, 'm/a.go')).toEqual([
      '3.1,4.2 1 1',
      '10.20,12.15 1 2',
      '10.20,30.2 4 1',
      '12.15,14.4 2 0',
    ]);
  });

  it('groups interleaved files, splits on the last colon, tolerates CRLF, blank lines and a repeated identical mode line', () => {
    const text =
      'mode: count\r\nm/b.go:1.1,1.9 1 1\r\n\r\nm/we:ird.go:2.1,3.2 1 2\r\nmode: count\r\nm/b.go:5.1,6.2 0 0\r\n';
    const p = parseProfile(text, 'x');
    expect([...p.files.keys()]).toEqual(['m/b.go', 'm/we:ird.go']);
    expect(blocksOf(p, 'm/b.go')).toEqual(['1.1,1.9 1 1', '5.1,6.2 0 0']);
    expect(blocksOf(p, 'm/we:ird.go')).toEqual(['2.1,3.2 1 2']);
  });

  it('accepts a profile with a mode line and no blocks, and counts up to 2^53-1', () => {
    expect(parseProfile('mode: set\n', 'x').files.size).toBe(0);
    const p = parseProfile(`mode: count\nm/a.go:1.1,1.2 1 ${Number.MAX_SAFE_INTEGER}`, 'x');
    expect(p.files.get('m/a.go')![0]!.count).toBe(Number.MAX_SAFE_INTEGER);
  });

  describe('refuses hostile input with a ProfileError naming source and line', () => {
    const cases: [string, string, number | undefined, RegExp][] = [
      ['empty text', '', undefined, /empty coverage profile/],
      ['only blank lines', '\n  \n\r\n', undefined, /empty coverage profile/],
      ['missing mode line', 'm/a.go:1.1,2.2 1 1\n', 1, /missing mode line/],
      ['unknown mode', 'mode: sometimes\n', 1, /unknown coverage mode "sometimes"/],
      ['conflicting mode lines', 'mode: set\nm/a.go:1.1,2.2 1 1\nmode: count\n', 3, /single mode/],
      ['truncated position', 'mode: set\na.go:10.33,12\n', 2, /truncated line after end line/],
      ['missing count', 'mode: set\na.go:10.33,12.2 1\n', 2, /truncated line after statement/],
      ['missing count, trailing space', 'mode: set\na.go:10.33,12.2 1 \n', 2, /truncated/],
      ['non-numeric field', 'mode: set\na.go:10.x,12.2 1 1\n', 2, /start column is not a number/],
      ['non-numeric count', 'mode: set\na.go:10.1,12.2 1 yes\n', 2, /execution count is not/],
      ['negative count', 'mode: count\na.go:10.1,12.2 1 -3\n', 2, /execution count is negative/],
      ['negative line', 'mode: count\na.go:-10.1,12.2 1 3\n', 2, /start line is negative/],
      ['start after end', 'mode: set\na.go:12.1,10.2 1 1\n', 2, /starts after it ends/],
      ['start after end, same line', 'mode: set\na.go:12.9,12.2 1 1\n', 2, /starts after/],
      ['zero position', 'mode: set\na.go:0.1,10.2 1 1\n', 2, /1-based/],
      ['count beyond 2^53-1', 'mode: count\na.go:1.1,2.2 1 9007199254740992\n', 2, /too large/],
      ['huge count', 'mode: count\na.go:1.1,2.2 1 123456789012345678901234\n', 2, /too large/],
      ['extra field', 'mode: set\na.go:1.1,2.2 1 1 1\n', 2, /unexpected text after execution/],
      ['float count', 'mode: count\na.go:1.1,2.2 1 1.5\n', 2, /unexpected text after execution/],
      ['no file prefix', 'mode: set\n1.1,2.2 1 1\n', 2, /no "file:" prefix/],
      ['empty file name', 'mode: set\n:1.1,2.2 1 1\n', 2, /empty file name/],
      [
        'duplicate block with other statement count',
        'mode: set\nm/a.go:1.1,2.2 1 1\nm/a.go:3.1,4.2 1 1\nm/a.go:1.1,2.2 2 0\n',
        4,
        /m\/a\.go:1\.1,2\.2 is listed with 1 and with 2 statements/,
      ],
    ];
    it.each(cases)('%s', (_name, text, line, message) => {
      const e = profileError(() => parseProfile(text, 'linux.out'));
      expect(e.source).toBe('linux.out');
      expect(e.line).toBe(line);
      expect(e.message).toMatch(message);
      expect(e.message).toContain(line === undefined ? 'linux.out' : `linux.out:${line}:`);
    });

    it('says what shape a block line needs and how to get a good profile', () => {
      const e = profileError(() => parseProfile('mode: set\na.go:10.33,12\n', 'cover.out'));
      expect(e.message).toBe(
        'cover.out:2: truncated line after end line in "a.go:10.33,12"; expected <file>:<startLine>.<startCol>,<endLine>.<endCol> <numStmt> <count>; regenerate it with `go test -coverprofile=<file>`',
      );
    });
  });
});

describe('mergeProfiles', () => {
  it('set: a block covered only on windows and one only on linux are both covered', () => {
    const windows = parseProfile(
      'mode: set\nm/fs/path.go:5.1,7.2 2 1\nm/fs/path.go:9.1,11.2 3 0\nm/fs/path.go:13.1,14.2 1 0\n',
      'windows.out',
    );
    const linux = parseProfile(
      'mode: set\nm/fs/path.go:5.1,7.2 2 0\nm/fs/path.go:9.1,11.2 3 1\nm/fs/path.go:13.1,14.2 1 0\nm/fs/unix.go:1.1,2.2 4 1\n',
      'linux.out',
    );
    const merged = mergeProfiles([windows, linux]);
    expect(merged.mode).toBe('set');
    expect(merged.sources).toEqual(['windows.out', 'linux.out']);
    expect(blocksOf(merged, 'm/fs/path.go')).toEqual([
      '5.1,7.2 2 1',
      '9.1,11.2 3 1',
      '13.1,14.2 1 0',
    ]);
    expect(blocksOf(merged, 'm/fs/unix.go')).toEqual(['1.1,2.2 4 1']);
    // 2 + 3 + 4 of 10 statements covered.
    expect(totals(merged)).toEqual({ statements: 10, covered: 9, percent: 90 });
  });

  it('count and atomic: counts add up; blocks only in one profile are kept as they are', () => {
    for (const mode of ['count', 'atomic'] as const) {
      const a = parseProfile(`mode: ${mode}\nm/a.go:1.1,2.2 1 3\nm/a.go:4.1,5.2 2 0\n`, 'a');
      const b = parseProfile(`mode: ${mode}\nm/a.go:1.1,2.2 1 4\nm/a.go:3.1,3.9 1 2\n`, 'b');
      const c = parseProfile(`mode: ${mode}\nm/a.go:4.1,5.2 2 5\nm/b.go:1.1,1.2 1 1\n`, 'c');
      const merged = mergeProfiles([a, b, c]);
      expect(merged.mode).toBe(mode);
      expect(blocksOf(merged, 'm/a.go')).toEqual(['1.1,2.2 1 7', '3.1,3.9 1 2', '4.1,5.2 2 5']);
      expect(blocksOf(merged, 'm/b.go')).toEqual(['1.1,1.2 1 1']);
    }
  });

  it('matches blocks only by exact position: overlapping blocks stay separate', () => {
    const a = parseProfile('mode: count\nm/a.go:1.1,9.2 3 1\n', 'a');
    const b = parseProfile('mode: count\nm/a.go:1.1,5.2 2 1\n', 'b');
    expect(blocksOf(mergeProfiles([a, b]), 'm/a.go')).toEqual(['1.1,5.2 2 1', '1.1,9.2 3 1']);
  });

  it('returns a single profile unchanged', () => {
    const p = parseProfile(COUNT_PROFILE, 'only');
    expect(formatProfile(mergeProfiles([p]))).toBe(formatProfile(p));
  });

  it('refuses mixed modes, naming both modes and sources', () => {
    const set = parseProfile('mode: set\nm/a.go:1.1,2.2 1 1\n', 'windows.out');
    const count = parseProfile('mode: count\nm/a.go:1.1,2.2 1 1\n', 'linux.out');
    const atomic = parseProfile('mode: atomic\nm/a.go:1.1,2.2 1 1\n', 'race.out');
    const e = profileError(() => mergeProfiles([set, count]));
    expect(e.message).toBe(
      'cannot merge coverage profiles of different modes: windows.out uses mode "set" but linux.out uses mode "count"; run go test with the same -covermode everywhere',
    );
    expect(e.source).toBe('linux.out');
    const e2 = profileError(() => mergeProfiles([count, atomic]));
    expect(e2.message).toMatch(/linux\.out uses mode "count" but race\.out uses mode "atomic"/);
  });

  it('refuses the same block with different statement counts', () => {
    const a = parseProfile('mode: set\nm/a.go:1.1,2.2 1 1\n', 'old.out');
    const b = parseProfile('mode: set\nm/a.go:1.1,2.2 2 1\n', 'new.out');
    const e = profileError(() => mergeProfiles([a, b]));
    expect(e.message).toMatch(
      /block m\/a\.go:1\.1,2\.2 has 1 statements in old\.out but 2 in new\.out; .*regenerate/,
    );
  });

  it('refuses counts that add up beyond 2^53-1, and an empty list', () => {
    const big = `mode: count\nm/a.go:1.1,2.2 1 ${Number.MAX_SAFE_INTEGER}\n`;
    const e = profileError(() => mergeProfiles([parseProfile(big, 'a'), parseProfile(big, 'b')]));
    expect(e.message).toMatch(/exceeds 2\^53-1 when adding b/);
    expect(profileError(() => mergeProfiles([])).message).toMatch(/no coverage profiles/);
  });

  it('accepts profiles built by hand and validates them', () => {
    const block = (line: number, count: number): Block => ({
      file: 'm/a.go',
      startLine: line,
      startCol: 1,
      endLine: line,
      endCol: 9,
      statements: 1,
      count,
    });
    const hand: Profile = {
      mode: 'count',
      files: new Map([['m/a.go', [block(3, 1), block(1, 2), block(3, 4)]]]),
      sources: ['hand'],
    };
    const parsed = parseProfile('mode: count\nm/a.go:1.1,1.9 1 1\n', 'parsed');
    expect(blocksOf(mergeProfiles([hand, parsed]), 'm/a.go')).toEqual([
      '1.1,1.9 1 3',
      '3.1,3.9 1 5',
    ]);
    const bad: Profile = { ...hand, files: new Map([['m/a.go', [block(-1, 1)]]]) };
    expect(profileError(() => totals(bad)).message).toMatch(/not a valid coverage block/);
  });
});

describe('formatProfile', () => {
  it('writes files in order and blocks by position, and parses back to the same profile', () => {
    const p = parseProfile(COUNT_PROFILE, 'cover.out');
    const text = formatProfile(p);
    expect(text).toBe(`mode: count
example.com/shop/api/api.go:12.40,14.2 2 5
example.com/shop/api/api.go:16.30,18.16 2 1
example.com/shop/api/api.go:18.16,20.3 1 0
example.com/shop/api/api.go:20.3,21.12 1 7
example.com/shop/internal/db/db.go:8.20,10.2 3 0
example.com/shop/internal/db/db.go:12.33,15.2 2 7
`);
    const again = parseProfile(text, 'again');
    expect(new Map(again.files)).toEqual(new Map(p.files));
    expect(formatProfile(again)).toBe(text);
  });

  it('sorts file names even when the input listed them out of order', () => {
    const p = parseProfile('mode: set\nm/z.go:1.1,1.2 1 1\nm/a.go:1.1,1.2 1 0\n', 'x');
    expect(formatProfile(p)).toBe('mode: set\nm/a.go:1.1,1.2 1 0\nm/z.go:1.1,1.2 1 1\n');
  });
});

describe('totals, byFile, byPackage', () => {
  const p = parseProfile(COUNT_PROFILE, 'cover.out');

  it('counts each statement once after folding duplicates', () => {
    // api.go: 2+2+1+1 = 6 statements, covered 2+2+1 = 5; db.go: 3+2 = 5, covered 2.
    expect(totals(p)).toEqual({ statements: 11, covered: 7, percent: (7 / 11) * 100 });
    expect(byFile(p)).toEqual(
      new Map([
        ['example.com/shop/api/api.go', { statements: 6, covered: 5, percent: (5 / 6) * 100 }],
        ['example.com/shop/internal/db/db.go', { statements: 5, covered: 2, percent: 40 }],
      ]),
    );
  });

  it('groups by the path up to the last slash', () => {
    const q = parseProfile(
      'mode: set\nm/p/a.go:1.1,2.2 2 1\nm/p/b.go:1.1,2.2 2 0\nm/p/q/c.go:1.1,2.2 1 1\nroot.go:1.1,1.2 0 0\n',
      'x',
    );
    expect(byPackage(q)).toEqual(
      new Map([
        ['m/p', { statements: 4, covered: 2, percent: 50 }],
        ['m/p/q', { statements: 1, covered: 1, percent: 100 }],
        ['.', { statements: 0, covered: 0, percent: 100 }],
      ]),
    );
  });

  it('reports 100% for a profile without statements', () => {
    expect(totals(parseProfile('mode: set\n', 'x'))).toEqual({
      statements: 0,
      covered: 0,
      percent: 100,
    });
  });
});

describe('size guard', () => {
  function bigProfile(blocks: number, seed: number): string {
    const lines = ['mode: count'];
    for (let i = 0; i < blocks; i++) {
      const file = Math.floor(i / 200);
      const k = i % 200;
      lines.push(
        `example.com/big/pkg${file % 50}/f${file}.go:${k * 3 + 1}.5,${k * 3 + 2}.2 ${1 + (k % 3)} ${(i * seed) % 4}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  it('parses and merges two 200k-block profiles in well under 3 s', () => {
    const a = bigProfile(200_000, 1);
    const b = bigProfile(200_000, 3);
    const started = performance.now();
    const merged = mergeProfiles([parseProfile(a, 'a'), parseProfile(b, 'b')]);
    const t = totals(merged);
    expect(performance.now() - started).toBeLessThan(3000);
    // Same positions in both, counted once: per file 66 × (1+2+3) + 1 + 2 = 399 statements.
    expect(t.statements).toBe(399_000);
    expect(merged.files.size).toBe(1000);
  });
});

describe('mergeProfiles against a plain map of blocks', () => {
  /** What merging means, written the slow obvious way: key by file and position, add. */
  function naive(texts: string[]): Map<string, [number, number]> {
    const out = new Map<string, [number, number]>();
    for (const t of texts) {
      for (const line of t.split('\n').slice(1)) {
        if (!line) continue;
        const [key, stmts, count] = line.split(' ') as [string, string, string];
        const prev = out.get(key);
        out.set(key, [Number(stmts), (prev?.[1] ?? 0) + Number(count)]);
      }
    }
    return out;
  }

  it('agrees on legs that line up (the copy-and-add path) and on legs that do not', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const leg = (files: string[], shift: number) => {
      const lines = ['mode: count'];
      for (const f of files) {
        for (let b = 0; b < 20; b++) {
          const line = 1 + b * 3 + (f.endsWith('x.go') ? shift : 0);
          lines.push(`${f}:${line}.1,${line + 1}.2 ${1 + (b % 3)} ${Math.floor(random() * 5)}`);
        }
      }
      return `${lines.join('\n')}\n`;
    };
    const same = ['m/a.go', 'm/b.go'];
    const texts = [
      leg([...same, 'm/linux.go'], 0),
      leg([...same, 'm/windows.go'], 0),
      leg([...same, 'm/x.go'], 0),
      leg([...same, 'm/x.go'], 1), // x.go's blocks moved: the k-way path
    ];
    const merged = mergeProfiles(texts.map((t, i) => parseProfile(t, `leg${i}`)));
    const expected = naive(texts);
    const got = new Map<string, [number, number]>();
    for (const [file, blocks] of merged.files) {
      for (const b of blocks) {
        got.set(`${file}:${b.startLine}.${b.startCol},${b.endLine}.${b.endCol}`, [
          b.statements,
          b.count,
        ]);
      }
    }
    expect(got).toEqual(expected);
  });
});

describe('parseProfile: runs of lines of one file', () => {
  it('follows a file name that changes back and forth, and names that differ in one byte', () => {
    const p = parseProfile(
      [
        'mode: count',
        'm/a.go:1.1,1.5 1 1',
        'm/b.go:1.1,1.5 1 2',
        'm/a.go:2.1,2.5 1 3',
        'm/a.go:3.1,3.5 1 4',
        'm/b.go:2.1,2.5 1 5',
        'n/a.go:1.1,1.5 1 6', // the length of m/a.go; differs in the first byte
        'm/a.gp:1.1,1.5 1 7', // ... in the last byte
        'm/a.go:4.1,4.5 1 8',
        'm/a.go:4.1,4.5 1 9', // a -coverpkg repeat inside a run
      ].join('\n'),
      'x',
    );
    expect([...p.files.keys()]).toEqual(['m/a.go', 'm/b.go', 'n/a.go', 'm/a.gp']);
    expect(blocksOf(p, 'm/a.go')).toEqual([
      '1.1,1.5 1 1',
      '2.1,2.5 1 3',
      '3.1,3.5 1 4',
      '4.1,4.5 1 17',
    ]);
    expect(blocksOf(p, 'm/b.go')).toEqual(['1.1,1.5 1 2', '2.1,2.5 1 5']);
    expect(blocksOf(p, 'n/a.go')).toEqual(['1.1,1.5 1 6']);
    expect(blocksOf(p, 'm/a.gp')).toEqual(['1.1,1.5 1 7']);
  });

  it('tells apart names of every length that differ only at the start or the end', () => {
    for (let len = 2; len <= 13; len++) {
      const same = 'x'.repeat(len);
      const end = `${'x'.repeat(len - 1)}y`;
      const start = `y${'x'.repeat(len - 1)}`;
      const lines = [same, same, end, same, start, start, same].map(
        (f, i) => `${f}:${i + 1}.1,${i + 1}.2 1 1`,
      );
      const p = parseProfile(`mode: set\n${lines.join('\n')}\n`, `len ${len}`);
      expect([...p.files.keys()]).toEqual([same, end, start]);
      expect(blocksOf(p, same).map((b) => b.split(',')[0])).toEqual(['1.1', '2.1', '4.1', '7.1']);
      expect(blocksOf(p, end)).toHaveLength(1);
      expect(blocksOf(p, start)).toHaveLength(2);
    }
  });

  it('reads CRLF line ends inside a run, trailing blanks, and a last line ending in a bare CR', () => {
    const p = parseProfile(
      'mode: set\r\nm/a.go:1.1,1.5 1 0\r\nm/a.go:2.1,2.5 2 3\r\nm/a.go:3.1,3.5 3 1 \t\r\n\r\nm/a.go:4.1,4.5 4 0\r',
      'crlf.out',
    );
    expect(blocksOf(p, 'm/a.go')).toEqual([
      '1.1,1.5 1 0',
      '2.1,2.5 2 1',
      '3.1,3.5 3 1',
      '4.1,4.5 4 0',
    ]);
  });

  const RUN = 'mode: count\nm/a.go:1.1,1.5 1 1\nm/a.go:2.1,2.5 1 1\nm/a.go:3.1,3.5 1 1\n';
  it.each([
    ['9.1,8.1 1 1', /block starts after it ends/],
    ['9.5,9.4 1 1', /block starts after it ends/],
    ['9.0,9.4 1 1', /1-based/],
    ['9.1,9.4 1', /truncated line after statement count/],
    ['9.1,9.4 1 1 1', /unexpected text after execution count/],
    ['9.1;9.4 1 1', /expected "," after start column, found ";"/],
    ['9.1,9.4 1 12345678901234567', /execution count is too large/],
    ['9.1,9.4 -1 1', /statement count is negative/],
    ['9.1,4294967296.1 1 1', /end line is too large \(above 4294967295\)/],
  ])('names line 5 when the fourth line of a run reads %s', (spec, message) => {
    const e = profileError(() =>
      parseProfile(`${RUN}m/a.go:${spec}\nm/a.go:10.1,10.5 1 1\n`, 'run.out'),
    );
    expect(e.line).toBe(5);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`run.out:5: `);
    expect(e.message).toContain(JSON.stringify(`m/a.go:${spec}`));
  });

  it('takes the largest positions and counts the format allows inside a run', () => {
    const max = 4294967295;
    const p = parseProfile(
      `${RUN}m/a.go:4.1,${max}.${max} ${max} ${Number.MAX_SAFE_INTEGER}\n`,
      'max.out',
    );
    expect(p.files.get('m/a.go')![3]).toMatchObject({
      endLine: max,
      endCol: max,
      statements: max,
      count: Number.MAX_SAFE_INTEGER,
    });
  });

  it('parses bytes that are a view into a larger buffer', () => {
    const text = 'mode: count\nm/a.go:1.1,1.5 1 1\nm/a.go:2.1,2.5 1 2\nm/bb.go:1.1,1.5 3 0\n';
    const big = new Uint8Array(text.length + 8).fill(58);
    big.set(new TextEncoder().encode(text), 3);
    const expected = formatProfile(parseProfile(text, 'text'));
    expect(formatProfile(parseProfile(big.subarray(3, 3 + text.length), 'view'))).toBe(expected);
    expect(formatProfile(parseProfile(Buffer.from(text), 'pooled buffer'))).toBe(expected);
  });
});

describe('ProfileMerger', () => {
  // Three legs: api.go compiled alike everywhere, a build-tagged file on two of them, and
  // gen.go generated differently on windows (other blocks).
  const LEGS: [string, string][] = [
    [
      'linux',
      'mode: atomic\nm/api.go:1.1,3.2 2 5\nm/api.go:4.1,6.2 1 0\nm/fs_unix.go:1.1,2.2 1 1\nm/gen.go:1.1,2.2 1 0\nm/gen.go:3.1,4.2 2 1\n',
    ],
    [
      'darwin',
      'mode: atomic\nm/api.go:1.1,3.2 2 1\nm/api.go:4.1,6.2 1 0\nm/fs_unix.go:1.1,2.2 1 0\nm/gen.go:1.1,2.2 1 3\nm/gen.go:3.1,4.2 2 0\n',
    ],
    [
      'windows',
      'mode: atomic\r\nm/api.go:1.1,3.2 2 0\r\nm/api.go:4.1,6.2 1 7\r\nm/gen.go:1.1,2.2 1 1\r\nm/gen.go:2.5,2.9 1 4\r\nm/fs_windows.go:1.1,2.2 3 0\r\n',
    ],
  ];
  const EXPECTED = `mode: atomic
m/api.go:1.1,3.2 2 6
m/api.go:4.1,6.2 1 7
m/fs_unix.go:1.1,2.2 1 1
m/fs_windows.go:1.1,2.2 3 0
m/gen.go:1.1,2.2 1 4
m/gen.go:2.5,2.9 1 4
m/gen.go:3.1,4.2 2 1
`;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'profile-merger-'));
    for (const [name, text] of LEGS) writeFileSync(path.join(dir, `${name}.out`), text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function pieces(text: string, size: number): Uint8Array[] {
    const bytes = new TextEncoder().encode(text);
    const out: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
    return out;
  }

  it('gives what mergeProfiles gives, from texts, pieces, file streams or parsed profiles', async () => {
    const parsed = LEGS.map(([name, text]) => parseProfile(text, name));
    const merged = mergeProfiles(parsed);
    expect(formatProfile(merged)).toBe(EXPECTED);
    expect(merged.sources).toEqual(['linux', 'darwin', 'windows']);

    const fromText = new ProfileMerger();
    const fromPieces = new ProfileMerger();
    const fromStreams = new ProfileMerger();
    const fromProfiles = new ProfileMerger();
    for (const [name, text] of LEGS) {
      fromText.addText(text, name);
      fromPieces.addChunks(pieces(text, 7), name);
      const file = path.join(dir, `${name}.out`);
      await fromStreams.addStream(
        createReadStream(file, { highWaterMark: 16 }),
        name,
        statSync(file).size,
      );
      fromProfiles.add(parseProfile(text, name));
    }
    for (const m of [fromText, fromPieces, fromStreams, fromProfiles]) {
      const p = m.result();
      expect(formatProfile(p)).toBe(EXPECTED);
      expect(p.sources).toEqual(['linux', 'darwin', 'windows']);
      expect(p.mode).toBe('atomic');
      expect(blockCount(p)).toBe(7);
      expect(totals(p)).toEqual(totals(merged));
      expect(blocksOf(p, 'm/gen.go')).toEqual(blocksOf(merged, 'm/gen.go'));
    }
  });

  it('parses a text split at any byte, or fed a byte at a time, as the whole text', () => {
    const text =
      'mode: count\r\nm/b.go:1.1,1.9 1 1\r\n\r\nm/we:ird.go:2.1,3.2 1 2\r\nmode: count\r\nm/b.go:5.1,6.2 0 0\r\nm/b.go:1.1,1.9 1 4\r\nm/b.go:7.1,7.3 2 9';
    const whole = formatProfile(parseProfile(text, 'x'));
    const bytes = new TextEncoder().encode(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const m = new ProfileMerger().addChunks([bytes.subarray(0, cut), bytes.subarray(cut)], 'x');
      expect(formatProfile(m.result())).toBe(whole);
    }
    expect(formatProfile(new ProfileMerger().addChunks(pieces(text, 1), 'x').result())).toBe(whole);
  });

  it('names the right line of a bad line that arrives in a later piece', () => {
    const lines = [
      'mode: set',
      ...Array.from({ length: 40 }, (_, i) => `m/a.go:${i + 1}.1,${i + 1}.9 1 1`),
    ];
    lines[30] = 'm/a.go:31.1,31.9 one 1';
    const e = profileError(() =>
      new ProfileMerger().addChunks(pieces(lines.join('\n'), 10), 'bad.out'),
    );
    expect(e.line).toBe(31);
    expect(e.message).toMatch(
      /^bad\.out:31: statement count is not a number in "m\/a\.go:31\.1,31\.9 one 1"/,
    );
  });

  it('grows its window for a line longer than it, and sizes its columns from a size hint', () => {
    const name = `m/${'d'.repeat(1_300_000)}.go`;
    const text = `mode: set\n${name}:1.1,1.2 1 1\n${name}:2.1,2.2 1 0\nm/a.go:1.1,1.2 1 1\n`;
    const p = new ProfileMerger().addChunks(pieces(text, 1 << 16), 'long', text.length).result();
    expect(blockCount(p)).toBe(3);
    expect(blocksOf(p, name)).toEqual(['1.1,1.2 1 1', '2.1,2.2 1 0']);
  });

  it('names the profile a conflicting block first came from, aligned or not', () => {
    const a = 'mode: set\nm/x.go:1.1,1.2 1 1\n';
    const b = 'mode: set\nm/x.go:1.1,1.2 1 0\nm/x.go:2.1,2.2 1 0\n';
    // c has the merged positions exactly (added row for row), d has others too.
    const c = 'mode: set\nm/x.go:1.1,1.2 1 0\nm/x.go:2.1,2.2 2 1\n';
    const d = 'mode: set\nm/x.go:1.1,1.2 1 0\nm/x.go:2.1,2.2 2 1\nm/x.go:3.1,3.2 1 1\n';
    for (const [name, last] of [
      ['c.out', c],
      ['d.out', d],
    ]) {
      const m = new ProfileMerger().addText(a, 'a.out').addText(b, 'b.out');
      const e = profileError(() => m.addText(last!, name!));
      expect(e.message).toBe(
        `cannot merge coverage profiles: block m/x.go:2.1,2.2 has 1 statements in b.out but 2 in ${name}; ` +
          'the profiles were made from different sources: regenerate them from one commit',
      );
      expect(e.source).toBe(name);
      expect(() => m.addText(a, 'again')).toThrow(/an earlier profile failed to merge/);
    }
  });

  it('refuses counts beyond 2^53-1, aligned or not', () => {
    const big = `mode: count\nm/a.go:1.1,1.2 1 ${Number.MAX_SAFE_INTEGER}\n`;
    const other = `mode: count\nm/a.go:1.1,1.2 1 1\nm/a.go:2.1,2.2 1 1\n`;
    for (const second of [big, other]) {
      const m = new ProfileMerger().addText(big, 'a');
      expect(profileError(() => m.addText(second, 'b')).message).toBe(
        'cannot merge coverage profiles: execution count of m/a.go:1.1,1.2 exceeds 2^53-1 when adding b',
      );
    }
  });

  it('refuses a profile of another mode or one that does not parse, and stays usable', async () => {
    const m = new ProfileMerger().addText('mode: set\nm/a.go:1.1,1.2 1 1\n', 'linux.out');
    expect(
      profileError(() => m.addText('mode: count\nm/a.go:1.1,1.2 1 1\n', 'race.out')).message,
    ).toBe(
      'cannot merge coverage profiles of different modes: linux.out uses mode "set" but race.out uses mode "count"; run go test with the same -covermode everywhere',
    );
    expect(
      profileError(() => m.addChunks(pieces('mode: set\nm/a.go:1.1\n', 4), 'cut.out')).line,
    ).toBe(2);
    expect(profileError(() => m.addText('', 'empty.out')).message).toMatch(
      /empty coverage profile/,
    );
    const hand: Profile = {
      mode: 'set',
      files: new Map([['m/a.go', [{ file: 'm/b.go' } as Block]]]),
      sources: ['hand'],
    };
    expect(profileError(() => m.add(hand)).message).toMatch(/not a valid coverage block/);
    m.addText('mode: set\nm/a.go:1.1,1.2 1 0\nm/b.go:1.1,1.2 1 0\n', 'windows.out');

    // One profile at a time: another cannot start while a stream is read.
    const reading = m.addStream(createReadStream(path.join(dir, 'linux.out')), 'late');
    expect(() => m.addText('mode: set\n', 'x')).toThrow(/another profile is still being read/);
    await expect(reading).rejects.toThrow(/different modes/);

    const p = m.result();
    expect(p.sources).toEqual(['linux.out', 'windows.out']);
    expect(formatProfile(p)).toBe('mode: set\nm/a.go:1.1,1.2 1 1\nm/b.go:1.1,1.2 1 0\n');
    expect(() => m.result()).toThrow(/result\(\) was already taken/);
    expect(profileError(() => new ProfileMerger().result()).message).toMatch(
      /no coverage profiles to merge/,
    );
  });

  it('merges many builds of one file whose blocks all differ, compacting as it goes', () => {
    const builds = 5;
    const perBuild = 20_000;
    const m = new ProfileMerger();
    for (let b = 0; b < builds; b++) {
      const lines = ['mode: count'];
      for (let i = 0; i < perBuild; i++) {
        const line = i * builds + b + 1;
        lines.push(`m/big.go:${line}.1,${line}.9 ${1 + (line % 3)} ${line % 2}`);
      }
      m.addText(lines.join('\n'), `build${b}`);
    }
    const p = m.result();
    expect(blockCount(p)).toBe(builds * perBuild);
    // Every line once, in order, with its one build's statements and count.
    const wrong = p.files
      .get('m/big.go')!
      .filter(
        (b, i) =>
          b.startLine !== i + 1 || b.statements !== 1 + ((i + 1) % 3) || b.count !== (i + 1) % 2,
      );
    expect(wrong).toEqual([]);
  });
});
