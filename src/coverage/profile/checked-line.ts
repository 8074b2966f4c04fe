/**
 * The slow, checked reading of one block line: it says exactly what is wrong with a line the
 * fast path (fast-rows.ts) did not take.
 */
import { decode } from './bytes.js';
import { MAX_POSITION, type Columns } from './columns.js';
import { ProfileError } from './model.js';

export const REGENERATE = 'regenerate it with `go test -coverprofile=<file>`';
const LINE_SHAPE = '<file>:<startLine>.<startCol>,<endLine>.<endCol> <numStmt> <count>';

export function quoteLine(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 117)}...` : line);
}

/**
 * Where parsing is (line number and bounds, as indexes into the whole text) and the checked
 * number reader that explains exactly what is wrong with a line the fast path rejected.
 */
export class LineParser {
  pos = 0;
  end = 0;
  lineNo = 0;
  lineStart = 0;

  constructor(
    readonly text: Uint8Array,
    readonly source: string,
  ) {}

  fail(what: string): never {
    const line = decode(this.text, this.lineStart, this.end);
    throw new ProfileError(
      `${this.source}:${this.lineNo}: ${what} in ${quoteLine(line)}; expected ${LINE_SHAPE}; ${REGENERATE}`,
      this.source,
      this.lineNo,
    );
  }

  /** Parses a non-negative safe integer and the separator after it (or the line end). */
  number(what: string, separator: number, max: number): number {
    const text = this.text;
    const end = this.end;
    let pos = this.pos;
    if (pos >= end) this.fail(`truncated line: ${what} is missing`);
    let c = text[pos]!;
    if (c === 45 /* - */) this.fail(`${what} is negative`);
    if (c < 48 || c > 57) this.fail(`${what} is not a number`);
    let value = 0;
    do {
      value = value * 10 + (c - 48);
      if (value > max) this.fail(`${what} is too large (above ${max})`);
      c = ++pos < end ? text[pos]! : -1;
    } while (c >= 48 && c <= 57);
    if (separator === -1) {
      if (pos < end) this.fail(`unexpected text after ${what}`);
    } else if (c !== separator) {
      if (c === -1) this.fail(`truncated line after ${what}`);
      const expected = separator === 32 ? 'a space' : `"${String.fromCharCode(separator)}"`;
      this.fail(
        `expected ${expected} after ${what}, found ${JSON.stringify(decode(text, pos, pos + 1))}`,
      );
    } else {
      pos++;
    }
    this.pos = pos;
    return value;
  }
}

/**
 * Reads the block spec at `p.pos` (after the file name's colon) into a row of `cols`, or
 * fails saying exactly what is wrong with it.
 */
export function readCheckedRow(
  p: LineParser,
  fileId: number,
  setMode: boolean,
  cols: Columns,
): void {
  const startLine = p.number('start line', 46 /* . */, MAX_POSITION);
  const startCol = p.number('start column', 44 /* , */, MAX_POSITION);
  const endLine = p.number('end line', 46 /* . */, MAX_POSITION);
  const endCol = p.number('end column', 32 /* space */, MAX_POSITION);
  const statements = p.number('statement count', 32 /* space */, MAX_POSITION);
  let count = p.number('execution count', -1, Number.MAX_SAFE_INTEGER);
  if (startLine === 0 || startCol === 0 || endLine === 0 || endCol === 0) {
    p.fail('positions are 1-based but one is 0');
  }
  if (startLine > endLine || (startLine === endLine && startCol > endCol)) {
    p.fail('block starts after it ends');
  }
  if (setMode && count > 1) count = 1;
  cols.push(fileId, startLine, startCol, endLine, endCol, statements, count);
}
