import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { filterToChanged, parseUnifiedDiff, withWholeFiles } from './changed-lines.js';
import type { Finding } from './finding.js';

const range = (start: number, end = start) => ({ start, end });

describe('parseUnifiedDiff', () => {
  it('reads hunks with omitted and zero counts, merging adjacent lines', () => {
    const diff = [
      'diff --git a/pkg/a.go b/pkg/a.go',
      'index 1111111..2222222 100644',
      '--- a/pkg/a.go',
      '+++ b/pkg/a.go',
      '@@ -3 +3 @@ func a() {',
      '-old',
      '+new',
      '@@ -10,0 +11,2 @@',
      '+x',
      '+y',
      '@@ -20,2 +22,0 @@',
      '-gone',
      '-gone too',
      '@@ -30 +30,3 @@',
      '-z',
      '+z1',
      '+z2',
      '+z3',
      '@@ -40,0 +33 @@',
      '+right after the previous hunk',
      '',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual(
      new Map([['pkg/a.go', [range(3), range(11, 12), range(30, 33)]]]),
    );
  });

  it('keeps a file with only deletions as changed with no lines, and drops deleted files', () => {
    const diff = [
      'diff --git a/only-deletions.go b/only-deletions.go',
      'index 1111111..2222222 100644',
      '--- a/only-deletions.go',
      '+++ b/only-deletions.go',
      '@@ -5,2 +4,0 @@',
      '-a',
      '-b',
      'diff --git a/removed.go b/removed.go',
      'deleted file mode 100644',
      'index 1111111..0000000',
      '--- a/removed.go',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-package removed',
      '-',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual(new Map([['only-deletions.go', []]]));
  });

  it('reads new files, renames and pure renames by their new name', () => {
    const diff = [
      'diff --git a/brand/new.go b/brand/new.go',
      'new file mode 100644',
      'index 0000000..1111111',
      '--- /dev/null',
      '+++ b/brand/new.go',
      '@@ -0,0 +1,3 @@',
      '+package brand',
      '+',
      '+var X = 1',
      'diff --git a/old.go b/renamed.go',
      'similarity index 90%',
      'rename from old.go',
      'rename to renamed.go',
      'index 1111111..2222222 100644',
      '--- a/old.go',
      '+++ b/renamed.go',
      '@@ -8 +8 @@',
      '-8',
      '+eight',
      'diff --git a/moved.go b/dir/moved.go',
      'similarity index 100%',
      'rename from moved.go',
      'rename to dir/moved.go',
      'diff --git a/bin.dat b/bin.dat',
      'index 1111111..2222222 100644',
      'Binary files a/bin.dat and b/bin.dat differ',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual(
      new Map([
        ['brand/new.go', [range(1, 3)]],
        ['renamed.go', [range(8)]],
        ['dir/moved.go', []],
        ['bin.dat', []],
        ['run.sh', []],
      ]),
    );
  });

  it('unquotes C-style names and strips the tab after names with spaces', () => {
    const diff = [
      'diff --git "a/caf\\303\\251 \\"x\\".go" "b/caf\\303\\251 \\"x\\".go"',
      'index 1111111..2222222 100644',
      '--- "a/caf\\303\\251 \\"x\\".go"',
      '+++ "b/caf\\303\\251 \\"x\\".go"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/with space.go b/with space.go',
      'index 1111111..2222222 100644',
      '--- a/with space.go\t',
      '+++ b/with space.go\t',
      '@@ -2 +2 @@',
      '-a',
      '+b',
      'diff --git a/plain space.go b/plain space.go',
      'old mode 100644',
      'new mode 100755',
      'diff --git a/tab b/tab',
      'similarity index 100%',
      'rename from tab',
      'rename to "t\\tab\\\\.go"',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual(
      new Map([
        ['café "x".go', [range(1)]],
        ['with space.go', [range(2)]],
        ['plain space.go', []],
        ['t\tab\\.go', []],
      ]),
    );
  });

  it('reads body lines that look like headers as content, and skips no-newline markers', () => {
    const diff = [
      'diff --git a/tricky.txt b/tricky.txt',
      'index 1111111..2222222 100644',
      '--- a/tricky.txt',
      '+++ b/tricky.txt',
      '@@ -1,2 +1,3 @@',
      '--- a/not-a-header',
      '-diff --git a/x b/x',
      '+++ b/not-a-header',
      '+@@ -1 +1 @@',
      '+last',
      '\\ No newline at end of file',
      '@@ -9 +10 @@ context',
      '-9',
      '\\ No newline at end of file',
      '+nine',
      '\\ No newline at end of file',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual(new Map([['tricky.txt', [range(1, 3), range(10)]]]));
  });

  it('counts only added lines when the diff has context lines', () => {
    const diff = [
      'diff --git a/ctx.go b/ctx.go',
      '--- a/ctx.go',
      '+++ b/ctx.go',
      '@@ -4,5 +4,6 @@ func f() {',
      ' four',
      ' five',
      '-six',
      '+SIX',
      '+six and a half',
      ' seven',
      ' eight',
    ].join('\n');
    expect(parseUnifiedDiff(diff)).toEqual(new Map([['ctx.go', [range(6, 7)]]]));
  });

  it('reads an empty diff as no changes', () => {
    expect(parseUnifiedDiff('')).toEqual(new Map());
  });
});

describe('parseUnifiedDiff on real git output', () => {
  let repo: string;
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      },
    });

  beforeAll(async () => {
    repo = await mkdtemp(path.join(os.tmpdir(), 'changed-lines-'));
    git('init', '-q', '-b', 'main');
    await writeFile(path.join(repo, 'über file.go'), 'a\nb\nc\n');
    await writeFile(path.join(repo, 'tail.go'), 'a\nb');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    await writeFile(path.join(repo, 'über file.go'), 'a\nB\nc\nd\n');
    await writeFile(path.join(repo, 'tail.go'), 'a\nb\nc');
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it('gives the same result with core.quotePath on (octal escapes) and off', () => {
    const flags = ['diff', '--unified=0', '--no-color', '--no-ext-diff', 'HEAD'];
    const expected = new Map([
      ['tail.go', [range(2, 3)]],
      ['über file.go', [range(2), range(4)]],
    ]);
    const quoted = git('-c', 'core.quotePath=true', ...flags);
    expect(quoted).toContain('"a/\\303\\274ber file.go"');
    expect(parseUnifiedDiff(quoted)).toEqual(expected);
    expect(parseUnifiedDiff(git('-c', 'core.quotePath=false', ...flags))).toEqual(expected);
  });
});

describe('withWholeFiles', () => {
  it('marks listed files as changed in full, leaving the input untouched', () => {
    const changed = new Map([['a.go', [range(2)]]]);
    const all = withWholeFiles(changed, ['new.go', 'a.go']);
    expect(all.get('new.go')).toEqual([{ start: 1, end: Infinity }]);
    expect(all.get('a.go')).toEqual([{ start: 1, end: Infinity }]);
    expect(changed.get('a.go')).toEqual([range(2)]);
  });
});

describe('filterToChanged', () => {
  const finding = (file: string, line: number, endLine?: number): Finding => ({
    gate: 'vet',
    file,
    line,
    column: line ? 1 : 0,
    ...(endLine === undefined ? {} : { endLine }),
    rule: 'printf',
    message: `${file}:${line}`,
    severity: 'error',
  });
  const changed = withWholeFiles(
    new Map([
      ['pkg/a.go', [range(3), range(10, 12)]],
      ['renamed.go', []],
    ]),
    ['untracked.go'],
  );

  it('keeps findings on changed lines and counts the rest', () => {
    const onChanged = [
      finding('pkg/a.go', 3),
      finding('pkg/a.go', 12),
      finding('untracked.go', 999),
      finding('pkg/a.go', 5, 10), // spans into a changed range
    ];
    const unchanged = [
      finding('pkg/a.go', 4),
      finding('pkg/a.go', 13),
      finding('pkg/a.go', 5, 9),
      finding('other.go', 3),
      finding('renamed.go', 1),
    ];
    const { kept, dropped } = filterToChanged([...unchanged, ...onChanged], changed);
    expect(kept).toEqual(onChanged);
    expect(dropped).toBe(unchanged.length);
  });

  it('keeps file-level findings (line 0) only in files that changed at all', () => {
    const { kept, dropped } = filterToChanged(
      [finding('renamed.go', 0), finding('pkg/a.go', 0), finding('other.go', 0)],
      changed,
    );
    expect(kept.map((f) => f.file)).toEqual(['renamed.go', 'pkg/a.go']);
    expect(dropped).toBe(1);
  });
});
