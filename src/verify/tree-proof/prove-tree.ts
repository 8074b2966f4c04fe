/**
 * Tree proofs: a Go tree on disk is the toolchain the checksum database vouches for when
 * its module-equivalent tree hashes to the database's `h1:` for
 * `golang.org/toolchain@v0.0.1-go<V>.<os>-<arch>`, and nothing else is in it that the hash
 * cannot see: no link, device or other special file anywhere, no name a module zip cannot
 * hold, and (for a tool-cache entry, which holds exactly the module tree) no file under the
 * directories the module leaves out.
 *
 * measureTree reads the disk once; judgeTree decides, purely, against an `h1:` that the
 * caller proved (a checksum-database record, or the step's own state).
 */
import { hashTree, type HashTreeOptions, type TreeProblem } from './hash-tree.js';
import {
  diffMembers,
  membersH1,
  moduleShape,
  type ModuleShape,
  type TreeDifference,
} from './tree-shape.js';

/** A tree as read from disk, in the module's terms. */
export interface MeasuredTree extends ModuleShape {
  readonly dir: string;
  readonly moduleVersion: string;
  /** The `h1:` of the module-equivalent files. */
  readonly h1: string;
  /** Regular files of the module-equivalent tree. */
  readonly files: number;
  /** Bytes of every regular file read (omitted directories included). */
  readonly bytes: number;
  /** Links, devices and other entries that are not plain files, anywhere in the tree. */
  readonly problems: readonly TreeProblem[];
}

/** Hashes every file under `dir` and names them as the module does. */
export async function measureTree(
  dir: string,
  moduleVersion: string,
  options: HashTreeOptions = {},
): Promise<MeasuredTree> {
  const hashed = await hashTree(dir, options);
  const shape = moduleShape(hashed.files);
  return {
    ...shape,
    dir,
    moduleVersion,
    h1: membersH1(shape.members, moduleVersion),
    files: shape.members.size,
    bytes: hashed.bytes,
    problems: hashed.problems,
  };
}

export interface TreeVerdict {
  readonly ok: boolean;
  /** Why the tree is not the proven one, one sentence each; empty when ok. */
  readonly reasons: readonly string[];
}

export interface JudgeOptions {
  /**
   * Files under `api/ doc/ misc/ test/` are tolerated (a go.dev-shaped tree about to be
   * adopted, which removes them; `verify` of a laptop's GOROOT). A tool-cache entry holds
   * exactly the module tree, so for reuse they count as added files.
   */
  readonly omittedAllowed: boolean;
}

/** Whether `tree` is the tree whose `h1:` is `provenH1`. */
export function judgeTree(
  tree: MeasuredTree,
  provenH1: string,
  options: JudgeOptions,
): TreeVerdict {
  const reasons: string[] = [];
  if (tree.problems.length > 0) {
    reasons.push(
      `${tree.problems.length} entries are not plain files (${listed(tree.problems.map((p) => `${p.name}: ${p.kind}`))}); a Go release holds regular files only`,
    );
  }
  if (tree.nameProblems.length > 0) {
    reasons.push(`names a module cannot hold: ${listed(tree.nameProblems)}`);
  }
  if (!options.omittedAllowed && tree.omitted.length > 0) {
    reasons.push(
      `${tree.omitted.length} files outside the module tree (${listed(tree.omitted)}); an entry holds the module tree only`,
    );
  }
  if (tree.h1 !== provenH1) {
    reasons.push(`its ${tree.files} files hash to ${tree.h1}, not ${provenH1}`);
  }
  return { ok: reasons.length === 0, reasons };
}

/**
 * What differs between a measured tree and the published files: changed and missing files,
 * and as added both extra files and every entry that is not a plain file. Files under
 * `api/ doc/ misc/ test/` count as added when `omittedAreAdded` (a tool-cache entry holds
 * the module tree only).
 */
export function differenceFrom(
  tree: MeasuredTree,
  published: ReadonlyMap<string, string>,
  omittedAreAdded: boolean,
): TreeDifference {
  const diff = diffMembers(tree.members, published);
  const extra = [...(omittedAreAdded ? tree.omitted : []), ...tree.problems.map((p) => p.name)];
  return { ...diff, added: [...diff.added, ...extra].sort() };
}

function listed(names: readonly string[], limit = 5): string {
  const more = names.length > limit ? `, and ${names.length - limit} more` : '';
  return names.slice(0, limit).join(', ') + more;
}
