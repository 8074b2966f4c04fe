/**
 * The fmt gate's parser: `gofmt -l -d <files...>` prints, for each file that is not
 * formatted, its name (from -l) and a unified diff (from -d):
 *
 *   fmtbad/bad.go
 *   diff fmtbad/bad.go.orig fmtbad/bad.go
 *   --- fmtbad/bad.go.orig
 *   +++ fmtbad/bad.go
 *   @@ -7,7 +7,9 @@
 *
 * and, for a file that does not parse, `x.go:5:1: expected operand, found '}'` on stderr.
 * Exit codes: 0 when every file is formatted (also with -l alone, which lists files but
 * exits 0), 1 when -d printed a diff, 2 when a file could not be read or parsed.
 *
 * A Windows checkout with `core.autocrlf=true` turns every LF into CRLF, which gofmt
 * rewrites: such files get a finding that says so and how to fix the checkout, since
 * running gofmt on the runner would not fix the repository.
 */
import * as path from 'node:path';
import type { Finding } from './finding.js';
import {
  compilerFindings,
  endedAbnormally,
  failureText,
  parseCompilerText,
  relativeToRoot,
  type GateOutcome,
  type ParseContext,
  type ToolRun,
} from './tool-output.js';

export interface GofmtOutcome extends GateOutcome {
  /** The unified diff gofmt printed for each file, keyed by `Finding.file`. */
  readonly diffs: ReadonlyMap<string, string>;
}

/** How to stop a checkout from turning LF into CRLF. */
export const CRLF_ADVICE =
  'check out with LF line endings: run `git config --global core.autocrlf false` before the ' +
  'checkout, or commit a .gitattributes with `*.go text eol=lf`';

interface DiffBlock {
  /** The path as gofmt printed it (relative to the directory it ran in, or absolute). */
  readonly file: string;
  readonly lines: string[];
}

/** Parses the output of `gofmt -l -d` (or `-d`, or `-l`) into one finding per file. */
export function parseGofmtDiff(run: ToolRun, ctx: ParseContext): GofmtOutcome {
  const { blocks, listed, garbage } = splitDiffs(run.stdout);
  const syntax = parseCompilerText(run.stderr);

  const findings: Finding[] = [];
  const diffs = new Map<string, string>();
  const seen = new Set<string>();
  for (const block of blocks) {
    const file = relativeToRoot(block.file, ctx);
    const diff = block.lines.join('\n') + '\n';
    diffs.set(file, diff);
    seen.add(file);
    findings.push({
      gate: 'fmt',
      file,
      line: firstChangedLine(diff),
      column: 0,
      rule: 'gofmt',
      message: gofmtMessage(file, diffLineEndings(diff)),
      severity: 'error',
    });
  }
  for (const name of listed) {
    const file = relativeToRoot(name, ctx);
    if (seen.has(file)) continue;
    seen.add(file);
    findings.push({
      gate: 'fmt',
      file,
      line: 0,
      column: 0,
      rule: 'gofmt',
      message: gofmtMessage(file, 'unknown'),
      severity: 'error',
    });
  }
  findings.push(...compilerFindings(syntax.positioned, 'fmt', 'syntax', ctx));

  const failure = gofmtFailure(run, {
    unexplained: [...garbage, ...syntax.other],
    diffs: blocks.length,
    syntaxErrors: syntax.positioned.length,
  });
  return failure === undefined ? { findings, diffs } : { findings, diffs, failure };
}

function gofmtFailure(
  run: ToolRun,
  seen: { unexplained: string[]; diffs: number; syntaxErrors: number },
): string | undefined {
  if (endedAbnormally(run)) return failureText(run, run.stderr);
  if (seen.unexplained.length > 0) return failureText(run, seen.unexplained.join('\n'));
  const explained =
    run.code === 0 ||
    (run.code === 1 && seen.diffs > 0) ||
    (run.code === 2 && seen.syntaxErrors > 0);
  return explained ? undefined : failureText(run);
}

/** Splits stdout into diff blocks, names listed by -l, and lines that are neither. */
function splitDiffs(stdout: string): { blocks: DiffBlock[]; listed: string[]; garbage: string[] } {
  const blocks: DiffBlock[] = [];
  const listed: string[] = [];
  const garbage: string[] = [];
  const lines = stdout.split('\n');
  let current: DiffBlock | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = diffHeader(lines, i);
    if (header !== undefined) {
      current = { file: header, lines: lines.slice(i, i + 3) };
      blocks.push(current);
      i += 2;
      continue;
    }
    // Hunk lines keep their CR (that is how CRLF-only differences are recognised).
    if (current && /^[ +\-@\\]/.test(line)) {
      current.lines.push(line);
      continue;
    }
    current = undefined;
    const name = line.trim();
    if (name === '') continue;
    if (name.endsWith('.go')) listed.push(name);
    else garbage.push(line);
  }
  return { blocks, listed, garbage };
}

/** The new file's path when lines[i] starts a `diff` / `---` / `+++` header, else undefined. */
function diffHeader(lines: readonly string[], i: number): string | undefined {
  const [diff, minus, plus] = [lines[i], lines[i + 1], lines[i + 2]];
  if (!diff?.startsWith('diff ') || !minus?.startsWith('--- ') || !plus?.startsWith('+++ ')) {
    return undefined;
  }
  // Older gofmt ran the system diff, which adds a tab and a timestamp.
  return plus.slice(4).replace(/\t.*$/, '');
}

/**
 * The first line of the original file that the diff changes (1-based), from the first
 * hunk: its old start plus the context lines before the first change.
 */
export function firstChangedLine(diff: string): number {
  let oldLine: number | undefined;
  for (const line of diff.split('\n')) {
    if (oldLine === undefined) {
      const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
      if (hunk) oldLine = Number(hunk[1]);
      continue;
    }
    if (line.startsWith('-') || line.startsWith('+')) return Math.max(oldLine, 1);
    if (line.startsWith(' ')) oldLine++;
    else if (line.startsWith('@@')) break;
  }
  return oldLine === undefined ? 0 : Math.max(oldLine, 1);
}

/**
 * What CRLF line endings have to do with a diff: `crlf-only` when removing the CRs from the
 * removed lines gives exactly the added lines, `crlf-and-format` when the file has CRLF
 * lines but also real formatting changes, `none` when it has no CRLF lines, `unknown` when
 * there is no diff to tell.
 */
export type LineEndingVerdict = 'crlf-only' | 'crlf-and-format' | 'none' | 'unknown';

/** Reads a gofmt diff for CRLF line endings (see {@link LineEndingVerdict}). */
export function diffLineEndings(diff: string): LineEndingVerdict {
  const removed: string[] = [];
  const added: string[] = [];
  let noNewlineMarker = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('--- ') || line.startsWith('+++ ')) continue;
    if (line.startsWith('-')) removed.push(line.slice(1));
    else if (line.startsWith('+')) added.push(line.slice(1));
    else if (line.startsWith('\\')) noNewlineMarker = true;
  }
  if (!removed.some((l) => l.endsWith('\r'))) return 'none';
  const same =
    !noNewlineMarker &&
    removed.length === added.length &&
    removed.every((l, i) => l.replace(/\r$/, '') === added[i]);
  return same ? 'crlf-only' : 'crlf-and-format';
}

/** True when `original` differs from gofmt's `formatted` output only by CRLF line endings. */
export function isCrlfOnlyDifference(original: string, formatted: string): boolean {
  return original !== formatted && original.replace(/\r\n/g, '\n') === formatted;
}

/**
 * The CRLF-aware finding messages for the root-relative `files` gofmt flagged that have
 * CRLF line endings on disk, read through `read` (given absolute paths). With gofmt's
 * `diffs` the message says whether the line endings are the only difference; without,
 * it names both fixes. Files without CRLF are left out of the map.
 */
export async function crlfOnlyFiles(
  files: readonly string[],
  root: string,
  read: (absolutePath: string) => Promise<string>,
  diffs?: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const messages = new Map<string, string>();
  for (const file of new Set(files)) {
    const content = await read(path.resolve(root, file)).catch(() => undefined);
    if (content === undefined || !content.includes('\r\n')) continue;
    const diff = diffs?.get(file);
    const verdict = diff === undefined ? 'crlf-and-format' : diffLineEndings(diff);
    if (verdict !== 'none') messages.set(file, gofmtMessage(file, verdict));
  }
  return messages;
}

/** The finding message for a file gofmt would change. */
export function gofmtMessage(file: string, lineEndings: LineEndingVerdict): string {
  switch (lineEndings) {
    case 'crlf-only':
      return (
        'File has CRLF line endings; apart from them it is gofmt-ed. The checkout probably ' +
        `converted LF to CRLF (core.autocrlf=true on Windows); ${CRLF_ADVICE}.`
      );
    case 'crlf-and-format':
      return (
        `File is not gofmt-ed; run \`gofmt -w ${file}\`. It also has CRLF line endings, ` +
        `which gofmt rewrites; if the checkout converted them (core.autocrlf=true), ${CRLF_ADVICE}.`
      );
    default:
      return `File is not gofmt-ed; run \`gofmt -w ${file}\`.`;
  }
}
