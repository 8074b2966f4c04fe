/**
 * Fresh installs into the tool cache, from go.dev (or a mirror) and from a Go module proxy.
 * Each runs under the entry's lock through installEntry: an entry another job placed
 * meanwhile is used only if it proves; otherwise the download is verified, unpacked into a
 * temporary directory as the module-equivalent tree, bound to the resolved version, and
 * renamed into place with its record, kept proof and manifest.
 */
import { InputError, VerificationError } from '../errors.js';
import type { RequestOptions } from '../fetch/http.js';
import type { Logger } from '../log.js';
import type { SetupGoOptions } from '../options.js';
import type { ChecksumDatabaseRecord, VerificationRecord } from './record.js';
import type { SumdbLookup } from '../verify/sumdb/client.js';
import { keptProofOf, serializeKeptProof } from '../verify/sumdb/kept-proof.js';
import { formatManifest, membersH1, moduleShape } from '../verify/tree-proof/tree-shape.js';
import type { Release } from '../versions/index.js';
import { TOOLCHAIN_MODULE } from '../versions/toolchain-module.js';
import {
  proveFoundEntry,
  targetModuleVersion,
  type DatabaseAccess,
  type EntryTarget,
  type ProvenEntry,
} from './entry-proof.js';
import {
  archiveSourceFor,
  fetchReleaseIndex,
  inLayout,
  releaseSource,
  type ReleaseSource,
} from '../go/godev.js';
import { lookUpToolchain } from '../verify/sumdb-access.js';
import { databaseRecord, installRecord, moduleZipArtifact, reuseRecord } from './records.js';
import { checkVersionFile, type VerifiedArchive } from '../go/release-archive.js';
import { installEntry, type Entry, type RecordedEntry } from './tool-cache.js';

/** What every install path needs. */
export interface InstallContext {
  readonly options: SetupGoOptions;
  readonly target: EntryTarget;
  readonly http: RequestOptions;
  readonly logger: Logger;
  /** The checksum database for this job (created on first use). */
  readonly database: () => DatabaseAccess;
}

/** A toolchain in place, and the proof the post step checks it against. */
export interface InstallOutcome {
  readonly version: string;
  readonly goRoot: string;
  readonly record: VerificationRecord;
  readonly cacheHit: boolean;
  /** The module version the tree is measured as, and its `h1:` as proven in this run. */
  readonly moduleVersion: string;
  readonly treeH1: string;
  /** The published files (module member → SHA-256), when this run unpacked them. */
  readonly members?: ReadonlyMap<string, string>;
}

type Installed<T> = T & {
  record: VerificationRecord;
  sidecars: { proof?: string; manifest: string };
};

/** An entry proven in this run, as the outcome of the install step. */
export function reusedOutcome(
  target: EntryTarget,
  proven: ProvenEntry,
  database: string,
): InstallOutcome {
  return {
    version: target.version,
    goRoot: proven.dir,
    record: reuseRecord(target, proven, database),
    cacheHit: true,
    moduleVersion: proven.tree.moduleVersion,
    treeH1: proven.tree.h1,
  };
}

/** The record written beside an entry that was adopted. */
export function adoptionRecord(target: EntryTarget, database: string) {
  return (proven: Omit<ProvenEntry, 'adopted' | 'removed'>) =>
    reuseRecord(target, { ...proven, adopted: true }, database);
}

/**
 * installEntry's reuse check: an entry placed by another job while we waited for the lock
 * is used only if it proves now, like any other.
 */
function reuseUnderLock(ctx: InstallContext, found: { outcome?: InstallOutcome }) {
  return async (existing: Entry<VerificationRecord>) => {
    const db = ctx.database();
    const database = db.client.settings.name;
    const proof = await proveFoundEntry(ctx.target, existing, db, {
      logger: ctx.logger,
      locked: true,
      adoptionRecord: adoptionRecord(ctx.target, database),
    });
    if (proof.kind !== 'proven') return undefined;
    found.outcome = reusedOutcome(ctx.target, proof.entry, database);
    return {
      ...(existing as RecordedEntry<VerificationRecord>),
      state: 'recorded' as const,
      record: found.outcome.record,
    };
  };
}

/** A GOROOT for os/arch holds its tools under pkg/tool/<os>_<arch>/. */
function checkPlatformTree(
  members: ReadonlyMap<string, string>,
  ctx: InstallContext,
  where: string,
) {
  const dir = `pkg/tool/${ctx.target.platform.os}_${ctx.target.platform.arch}/`;
  if (![...members.keys()].some((m) => m.startsWith(dir))) {
    throw new VerificationError(`tools of the tree`, `a ${dir} directory`, 'none', where);
  }
}

function outcomeOf(
  entry: RecordedEntry<VerificationRecord>,
  ctx: InstallContext,
  members: ReadonlyMap<string, string> | undefined,
): InstallOutcome {
  const proof = entry.record.proof;
  return {
    version: ctx.target.version,
    goRoot: entry.dir,
    record: entry.record,
    cacheHit: false,
    moduleVersion: targetModuleVersion(ctx.target),
    treeH1: proof.h1,
    ...(members ? { members } : {}),
  };
}

/**
 * Installs from go.dev or a mirror: SHA-256 and OpenPGP signature as the bytes stream, then
 * the unpacked tree against the checksum database. `verify-sumdb: required` (and any .zip,
 * which has no signature) asks the database before the download; `auto` asks it alongside
 * and settles for the signature when it cannot be reached; `off` never asks. A signature by
 * a subkey that has expired by now counts only with the database's agreement.
 */
export async function installFromGoDev(
  release: Release,
  filename: string,
  source: ReleaseSource,
  ctx: InstallContext,
): Promise<InstallOutcome> {
  const { options, target, http, logger } = ctx;
  const file = release.files.find((f) => f.filename === filename)!;
  const isZip = file.filename.endsWith('.zip');
  const mustAsk = options.verifySumdb === 'required' || (options.verifySumdb === 'auto' && isZip);
  const archive = await archiveSourceFor(
    file,
    source,
    () => fetchReleaseIndex(releaseSource(undefined), http),
    mustAsk,
  );
  const [{ installReleaseArchive }, { loadSigningKeys, readSigningKeysWithSource }] =
    await Promise.all([import('../go/release-archive.js'), import('../verify/keys.js')]);
  const keyText = await readSigningKeysWithSource(options.signingKeys);
  const keys = await loadSigningKeys(keyText.armored, keyText.source);
  const moduleVersion = targetModuleVersion(target);

  const found: { outcome?: InstallOutcome } = {};
  let members: ReadonlyMap<string, string> | undefined;
  const entry = await logger.group(`Installing ${archive.name}`, () =>
    installEntry<Installed<VerifiedArchive>, VerificationRecord>(
      options.toolCacheDir,
      target.version,
      target.cacheArch,
      async (tmp) => {
        // Asked before the download when required: an unreachable database fails at once.
        const asking =
          options.verifySumdb === 'off' ? undefined : askDatabase(ctx, moduleVersion, mustAsk);
        if (mustAsk) await asking;
        const verified = await installReleaseArchive(archive, tmp, { keys, http, logger }).catch(
          (err: unknown) => {
            throw inLayout(err, source);
          },
        );
        await checkVersionFile(tmp, target.tag, archive.url);
        const shape = moduleShape(verified.fileHashes);
        members = shape.members;
        const h1 = membersH1(shape.members, moduleVersion);
        const answer = asking ? await asking : undefined;
        const db = settleDatabase(answer, verified, h1, moduleVersion, ctx);
        // After the database's verdict, which says more when it has one.
        checkPlatformTree(shape.members, ctx, archive.url);
        const record = installRecord(target, {
          source: source.kind,
          artifacts: [verified.artifact],
          tree: verified.tree,
          h1,
          module: `${TOOLCHAIN_MODULE}@${moduleVersion}`,
          ...(db ? { db: db.record } : {}),
        });
        const manifest = formatManifest(shape.members, moduleVersion);
        const proof = db
          ? serializeKeptProof(keptProofOf(db.lookup, db.record.database))
          : undefined;
        return { ...verified, record, sidecars: { manifest, ...(proof ? { proof } : {}) } };
      },
      (done) => done.record,
      { reuse: reuseUnderLock(ctx, found), sidecars: (done) => done.sidecars },
    ),
  );
  if (found.outcome) return found.outcome;
  logInstall(entry.record, logger);
  return outcomeOf(entry, ctx, members);
}

type DatabaseAnswer = { lookup: SumdbLookup; database: string } | { error: Error };

/** Looks the toolchain module up; `required` rejects, otherwise the error is returned. */
function askDatabase(
  ctx: InstallContext,
  moduleVersion: string,
  required: boolean,
): Promise<DatabaseAnswer> {
  const db = ctx.database();
  const asked = lookUpToolchain(db.client, moduleVersion).then((lookup) => ({
    lookup,
    database: db.client.settings.name,
  }));
  return required ? asked : asked.catch((error: Error) => ({ error }));
}

/**
 * The database's verdict on an unpacked go.dev tree: it must agree when it answered. When
 * it could not be asked, the signature alone carries the install, unless its subkey has
 * expired by now (whoever holds a retired key could sign a new archive).
 */
function settleDatabase(
  answer: DatabaseAnswer | undefined,
  verified: VerifiedArchive,
  h1: string,
  moduleVersion: string,
  ctx: InstallContext,
): { record: ChecksumDatabaseRecord; lookup: SumdbLookup } | undefined {
  const artifact = verified.artifact;
  if (answer && 'lookup' in answer) {
    const record = databaseRecord(answer.lookup, answer.database, TOOLCHAIN_MODULE);
    if (answer.lookup.h1 !== h1) {
      throw new VerificationError(
        `tree of ${artifact.name} as ${record.module}`,
        `${record.h1} (checksum database ${record.url}, record ${record.recordId}, tree ${record.treeSize})`,
        h1,
        artifact.url,
      );
    }
    return { record, lookup: answer.lookup };
  }
  const sig = artifact.signature;
  const expired =
    sig.status === 'verified' &&
    sig.signerExpires !== undefined &&
    Date.parse(sig.signerExpires) <= Date.now();
  if (expired) {
    const why = answer ? `it could not be asked: ${answer.error.message}` : 'verify-sumdb is off';
    throw new InputError(
      `${artifact.name} is signed by subkey ${sig.signingKeyFingerprint}, which expired on ${sig.signerExpires}: ` +
        `a retired key's signature is accepted only when the Go checksum database also vouches for ` +
        `golang.org/toolchain@${moduleVersion}, and ${why}. Use verify-sumdb: auto or required with a reachable goproxy.`,
    );
  }
  if (answer) {
    ctx.logger.warning(
      `the Go checksum database could not be asked about ${artifact.name} (${answer.error.message}); ` +
        'this install rests on its OpenPGP signature alone, and the next reuse asks the database again',
    );
  }
  return undefined;
}

function logInstall(record: VerificationRecord, logger: Logger): void {
  for (const a of record.artifacts) {
    logger.info(`SHA-256 ${a.sha256} matches ${a.sha256Source}`);
    if (a.signature.status === 'verified') {
      logger.info(
        `OpenPGP signature by ${a.signature.signingKeyFingerprint} made ${a.signature.created}: valid`,
      );
    } else {
      logger.warning(
        `${a.name}: no OpenPGP signature (${a.signature.reason}); SHA-256 from ${a.sha256Source}`,
      );
    }
  }
  logger.info(`proof: ${record.proof.statement}`);
}

/**
 * Installs the golang.org/toolchain module zip from a module proxy, proven by the Go
 * checksum database (signed tree note + inclusion proof + h1: of the unpacked files).
 */
export async function installFromModuleProxy(ctx: InstallContext): Promise<InstallOutcome> {
  const { options, target, http, logger } = ctx;
  const { installFromProxy } = await import('../go/proxy-source.js');
  const moduleVersion = targetModuleVersion(target);
  const found: { outcome?: InstallOutcome } = {};
  let members: ReadonlyMap<string, string> | undefined;
  const entry = await logger.group(
    `Installing ${TOOLCHAIN_MODULE} ${target.tag} ${target.platform.os}/${target.platform.arch}`,
    () =>
      installEntry<Installed<{ members: ReadonlyMap<string, string> }>, VerificationRecord>(
        options.toolCacheDir,
        target.version,
        target.cacheArch,
        async (tmp) => {
          const db = ctx.database();
          const verified = await installFromProxy({
            goproxy: options.goproxy,
            tag: target.tag,
            os: target.platform.os,
            arch: target.platform.arch,
            destDir: tmp,
            sumdb: db.client,
            http,
            logger,
          });
          await checkVersionFile(tmp, target.tag, verified.artifact.url);
          checkPlatformTree(verified.members, ctx, verified.artifact.url);
          members = verified.members;
          const dbRecord = databaseRecord(
            verified.lookup,
            db.client.settings.name,
            TOOLCHAIN_MODULE,
          );
          const record = installRecord(target, {
            source: 'proxy',
            artifacts: [moduleZipArtifact(verified.artifact)],
            tree: verified.tree,
            h1: verified.lookup.h1,
            module: dbRecord.module,
            db: dbRecord,
          });
          const sidecars = {
            manifest: formatManifest(verified.members, moduleVersion),
            proof: serializeKeptProof(keptProofOf(verified.lookup, dbRecord.database)),
          };
          return { members: verified.members, record, sidecars };
        },
        (done) => done.record,
        { reuse: reuseUnderLock(ctx, found), sidecars: (done) => done.sidecars },
      ),
  );
  if (found.outcome) return found.outcome;
  logger.info(`proof: ${entry.record.proof.statement}`);
  return outcomeOf(entry, ctx, members);
}
