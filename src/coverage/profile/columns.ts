/** Blocks stored column-wise, and a file's range of rows in them. */

/** The largest position or statement count a row holds (its columns are Uint32Array). */
export const MAX_POSITION = 0xffffffff;

/**
 * Blocks stored column-wise. Profiles of millions of blocks would otherwise cost an object
 * (and garbage-collector work) per block; Block objects are only built when `files` is read.
 */
export class Columns {
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
export interface FileRange {
  readonly cols: Columns;
  readonly off: number;
  readonly len: number;
}
