/**
 * Proving any Go installation against the checksum database: a laptop's /usr/local/go, a
 * runner image's tree, a tool-cache entry. Used by `setup-go-verified verify` and `doctor`.
 *
 * The version comes from the tree's own VERSION file and the platform from its
 * `pkg/tool/<os>_<arch>` directory (both inside the hashed tree, so a lie there fails the
 * proof). When the tree differs, the module zip is fetched through the module proxy and
 * proven too, to name the files that differ: diagnosis only, the verdict rests on the `h1:`.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { RequestOptions } from '../fetch/http.js';
import type { Logger } from '../log.js';
import type { SumdbClient, SumdbLookup } from '../verify/sumdb/client.js';
import {
  differenceFrom,
  judgeTree,
  measureTree,
  type MeasuredTree,
} from '../verify/tree-proof/prove-tree.js';
import type { TreeDifference } from '../verify/tree-proof/tree-shape.js';
import { toSemver } from '../versions/go-version.js';
import { toolchainModuleVersion } from '../versions/toolchain-module.js';
import { installFromProxy } from './proxy-source.js';
import { lookUpToolchain } from '../verify/sumdb-access.js';

export interface TreeProofRequest {
  readonly dir: string;
  /** Go tag (go1.22.5); default: the first line of the tree's VERSION file. */
  readonly tag?: string;
  /** GOOS/GOARCH; default: the one pkg/tool/<os>_<arch> directory of the tree. */
  readonly os?: string;
  readonly arch?: string;
  readonly client: SumdbClient;
  /** Module proxies to fetch the published file list from when the tree differs. */
  readonly goproxy?: string;
  readonly http: RequestOptions;
  readonly logger: Logger;
}

export interface TreeProofReport {
  readonly dir: string;
  readonly tag: string;
  readonly os: string;
  readonly arch: string;
  readonly moduleVersion: string;
  readonly tree: MeasuredTree;
  readonly lookup: SumdbLookup;
  readonly database: string;
  readonly ok: boolean;
  readonly reasons: readonly string[];
  /** Files under api/ doc/ misc/ test/: no proof covers them (the module leaves them out). */
  readonly notCovered: readonly string[];
  /** What differs from the published tree, when it differs and the module could be fetched. */
  readonly difference?: TreeDifference;
}

/** Proves the Go tree at `dir` against the checksum database. */
export async function proveTree(req: TreeProofRequest): Promise<TreeProofReport> {
  const dir = path.resolve(req.dir);
  const tag = req.tag ?? (await versionOf(dir));
  const { os: goos, arch } =
    req.os && req.arch ? { os: req.os, arch: req.arch } : await platformOf(dir);
  const moduleVersion = toolchainModuleVersion(tag, goos, arch);
  const [lookup, tree] = await Promise.all([
    lookUpToolchain(req.client, moduleVersion),
    measureTree(dir, moduleVersion),
  ]);
  const verdict = judgeTree(tree, lookup.h1, { omittedAllowed: true });
  const base = {
    dir,
    tag,
    os: goos,
    arch,
    moduleVersion,
    tree,
    lookup,
    database: req.client.settings.name,
    ok: verdict.ok,
    reasons: verdict.reasons,
    notCovered: tree.omitted,
  };
  if (verdict.ok || req.goproxy === undefined) return base;
  const published = await publishedMembers(req, tag, goos, arch).catch((err: Error) => {
    req.logger.warning(
      `could not fetch the published file list to name the differences: ${err.message}`,
    );
    return undefined;
  });
  if (!published) return base;
  return { ...base, difference: differenceFrom(tree, published, false) };
}

async function versionOf(dir: string): Promise<string> {
  const text = await readFile(path.join(dir, 'VERSION'), 'utf8').catch(() => {
    throw new InputError(`${dir} has no VERSION file: is it a Go installation (GOROOT)?`);
  });
  const tag = text.split('\n', 1)[0]!.trim();
  if (toSemver(tag) === undefined) {
    throw new InputError(
      `${path.join(dir, 'VERSION')} starts with ${JSON.stringify(tag)}, not a Go release tag`,
    );
  }
  return tag;
}

async function platformOf(dir: string): Promise<{ os: string; arch: string }> {
  const names = await readdir(path.join(dir, 'pkg', 'tool')).catch(() => [] as string[]);
  const platforms = names.filter((n) => /^[a-z0-9]+_[a-z0-9]+$/.test(n));
  if (platforms.length !== 1) {
    throw new InputError(
      `cannot tell the platform of ${dir} from pkg/tool (${platforms.join(', ') || 'nothing there'}): give --os and --arch`,
    );
  }
  const [goos, arch] = platforms[0]!.split('_') as [string, string];
  return { os: goos, arch };
}

/** The module's files as published: the zip, proven by the database, unpacked in a temp dir. */
async function publishedMembers(
  req: TreeProofRequest,
  tag: string,
  goos: string,
  arch: string,
): Promise<ReadonlyMap<string, string>> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'setup-go-verified-diagnose-'));
  try {
    const verified = await installFromProxy({
      goproxy: req.goproxy!,
      tag,
      os: goos,
      arch,
      destDir: path.join(tmp, 'go'),
      sumdb: req.client,
      http: req.http,
      logger: req.logger,
    });
    return verified.members;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
