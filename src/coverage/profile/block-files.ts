/**
 * The `files` map of a Profile made here (Block objects built from the columns on first
 * read), and the way back from any Profile to column ranges.
 */
import { Columns, MAX_POSITION, type FileRange } from './columns.js';
import { groupByFile } from './grouping.js';
import { ProfileError, type Block, type Profile } from './model.js';

/** The `files` map of profiles made here: Block arrays are built on first read and kept. */
export class BlockFiles implements ReadonlyMap<string, readonly Block[]> {
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
export function rangesOf(p: Profile): ReadonlyMap<string, FileRange> {
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
