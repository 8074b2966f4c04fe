/**
 * A Go tree on disk seen as the toolchain module it must equal. Pure: names and hashes in,
 * names, hashes and differences out.
 *
 * The module-equivalent tree of a GOROOT is every regular file except those under the
 * top-level `api/ doc/ misc/ test/` (and `.github/`), with every `go.mod` named `_go.mod`
 * and the module root `golang.org/toolchain@<version>/` in front. Its `h1:` is what the
 * checksum database holds for the module, so a tree proof is one comparison of hashes.
 *
 * The manifest kept beside a tool-cache entry is the exact text the `h1:` hashes (one line
 * `<sha256>  <name>` per file, names in byte order): its SHA-256 *is* the `h1:`, so a manifest
 * whose hash equals a proven `h1:` is the published file list, whoever wrote it. It serves to
 * name what differs; a decision never rests on it.
 */
import { createHash } from 'node:crypto';
import {
  gorootMemberName,
  moduleMemberName,
  toolchainZipRoot,
} from '../../versions/toolchain-module.js';
import { filePathProblem, FoldCollisions } from '../module-file-path.js';

/** A tree's regular files as the module names them. */
export interface ModuleShape {
  /** Member name inside the module root (`bin/go`, `src/_go.mod`) → lower-case hex SHA-256. */
  readonly members: ReadonlyMap<string, string>;
  /** GOROOT-relative names of files under the directories the module leaves out. */
  readonly omitted: readonly string[];
  /** Members whose names a module zip cannot hold (`name: reason`). */
  readonly nameProblems: readonly string[];
}

/** Splits GOROOT-relative file hashes into module members and omitted files. */
export function moduleShape(files: ReadonlyMap<string, string>): ModuleShape {
  const members = new Map<string, string>();
  const omitted: string[] = [];
  const nameProblems: string[] = [];
  const folds = new FoldCollisions();
  for (const [name, sha256] of files) {
    const member = moduleMemberName(name);
    if (member === null) {
      omitted.push(name);
      continue;
    }
    const problem = filePathProblem(member);
    if (problem !== undefined) nameProblems.push(`${name}: ${problem}`);
    const earlier = folds.add(member);
    if (earlier !== undefined) {
      nameProblems.push(`${name}: equal to ${gorootMemberName(earlier)} under case folding`);
    }
    members.set(member, sha256);
  }
  omitted.sort();
  nameProblems.sort();
  return { members, omitted, nameProblems };
}

/**
 * Module member names in the order the `h1:` hashes them: bytewise, as Go sorts strings.
 * JavaScript compares UTF-16 units, which agrees with UTF-8 byte order unless a name holds
 * characters from U+D800 up (surrogate pairs sort before U+E000–U+FFFF): only then are
 * names compared as bytes.
 */
function sortedNames(members: ReadonlyMap<string, string>): string[] {
  const names = [...members.keys()];
  if (names.every((n) => !/[\ud800-\uffff]/.test(n))) return names.sort();
  return names
    .map((n) => ({ n, b: Buffer.from(n, 'utf8') }))
    .sort((x, y) => Buffer.compare(x.b, y.b))
    .map((x) => x.n);
}

/** The text the `h1:` of the module is the SHA-256 of: `<sha256>  <root>/<member>\n` per file. */
export function formatManifest(
  members: ReadonlyMap<string, string>,
  moduleVersion: string,
): string {
  const root = toolchainZipRoot(moduleVersion);
  const lines = sortedNames(members).map((name) => `${members.get(name)!}  ${root}/${name}\n`);
  return lines.join('');
}

/** The `h1:` of a manifest text (of the files it lists). */
export function manifestH1(manifest: string | Uint8Array): string {
  return `h1:${createHash('sha256').update(manifest).digest('base64')}`;
}

/** The `h1:` of the module-equivalent tree with these members. */
export function membersH1(members: ReadonlyMap<string, string>, moduleVersion: string): string {
  return manifestH1(formatManifest(members, moduleVersion));
}

/**
 * Reads a manifest back into members. Returns undefined for text that is not a manifest of
 * this module version: a manifest is only ever trusted after its `h1:` matched a proven one.
 */
export function parseManifest(
  text: string,
  moduleVersion: string,
): ReadonlyMap<string, string> | undefined {
  const prefix = `${toolchainZipRoot(moduleVersion)}/`;
  const members = new Map<string, string>();
  if (text !== '' && !text.endsWith('\n')) return undefined;
  for (const line of text.split('\n').slice(0, -1)) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (!m || !m[2]!.startsWith(prefix)) return undefined;
    members.set(m[2]!.slice(prefix.length), m[1]!);
  }
  return members;
}

/** What differs between a tree and the published one, in GOROOT-relative names. */
export interface TreeDifference {
  readonly changed: readonly string[];
  readonly added: readonly string[];
  readonly missing: readonly string[];
}

/** Compares members found on disk with the published members. */
export function diffMembers(
  found: ReadonlyMap<string, string>,
  published: ReadonlyMap<string, string>,
): TreeDifference {
  const changed: string[] = [];
  const added: string[] = [];
  const missing: string[] = [];
  for (const [name, sha] of found) {
    const want = published.get(name);
    if (want === undefined) added.push(gorootMemberName(name));
    else if (want !== sha) changed.push(gorootMemberName(name));
  }
  for (const name of published.keys()) {
    if (!found.has(name)) missing.push(gorootMemberName(name));
  }
  return { changed: changed.sort(), added: added.sort(), missing: missing.sort() };
}

/** `2 changed (go.env, src/fmt/print.go), 1 added (src/fmt/zz.go)`, with at most `limit` names each. */
export function describeDifference(diff: TreeDifference, limit = 10): string {
  const part = (label: string, names: readonly string[]): string | undefined => {
    if (names.length === 0) return undefined;
    const shown = names.slice(0, limit).join(', ');
    const more = names.length > limit ? `, and ${names.length - limit} more` : '';
    return `${names.length} ${label} (${shown}${more})`;
  };
  const parts = [
    part('changed', diff.changed),
    part('added', diff.added),
    part('missing', diff.missing),
  ].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? 'no file differs' : parts.join(', ');
}
