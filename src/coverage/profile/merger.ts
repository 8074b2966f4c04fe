/** Merging profiles of one mode, one at a time or all at once. */
import { BlockFiles, rangesOf } from './block-files.js';
import { bytesOf } from './bytes.js';
import { Columns, type FileRange } from './columns.js';
import { groupByFile } from './grouping.js';
import { LineAssembler } from './line-assembler.js';
import { combineCounts, ProfileError, type CoverMode, type Profile } from './model.js';
import { parseRows, RowReader, rowsFor } from './row-reader.js';

/** The error for a profile (`other`) whose mode is not the one the merge began with. */
function modesDiffer(
  first: string,
  firstMode: CoverMode,
  other: string,
  otherMode: CoverMode,
): ProfileError {
  return new ProfileError(
    `cannot merge coverage profiles of different modes: ${first} uses mode ${JSON.stringify(firstMode)} but ${other} uses mode ${JSON.stringify(otherMode)}; ` +
      'run go test with the same -covermode everywhere',
    other,
  );
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
      throw modesDiffer(this.firstSources, this.mode, sources.join(', '), mode);
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
      throw modesDiffer(first.sources.join(', '), first.mode, p.sources.join(', '), p.mode);
    }
  }
  const merger = new ProfileMerger();
  for (const p of profiles) merger.add(p);
  return merger.result();
}
