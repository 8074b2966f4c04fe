import { describe, expect, it } from '@jest/globals';
import {
  byFile,
  byPackage,
  formatProfile,
  mergeProfiles,
  parseProfile,
  ProfileError,
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
