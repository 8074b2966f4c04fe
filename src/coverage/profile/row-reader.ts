/**
 * Reads a profile's lines into columns: the mode line, then block lines, each taken by the
 * fast path (fast-rows.ts) when it can and by the checked path (checked-line.ts) otherwise.
 */
import { decode } from './bytes.js';
import { LineParser, quoteLine, readCheckedRow, REGENERATE } from './checked-line.js';
import type { Columns } from './columns.js';
import { readRun } from './fast-rows.js';
import { MODES, ProfileError, type CoverMode } from './model.js';

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** `mode:` at `start`. */
function isModeLine(b: Uint8Array, start: number, end: number): boolean {
  return (
    end - start >= 5 &&
    b[start] === 109 &&
    b[start + 1] === 111 &&
    b[start + 2] === 100 &&
    b[start + 3] === 101 &&
    b[start + 4] === 58
  );
}

/** Whether bytes a..aEnd equal bytes b..bEnd, compared from the end (names differ there). */
function sameBytes(t: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = aEnd - 1, j = bEnd - 1; i >= a; i--, j--) if (t[i] !== t[j]) return false;
  return true;
}

/**
 * Where the previous block line's file name is in the text being fed (none yet: an empty
 * range), and the index of that file in the names.
 */
interface LastName {
  start: number;
  end: number;
  id: number;
}

/** What a RowReader found besides the rows: the mode and the file names (indexed by tag). */
export interface ParsedText {
  readonly mode: CoverMode;
  readonly names: readonly string[];
}

/**
 * Reads a profile's block lines into `cols` from row 0, in the order the text lists them;
 * rows are tagged with the index of their file in `names`. The text comes all at once or
 * piece by piece as it is read (see LineAssembler), each piece whole lines.
 */
export class RowReader {
  private mode: CoverMode | undefined;
  private readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  private lineNo = 0;

  constructor(
    readonly source: string,
    readonly cols: Columns,
  ) {
    cols.n = 0;
  }

  /** Parses whole lines; only the text's last line may lack its `\n`. */
  feed(text: Uint8Array): void {
    const cols = this.cols;
    const p = new LineParser(text, this.source);
    p.lineNo = this.lineNo;
    const view = new DataView(text.buffer, text.byteOffset, text.byteLength);
    const last: LastName = { start: 0, end: -1, id: -1 };
    const n = text.length;
    let next = 0;
    while (next < n) {
      // Fast path, nearly every line: the previous line's file, then a well-formed block.
      if (last.end > last.start) {
        const before = cols.n;
        const setMode = this.mode === 'set';
        next = readRun(text, view, next, last.start, last.end - last.start, last.id, setMode, cols);
        p.lineNo += cols.n - before;
        if (next >= n) break;
      }
      // Anything else: a new file name, the mode line, blanks, or a line to explain.
      const nl = text.indexOf(10 /* \n */, next);
      const lineStart = next;
      let end = nl === -1 ? n : nl;
      next = end + 1;
      p.lineNo++;
      // Tolerate CRLF and trailing blanks; skip blank lines.
      while (end > lineStart && isSpace(text[end - 1]!)) end--;
      if (end === lineStart) continue;
      p.lineStart = lineStart;
      p.end = end;
      if (isModeLine(text, lineStart, end)) {
        this.takeMode(decode(text, lineStart + 5, end).trim(), p.lineNo);
      } else {
        this.takeBlockLine(p, last);
      }
    }
    this.lineNo = p.lineNo;
  }

  /** A `mode:` line: the first one sets the mode, any later one must repeat it. */
  private takeMode(value: string, lineNo: number): void {
    const source = this.source;
    if (!(MODES as readonly string[]).includes(value)) {
      throw new ProfileError(
        `${source}:${lineNo}: unknown coverage mode ${JSON.stringify(value)}; expected set, count or atomic`,
        source,
        lineNo,
      );
    }
    if (this.mode !== undefined && value !== this.mode) {
      throw new ProfileError(
        `${source}:${lineNo}: mode line says ${JSON.stringify(value)} but the profile began with mode ${JSON.stringify(this.mode)}; ` +
          'a profile has a single mode: regenerate it with one -covermode',
        source,
        lineNo,
      );
    }
    this.mode = value as CoverMode;
  }

  /**
   * A block line the fast path did not take (a new file, or something to explain): names its
   * file in `last`, then reads it on the checked path.
   */
  private takeBlockLine(p: LineParser, last: LastName): void {
    const { text, lineStart, end } = p;
    if (this.mode === undefined) {
      throw new ProfileError(
        `${this.source}:${p.lineNo}: missing mode line: the first line must be "mode: set", "mode: count" or "mode: atomic", found ${quoteLine(decode(text, lineStart, end))}; ${REGENERATE}`,
        this.source,
        p.lineNo,
      );
    }
    // The block spec has no ':', so the last ':' on the line ends the file name.
    let colon = end - 1;
    while (colon >= lineStart && text[colon] !== 58 /* : */) colon--;
    if (colon < lineStart) p.fail('no "file:" prefix');
    if (colon === lineStart) p.fail('empty file name');
    // A string is made only when the name differs from the previous line's.
    if (!sameBytes(text, lineStart, colon, last.start, last.end)) {
      last.id = this.idOf(decode(text, lineStart, colon));
    }
    last.start = lineStart;
    last.end = colon;
    p.pos = colon + 1;
    readCheckedRow(p, last.id, this.mode === 'set', this.cols);
  }

  /** The index of a file in `names`, added when new. */
  private idOf(file: string): number {
    let id = this.ids.get(file);
    if (id === undefined) {
      id = this.names.push(file) - 1;
      this.ids.set(file, id);
    }
    return id;
  }

  /** The mode and names, once the whole text was fed. */
  finish(): ParsedText {
    if (this.mode === undefined) {
      throw new ProfileError(
        `${this.source}: empty coverage profile (no "mode:" line); check that go test -coverprofile ran and wrote this file`,
        this.source,
      );
    }
    return { mode: this.mode, names: this.names };
  }
}

/** Parses a whole text into `cols`. */
export function parseRows(text: Uint8Array, source: string, cols: Columns): ParsedText {
  const reader = new RowReader(source, cols);
  reader.feed(text);
  return reader.finish();
}

/**
 * Rows to reserve for a whole text: its size over the mean line length of its first 64 KB
 * (lines of one profile are alike), plus a little, so the columns rarely grow or need trimming.
 */
export function rowsFor(text: Uint8Array): number {
  const sample = Math.min(text.length, 1 << 16);
  let lines = 1;
  for (let i = text.indexOf(10); i !== -1 && i < sample; i = text.indexOf(10, i + 1)) lines++;
  return Math.ceil((text.length / sample) * lines * 1.05) + 16;
}
