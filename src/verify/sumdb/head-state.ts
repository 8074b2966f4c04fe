/**
 * The last verified tree head of one checksum database: kept in a state file (written
 * atomically, verified again on every read) or, without a state directory, in memory.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TreeHead } from './note.js';

/** A tree head together with the signed note that vouches for it. */
export interface SignedTree extends TreeHead {
  readonly note: string;
  /** Where the note came from (a URL, a file). */
  readonly source: string;
}

/** Checks a signed tree note (signature and format) and returns its tree. */
export type TreeNoteVerifier = (note: string, where: string) => SignedTree;

export class HeadState {
  /** Latest verified head in memory (also the only one without a state file). */
  private inMemory: SignedTree | undefined;

  constructor(
    /** The state file, or undefined to keep the head in memory only. */
    readonly file: string | undefined,
    private readonly verify: TreeNoteVerifier,
  ) {}

  /** The stored head and the exact text it was read from (to detect concurrent changes). */
  async load(): Promise<{ tree: SignedTree; raw: string } | undefined> {
    if (this.file === undefined) {
      const t = this.inMemory;
      return t && { tree: t, raw: t.note };
    }
    let raw: string;
    try {
      raw = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    // The file is written atomically, so a bad one was tampered with: refuse, do not reset.
    const tree = this.verify(raw, `state file ${this.file}`);
    return { tree, raw };
  }

  /** Keeps a verified head in memory without writing it (it is already stored). */
  remember(tree: SignedTree): void {
    this.inMemory = tree;
  }

  async save(tree: SignedTree): Promise<void> {
    this.inMemory = tree;
    if (this.file === undefined) return;
    await mkdir(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, tree.note);
      await rename(tmp, this.file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}
