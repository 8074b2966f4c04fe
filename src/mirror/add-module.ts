/**
 * Puts one module version into a bundle, proven first: the checksum database's record is
 * looked up (signed note, inclusion proof), every go.sum line that named this version must
 * agree with it, the .mod must hash to the record's `/go.mod` h1 and the zip (when wanted) to
 * its h1. Only then are the files written. A `.info` goes in when the proxy serves one for
 * this version (some proxies do not for every version); it is not covered by the database.
 */
import { InputError, NetworkError, VerificationError } from '../errors.js';
import { proxyGet, proxyPaths, type Fetcher, type ProxyEntry } from '../fetch/goproxy.js';
import type { Logger } from '../log.js';
import { inert } from '../log-text.js';
import type { SumdbClient, SumdbLookup } from '../verify/sumdb/client.js';
import { hashGoMod, hashZipBuffer } from '../verify/sumdb/dirhash.js';
import { writeBundleFile } from './layout.js';
import type { SumClaim, WantedVersion } from './module-set.js';

export interface AddContext {
  readonly client: SumdbClient;
  readonly list: readonly ProxyEntry[];
  /** For .mod and .info. */
  readonly fetcher: Fetcher;
  /** For zips (a larger size limit). */
  readonly zipFetcher: Fetcher;
  readonly out: string;
  readonly logger: Logger;
}

/** The database's record of a module version; a version it does not know is refused. */
export async function lookUpModule(
  client: SumdbClient,
  module: string,
  version: string,
): Promise<SumdbLookup> {
  try {
    return await client.lookup(module, version);
  } catch (err) {
    if (err instanceof NetworkError && (err.status === 404 || err.status === 410)) {
      throw new VerificationError(
        `checksum database record of ${module}@${version}`,
        'a record (every public module version has one)',
        `none (${err.message})`,
        err.url,
      );
    }
    throw err;
  }
}

/** Refuses a go.sum line whose hash is not the database's, naming the line. */
function confirmClaims(
  claims: readonly SumClaim[],
  what: string,
  expected: string | undefined,
): void {
  for (const c of claims) {
    if (c.h1 !== expected) {
      throw new VerificationError(
        `${what} in ${inert(c.where)}`,
        `${expected ?? 'a hash'} (the checksum database's record)`,
        c.h1,
        c.where,
      );
    }
  }
}

/** The .info body when the proxy serves one naming this version, else undefined. */
async function fetchInfo(ctx: AddContext, module: string, version: string) {
  let body: Buffer;
  try {
    body = (await proxyGet(ctx.list, proxyPaths.info(module, version), ctx.fetcher)).body;
  } catch (err) {
    if (err instanceof NetworkError || err instanceof InputError) return undefined;
    throw err;
  }
  try {
    const info = JSON.parse(body.toString('utf8')) as { Version?: unknown };
    return info.Version === version ? body : undefined;
  } catch {
    return undefined;
  }
}

/** Proves one module version and writes its .mod, zip (if wanted) and .info. */
export async function addModuleVersion(ctx: AddContext, w: WantedVersion): Promise<SumdbLookup> {
  const { module, version } = w;
  const what = `${module}@${version}`;
  const record = await lookUpModule(ctx.client, module, version);
  confirmClaims(w.zipClaims, `h1 of ${what}`, record.h1);
  confirmClaims(w.modClaims, `h1 of ${what}/go.mod`, record.goModH1);
  const mod = await proxyGet(ctx.list, proxyPaths.mod(module, version), ctx.fetcher);
  const modH1 = hashGoMod(mod.body);
  if (modH1 !== record.goModH1) {
    throw new VerificationError(
      `h1 of ${what}/go.mod`,
      record.goModH1 ?? 'a /go.mod line in the record',
      modH1,
      mod.url,
    );
  }
  let zip: Buffer | undefined;
  if (w.zip) {
    const got = await proxyGet(ctx.list, proxyPaths.zip(module, version), ctx.zipFetcher);
    let found: string;
    try {
      found = await hashZipBuffer(got.body, got.url);
    } catch (err) {
      throw new VerificationError(
        `h1 of ${what}`,
        record.h1,
        `not a zip (${String(err)})`,
        got.url,
      );
    }
    if (found !== record.h1)
      throw new VerificationError(`h1 of ${what}`, record.h1, found, got.url);
    zip = got.body;
  }
  const info = await fetchInfo(ctx, module, version);
  if (zip !== undefined) await writeBundleFile(ctx.out, proxyPaths.zip(module, version), zip);
  await writeBundleFile(ctx.out, proxyPaths.mod(module, version), mod.body);
  if (info !== undefined) await writeBundleFile(ctx.out, proxyPaths.info(module, version), info);
  ctx.logger.info(
    `${inert(what)}: ${zip === undefined ? 'go.mod' : `zip ${record.h1} and go.mod`} proven (record ${record.recordId})`,
  );
  return record;
}
