/** A profile that arrives in pieces, cut into whole lines for a RowReader. */
import type { ParsedText, RowReader } from './row-reader.js';

/**
 * Turns pieces of a text (reads of a file, a stream's chunks) into whole lines for a
 * RowReader, copying them into a window that is parsed while it is still in the CPU's cache.
 * The part after the last `\n` waits for the next piece; the window grows for a longer line.
 */
export class LineAssembler {
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
