/**
 * The offline check of a bundle's go.dev layout (`dl/`): each archive's SHA-256 against the
 * manifest's go.dev section, its `.sha256` file and the static index; each `.asc` against the
 * pinned keys (or those given, as `--signing-keys`), made by the key the section names; and
 * each archive tied to a toolchain module version of the manifest with the same `h1:` (which
 * check.ts proves in the signed tree). Problems are collected, not thrown.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { KeyBundle } from '../verify/keys.js';
import { verifyDetachedSignature } from '../verify/signature.js';
import { parseReleaseIndex, type ReleaseFile } from '../versions/index.js';
import { GODEV_INDEX, godevPaths, type GodevArchive, type GodevSection } from './godev-manifest.js';
import { bundlePath, sha256File, type Manifest } from './layout.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The static index's files by name, or undefined after reporting why it cannot be read. */
async function readIndex(
  dir: string,
  problems: string[],
): Promise<Map<string, ReleaseFile> | undefined> {
  try {
    const releases = parseReleaseIndex(
      await readFile(bundlePath(dir, GODEV_INDEX), 'utf8'),
      GODEV_INDEX,
    );
    return new Map(releases.flatMap((r) => r.files).map((f) => [f.filename, f]));
  } catch (err) {
    problems.push(`${GODEV_INDEX}: ${message(err)}`);
    return undefined;
  }
}

async function checkSignature(
  dir: string,
  a: GodevArchive,
  keys: KeyBundle,
  problems: string[],
): Promise<void> {
  const rel = godevPaths.signature(a.filename);
  if (a.signature === undefined) {
    problems.push(
      `${godevPaths.archive(a.filename)}: a .tar.gz, but the manifest names no signature for it`,
    );
    return;
  }
  try {
    const signature = await readFile(bundlePath(dir, rel));
    const data = Readable.toWeb(
      createReadStream(bundlePath(dir, godevPaths.archive(a.filename))),
    ) as ReadableStream<Uint8Array>;
    const check = await verifyDetachedSignature({
      signature,
      keys,
      artifact: a.filename,
      where: rel,
      data,
    });
    if (check.signingKeyFingerprint !== a.signature.signingKeyFingerprint) {
      problems.push(
        `${rel}: made by ${check.signingKeyFingerprint}, but the manifest says ${a.signature.signingKeyFingerprint}`,
      );
    }
  } catch (err) {
    problems.push(`${rel}: ${message(err)}`);
  }
}

async function checkArchive(
  dir: string,
  a: GodevArchive,
  ctx: { manifest: Manifest; index?: Map<string, ReleaseFile>; keys?: KeyBundle },
  problems: string[],
): Promise<void> {
  const rel = godevPaths.archive(a.filename);
  try {
    const found = await sha256File(bundlePath(dir, rel));
    if (found !== a.sha256)
      problems.push(`${rel}: SHA-256 ${found}, but the manifest's go.dev section says ${a.sha256}`);
  } catch (err) {
    problems.push(`${rel}: ${message(err)}`);
    return;
  }
  const shaRel = godevPaths.sha256(a.filename);
  const listed = await readFile(bundlePath(dir, shaRel), 'utf8').then(
    (t) => t.trim(),
    (err: unknown) => `unreadable (${message(err)})`,
  );
  if (listed !== a.sha256)
    problems.push(`${shaRel}: says ${listed}, but the archive's SHA-256 is ${a.sha256}`);
  const indexed = ctx.index?.get(a.filename);
  if (ctx.index !== undefined && indexed?.sha256 !== a.sha256) {
    problems.push(
      `${GODEV_INDEX}: gives ${a.filename} SHA-256 ${indexed?.sha256 ?? 'none'}, but the archive's is ${a.sha256}`,
    );
  }
  const [module, version] = a.module.split('@');
  const record = ctx.manifest.modules.find((m) => m.module === module && m.version === version);
  if (record?.h1 !== a.h1) {
    problems.push(
      `${rel}: its tree ${a.h1} is not the checksum database's ${a.module} (${record?.h1 ?? 'not in the bundle'})`,
    );
  }
  if (a.filename.endsWith('.tar.gz') && ctx.keys !== undefined)
    await checkSignature(dir, a, ctx.keys, problems);
}

/** Checks `dl/` against `section`; `keys` undefined means they could not be loaded (reported). */
export async function checkGodev(
  dir: string,
  manifest: Manifest,
  section: GodevSection,
  keys: KeyBundle | undefined,
  problems: string[],
): Promise<void> {
  const index = await readIndex(dir, problems);
  for (const a of section.archives) {
    await checkArchive(
      dir,
      a,
      { manifest, ...(index ? { index } : {}), ...(keys ? { keys } : {}) },
      problems,
    );
  }
  const names = new Set(section.archives.map((a) => a.filename));
  for (const name of index?.keys() ?? []) {
    if (!names.has(name))
      problems.push(
        `${GODEV_INDEX}: lists ${name}, which the manifest's go.dev section does not hold`,
      );
  }
}
