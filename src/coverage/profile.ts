/**
 * Go's text coverage profile (`go test -coverprofile`, `go tool covdata textfmt`): parse,
 * merge, format and total it. Pure functions on strings and objects; reading and writing the
 * files is the caller's job.
 *
 * Format: a `mode: set|count|atomic` line, then one line per block:
 * `<file>:<startLine>.<startCol>,<endLine>.<endCol> <numStmt> <count>`.
 *
 * This file is the face: parsing and formatting are here, the parts live in profile/ (the
 * column store, the fast and the checked line readers, grouping, merging, totals).
 */
import { BlockFiles, rangesOf } from './profile/block-files.js';
import { bytesOf } from './profile/bytes.js';
import { Columns } from './profile/columns.js';
import { groupByFile } from './profile/grouping.js';
import type { Profile } from './profile/model.js';
import { parseRows, rowsFor } from './profile/row-reader.js';

export {
  ProfileError,
  type Block,
  type CoverageTotals,
  type CoverMode,
  type Profile,
} from './profile/model.js';
export { mergeProfiles, ProfileMerger } from './profile/merger.js';
export { blockCount, byFile, byPackage, totals } from './profile/totals.js';

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
