/**
 * A Go checksum database client: looks up a module version, checks the signed tree note,
 * proves the record is in the tree with tiles, and keeps the last verified tree head so that
 * a database showing different histories to different clients (a fork) is caught.
 *
 * Effects (HTTP, the state file) sit here; the math is in note.ts and tlog.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, NetworkError, VerificationError } from '../../errors.js';
import {
  escapeModulePath,
  escapeVersion,
  nodeFetcher,
  parseGoproxy,
  type Fetcher,
  type FetchResult,
  type ProxyEntry,
} from '../../fetch/goproxy.js';
import {
  openNote,
  parseTreeNote,
  parseVerifierKey,
  SUM_GOLANG_ORG_KEY,
  type TreeHead,
  type Verifier,
} from './note.js';
import {
  HASH_SIZE,
  proveRecord,
  proveTree,
  recordHash,
  recordProofRoot,
  storedHashIndex,
  TILE_HEIGHT,
  tileHashReader,
  tilePath,
  treeProofRoots,
  type Tile,
} from './tlog.js';

/** Which checksum database to use and how to reach it without a proxy. */
export interface SumdbSettings {
  readonly name: string;
  readonly verifier: Verifier;
  /** The database's own URL, used when no proxy in GOPROXY serves it. */
  readonly directUrl: string;
}

/**
 * Parses a GOSUMDB setting as the go command does: empty → sum.golang.org; a known name;
 * a verifier key `name+hash+key`; optionally followed by the database URL.
 */
export function parseGosumdb(value: string | undefined): SumdbSettings {
  const fields = (value ?? '').trim().split(/\s+/).filter(Boolean);
  if (fields.length === 0) fields.push('sum.golang.org');
  if (fields[0] === 'off') {
    throw new InputError(
      'GOSUMDB=off: the checksum database is disabled, so module downloads cannot be verified',
    );
  }
  if (fields.length > 2) {
    throw new InputError(
      `invalid GOSUMDB ${JSON.stringify(value)}: expected "<name or key> [<url>]"`,
    );
  }
  let key = fields[0] as string;
  let directUrl: string | undefined;
  if (key === 'sum.golang.org') key = SUM_GOLANG_ORG_KEY;
  else if (key === 'sum.golang.google.cn') {
    // The mirror for mainland China serves the same log under the same key.
    key = SUM_GOLANG_ORG_KEY;
    directUrl = 'https://sum.golang.google.cn';
  }
  const verifier = parseVerifierKey(key);
  const url = fields[1];
  if (url !== undefined) {
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw new InputError(`invalid GOSUMDB URL ${JSON.stringify(url)}`);
    }
    directUrl = url;
  }
  return {
    name: verifier.name,
    verifier,
    directUrl: (directUrl ?? `https://${verifier.name}`).replace(/\/+$/, ''),
  };
}

/** What a verified lookup established. */
export interface SumdbLookup {
  readonly module: string;
  readonly version: string;
  /** The go.sum lines of the record for this module version (zip and go.mod hashes). */
  readonly lines: string[];
  /** The module zip's `h1:` hash. */
  readonly h1: string;
  /** The go.mod file's `h1:` hash, when the record has it. */
  readonly goModH1?: string;
  /** The record's position in the log. */
  readonly recordId: number;
  /** Size and root (base64) of the signed tree the record was proven to be in. */
  readonly treeSize: number;
  readonly rootHash: string;
  /** The signed note of that tree. */
  readonly treeNote: string;
  /** The database URL used (a proxy's /sumdb/<name> or the database itself). */
  readonly databaseUrl: string;
}

export interface SumdbClientOptions {
  /** GOSUMDB setting (default sum.golang.org). */
  readonly gosumdb?: string;
  /** GOPROXY setting or parsed list: proxies are asked first whether they serve the database. */
  readonly goproxy?: string | readonly ProxyEntry[];
  /**
   * Directory that keeps the last verified tree head (one file per database). Without it the
   * client remembers heads only for its own lifetime.
   */
  readonly stateDir?: string;
  readonly fetcher?: Fetcher;
}

/** A tree head together with the signed note that vouches for it. */
interface SignedTree extends TreeHead {
  readonly note: string;
  readonly source: string;
}

/** Raised when two signed trees cannot both be true: the log was forked (or the key stolen). */
export class TreeForkError extends VerificationError {
  override name = 'TreeForkError';
  constructor(
    readonly earlier: { size: number; root: string; note: string; source: string },
    readonly later: { size: number; root: string; note: string; source: string },
    /** The root that the later tree implies for the earlier size, when a proof was run. */
    readonly impliedRoot: string | undefined,
  ) {
    super(
      `root of checksum database tree ${earlier.size}`,
      `${earlier.root} (verified earlier, ${earlier.source})`,
      impliedRoot === undefined ? later.root : `${impliedRoot} (implied by tree ${later.size})`,
      later.source,
    );
    this.message =
      'the checksum database presented a tree inconsistent with one verified earlier: possible fork. ' +
      `Earlier: tree ${earlier.size} root ${earlier.root} (${earlier.source}). ` +
      `Now: tree ${later.size} root ${later.root} (${later.source})` +
      (impliedRoot === undefined
        ? '.'
        : `, whose consistency proof gives root ${impliedRoot} for tree ${earlier.size}.`) +
      `\nearlier note:\n${earlier.note}\nlater note:\n${later.note}`;
  }
}

/** A lookup answer split into its parts: `<id>\n<record text>\n<signed tree note>`. */
export interface LookupResponse {
  readonly id: number;
  /** The record text, ending in a newline: the bytes whose leaf hash is in the log. */
  readonly record: string;
  readonly note: string;
}

function malformedLookup(found: string, where: string): VerificationError {
  return new VerificationError(
    'checksum database lookup answer',
    'a record id line, the record lines, a blank line and a signed tree note',
    found,
    where,
  );
}

/** Parses a lookup answer; the record text must be valid record text as Go defines it. */
export function parseLookupResponse(body: Uint8Array, where: string): LookupResponse {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw malformedLookup('bytes that are not valid UTF-8', where);
  }
  const nl = text.indexOf('\n');
  const idText = nl < 0 ? text : text.slice(0, nl);
  if (nl < 0 || !/^(0|[1-9][0-9]*)$/.test(idText) || !Number.isSafeInteger(Number(idText))) {
    throw malformedLookup(`first line ${JSON.stringify(idText.slice(0, 40))}`, where);
  }
  const rest = text.slice(nl + 1);
  const blank = rest.indexOf('\n\n');
  if (blank < 0) throw malformedLookup('no blank line after the record', where);
  const record = rest.slice(0, blank + 1);
  // eslint-disable-next-line no-control-regex
  if (record === '\n' || /[\u0000-\u0009\u000b-\u001f]/.test(record)) {
    throw malformedLookup('an empty record or control characters in it', where);
  }
  return { id: Number(idText), record, note: rest.slice(blank + 2) };
}

const FULL_TILE_BYTES = 2 ** TILE_HEIGHT * HASH_SIZE;

export class SumdbClient {
  readonly settings: SumdbSettings;
  private readonly proxies: readonly ProxyEntry[];
  private readonly fetcher: Fetcher;
  private readonly stateFile: string | undefined;
  private basePromise: Promise<string> | undefined;
  /** Latest verified head in memory (also the only one without a state directory). */
  private latestInMemory: SignedTree | undefined;

  constructor(options: SumdbClientOptions = {}) {
    this.settings = parseGosumdb(options.gosumdb);
    const goproxy = options.goproxy;
    this.proxies = typeof goproxy === 'object' ? goproxy : parseGoproxy(goproxy);
    this.fetcher = options.fetcher ?? nodeFetcher();
    this.stateFile =
      options.stateDir === undefined
        ? undefined
        : join(options.stateDir, encodeURIComponent(this.settings.name), 'latest');
  }

  /**
   * The database base URL: the first proxy that answers 200 on /sumdb/<name>/supported,
   * else the database itself (Go's rules: 404/410, or any failure after "|", move on).
   */
  databaseUrl(): Promise<string> {
    this.basePromise ??= this.findBase();
    // A failed probe must not stick: the next call tries again.
    this.basePromise.catch(() => (this.basePromise = undefined));
    return this.basePromise;
  }

  private async findBase(): Promise<string> {
    const name = this.settings.name;
    for (const entry of this.proxies) {
      if (entry.kind !== 'url') break; // "direct" and "off": talk to the database itself
      const base = `${entry.url}/sumdb/${name}`;
      const url = `${base}/supported`;
      let res: FetchResult;
      try {
        res = await this.fetcher(url);
      } catch (err) {
        if (!(err instanceof NetworkError)) throw err;
        if (entry.fallBackOnError) continue;
        throw new NetworkError(
          `the checksum database ${name} is unreachable: the module proxy ${entry.url} could not be asked whether it serves it (${err.message})`,
          url,
          err.retryable,
          err.status,
          { cause: err },
        );
      }
      if (res.status === 200) return base;
      if (res.status === 404 || res.status === 410 || entry.fallBackOnError) continue;
      throw new NetworkError(
        `the module proxy ${entry.url} answered HTTP ${res.status} when asked whether it serves the checksum database ${name} (${url})`,
        url,
        res.status >= 500 || res.status === 429,
        res.status,
      );
    }
    return this.settings.directUrl;
  }

  /** GET below the database URL; non-200 answers and network failures become NetworkErrors. */
  private async get(path: string, what: string): Promise<{ body: Buffer; url: string }> {
    const base = await this.databaseUrl();
    const url = `${base}/${path}`;
    let res;
    try {
      res = await this.fetcher(url);
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      throw new NetworkError(
        `the checksum database ${this.settings.name} is unreachable at ${base}: ${err.message}`,
        url,
        err.retryable,
        err.status,
        { cause: err },
      );
    }
    if (res.status !== 200) {
      const detail = res.body.subarray(0, 300).toString('utf8').trim();
      throw new NetworkError(
        `the checksum database ${this.settings.name} answered HTTP ${res.status} for ${what} (${url})${detail ? `: ${detail}` : ''}`,
        url,
        res.status >= 500 || res.status === 429,
        res.status,
      );
    }
    return { body: res.body, url };
  }

  /**
   * Tiles fetched by this client, by path. A tile path names fixed content in an append-only
   * log, and every use of a tile is checked against a signed root, so sharing them between
   * the consistency check and the inclusion proof is safe; failed fetches are not kept, and
   * the cache is dropped after any verification failure.
   */
  private readonly tiles = new Map<string, Promise<Buffer>>();

  private readonly readTile = (tile: Tile): Promise<Buffer> => {
    const key = tilePath(tile);
    let p = this.tiles.get(key);
    if (p === undefined) {
      p = this.fetchTile(tile);
      this.tiles.set(key, p);
      p.catch(() => this.tiles.delete(key));
    }
    return p;
  };

  /** Fetches one tile of the log; a partial tile that is gone is cut from the full one. */
  private async fetchTile(tile: Tile): Promise<Buffer> {
    const path = tilePath(tile);
    const full = { ...tile, w: 2 ** tile.h };
    if (tile.w === full.w) return (await this.get(path, `tile ${path}`)).body;
    try {
      return (await this.get(path, `tile ${path}`)).body;
    } catch (err) {
      // Once the log grows past this tree's edge, servers may keep only the full tile;
      // its first w hashes are the partial tile (as Go's client does).
      if (!(err instanceof NetworkError) || err.status === undefined) throw err;
      const fullPath = tilePath(full);
      const { body, url } = await this.get(fullPath, `tile ${fullPath}`);
      if (body.length !== FULL_TILE_BYTES) {
        throw new VerificationError(
          `size of ${fullPath}`,
          `${FULL_TILE_BYTES} bytes`,
          `${body.length} bytes`,
          url,
        );
      }
      return body.subarray(0, tile.w * HASH_SIZE);
    }
  }

  private verifyTreeNote(note: string, where: string): SignedTree {
    const opened = openNote(note, [this.settings.verifier], where);
    const head = parseTreeNote(opened.text, where);
    return { ...head, note, source: where };
  }

  private async loadState(): Promise<{ tree: SignedTree; raw: string } | undefined> {
    if (this.stateFile === undefined) {
      const t = this.latestInMemory;
      return t && { tree: t, raw: t.note };
    }
    let raw: string;
    try {
      raw = await readFile(this.stateFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    // The file is written atomically, so a bad one was tampered with: refuse, do not reset.
    const tree = this.verifyTreeNote(raw, `state file ${this.stateFile}`);
    return { tree, raw };
  }

  private async saveState(tree: SignedTree): Promise<void> {
    this.latestInMemory = tree;
    if (this.stateFile === undefined) return;
    await mkdir(join(this.stateFile, '..'), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, tree.note);
      await rename(tmp, this.stateFile);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** Proves that `newer` extends `older`, reading tiles of `newer`. */
  private async checkConsistent(older: SignedTree, newer: SignedTree): Promise<void> {
    if (older.size === newer.size) {
      if (!older.hash.equals(newer.hash)) throw this.forkError(older, newer, undefined);
      return;
    }
    if (older.size === 0) return; // the empty tree is a prefix of every tree
    const reader = tileHashReader(newer.size, this.readTile);
    const proof = await proveTree(newer.size, older.size, reader);
    const roots = treeProofRoots(proof, newer.size, older.size, older.hash);
    if (roots === undefined) throw new RangeError('tlog: consistency proof of the wrong shape');
    if (!roots.newer.equals(newer.hash)) {
      // The tiles are not the signed tree's: bad data in transit or in a cache, not a fork.
      throw new VerificationError(
        `root of checksum database tree ${newer.size} computed from its tiles`,
        newer.hash.toString('base64'),
        roots.newer.toString('base64'),
        await this.databaseUrl(),
      );
    }
    if (!roots.older.equals(older.hash)) throw this.forkError(older, newer, roots.older);
  }

  private forkError(older: SignedTree, newer: SignedTree, implied: Buffer | undefined): Error {
    const describe = (t: SignedTree) => ({
      size: t.size,
      root: t.hash.toString('base64'),
      note: t.note,
      source: t.source,
    });
    return new TreeForkError(describe(older), describe(newer), implied?.toString('base64'));
  }

  /**
   * Merges a newly seen signed tree with the stored one after checking they agree, and
   * returns the larger of the two (the tree to prove records against).
   */
  private async mergeTree(seen: SignedTree): Promise<SignedTree> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.loadState();
      if (stored === undefined) {
        await this.saveState(seen);
        return seen;
      }
      const known = stored.tree;
      if (seen.size <= known.size) {
        await this.checkConsistent(seen, known);
        this.latestInMemory = known;
        return known;
      }
      await this.checkConsistent(known, seen);
      // Another process may have moved the state on meanwhile: only replace what we checked.
      const now = await this.loadState();
      if (now?.raw === stored.raw) {
        await this.saveState(seen);
        return seen;
      }
    }
    throw new Error(`the checksum database state ${this.stateFile} keeps changing; try again`);
  }

  /** Fetches, verifies and records the database's latest signed tree head. */
  async latest(): Promise<{ size: number; rootHash: string; note: string }> {
    const { body, url } = await this.get('latest', 'the latest tree');
    let tree: SignedTree;
    try {
      tree = await this.mergeTree(this.verifyTreeNote(body.toString('utf8'), url));
    } catch (err) {
      if (err instanceof VerificationError) this.tiles.clear();
      throw err;
    }
    return { size: tree.size, rootHash: tree.hash.toString('base64'), note: tree.note };
  }

  /** Looks up a module version and proves its go.sum lines are in the log. */
  async lookup(module: string, version: string): Promise<SumdbLookup> {
    const path = `lookup/${escapeModulePath(module)}@${escapeVersion(version)}`;
    const { body, url } = await this.get(path, `${module}@${version}`);
    return this.verifyLookupResponse(body, module, version, url);
  }

  /**
   * Verifies a lookup answer obtained elsewhere (a cache, a record file): signature, tree
   * consistency with what was verified before, inclusion of the record, and its lines.
   */
  async verifyLookupResponse(
    body: Uint8Array,
    module: string,
    version: string,
    where: string,
  ): Promise<SumdbLookup> {
    try {
      return await this.verifyAnswer(body, module, version, where);
    } catch (err) {
      if (err instanceof VerificationError) this.tiles.clear(); // refetch on a retry
      throw err;
    }
  }

  private async verifyAnswer(
    body: Uint8Array,
    module: string,
    version: string,
    where: string,
  ): Promise<SumdbLookup> {
    const answer = parseLookupResponse(body, where);
    const seen = this.verifyTreeNote(answer.note, where);
    const tree = await this.mergeTree(seen);
    if (answer.id >= tree.size) {
      throw new VerificationError(
        `record id of ${module}@${version}`,
        `less than the tree size ${tree.size}`,
        String(answer.id),
        where,
      );
    }

    const reader = tileHashReader(tree.size, this.readTile);
    const [proof, [logLeaf]] = await Promise.all([
      proveRecord(tree.size, answer.id, reader),
      reader([storedHashIndex(0, answer.id)]),
    ]);
    const leaf = recordHash(answer.record);
    const root = recordProofRoot(proof, tree.size, answer.id, leaf);
    if (root === undefined || !root.equals(tree.hash)) {
      // Tell a wrong record from wrong tiles: do the tiles support the signed root by themselves?
      const tileRoot = logLeaf && recordProofRoot(proof, tree.size, answer.id, logLeaf);
      if (logLeaf && tileRoot?.equals(tree.hash)) {
        throw new VerificationError(
          `leaf hash of the record for ${module}@${version} (record ${answer.id})`,
          `${logLeaf.toString('base64')} (in the log, proven against tree ${tree.size})`,
          leaf.toString('base64'),
          where,
        );
      }
      throw new VerificationError(
        `inclusion proof of record ${answer.id} (${module}@${version}) computed from the tiles`,
        `root ${tree.hash.toString('base64')} of the signed tree ${tree.size}`,
        `root ${root?.toString('base64') ?? '(malformed proof)'}`,
        await this.databaseUrl(),
      );
    }

    const lines = answer.record.slice(0, -1).split('\n');
    const zipPrefix = `${module} ${version} `;
    const modPrefix = `${module} ${version}/go.mod `;
    const mine = lines.filter((l) => l.startsWith(zipPrefix) || l.startsWith(modPrefix));
    const h1 = hashOf(mine, zipPrefix);
    if (h1 === undefined) {
      throw new VerificationError(
        `checksum database record ${answer.id}`,
        `a line "${zipPrefix}h1:…"`,
        JSON.stringify(answer.record),
        where,
      );
    }
    const goModH1 = hashOf(mine, modPrefix);
    return {
      module,
      version,
      lines: mine,
      h1,
      ...(goModH1 === undefined ? {} : { goModH1 }),
      recordId: answer.id,
      treeSize: tree.size,
      rootHash: tree.hash.toString('base64'),
      treeNote: tree.note,
      databaseUrl: await this.databaseUrl(),
    };
  }
}

function hashOf(lines: readonly string[], prefix: string): string | undefined {
  const line = lines.find((l) => l.startsWith(prefix) && l.slice(prefix.length).startsWith('h1:'));
  return line?.slice(prefix.length);
}
