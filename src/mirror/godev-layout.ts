/**
 * `mirror --source go.dev`: the toolchain module of the versions asked for with its
 * checksum-database proof (build.ts), and beside it a go.dev layout under `dl/` that
 * `go-download-base-url: file:///…/dl` (or a static server) serves to the setup action.
 *
 * Every archive goes in only after the checks the action runs on a download: SHA-256 from the
 * release index, the OpenPGP signature of a .tar.gz against the pinned keys (or
 * `--signing-keys`), a clean unpack whose `VERSION` names the release, and then the unpacked
 * tree's `h1:` equal to the checksum database's record of the same toolchain module, proven in
 * this run. That last check is what lets a mirror's .zip in (go.dev signs no .zip): the
 * database vouches for it, as `archiveSourceFor`'s `sumdbVouches` says.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { VerificationError } from '../errors.js';
import { fetchBytes, openStream, withRetries } from '../fetch/http.js';
import {
  archiveSourceFor,
  fetchReleaseIndex,
  releaseSource,
  type ReleaseSource,
} from '../go/godev.js';
import { checkVersionFile, installReleaseArchive } from '../go/release-archive.js';
import { inert } from '../log-text.js';
import { loadSigningKeys, readSigningKeysWithSource, type KeyBundle } from '../verify/keys.js';
import { membersH1, moduleShape } from '../verify/tree-proof/tree-shape.js';
import {
  parseVersionSpec,
  resolveRelease,
  type Release,
  type ReleaseFile,
} from '../versions/index.js';
import { proxyModuleVersion } from '../versions/proxy-list.js';
import { TOOLCHAIN_MODULE } from '../versions/toolchain-module.js';
import { buildBundle, type BuildOptions, type BuildResult } from './build.js';
import {
  GODEV_DIR,
  GODEV_INDEX,
  godevPaths,
  mergeArchives,
  staticIndex,
  type GodevArchive,
} from './godev-manifest.js';
import {
  bundleFileHashes,
  bundlePath,
  MANIFEST,
  parseManifest,
  serializeManifest,
  writeBundleFile,
  type Manifest,
} from './layout.js';

export interface GodevBuildOptions extends BuildOptions {
  /** A go.dev mirror (or another bundle's `dl/`) to read from; default go.dev. */
  readonly downloadBaseUrl?: string;
  /** `signing-keys`: armored keys or a path; default the pinned bundle. */
  readonly signingKeys?: string;
}

export interface GodevBuildResult extends BuildResult {
  /** The archives this run put into `dl/`. */
  readonly archives: readonly string[];
}

/** An archive downloaded into the scratch directory and verified there. */
interface Verified {
  readonly entry: GodevArchive;
  readonly local: string;
  readonly asc?: string;
}

const MAX_ARCHIVE_BYTES = 1024 ** 3;

/** The release and archive file each spec names on each platform, once each. */
export function pickArchives(
  specs: readonly string[],
  platforms: BuildOptions['platforms'],
  releases: readonly Release[],
): { release: Release; file: ReleaseFile }[] {
  const picked = new Map<string, { release: Release; file: ReleaseFile }>();
  for (const spec of specs) {
    for (const platform of platforms) {
      const r = resolveRelease(parseVersionSpec(spec), [...releases], platform);
      picked.set(r.file.filename, { release: r.release, file: r.file });
    }
  }
  return [...picked.values()];
}

/** Streams `url` into `file`, refusing more than MAX_ARCHIVE_BYTES; retried as a whole. */
async function download(url: string, file: string, opts: BuildOptions): Promise<void> {
  await withRetries(async () => {
    const opened = await openStream(url, opts.http);
    if (opened.size !== undefined && opened.size > MAX_ARCHIVE_BYTES) {
      opened.body.destroy();
      throw new VerificationError(
        'size of the archive',
        `at most ${MAX_ARCHIVE_BYTES} bytes`,
        String(opened.size),
        url,
      );
    }
    let total = 0;
    opened.body.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_ARCHIVE_BYTES) {
        opened.body.destroy(
          new VerificationError(
            'size of the archive',
            `at most ${MAX_ARCHIVE_BYTES} bytes`,
            'more',
            url,
          ),
        );
      }
    });
    await pipeline(opened.body, createWriteStream(file));
  }, opts.http);
}

/** Downloads one archive (and its .asc) into `scratch` and verifies it as the action would. */
async function fetchVerified(
  picked: { release: Release; file: ReleaseFile },
  ctx: { source: ReleaseSource; keys: KeyBundle; manifest: Manifest; scratch: string },
  opts: BuildOptions,
): Promise<Verified> {
  const { release, file } = picked;
  // The tree is held to the database's record below, so a mirror's .zip needs no go.dev index.
  const archive = await archiveSourceFor(
    file,
    ctx.source,
    () => fetchReleaseIndex(releaseSource(undefined), opts.http),
    true,
  );
  const local = path.join(ctx.scratch, file.filename);
  await download(archive.url, local, opts);
  let asc: string | undefined;
  if (archive.signatureUrl !== undefined) {
    asc = `${local}.asc`;
    await writeFile(
      asc,
      await fetchBytes(archive.signatureUrl, { ...opts.http, maxBytes: 64 * 1024 }),
    );
  }
  const tree = path.join(ctx.scratch, 'go');
  const moduleVersion = proxyModuleVersion(file);
  const module = `${TOOLCHAIN_MODULE}@${moduleVersion}`;
  try {
    const verified = await installReleaseArchive(
      {
        ...archive,
        url: pathToFileURL(local).href,
        ...(asc ? { signatureUrl: pathToFileURL(asc).href } : {}),
      },
      tree,
      { keys: ctx.keys, http: { ...opts.http, retries: 0 }, logger: opts.logger },
    );
    await checkVersionFile(tree, release.version, archive.url);
    const h1 = membersH1(moduleShape(verified.fileHashes).members, moduleVersion);
    const record = ctx.manifest.modules.find(
      (m) => m.module === TOOLCHAIN_MODULE && m.version === moduleVersion,
    );
    if (record === undefined || record.h1 !== h1) {
      throw new VerificationError(
        `h1 of the tree in ${file.filename}`,
        `${record?.h1 ?? 'a record'} (the checksum database's ${module})`,
        h1,
        archive.url,
      );
    }
    const sig = verified.artifact.signature;
    opts.logger.info(
      `${file.filename}: SHA-256 ${verified.artifact.sha256}` +
        (sig.status === 'verified'
          ? `, signed by ${sig.signingKeyFingerprint}`
          : ', no signature published') +
        `, tree ${h1} as ${module}`,
    );
    const entry: GodevArchive = {
      filename: file.filename,
      version: release.version,
      os: file.os,
      arch: file.arch,
      size: verified.artifact.size,
      sha256: verified.artifact.sha256,
      module,
      h1,
      ...(sig.status === 'verified'
        ? {
            signature: {
              primaryFingerprint: sig.primaryFingerprint,
              signingKeyFingerprint: sig.signingKeyFingerprint,
            },
          }
        : {}),
    };
    return { entry, local, ...(asc ? { asc } : {}) };
  } catch (err) {
    // The checks ran on the scratch copy; the message names where the bytes came from.
    if (err instanceof Error)
      err.message = `${file.filename} from ${inert(archive.url)}: ${err.message}`;
    throw err;
  } finally {
    await rm(tree, { recursive: true, force: true });
  }
}

async function readManifest(out: string): Promise<Manifest> {
  const file = path.join(out, MANIFEST);
  return parseManifest(await readFile(file, 'utf8'), file);
}

/** Moves verified archives into `dl/`, writes `.sha256`, the static index and the manifest. */
async function place(
  out: string,
  verified: readonly Verified[],
  manifest: Manifest,
): Promise<Manifest> {
  await mkdir(bundlePath(out, GODEV_DIR), { recursive: true });
  for (const v of verified) {
    const name = v.entry.filename;
    await writeBundleFile(out, godevPaths.sha256(name), v.entry.sha256);
    if (v.asc) await rename(v.asc, bundlePath(out, godevPaths.signature(name)));
    await rename(v.local, bundlePath(out, godevPaths.archive(name)));
  }
  const archives = mergeArchives(
    manifest.godev?.archives ?? [],
    verified.map((v) => v.entry),
  );
  await writeBundleFile(out, GODEV_INDEX, staticIndex(archives));
  const next: Manifest = {
    ...manifest,
    godev: { dir: GODEV_DIR, archives },
    files: await bundleFileHashes(out),
  };
  await writeBundleFile(out, MANIFEST, serializeManifest(next));
  return next;
}

export async function buildGodevBundle(opts: GodevBuildOptions): Promise<GodevBuildResult> {
  const out = path.resolve(opts.out);
  const source = releaseSource(opts.downloadBaseUrl);
  const releases = await opts.logger.group(
    `Reading the release index ${inert(source.indexUrl)}`,
    () => fetchReleaseIndex(source, opts.http),
  );
  const picked = pickArchives(opts.goVersions, opts.platforms, releases);
  const keyText = await readSigningKeysWithSource(opts.signingKeys);
  const keys = await loadSigningKeys(keyText.armored, keyText.source);
  // The same releases as toolchain module versions, proven in the database: the archives'
  // trees are held to those records, and the action can prove an install offline with them.
  const exact = [...new Set(picked.map((p) => p.release.semver))];
  const built = await buildBundle({ ...opts, goVersions: exact });
  const manifest = await readManifest(out);
  const scratch = await mkdtemp(path.join(out, '.verify-godev-'));
  try {
    const verified: Verified[] = [];
    for (const p of picked) {
      verified.push(
        await opts.logger.group(`Verifying ${p.file.filename}`, () =>
          fetchVerified(p, { source, keys, manifest, scratch }, opts),
        ),
      );
    }
    // Nothing goes into dl/ before every archive has passed.
    const next = await place(out, verified, manifest);
    return {
      ...built,
      archives: verified.map((v) => v.entry.filename),
      files: Object.keys(next.files).length,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
