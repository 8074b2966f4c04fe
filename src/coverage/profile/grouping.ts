/**
 * Rows of a parse put in order: grouped by file, sorted by position, and blocks listed more
 * than once (test binaries overlapping under -coverpkg) folded by the mode's rule.
 */
import { decode } from './bytes.js';
import { Columns, type FileRange } from './columns.js';
import { combineCounts, ProfileError, type CoverMode } from './model.js';

/**
 * Puts each file's rows together (a stable counting sort, skipped when the input already is
 * grouped, as Go writes it), sorts them by position when needed and folds exact repeats.
 */
export function groupByFile(
  raw: Columns,
  names: readonly string[],
  mode: CoverMode,
  source: string,
  text?: Uint8Array,
): Map<string, FileRange> {
  const n = raw.n;
  const fileOf = raw.tag;
  let cols = raw;
  const starts = new Uint32Array(names.length + 1);
  let grouped = true;
  for (let i = 0, last = 0; i < n; i++) {
    const file = fileOf[i]!;
    starts[file + 1]!++;
    if (file < last) grouped = false;
    last = file;
  }
  for (let f = 0; f < names.length; f++) starts[f + 1]! += starts[f]!;
  if (!grouped) {
    cols = new Columns(n);
    const order = new Uint32Array(n);
    const next = starts.slice(0, names.length);
    for (let i = 0; i < n; i++) order[next[fileOf[i]!]!++] = i;
    for (let k = 0; k < n; k++) cols.copyRow(raw, order[k]!);
  }
  const out = new Map<string, FileRange>();
  let scratch: Columns | undefined; // shared by every file's sort; grows to the largest file
  for (let f = 0; f < names.length; f++) {
    const off = starts[f]!;
    let len = starts[f + 1]! - off;
    // Go writes each file's blocks in order, once: then there is nothing to sort or fold.
    if (!strictlyIncreasing(cols, off, len)) {
      sortRange(cols, off, len, (scratch ??= new Columns(0)));
      len = foldRepeats(cols, off, len, names[f]!, mode, source, text);
    }
    out.set(names[f]!, { cols, off, len });
  }
  return out;
}

/** Whether rows off..off+len-1 are in source order with no position twice. */
function strictlyIncreasing(cols: Columns, off: number, len: number): boolean {
  const { startLine, startCol, endLine, endCol } = cols;
  for (let i = off + 1; i < off + len; i++) {
    const order =
      startLine[i]! - startLine[i - 1]! ||
      startCol[i]! - startCol[i - 1]! ||
      endLine[i]! - endLine[i - 1]! ||
      endCol[i]! - endCol[i - 1]!;
    if (order <= 0) return false;
  }
  return true;
}

function sortRange(cols: Columns, off: number, len: number, scratch: Columns): void {
  let sorted = true;
  for (let i = off + 1; i < off + len && sorted; i++) sorted = cols.compare(i - 1, cols, i) <= 0;
  if (sorted) return;
  const order: number[] = [];
  for (let k = 0; k < len; k++) order.push(off + k);
  order.sort((a, b) => cols.compare(a, cols, b));
  scratch.n = 0;
  for (const i of order) scratch.copyRow(cols, i);
  cols.startLine.set(scratch.startLine.subarray(0, len), off);
  cols.startCol.set(scratch.startCol.subarray(0, len), off);
  cols.endLine.set(scratch.endLine.subarray(0, len), off);
  cols.endCol.set(scratch.endCol.subarray(0, len), off);
  cols.statements.set(scratch.statements.subarray(0, len), off);
  cols.count.set(scratch.count.subarray(0, len), off);
}

/** Folds rows at the same position (-coverpkg overlap) by the mode's rule; returns the new length. */
function foldRepeats(
  cols: Columns,
  off: number,
  len: number,
  file: string,
  mode: CoverMode,
  source: string,
  text?: Uint8Array,
): number {
  let w = off;
  for (let i = off; i < off + len; i++) {
    if (w > off && cols.compare(w - 1, cols, i) === 0) {
      const prev = w - 1;
      if (cols.statements[prev] !== cols.statements[i]) {
        const where = cols.position(i);
        const line =
          text === undefined
            ? undefined
            : secondLineOf(decode(text, 0, text.length), `${file}:${where} `);
        throw new ProfileError(
          `${source}${line === undefined ? '' : `:${line}`}: block ${file}:${where} is listed with ${cols.statements[prev]} and with ${cols.statements[i]} statements; ` +
            'the parts were made from different sources: regenerate the profile from one checkout',
          source,
          line,
        );
      }
      const count = combineCounts(mode, cols.count[prev]!, cols.count[i]!);
      if (count > Number.MAX_SAFE_INTEGER) {
        throw new ProfileError(
          `${source}: execution count of ${file}:${cols.position(i)} exceeds 2^53-1 after adding its repeats; it cannot be totalled exactly`,
          source,
        );
      }
      cols.count[prev] = count;
      continue;
    }
    if (w !== i) {
      cols.startLine[w] = cols.startLine[i]!;
      cols.startCol[w] = cols.startCol[i]!;
      cols.endLine[w] = cols.endLine[i]!;
      cols.endCol[w] = cols.endCol[i]!;
      cols.statements[w] = cols.statements[i]!;
      cols.count[w] = cols.count[i]!;
    }
    w++;
  }
  return w - off;
}

/** 1-based line of the second line starting with `prefix` (error path only). */
function secondLineOf(text: string, prefix: string): number | undefined {
  let seen = 0;
  let from = 0;
  for (;;) {
    const at = text.indexOf(prefix, from);
    if (at === -1) return undefined;
    from = at + 1;
    if (at !== 0 && text.charCodeAt(at - 1) !== 10) continue;
    if (++seen === 2) {
      let line = 1;
      for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
      return line;
    }
  }
}
