/**
 * Line-level coverage for tools that count lines (Cobertura, LCOV): a line's hits are the
 * largest count of the blocks that span it. Go's blocks are statement ranges; blocks with
 * no statements carry no lines.
 */
import type { Block, Profile } from './profile.js';

export interface LineHit {
  readonly line: number;
  readonly hits: number;
}

export function lineHits(blocks: readonly Block[]): LineHit[] {
  const hits = new Map<number, number>();
  for (const b of blocks) {
    if (b.statements === 0) continue;
    for (let line = b.startLine; line <= b.endLine; line++) {
      const prev = hits.get(line);
      if (prev === undefined || b.count > prev) hits.set(line, b.count);
    }
  }
  return [...hits].map(([line, count]) => ({ line, hits: count })).sort((a, b) => a.line - b.line);
}

/** Maps a profile's import-path file name to the path a report should name. */
export type FileNamer = (importPath: string) => string;

export interface FileLines {
  /** Import path of the file, e.g. `example.com/m/pkg/a.go`. */
  readonly importPath: string;
  readonly name: string;
  readonly lines: readonly LineHit[];
}

/** Every file's line hits, sorted by report name. */
export function filesLines(profile: Profile, name: FileNamer): FileLines[] {
  const out: FileLines[] = [];
  for (const [file, blocks] of profile.files) {
    out.push({ importPath: file, name: name(file), lines: lineHits(blocks) });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
