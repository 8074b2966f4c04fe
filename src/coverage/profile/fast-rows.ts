/**
 * The fast path of parsing: well-formed block lines of one file read straight from the bytes
 * into the columns, with no string made. Anything unusual is left to the checked path.
 */
import type { Columns } from './columns.js';

/**
 * Reads a position or statement count at `at` into `column[row]`: returns where its digits
 * end, or -1 for none or more than 9 (always below 2^32; a longer number takes the checked
 * path, which knows the limits).
 */
function positionInto(
  text: Uint8Array,
  at: number,
  n: number,
  column: Uint32Array,
  row: number,
): number {
  let value = 0;
  let pos = at;
  for (; pos < n; pos++) {
    const digit = text[pos]! - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  if (pos === at || pos - at > 9) return -1;
  column[row] = value;
  return pos;
}

/** positionInto for the count column: up to 15 digits (always below 2^53). */
function countInto(
  text: Uint8Array,
  at: number,
  n: number,
  column: Float64Array,
  row: number,
): number {
  let value = 0;
  let pos = at;
  for (; pos < n; pos++) {
    const digit = text[pos]! - 48;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
  }
  if (pos === at || pos - at > 15) return -1;
  column[row] = value;
  return pos;
}

/**
 * Whether the `len` bytes at `a` and at `b` are equal: four at a time from the end (names
 * of one package differ there), then the rest one by one.
 */
function sameName(text: Uint8Array, view: DataView, a: number, b: number, len: number): boolean {
  let k = len - 4;
  for (; k >= 0; k -= 4)
    if (view.getInt32(a + k, true) !== view.getInt32(b + k, true)) return false;
  for (k += 3; k >= 0; k--) if (text[a + k] !== text[b + k]) return false;
  return true;
}

/**
 * Reads consecutive block lines of the file named at text[nameStart..nameStart+nameLen) from
 * `pos` straight into the columns, and returns where the first line it cannot take starts:
 * another file, anything unusual (the checked path explains it), or full columns. A small
 * function with one tight loop, so the engine optimizes it as a whole; every line's name is
 * compared in place with the previous line's, so no string is made for it.
 */
export function readRun(
  text: Uint8Array,
  view: DataView,
  pos: number,
  nameStart: number,
  nameLen: number,
  fileId: number,
  setMode: boolean,
  cols: Columns,
): number {
  const n = text.length;
  const { tag, startLine, startCol, endLine, endCol, statements, count } = cols;
  const capacity = startLine.length;
  let row = cols.n;
  while (row < capacity) {
    const colon = pos + nameLen;
    if (colon >= n || text[colon] !== 58 /* : */ || !sameName(text, view, pos, nameStart, nameLen))
      break;
    let at = positionInto(text, colon + 1, n, startLine, row);
    if (at === -1 || at === n || text[at] !== 46 /* . */) break;
    at = positionInto(text, at + 1, n, startCol, row);
    if (at === -1 || at === n || text[at] !== 44 /* , */) break;
    at = positionInto(text, at + 1, n, endLine, row);
    if (at === -1 || at === n || text[at] !== 46 /* . */) break;
    at = positionInto(text, at + 1, n, endCol, row);
    if (at === -1 || at === n || text[at] !== 32) break;
    at = positionInto(text, at + 1, n, statements, row);
    if (at === -1 || at === n || text[at] !== 32) break;
    at = countInto(text, at + 1, n, count, row);
    if (at === -1) break;
    // The line ends here: `\n`, `\r\n`, or the end of the text (with or without a `\r`).
    if (at < n) {
      const c = text[at];
      if (c === 10) at++;
      else if (c === 13 && (at + 1 === n || text[at + 1] === 10)) at += at + 1 === n ? 1 : 2;
      else break;
    }
    // Positions are 1-based and a block does not end before it starts (else: the checked path).
    const sl = startLine[row]!;
    const el = endLine[row]!;
    if (sl === 0 || startCol[row] === 0 || el === 0 || endCol[row] === 0) break;
    if (sl > el || (sl === el && startCol[row]! > endCol[row]!)) break;
    if (setMode && count[row]! > 1) count[row] = 1;
    tag[row] = fileId;
    row++;
    pos = at;
  }
  cols.n = row;
  return pos;
}
