/**
 * Which parts of a module cache are proven by the go.sum lines and which must go. Pure:
 * what was found on disk (with hashes) and what go.sum expects in, verdicts out.
 *
 * A version's zip, its extracted directory and its `.ziphash` stand or fall together: the go
 * command trusts a directory, and a zip it would extract, on the word of the `.ziphash`
 * beside them, so one failing part means the version is removed whole (and `.info` with it)
 * and downloaded again through the checksum database. A go.mod file is judged on its own.
 * Directories and zips that no go.sum line covers cannot be proven and are removed too;
 * go.mod files without a line are kept (the go command hashes every go.mod it reads).
 */
import { DirHash } from '../verify/sumdb/dirhash.js';
import { describeDifference, type TreeDifference } from '../verify/tree-proof/tree-shape.js';
import type { ExpectedVersion } from './modcache-sums.js';

/** A hashed file, or why it could not be. */
export type Hashed = { readonly sha256: string } | { readonly problem: string };

/** An extracted module directory: regular files by directory-relative name, and the rest. */
export interface FoundDir {
  readonly files: ReadonlyMap<string, string>;
  /** `name: kind` for links, special files and files that could not be read. */
  readonly problems: readonly string[];
}

/** A module zip: its `h1:` and the SHA-256 of each member (prefix stripped), or a problem. */
export type FoundZip =
  | { readonly h1: string; readonly members: ReadonlyMap<string, string> }
  | { readonly problem: string };

/** What the cache holds for one `<path>@<version>` key. */
export interface FoundVersion {
  dir?: FoundDir;
  zip?: FoundZip;
  /** `.ziphash` content, or why it could not be read. */
  zipHash?: { readonly text: string } | { readonly problem: string };
  mod?: Hashed;
}

export type Verdict =
  | { readonly kind: 'proven'; readonly dir: boolean; readonly zip: boolean }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'uncovered' };

export interface VersionVerdict {
  readonly key: string;
  /** Set when a go.sum line names the version. */
  readonly expected?: ExpectedVersion;
  /** The zip, directory and `.ziphash`; absent when the cache holds none of them. */
  readonly content?: Verdict;
  /** The go.mod file; absent when the cache holds none or no line covers it. */
  readonly mod?: { readonly kind: 'proven' } | { readonly kind: 'failed'; readonly reason: string };
}

/** The `h1:` of a directory's files as Go's dirhash.HashDir names them (`<prefix>/<name>`). */
export function dirH1(files: ReadonlyMap<string, string>, prefix: string): string {
  const hash = new DirHash();
  for (const [name, sha256] of files) hash.add(`${prefix}/${name}`, sha256);
  return hash.sum();
}

/** The `h1:` of a go.mod file from its SHA-256. */
export function goModH1(sha256: string): string {
  return new DirHash().add('go.mod', sha256).sum();
}

function diffFiles(
  found: ReadonlyMap<string, string>,
  published: ReadonlyMap<string, string>,
): TreeDifference {
  const changed: string[] = [];
  const added: string[] = [];
  const missing: string[] = [];
  for (const [name, sha] of found) {
    const want = published.get(name);
    if (want === undefined) added.push(name);
    else if (want !== sha) changed.push(name);
  }
  for (const name of published.keys()) if (!found.has(name)) missing.push(name);
  return { changed: changed.sort(), added: added.sort(), missing: missing.sort() };
}

/** Why a directory does not hash to `h1`, naming files when a proven zip lists them. */
function dirFailure(dir: FoundDir, h1: string, prefix: string, zip: FoundZip | undefined): string {
  if (dir.problems.length > 0) {
    const shown = dir.problems.slice(0, 5).join(', ');
    const more = dir.problems.length > 5 ? `, and ${dir.problems.length - 5} more` : '';
    return `directory holds ${shown}${more}`;
  }
  let hash: string;
  try {
    hash = dirH1(dir.files, prefix);
  } catch (err) {
    return `directory: ${(err as Error).message}`;
  }
  if (hash === h1) return '';
  if (zip !== undefined && 'h1' in zip && zip.h1 === h1) {
    return `directory: ${describeDifference(diffFiles(dir.files, zip.members), 5)}`;
  }
  return 'directory differs from go.sum';
}

function contentVerdict(found: FoundVersion, expected: ExpectedVersion | undefined): Verdict {
  if (expected === undefined || expected.zip.size === 0) return { kind: 'uncovered' };
  if (expected.zip.size > 1) return { kind: 'failed', reason: 'the go.sum files disagree' };
  const [h1] = expected.zip as Set<string> & { size: 1 };
  const reasons: string[] = [];
  const { zip, dir, zipHash } = found;
  if (zip !== undefined) {
    if ('problem' in zip) reasons.push(`zip: ${zip.problem}`);
    else if (zip.h1 !== h1) reasons.push('zip differs from go.sum');
  }
  if (dir !== undefined) {
    const why = dirFailure(dir, h1!, `${expected.module}@${expected.version}`, zip);
    if (why !== '') reasons.push(why);
  }
  if (zipHash !== undefined) {
    if ('problem' in zipHash) reasons.push(`.ziphash: ${zipHash.problem}`);
    else if (zipHash.text !== h1) reasons.push('.ziphash differs from go.sum');
  }
  if (reasons.length > 0) return { kind: 'failed', reason: reasons.join('; ') };
  return { kind: 'proven', dir: dir !== undefined, zip: zip !== undefined };
}

function modVerdict(mod: Hashed, expected: ExpectedVersion): VersionVerdict['mod'] {
  if ('problem' in mod) return { kind: 'failed', reason: `go.mod: ${mod.problem}` };
  if (expected.mod.size > 1)
    return { kind: 'failed', reason: 'the go.sum files disagree on go.mod' };
  const [h1] = expected.mod;
  return goModH1(mod.sha256) === h1
    ? { kind: 'proven' }
    : { kind: 'failed', reason: 'go.mod differs from go.sum' };
}

/** The verdict on every version the cache holds something of. */
export function judgeVersions(
  found: ReadonlyMap<string, FoundVersion>,
  expected: ReadonlyMap<string, ExpectedVersion>,
): VersionVerdict[] {
  const verdicts: VersionVerdict[] = [];
  for (const key of [...found.keys()].sort()) {
    const f = found.get(key)!;
    const e = expected.get(key);
    const hasContent = f.dir !== undefined || f.zip !== undefined || f.zipHash !== undefined;
    const verdict: {
      key: string;
      expected?: ExpectedVersion;
      content?: Verdict;
      mod?: VersionVerdict['mod'];
    } = { key };
    if (e !== undefined) verdict.expected = e;
    if (hasContent) verdict.content = contentVerdict(f, e);
    if (f.mod !== undefined && e !== undefined && e.mod.size > 0)
      verdict.mod = modVerdict(f.mod, e);
    verdicts.push(verdict);
  }
  return verdicts;
}
