/**
 * Which lines a change added or modified, read from `git diff` output, and the filter that
 * keeps only findings on those lines (only-new-issues). Pure: merge-base.ts runs git.
 *
 * The parser expects what `git -c core.quotePath=false diff --unified=0 --no-color
 * --no-ext-diff --no-textconv --find-renames --no-relative --src-prefix=a/ --dst-prefix=b/`
 * prints, but reads any unified git diff: it counts added lines from hunk bodies, so context
 * lines (a larger --unified) are not mistaken for changes.
 */
import type { Finding } from './finding.js';

/** Inclusive, 1-based line numbers in the new file; `end` is Infinity for a whole file. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Repository-root-relative path ('/' separators) → added or modified line ranges in the new
 * file, sorted and merged. A file that changed without added lines (pure deletions inside it,
 * a pure rename, a mode change, a binary change) maps to an empty list. Deleted files are
 * absent: nothing in them can be reported.
 */
export type ChangedLines = ReadonlyMap<string, readonly LineRange[]>;

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

interface FileSection {
  /** From the `diff --git` line; undefined when that line is ambiguous (spaces and a rename). */
  headerPath: string | undefined;
  /** From `rename to`, `copy to` or `+++ b/…`: exact, so it wins over the header. */
  newPath: string | undefined;
  deleted: boolean;
  added: number[];
}

/**
 * Where the parser is in a hunk body: lines still expected on each side, so content lines
 * that look like `--- x` or `diff --git` are not read as headers.
 */
interface HunkBody {
  oldLeft: number;
  newLeft: number;
  /** The new file's number of the next added or context line. */
  newLine: number;
}

/** Reads `line` as part of a hunk body; false when there is no body left (or it ended early). */
function readBodyLine(body: HunkBody, line: string, added: number[]): boolean {
  if (body.oldLeft === 0 && body.newLeft === 0) return false;
  const kind = line[0];
  if (kind === '+' && body.newLeft > 0) {
    added.push(body.newLine++);
    body.newLeft--;
    return true;
  }
  if (kind === '-' && body.oldLeft > 0) {
    body.oldLeft--;
    return true;
  }
  if (kind === ' ' && body.oldLeft > 0 && body.newLeft > 0) {
    body.newLine++;
    body.oldLeft--;
    body.newLeft--;
    return true;
  }
  if (kind === '\\') return true; // "\ No newline at end of file"
  // The body ended early (a truncated diff); read this line as a header.
  body.oldLeft = body.newLeft = 0;
  return false;
}

/** Reads a line between a file's `diff --git` and its hunk bodies, or a hunk header. */
function readHeaderLine(section: FileSection, body: HunkBody, line: string): void {
  const hunk = HUNK_HEADER.exec(line);
  if (hunk) {
    body.oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
    body.newLine = Number(hunk[2]);
    body.newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
  } else if (line.startsWith('+++ ')) {
    const name = headerName(line.slice(4));
    if (name === '/dev/null') section.deleted = true;
    else section.newPath = stripPrefix(name, 'b/');
  } else if (line.startsWith('rename to ')) {
    section.newPath = headerName(line.slice('rename to '.length));
  } else if (line.startsWith('copy to ')) {
    section.newPath = headerName(line.slice('copy to '.length));
  } else if (line.startsWith('deleted file mode ')) {
    section.deleted = true;
  }
}

/** The added lines of every file that still exists, as ranges. */
function changedLinesOf(sections: readonly FileSection[]): ChangedLines {
  const found = new Map<string, number[]>();
  for (const section of sections) {
    const file = section.newPath ?? section.headerPath;
    if (section.deleted || file === undefined) continue;
    found.set(file, [...(found.get(file) ?? []), ...section.added]);
  }
  const result = new Map<string, readonly LineRange[]>();
  for (const [file, lines] of found) result.set(file, toRanges(lines));
  return result;
}

export function parseUnifiedDiff(diff: string): ChangedLines {
  const sections: FileSection[] = [];
  const body: HunkBody = { oldLeft: 0, newLeft: 0, newLine: 0 };
  for (const raw of diff.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const section = sections.at(-1);
    if (readBodyLine(body, line, section?.added ?? [])) continue;
    if (line.startsWith('diff --git ')) {
      sections.push({
        headerPath: pathFromGitHeader(line.slice('diff --git '.length)),
        newPath: undefined,
        deleted: false,
        added: [],
      });
    } else if (section) {
      readHeaderLine(section, body, line);
    }
  }
  return changedLinesOf(sections);
}

/**
 * Marks `files` as changed in full: for files git does not diff (untracked new files), which
 * the caller lists separately, e.g. with `git ls-files --others --exclude-standard`.
 */
export function withWholeFiles(changed: ChangedLines, files: Iterable<string>): ChangedLines {
  const result = new Map(changed);
  for (const file of files) result.set(file, [{ start: 1, end: Infinity }]);
  return result;
}

/**
 * Keeps findings that touch an added or modified line (any line of `line`…`endLine`); a
 * file-level finding (line 0) is kept when its file changed at all.
 */
export function filterToChanged(
  findings: readonly Finding[],
  changed: ChangedLines,
): { kept: Finding[]; dropped: number } {
  const kept: Finding[] = [];
  for (const finding of findings) {
    const ranges = changed.get(finding.file);
    if (ranges && touches(finding, ranges)) kept.push(finding);
  }
  return { kept, dropped: findings.length - kept.length };
}

function touches(finding: Finding, ranges: readonly LineRange[]): boolean {
  if (finding.line <= 0) return true;
  const first = finding.line;
  const last = Math.max(first, finding.endLine ?? first);
  return ranges.some((r) => r.start <= last && first <= r.end);
}

function toRanges(lines: readonly number[]): LineRange[] {
  const sorted = [...lines].sort((a, b) => a - b);
  const ranges: { start: number; end: number }[] = [];
  for (const n of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && n <= last.end + 1) last.end = Math.max(last.end, n);
    else ranges.push({ start: n, end: n });
  }
  return ranges;
}

function stripPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/**
 * The name on a `+++`, `rename to` or `copy to` line: C-quoted, or plain up to the tab git
 * appends when the name has a space (plain names never hold a tab: git quotes those).
 */
function headerName(text: string): string {
  if (text.startsWith('"')) {
    const quoted = readQuoted(text, 0);
    if (quoted) return quoted.value;
  }
  const tab = text.indexOf('\t');
  return tab >= 0 ? text.slice(0, tab) : text;
}

/**
 * The new path from `diff --git a/<old> b/<new>`. Only needed when no `+++` or `rename to`
 * line follows (binary files, mode changes); with unquoted names holding spaces it is exact
 * only when old and new are the same, as they are in those cases.
 */
function pathFromGitHeader(rest: string): string | undefined {
  if (rest.startsWith('"')) {
    const a = readQuoted(rest, 0);
    if (!a || rest[a.next] !== ' ') return undefined;
    return stripPrefix(headerName(rest.slice(a.next + 1)), 'b/');
  }
  if ((rest.length - 5) % 2 === 0) {
    const name = rest.slice(2, 2 + (rest.length - 5) / 2);
    if (rest === `a/${name} b/${name}`) return name;
  }
  const quotedB = rest.indexOf(' "b/');
  if (quotedB >= 0) return stripPrefix(headerName(rest.slice(quotedB + 1)), 'b/');
  const parts = rest.split(' b/');
  return parts.length === 2 ? parts[1] : undefined;
}

const ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  '\\': 92,
};

/**
 * Reads a C-style quoted name starting at `text[start] === '"'`, as git writes names with
 * control characters, quotes, backslashes, or (with core.quotePath on) bytes over 0x7f as
 * octal escapes of their UTF-8 encoding.
 */
function readQuoted(text: string, start: number): { value: string; next: number } | undefined {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), next: i + 1 };
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      i += ch.length;
      continue;
    }
    const esc = text[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 4;
    } else if (esc in ESCAPES) {
      bytes.push(ESCAPES[esc]!);
      i += 2;
    } else {
      return undefined;
    }
  }
  return undefined;
}
