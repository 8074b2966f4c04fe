/**
 * Go's text coverage profile (`go test -coverprofile`, `go tool covdata textfmt`): parse,
 * merge, format and total it. Pure functions on strings and objects; reading and writing the
 * files is the caller's job.
 *
 * Format: a `mode: set|count|atomic` line, then one line per block:
 * `<file>:<startLine>.<startCol>,<endLine>.<endCol> <numStmt> <count>`.
 */

export type CoverMode = 'set' | 'count' | 'atomic';

const MODES: readonly CoverMode[] = ['set', 'count', 'atomic'];

export interface Block {
  /** Import path of the source file, e.g. `example.com/m/pkg/a.go`. */
  readonly file: string;
  readonly startLine: number;
  readonly startCol: number;
  readonly endLine: number;
  readonly endCol: number;
  /** Statements in the block; 0 is legal (Go emits empty blocks). */
  readonly statements: number;
  /** Times the block ran; 0 or 1 in `set` mode. */
  readonly count: number;
}

export interface Profile {
  readonly mode: CoverMode;
  /** File -> blocks sorted by position, each exact position once. */
  readonly files: ReadonlyMap<string, readonly Block[]>;
  /** Names of the profiles this one was parsed or merged from, for error messages. */
  readonly sources: readonly string[];
}

/** A coverage profile that cannot be parsed or merged; `line` is 1-based when known. */
export class ProfileError extends Error {
  override name = 'ProfileError';
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface CoverageTotals {
  readonly statements: number;
  readonly covered: number;
  /** 0..100; a profile with no statements counts as fully covered (100), never NaN. */
  readonly percent: number;
}

const REGENERATE = 'regenerate it with `go test -coverprofile=<file>`';
const LINE_SHAPE = '<file>:<startLine>.<startCol>,<endLine>.<endCol> <numStmt> <count>';

function quoteLine(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 117)}...` : line);
}

/** Combines two counts of the same block by the mode's rule (callers refuse unsafe sums). */
function combineCounts(mode: CoverMode, a: number, b: number): number {
  if (mode === 'set') return a > 0 || b > 0 ? 1 : 0;
  return a + b;
}

const utf8 = new TextDecoder('utf-8');

/** Text of bytes start..end (names and messages; the numbers are read as bytes). */
function decode(bytes: Uint8Array, start: number, end: number): string {
  return utf8.decode(bytes.subarray(start, end));
}

/** Bytes of a profile: a Buffer or Uint8Array as it is, a string encoded once. */
function bytesOf(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? new TextEncoder().encode(input) : input;
}

/**
 * Where parsing is (line number and bounds, as indexes into the whole text) and the checked
 * number reader that explains exactly what is wrong with a line the fast path rejected.
 */
class LineParser {
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

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

const MAX_POSITION = 0xffffffff;

/**
 * Blocks stored column-wise. Profiles of millions of blocks would otherwise cost an object
 * (and garbage-collector work) per block; Block objects are only built when `files` is read.
 */
class Columns {
  n = 0;
  /**
   * While parsing: the row's file (an index into the names). In a merge: the index of the
   * profile the block first came from, to name it in errors.
   */
  tag: Uint32Array;
  startLine: Uint32Array;
  startCol: Uint32Array;
  endLine: Uint32Array;
  endCol: Uint32Array;
  statements: Uint32Array;
  count: Float64Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.tag = new Uint32Array(c);
    this.startLine = new Uint32Array(c);
    this.startCol = new Uint32Array(c);
    this.endLine = new Uint32Array(c);
    this.endCol = new Uint32Array(c);
    this.statements = new Uint32Array(c);
    this.count = new Float64Array(c);
  }

  get capacity(): number {
    return this.startLine.length;
  }

  /**
   * Room for `extra` more rows. Grows by half, not double: these columns are most of the
   * memory a large merge uses, and the old and new arrays briefly live side by side.
   */
  reserve(extra: number): void {
    const need = this.n + extra;
    if (need > this.capacity) this.resize(Math.max(need, Math.ceil(this.capacity * 1.5)));
  }

  private resize(c: number): void {
    const n = this.n;
    const u32 = (a: Uint32Array): Uint32Array => {
      const b = new Uint32Array(c);
      b.set(a.subarray(0, n));
      return b;
    };
    this.tag = u32(this.tag);
    this.startLine = u32(this.startLine);
    this.startCol = u32(this.startCol);
    this.endLine = u32(this.endLine);
    this.endCol = u32(this.endCol);
    this.statements = u32(this.statements);
    const count = new Float64Array(c);
    count.set(this.count.subarray(0, n));
    this.count = count;
  }

  /**
   * Drops a clearly too large capacity (the parser's estimate from the text) once rows are
   * final; a little slack stays, as copying the columns would cost more than it frees.
   */
  trim(): void {
    const slack = this.capacity - this.n;
    if (slack >= 4096 && slack > this.n / 4) this.resize(this.n);
  }

  /** Takes over the rows of `other` (which must not be used afterwards). */
  adopt(other: Columns): void {
    this.n = other.n;
    this.tag = other.tag;
    this.startLine = other.startLine;
    this.startCol = other.startCol;
    this.endLine = other.endLine;
    this.endCol = other.endCol;
    this.statements = other.statements;
    this.count = other.count;
  }

  push(
    tag: number,
    startLine: number,
    startCol: number,
    endLine: number,
    endCol: number,
    statements: number,
    count: number,
  ): void {
    if (this.n === this.capacity) this.reserve(1);
    const i = this.n++;
    this.tag[i] = tag;
    this.startLine[i] = startLine;
    this.startCol[i] = startCol;
    this.endLine[i] = endLine;
    this.endCol[i] = endCol;
    this.statements[i] = statements;
    this.count[i] = count;
  }

  /**
   * Appends rows off..off+len-1 of `from` in one copy per column; `tag` replaces their tags
   * when given.
   */
  appendRange(from: Columns, off: number, len: number, tag?: number): void {
    this.reserve(len);
    const at = this.n;
    const end = off + len;
    if (tag === undefined) this.tag.set(from.tag.subarray(off, end), at);
    else this.tag.fill(tag, at, at + len);
    this.startLine.set(from.startLine.subarray(off, end), at);
    this.startCol.set(from.startCol.subarray(off, end), at);
    this.endLine.set(from.endLine.subarray(off, end), at);
    this.endCol.set(from.endCol.subarray(off, end), at);
    this.statements.set(from.statements.subarray(off, end), at);
    this.count.set(from.count.subarray(off, end), at);
    this.n += len;
  }

  copyRow(from: Columns, i: number, tag = from.tag[i]!): void {
    this.push(
      tag,
      from.startLine[i]!,
      from.startCol[i]!,
      from.endLine[i]!,
      from.endCol[i]!,
      from.statements[i]!,
      from.count[i]!,
    );
  }

  /** Source order: start, then end, so nested blocks sharing a start stay deterministic. */
  compare(i: number, other: Columns, j: number): number {
    return (
      this.startLine[i]! - other.startLine[j]! ||
      this.startCol[i]! - other.startCol[j]! ||
      this.endLine[i]! - other.endLine[j]! ||
      this.endCol[i]! - other.endCol[j]!
    );
  }

  position(i: number): string {
    return `${this.startLine[i]}.${this.startCol[i]},${this.endLine[i]}.${this.endCol[i]}`;
  }
}

/** One file's rows: `cols` rows off..off+len-1, sorted by position, each position once. */
interface FileRange {
  readonly cols: Columns;
  readonly off: number;
  readonly len: number;
}

/** The `files` map of profiles made here: Block arrays are built on first read and kept. */
class BlockFiles implements ReadonlyMap<string, readonly Block[]> {
  private readonly built = new Map<string, readonly Block[]>();

  constructor(readonly ranges: ReadonlyMap<string, FileRange>) {}

  get size(): number {
    return this.ranges.size;
  }

  has(file: string): boolean {
    return this.ranges.has(file);
  }

  get(file: string): readonly Block[] | undefined {
    let blocks = this.built.get(file);
    if (blocks !== undefined) return blocks;
    const r = this.ranges.get(file);
    if (r === undefined) return undefined;
    const c = r.cols;
    const out: Block[] = new Array<Block>(r.len);
    for (let k = 0; k < r.len; k++) {
      const i = r.off + k;
      out[k] = {
        file,
        startLine: c.startLine[i]!,
        startCol: c.startCol[i]!,
        endLine: c.endLine[i]!,
        endCol: c.endCol[i]!,
        statements: c.statements[i]!,
        count: c.count[i]!,
      };
    }
    blocks = out;
    this.built.set(file, blocks);
    return blocks;
  }

  *entries(): MapIterator<[string, readonly Block[]]> {
    for (const file of this.ranges.keys()) yield [file, this.get(file)!];
  }

  keys(): MapIterator<string> {
    return this.ranges.keys();
  }

  *values(): MapIterator<readonly Block[]> {
    for (const file of this.ranges.keys()) yield this.get(file)!;
  }

  [Symbol.iterator](): MapIterator<[string, readonly Block[]]> {
    return this.entries();
  }

  forEach(
    fn: (value: readonly Block[], key: string, map: ReadonlyMap<string, readonly Block[]>) => void,
    thisArg?: unknown,
  ): void {
    for (const [file, blocks] of this.entries()) fn.call(thisArg, blocks, file, this);
  }
}

/** Column ranges of any Profile; profiles built by hand are validated and converted. */
function rangesOf(p: Profile): ReadonlyMap<string, FileRange> {
  if (p.files instanceof BlockFiles) return p.files.ranges;
  const source = p.sources.join(', ');
  const cols = new Columns(1024);
  const names: string[] = [];
  for (const [file, blocks] of p.files) {
    const id = names.push(file) - 1;
    for (const b of blocks) {
      const fields = [b.startLine, b.startCol, b.endLine, b.endCol, b.statements];
      const bad =
        fields.some((v) => !Number.isInteger(v) || v < 0 || v > MAX_POSITION) ||
        !Number.isSafeInteger(b.count) ||
        b.count < 0 ||
        b.file !== file;
      if (bad) {
        throw new ProfileError(
          `${source}: block ${JSON.stringify(b)} is not a valid coverage block; build profiles with parseProfile`,
          source,
        );
      }
      const count = p.mode === 'set' && b.count > 1 ? 1 : b.count;
      cols.push(id, b.startLine, b.startCol, b.endLine, b.endCol, b.statements, count);
    }
  }
  return groupByFile(cols, names, p.mode, source);
}

/**
 * Puts each file's rows together (a stable counting sort, skipped when the input already is
 * grouped, as Go writes it), sorts them by position when needed and folds exact repeats.
 */
function groupByFile(
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
function readRun(
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

/** What a RowReader found besides the rows: the mode and the file names (indexed by tag). */
interface ParsedText {
  readonly mode: CoverMode;
  readonly names: readonly string[];
}

/**
 * Reads a profile's block lines into `cols` from row 0, in the order the text lists them;
 * rows are tagged with the index of their file in `names`. The text comes all at once or
 * piece by piece as it is read (see LineAssembler), each piece whole lines.
 */
class RowReader {
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
    const { source, cols, ids, names } = this;
    const p = new LineParser(text, source);
    p.lineNo = this.lineNo;
    const view = new DataView(text.buffer, text.byteOffset, text.byteLength);
    let mode = this.mode;
    // Where the previous block line's file name is in `text` (none yet: an empty range).
    let lastStart = 0;
    let lastEnd = -1;
    let lastId = -1;

    const n = text.length;
    let next = 0;
    while (next < n) {
      // Fast path, nearly every line: the previous line's file, then a well-formed block.
      if (lastEnd > lastStart) {
        const before = cols.n;
        const setMode = mode === 'set';
        next = readRun(text, view, next, lastStart, lastEnd - lastStart, lastId, setMode, cols);
        p.lineNo += cols.n - before;
        if (next >= n) break;
      }
      // Anything else: a new file name, the mode line, blanks, or a line to explain.
      const nl = text.indexOf(10 /* \n */, next);
      const lineStart = next;
      let end = nl === -1 ? text.length : nl;
      next = end + 1;
      p.lineNo++;
      // Tolerate CRLF and trailing blanks; skip blank lines.
      while (end > lineStart && isSpace(text[end - 1]!)) end--;
      if (end === lineStart) continue;
      p.lineStart = lineStart;
      p.end = end;

      if (isModeLine(text, lineStart, end)) {
        const value = decode(text, lineStart + 5, end).trim();
        if (!(MODES as readonly string[]).includes(value)) {
          throw new ProfileError(
            `${source}:${p.lineNo}: unknown coverage mode ${JSON.stringify(value)}; expected set, count or atomic`,
            source,
            p.lineNo,
          );
        }
        if (mode !== undefined && value !== mode) {
          throw new ProfileError(
            `${source}:${p.lineNo}: mode line says ${JSON.stringify(value)} but the profile began with mode ${JSON.stringify(mode)}; ` +
              'a profile has a single mode: regenerate it with one -covermode',
            source,
            p.lineNo,
          );
        }
        mode = this.mode = value as CoverMode;
        continue;
      }
      if (mode === undefined) {
        throw new ProfileError(
          `${source}:${p.lineNo}: missing mode line: the first line must be "mode: set", "mode: count" or "mode: atomic", found ${quoteLine(decode(text, lineStart, end))}; ${REGENERATE}`,
          source,
          p.lineNo,
        );
      }

      // The block spec has no ':', so the last ':' on the line ends the file name.
      let colon = end - 1;
      while (colon >= lineStart && text[colon] !== 58 /* : */) colon--;
      if (colon < lineStart) p.fail('no "file:" prefix');
      if (colon === lineStart) p.fail('empty file name');
      // A string is made only when the name differs from the previous line's.
      if (!sameBytes(text, lineStart, colon, lastStart, lastEnd)) {
        const file = decode(text, lineStart, colon);
        let id = ids.get(file);
        if (id === undefined) {
          id = names.push(file) - 1;
          ids.set(file, id);
        }
        lastId = id;
      }
      lastStart = lineStart;
      lastEnd = colon;

      // Checked path: says exactly what is wrong with the line, or takes it.
      p.pos = colon + 1;
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
      if (mode === 'set' && count > 1) count = 1;
      cols.push(lastId, startLine, startCol, endLine, endCol, statements, count);
    }
    this.lineNo = p.lineNo;
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

/**
 * Turns pieces of a text (reads of a file, a stream's chunks) into whole lines for a
 * RowReader, copying them into a window that is parsed while it is still in the CPU's cache.
 * The part after the last `\n` waits for the next piece; the window grows for a longer line.
 */
class LineAssembler {
  private len = 0;
  private fed = 0;

  constructor(
    private readonly reader: RowReader,
    public window: Uint8Array,
    /** The text's size in bytes, if known: the columns are then sized after the first piece. */
    private readonly sizeHint?: number,
  ) {}

  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.len === this.window.length) {
        const wider = new Uint8Array(Math.max(1 << 16, this.window.length * 2));
        wider.set(this.window);
        this.window = wider;
      }
      const from = this.len;
      const take = Math.min(chunk.length - off, this.window.length - from);
      this.window.set(chunk.subarray(off, off + take), from);
      this.len += take;
      off += take;
      // Only the new bytes can hold a `\n`: what waited from before is part of one line.
      const newline = this.window.subarray(from, this.len).lastIndexOf(10 /* \n */);
      if (newline === -1) continue;
      const lines = from + newline + 1;
      this.reader.feed(this.window.subarray(0, lines));
      if (this.fed === 0 && this.sizeHint !== undefined) this.reserveFor(lines);
      this.fed += lines;
      this.window.copyWithin(0, lines, this.len);
      this.len -= lines;
    }
  }

  /** Room for the rest of the text at the rate of rows per byte of its first piece. */
  private reserveFor(bytes: number): void {
    const cols = this.reader.cols;
    const rest = Math.max(0, this.sizeHint! - bytes);
    cols.reserve(Math.min(1 << 24, Math.ceil(((cols.n * rest) / bytes) * 1.05)));
  }

  /** Parses what is left (a last line without `\n`) and returns the mode and names. */
  end(): ParsedText {
    if (this.len > 0) this.reader.feed(this.window.subarray(0, this.len));
    this.len = 0;
    return this.reader.finish();
  }
}

/** Parses a whole text into `cols`. */
function parseRows(text: Uint8Array, source: string, cols: Columns): ParsedText {
  const reader = new RowReader(source, cols);
  reader.feed(text);
  return reader.finish();
}

/**
 * Rows to reserve for a whole text: its size over the mean line length of its first 64 KB
 * (lines of one profile are alike), plus a little, so the columns rarely grow or need trimming.
 */
function rowsFor(text: Uint8Array): number {
  const sample = Math.min(text.length, 1 << 16);
  let lines = 1;
  for (let i = text.indexOf(10); i !== -1 && i < sample; i = text.indexOf(10, i + 1)) lines++;
  return Math.ceil((text.length / sample) * lines * 1.05) + 16;
}

/**
 * Parses one profile. `source` names it in errors (a path or a label such as `linux/amd64`).
 * Blocks listed more than once at the same position (test binaries overlapping under
 * -coverpkg) are merged by the mode's rule, so every statement counts once.
 */
export function parseProfile(input: string | Uint8Array, source: string): Profile {
  // Bytes, not a string: a file read as a Buffer is parsed without decoding it.
  const text = bytesOf(input);
  const cols = new Columns(rowsFor(text));
  const { mode, names } = parseRows(text, source, cols);
  cols.trim();
  const ranges = groupByFile(cols, names, mode, source, text);
  return { mode, files: new BlockFiles(ranges), sources: [source] };
}

/** A file's rows in the merged columns; moves when the file is merged with unaligned blocks. */
interface MergedRange {
  readonly cols: Columns;
  off: number;
  len: number;
}

/**
 * Merges profiles one at a time (e.g. the legs of an OS matrix), so a caller can read, parse
 * and merge each leg and drop its text before reading the next: only the merged blocks and
 * one leg are in memory at once. Blocks match by file and exact position: `set` ORs them,
 * `count` and `atomic` add them; blocks that only overlap stay apart. A profile that cannot
 * be parsed, or has another mode, is refused and the merger stays usable; after a block that
 * conflicts (other statement counts, a count beyond 2^53-1) it is not: counts may be partly
 * added.
 */
export class ProfileMerger {
  private mode: CoverMode | undefined;
  /** Sources of the first profile, named in mode errors. */
  private firstSources = '';
  /** Per profile added: its sources joined, named in block errors (rows are tagged with the index). */
  private readonly added: string[] = [];
  private readonly sources: string[] = [];
  private readonly merged = new Columns(0);
  private readonly ranges = new Map<string, MergedRange>();
  /** Rows of the merged columns no range points at any more (left by unaligned merges). */
  private garbage = 0;
  /** Parse columns and the window for pieces of text, reused by every profile added. */
  private scratch: Columns | undefined;
  private window: Uint8Array = new Uint8Array(0);
  private state: 'open' | 'reading' | 'failed' | 'done' = 'open';

  /** Parses a profile's whole text and merges it in; the text is not kept. */
  addText(input: string | Uint8Array, source: string): this {
    this.checkOpen();
    const text = bytesOf(input);
    const scratch = (this.scratch ??= new Columns(rowsFor(text)));
    const { mode, names } = parseRows(text, source, scratch);
    this.checkMode(mode, [source]);
    return this.mergeIn(groupByFile(scratch, names, mode, source, text), [source]);
  }

  /**
   * Parses a profile that arrives in pieces (e.g. reads of a file into one reused buffer) and
   * merges it in: the whole text is never in memory, and each piece is parsed while it is
   * still in the CPU's cache. Pieces are copied, so the caller may reuse its buffer. A block
   * listed twice with different statement counts is reported without its line number.
   */
  addChunks(chunks: Iterable<Uint8Array>, source: string, sizeHint?: number): this {
    const lines = this.startPieces(source, sizeHint);
    try {
      for (const chunk of chunks) lines.push(chunk);
    } finally {
      this.state = 'open';
    }
    return this.endPieces(lines, source);
  }

  /** addChunks for an async source, e.g. `fs.createReadStream(file)`. */
  async addStream(
    chunks: AsyncIterable<Uint8Array>,
    source: string,
    sizeHint?: number,
  ): Promise<this> {
    const lines = this.startPieces(source, sizeHint);
    try {
      for await (const chunk of chunks) lines.push(chunk);
    } finally {
      this.state = 'open';
    }
    return this.endPieces(lines, source);
  }

  /** Merges a profile in (parsed, merged, or built by hand and then validated). */
  add(profile: Profile): this {
    this.checkOpen();
    const ranges = rangesOf(profile);
    this.checkMode(profile.mode, profile.sources);
    return this.mergeIn(ranges, profile.sources);
  }

  /** The merged profile. The merger takes no more profiles afterwards. */
  result(): Profile {
    this.checkOpen();
    if (this.mode === undefined) {
      throw new ProfileError('no coverage profiles to merge; pass at least one profile', '');
    }
    this.state = 'done';
    return { mode: this.mode, files: new BlockFiles(this.ranges), sources: this.sources };
  }

  private checkOpen(): void {
    if (this.state === 'open') return;
    throw new Error(
      this.state === 'done'
        ? 'ProfileMerger: result() was already taken; start a new merger to merge more'
        : this.state === 'reading'
          ? 'ProfileMerger: another profile is still being read; await its addStream first'
          : 'ProfileMerger: an earlier profile failed to merge; start a new merger',
    );
  }

  private startPieces(source: string, sizeHint: number | undefined): LineAssembler {
    this.checkOpen();
    this.state = 'reading';
    const scratch = (this.scratch ??= new Columns(1 << 16));
    if (this.window.length === 0) this.window = new Uint8Array(1 << 20);
    return new LineAssembler(new RowReader(source, scratch), this.window, sizeHint);
  }

  private endPieces(lines: LineAssembler, source: string): this {
    this.window = lines.window;
    const { mode, names } = lines.end();
    this.checkMode(mode, [source]);
    return this.mergeIn(groupByFile(this.scratch!, names, mode, source), [source]);
  }

  private checkMode(mode: CoverMode, sources: readonly string[]): void {
    if (this.mode === undefined) {
      this.mode = mode;
      this.firstSources = sources.join(', ');
    } else if (mode !== this.mode) {
      throw new ProfileError(
        `cannot merge coverage profiles of different modes: ${this.firstSources} uses mode ${JSON.stringify(this.mode)} but ${sources.join(', ')} uses mode ${JSON.stringify(mode)}; ` +
          'run go test with the same -covermode everywhere',
        sources.join(', '),
      );
    }
  }

  private mergeIn(ranges: ReadonlyMap<string, FileRange>, sources: readonly string[]): this {
    const k = this.added.push(sources.join(', ')) - 1;
    this.sources.push(...sources);
    const out = this.merged;
    // Files new to the merge are appended as they are: make room for all of them at once.
    let fresh = 0;
    for (const [file, r] of ranges) if (!this.ranges.has(file)) fresh += r.len;
    out.reserve(fresh);
    try {
      for (const [file, r] of ranges) {
        const have = this.ranges.get(file);
        if (have === undefined) {
          const off = out.n;
          out.appendRange(r.cols, r.off, r.len, k);
          this.ranges.set(file, { cols: out, off, len: r.len });
        } else if (samePositions(out, have.off, have.len, r)) {
          // The usual case: every leg compiled the same source, so the blocks line up.
          this.addAligned(file, have, r, k);
        } else {
          this.mergeApart(file, have, r, k);
        }
      }
    } catch (e) {
      this.state = 'failed';
      throw e;
    }
    return this;
  }

  /** Adds the counts of `r`, row for row, to a range with the very same positions. */
  private addAligned(file: string, have: MergedRange, r: FileRange, k: number): void {
    const mode = this.mode!;
    const out = this.merged;
    const { statements, count } = out;
    const theirStatements = r.cols.statements;
    const theirCount = r.cols.count;
    for (let j = 0; j < have.len; j++) {
      const row = have.off + j;
      const i = r.off + j;
      if (theirStatements[i] !== statements[row]) {
        throw this.statementsDiffer(file, row, theirStatements[i]!, k);
      }
      const sum = combineCounts(mode, count[row]!, theirCount[i]!);
      if (sum > Number.MAX_SAFE_INTEGER) throw this.countOverflow(file, row, k);
      count[row] = sum;
    }
  }

  /**
   * Merges a range whose positions differ (another build of the file) by position into new
   * rows at the end; the old rows become garbage, compacted once they outweigh the rest.
   */
  private mergeApart(file: string, have: MergedRange, r: FileRange, k: number): void {
    const mode = this.mode!;
    const out = this.merged;
    out.reserve(have.len + r.len);
    const off = out.n;
    const theirs = r.cols;
    let a = have.off;
    let b = r.off;
    const aEnd = have.off + have.len;
    const bEnd = r.off + r.len;
    while (a < aEnd || b < bEnd) {
      const order = a === aEnd ? 1 : b === bEnd ? -1 : out.compare(a, theirs, b);
      if (order < 0) {
        out.copyRow(out, a++);
      } else if (order > 0) {
        out.copyRow(theirs, b++, k);
      } else {
        out.copyRow(out, a++);
        const row = out.n - 1;
        if (theirs.statements[b] !== out.statements[row]) {
          throw this.statementsDiffer(file, row, theirs.statements[b]!, k);
        }
        const sum = combineCounts(mode, out.count[row]!, theirs.count[b]!);
        if (sum > Number.MAX_SAFE_INTEGER) throw this.countOverflow(file, row, k);
        out.count[row] = sum;
        b++;
      }
    }
    this.garbage += have.len;
    have.off = off;
    have.len = out.n - off;
    if (this.garbage > 65536 && this.garbage > out.n - this.garbage) this.compact();
  }

  /** Copies the live rows to new columns, file by file. */
  private compact(): void {
    const out = this.merged;
    const live = new Columns(out.n - this.garbage);
    for (const range of this.ranges.values()) {
      const off = live.n;
      live.appendRange(out, range.off, range.len);
      range.off = off;
    }
    out.adopt(live);
    this.garbage = 0;
  }

  private statementsDiffer(file: string, row: number, theirs: number, k: number): ProfileError {
    const out = this.merged;
    const a = this.added[out.tag[row]!]!;
    const b = this.added[k]!;
    return new ProfileError(
      `cannot merge coverage profiles: block ${file}:${out.position(row)} has ${out.statements[row]} statements in ${a} but ${theirs} in ${b}; ` +
        'the profiles were made from different sources: regenerate them from one commit',
      b,
    );
  }

  private countOverflow(file: string, row: number, k: number): ProfileError {
    const b = this.added[k]!;
    return new ProfileError(
      `cannot merge coverage profiles: execution count of ${file}:${this.merged.position(row)} exceeds 2^53-1 when adding ${b}`,
      b,
    );
  }
}

/** Whether `r` has exactly the block positions of rows off..off+len-1 of `cols`, row for row. */
function samePositions(cols: Columns, off: number, len: number, r: FileRange): boolean {
  if (r.len !== len) return false;
  const { startLine, startCol, endLine, endCol } = cols;
  const theirs = r.cols;
  for (let j = 0; j < len; j++) {
    const row = off + j;
    const i = r.off + j;
    if (
      startLine[row] !== theirs.startLine[i] ||
      startCol[row] !== theirs.startCol[i] ||
      endLine[row] !== theirs.endLine[i] ||
      endCol[row] !== theirs.endCol[i]
    )
      return false;
  }
  return true;
}

/**
 * Merges profiles of one mode (e.g. the legs of an OS matrix). Blocks match by file and exact
 * position: `set` ORs them, `count` and `atomic` add them. Blocks that only overlap stay apart.
 * To merge files without holding every leg at once, use ProfileMerger.
 */
export function mergeProfiles(profiles: readonly Profile[]): Profile {
  const first = profiles[0];
  if (first === undefined) {
    throw new ProfileError('no coverage profiles to merge; pass at least one profile', '');
  }
  // Every mode first, so a mixed list is refused before any block is looked at.
  for (const p of profiles) {
    if (p.mode !== first.mode) {
      throw new ProfileError(
        `cannot merge coverage profiles of different modes: ${first.sources.join(', ')} uses mode ${JSON.stringify(first.mode)} but ${p.sources.join(', ')} uses mode ${JSON.stringify(p.mode)}; ` +
          'run go test with the same -covermode everywhere',
        p.sources.join(', '),
      );
    }
  }
  const merger = new ProfileMerger();
  for (const p of profiles) merger.add(p);
  return merger.result();
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The text format again, files in byte order and blocks by position; parses back equal. */
export function formatProfile(p: Profile): string {
  const ranges = rangesOf(p);
  const lines = [`mode: ${p.mode}`];
  for (const file of [...ranges.keys()].sort(byteOrder)) {
    const { cols, off, len } = ranges.get(file)!;
    for (let i = off; i < off + len; i++) {
      lines.push(`${file}:${cols.position(i)} ${cols.statements[i]} ${cols.count[i]}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function toTotals(statements: number, covered: number): CoverageTotals {
  return { statements, covered, percent: statements === 0 ? 100 : (covered / statements) * 100 };
}

/** [statements, covered] of one file. */
function sumRange({ cols, off, len }: FileRange): [number, number] {
  const { statements: stmts, count } = cols;
  let statements = 0;
  let covered = 0;
  for (let i = off; i < off + len; i++) {
    statements += stmts[i]!;
    if (count[i]! > 0) covered += stmts[i]!;
  }
  return [statements, covered];
}

/** Statements and covered statements over the whole profile. */
export function totals(p: Profile): CoverageTotals {
  let statements = 0;
  let covered = 0;
  for (const range of rangesOf(p).values()) {
    const [s, c] = sumRange(range);
    statements += s;
    covered += c;
  }
  return toTotals(statements, covered);
}

/** Totals per source file. */
export function byFile(p: Profile): Map<string, CoverageTotals> {
  const out = new Map<string, CoverageTotals>();
  for (const [file, range] of rangesOf(p)) out.set(file, toTotals(...sumRange(range)));
  return out;
}

/** Totals per package: the file path up to its last '/' ('.' for a file without one). */
export function byPackage(p: Profile): Map<string, CoverageTotals> {
  const sums = new Map<string, [number, number]>();
  for (const [file, range] of rangesOf(p)) {
    const slash = file.lastIndexOf('/');
    const pkg = slash === -1 ? '.' : file.slice(0, slash);
    const [s, c] = sumRange(range);
    const acc = sums.get(pkg) ?? [0, 0];
    sums.set(pkg, [acc[0] + s, acc[1] + c]);
  }
  const out = new Map<string, CoverageTotals>();
  for (const [pkg, [s, c]] of sums) out.set(pkg, toTotals(s, c));
  return out;
}

/** How many blocks (distinct positions) the profile holds, without building Block objects. */
export function blockCount(p: Profile): number {
  let n = 0;
  for (const range of rangesOf(p).values()) n += range.len;
  return n;
}
