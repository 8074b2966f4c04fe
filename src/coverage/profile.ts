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

/**
 * Reads consecutive block lines of the file named at text[nameStart..nameEnd) from `pos` into
 * `cols`, and returns where the first line it cannot take starts. A small function with one
 * tight loop, so the engine optimizes it as a whole.
 */
function readRun(
  text: Uint8Array,
  pos: number,
  nameStart: number,
  nameEnd: number,
  fileId: number,
  setMode: boolean,
  cols: Columns,
  spec: Float64Array,
): number {
  const n = text.length;
  const len = nameEnd - nameStart;
  for (;;) {
    const colon = pos + len;
    if (colon >= n || text[colon] !== 58 || !sameBytes(text, pos, colon, nameStart, nameEnd))
      return pos;
    const after = readSpecLine(text, colon + 1, n, spec);
    if (after === -1 || !plausibleBlock(spec)) return pos;
    const count = setMode && spec[5]! > 1 ? 1 : spec[5]!;
    cols.push(fileId, spec[0]!, spec[1]!, spec[2]!, spec[3]!, spec[4]!, count);
    pos = after;
  }
}

/** Positions 1-based and the block not ending before it starts (else the slow path explains). */
function plausibleBlock(spec: Float64Array): boolean {
  const startLine = spec[0]!;
  const endLine = spec[2]!;
  return (
    startLine !== 0 &&
    spec[1]! !== 0 &&
    endLine !== 0 &&
    spec[3]! !== 0 &&
    (startLine < endLine || (startLine === endLine && spec[1]! <= spec[3]!))
  );
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

const MAX_POSITION = 0xffffffff;

/**
 * Blocks stored column-wise. Profiles of millions of blocks would otherwise cost an object
 * (and garbage-collector work) per block; Block objects are only built when `files` is read.
 */
class Columns {
  n = 0;
  fileId: Uint32Array;
  startLine: Uint32Array;
  startCol: Uint32Array;
  endLine: Uint32Array;
  endCol: Uint32Array;
  statements: Uint32Array;
  count: Float64Array;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.fileId = new Uint32Array(c);
    this.startLine = new Uint32Array(c);
    this.startCol = new Uint32Array(c);
    this.endLine = new Uint32Array(c);
    this.endCol = new Uint32Array(c);
    this.statements = new Uint32Array(c);
    this.count = new Float64Array(c);
  }

  private grow(): void {
    const c = this.startLine.length * 2;
    const u32 = (a: Uint32Array): Uint32Array => {
      const b = new Uint32Array(c);
      b.set(a);
      return b;
    };
    this.fileId = u32(this.fileId);
    this.startLine = u32(this.startLine);
    this.startCol = u32(this.startCol);
    this.endLine = u32(this.endLine);
    this.endCol = u32(this.endCol);
    this.statements = u32(this.statements);
    const count = new Float64Array(c);
    count.set(this.count);
    this.count = count;
  }

  push(
    fileId: number,
    startLine: number,
    startCol: number,
    endLine: number,
    endCol: number,
    statements: number,
    count: number,
  ): void {
    if (this.n === this.startLine.length) this.grow();
    const i = this.n++;
    this.fileId[i] = fileId;
    this.startLine[i] = startLine;
    this.startCol[i] = startCol;
    this.endLine[i] = endLine;
    this.endCol[i] = endCol;
    this.statements[i] = statements;
    this.count[i] = count;
  }

  /** Drops unused capacity (the parser's estimate from the text length) once rows are final. */
  trim(): void {
    if (this.startLine.length - this.n < 4096) return;
    const n = this.n;
    this.fileId = this.fileId.slice(0, n);
    this.startLine = this.startLine.slice(0, n);
    this.startCol = this.startCol.slice(0, n);
    this.endLine = this.endLine.slice(0, n);
    this.endCol = this.endCol.slice(0, n);
    this.statements = this.statements.slice(0, n);
    this.count = this.count.slice(0, n);
  }

  /** Appends rows off..off+len-1 of `from` in one copy per column. */
  appendRange(from: Columns, off: number, len: number): void {
    while (this.n + len > this.startLine.length) this.grow();
    const at = this.n;
    this.fileId.set(from.fileId.subarray(off, off + len), at);
    this.startLine.set(from.startLine.subarray(off, off + len), at);
    this.startCol.set(from.startCol.subarray(off, off + len), at);
    this.endLine.set(from.endLine.subarray(off, off + len), at);
    this.endCol.set(from.endCol.subarray(off, off + len), at);
    this.statements.set(from.statements.subarray(off, off + len), at);
    this.count.set(from.count.subarray(off, off + len), at);
    this.n += len;
  }

  copyRow(from: Columns, i: number): void {
    this.push(
      from.fileId[i]!,
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
  let grouped = true;
  for (let i = 1; i < n && grouped; i++) grouped = raw.fileId[i - 1]! <= raw.fileId[i]!;
  let cols = raw;
  const starts = new Uint32Array(names.length + 1);
  for (let i = 0; i < n; i++) starts[raw.fileId[i]! + 1]!++;
  for (let f = 0; f < names.length; f++) starts[f + 1]! += starts[f]!;
  if (!grouped) {
    cols = new Columns(n);
    const order = new Uint32Array(n);
    const next = starts.slice(0, names.length);
    for (let i = 0; i < n; i++) order[next[raw.fileId[i]!]!++] = i;
    for (let k = 0; k < n; k++) cols.copyRow(raw, order[k]!);
  }
  const out = new Map<string, FileRange>();
  const scratch = new Columns(0); // shared by every file's sort; grows to the largest file
  for (let f = 0; f < names.length; f++) {
    const off = starts[f]!;
    const len = starts[f + 1]! - off;
    sortRange(cols, off, len, scratch);
    out.set(names[f]!, {
      cols,
      off,
      len: foldRepeats(cols, off, len, names[f]!, mode, source, text),
    });
  }
  return out;
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

const SPEC_SEPARATORS = [46 /* . */, 44 /* , */, 46 /* . */, 32, 32, -1];

/**
 * `start.col,end.col stmts count` from `pos` up to and including the line's end (`\n`,
 * `\r\n` or the end of the text): fills `out` and returns where the next line starts, or -1
 * for anything unusual.
 */
function readSpecLine(text: Uint8Array, pos: number, n: number, out: Float64Array): number {
  for (let field = 0; field < 6; field++) {
    const from = pos;
    let value = 0;
    for (; pos < n; pos++) {
      const digit = text[pos]! - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    if (pos === from || pos - from > 9 + (field === 5 ? 6 : 0)) return -1;
    out[field] = value;
    if (field < 5) {
      if (pos >= n || text[pos] !== SPEC_SEPARATORS[field]) return -1;
      pos++;
    }
  }
  if (pos === n) return n;
  if (text[pos] === 10) return pos + 1;
  if (text[pos] === 13 && pos + 1 < n && text[pos + 1] === 10) return pos + 2;
  if (text[pos] === 13 && pos + 1 === n) return n;
  return -1;
}

/**
 * The fast path for `start.col,end.col stmts count` from `pos` to `end`: fills `out` and
 * returns true, or returns false for anything unusual (LineParser then explains it).
 */
function readSpec(text: Uint8Array, pos: number, end: number, out: Float64Array): boolean {
  for (let field = 0; field < 6; field++) {
    const from = pos;
    let value = 0;
    for (; pos < end; pos++) {
      const digit = text[pos]! - 48;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    // 15 digits always fit both limits; longer numbers take the checked path.
    if (pos === from || pos - from > 9 + (field === 5 ? 6 : 0)) return false;
    const sep = SPEC_SEPARATORS[field]!;
    if (sep === -1 ? pos !== end : pos >= end || text[pos] !== sep) return false;
    pos++;
    out[field] = value;
  }
  return true;
}

/**
 * Parses one profile. `source` names it in errors (a path or a label such as `linux/amd64`).
 * Blocks listed more than once at the same position (test binaries overlapping under
 * -coverpkg) are merged by the mode's rule, so every statement counts once.
 */
export function parseProfile(input: string | Uint8Array, source: string): Profile {
  // Bytes, not a string: a file read as a Buffer is parsed without decoding it, and only a
  // file name that differs from the previous line's is ever turned into a string.
  const text = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const p = new LineParser(text, source);
  const cols = new Columns(Math.min(1 << 20, (text.length / 40) | 0));
  const spec = new Float64Array(6);
  const ids = new Map<string, number>();
  const names: string[] = [];
  let mode: CoverMode | undefined;
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
      const after = readRun(text, next, lastStart, lastEnd, lastId, mode === 'set', cols, spec);
      p.lineNo += cols.n - before;
      next = after;
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
      mode = value as CoverMode;
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
    // Consecutive lines nearly always share the file: compare the bytes with the previous
    // line's name in place, and make a string only when the name changes.
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

    let startLine: number, startCol: number, endLine: number, endCol: number, statements: number;
    let count: number;
    if (readSpec(text, colon + 1, end, spec)) {
      startLine = spec[0]!;
      startCol = spec[1]!;
      endLine = spec[2]!;
      endCol = spec[3]!;
      statements = spec[4]!;
      count = spec[5]!;
    } else {
      // Slow path, only to say exactly what is wrong.
      p.pos = colon + 1;
      startLine = p.number('start line', 46 /* . */, MAX_POSITION);
      startCol = p.number('start column', 44 /* , */, MAX_POSITION);
      endLine = p.number('end line', 46 /* . */, MAX_POSITION);
      endCol = p.number('end column', 32 /* space */, MAX_POSITION);
      statements = p.number('statement count', 32 /* space */, MAX_POSITION);
      count = p.number('execution count', -1, Number.MAX_SAFE_INTEGER);
    }
    if (startLine === 0 || startCol === 0 || endLine === 0 || endCol === 0) {
      p.fail('positions are 1-based but one is 0');
    }
    if (startLine > endLine || (startLine === endLine && startCol > endCol)) {
      p.fail('block starts after it ends');
    }
    if (mode === 'set' && count > 1) count = 1;
    cols.push(lastId, startLine, startCol, endLine, endCol, statements, count);
  }

  if (mode === undefined) {
    throw new ProfileError(
      `${source}: empty coverage profile (no "mode:" line); check that go test -coverprofile ran and wrote this file`,
      source,
    );
  }
  cols.trim();
  const ranges = groupByFile(cols, names, mode, source, text);
  return { mode, files: new BlockFiles(ranges), sources: [source] };
}

/**
 * Merges profiles of one mode (e.g. the legs of an OS matrix). Blocks match by file and exact
 * position: `set` ORs them, `count` and `atomic` add them. Blocks that only overlap stay apart.
 */
export function mergeProfiles(profiles: readonly Profile[]): Profile {
  const first = profiles[0];
  if (first === undefined) {
    throw new ProfileError('no coverage profiles to merge; pass at least one profile', '');
  }
  for (const p of profiles) {
    if (p.mode !== first.mode) {
      throw new ProfileError(
        `cannot merge coverage profiles of different modes: ${first.sources.join(', ')} uses mode ${JSON.stringify(first.mode)} but ${p.sources.join(', ')} uses mode ${JSON.stringify(p.mode)}; ` +
          'run go test with the same -covermode everywhere',
        p.sources.join(', '),
      );
    }
  }
  const mode = first.mode;
  const perFile = new Map<string, { range: FileRange; profile: number }[]>();
  // The merged size is at least the largest input's: start there and let it grow.
  let rows = 0;
  profiles.forEach((p, profile) => {
    let size = 0;
    for (const [file, range] of rangesOf(p)) {
      size += range.len;
      let list = perFile.get(file);
      if (list === undefined) {
        list = [];
        perFile.set(file, list);
      }
      list.push({ range, profile });
    }
    rows = Math.max(rows, size);
  });
  const sourcesOf = (profile: number): string => profiles[profile]!.sources.join(', ');

  const out = new Columns(rows);
  const ranges = new Map<string, FileRange>();
  for (const [file, parts] of perFile) {
    const off = out.n;
    // The usual case: every leg compiled the same source, so the blocks line up one to one.
    if (parts.length > 1 && samePositions(parts.map((part) => part.range))) {
      const base = parts[0]!.range;
      out.appendRange(base.cols, base.off, base.len);
      for (let k = 1; k < parts.length; k++) {
        const r = parts[k]!.range;
        for (let j = 0; j < base.len; j++) {
          const row = off + j;
          const i = r.off + j;
          if (r.cols.statements[i] !== out.statements[row]) {
            const a = sourcesOf(parts[0]!.profile);
            const b = sourcesOf(parts[k]!.profile);
            throw new ProfileError(
              `cannot merge coverage profiles: block ${file}:${out.position(row)} has ${out.statements[row]} statements in ${a} but ${r.cols.statements[i]} in ${b}; ` +
                'the profiles were made from different sources: regenerate them from one commit',
              b,
            );
          }
          const count = combineCounts(mode, out.count[row]!, r.cols.count[i]!);
          if (count > Number.MAX_SAFE_INTEGER) {
            throw new ProfileError(
              `cannot merge coverage profiles: execution count of ${file}:${out.position(row)} exceeds 2^53-1 when adding ${sourcesOf(parts[k]!.profile)}`,
              sourcesOf(parts[k]!.profile),
            );
          }
          out.count[row] = count;
        }
      }
      ranges.set(file, { cols: out, off, len: base.len });
      continue;
    }
    const heads = parts.map((part) => part.range.off);
    for (;;) {
      // The smallest position among the parts' next rows (profiles are few: a scan is enough).
      let min = -1;
      for (let k = 0; k < parts.length; k++) {
        const r = parts[k]!.range;
        if (heads[k]! >= r.off + r.len) continue;
        if (min === -1 || r.cols.compare(heads[k]!, parts[min]!.range.cols, heads[min]!) < 0) {
          min = k;
        }
      }
      if (min === -1) break;
      const m = parts[min]!.range;
      const mi = heads[min]!;
      out.copyRow(m.cols, mi);
      const row = out.n - 1;
      heads[min]!++;
      for (let k = min + 1; k < parts.length; k++) {
        const r = parts[k]!.range;
        const i = heads[k]!;
        if (i >= r.off + r.len || r.cols.compare(i, m.cols, mi) !== 0) continue;
        heads[k]!++;
        if (r.cols.statements[i] !== out.statements[row]) {
          const a = sourcesOf(parts[min]!.profile);
          const b = sourcesOf(parts[k]!.profile);
          throw new ProfileError(
            `cannot merge coverage profiles: block ${file}:${out.position(row)} has ${out.statements[row]} statements in ${a} but ${r.cols.statements[i]} in ${b}; ` +
              'the profiles were made from different sources: regenerate them from one commit',
            b,
          );
        }
        const count = combineCounts(mode, out.count[row]!, r.cols.count[i]!);
        if (count > Number.MAX_SAFE_INTEGER) {
          throw new ProfileError(
            `cannot merge coverage profiles: execution count of ${file}:${out.position(row)} exceeds 2^53-1 when adding ${sourcesOf(parts[k]!.profile)}`,
            sourcesOf(parts[k]!.profile),
          );
        }
        out.count[row] = count;
      }
    }
    ranges.set(file, { cols: out, off, len: out.n - off });
  }
  return { mode, files: new BlockFiles(ranges), sources: profiles.flatMap((p) => p.sources) };
}

/** Whether every range has the same block positions as the first, row for row. */
function samePositions(ranges: readonly FileRange[]): boolean {
  const a = ranges[0]!;
  for (let k = 1; k < ranges.length; k++) {
    const b = ranges[k]!;
    if (b.len !== a.len) return false;
    for (let j = 0; j < a.len; j++) {
      if (a.cols.compare(a.off + j, b.cols, b.off + j) !== 0) return false;
    }
  }
  return true;
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
  let statements = 0;
  let covered = 0;
  for (let i = off; i < off + len; i++) {
    statements += cols.statements[i]!;
    if (cols.count[i]! > 0) covered += cols.statements[i]!;
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
