/**
 * A Go checksum database client: looks up a module version, checks the signed tree note,
 * proves the record is in the tree with tiles, and keeps the last verified tree head so that
 * a database showing different histories to different clients (a fork) is caught.
 *
 * Effects (HTTP) sit here, the state file in head-state.ts, tile reading in tile-source.ts;
 * the math is in note.ts and tlog.ts.
 */
import { join } from 'node:path';
import { NetworkError, VerificationError } from '../../errors.js';
import {
  escapeModulePath,
  escapeVersion,
  nodeFetcher,
  parseGoproxy,
  type Fetcher,
  type FetchResult,
  type ProxyEntry,
} from '../../fetch/goproxy.js';
import { parseGosumdb, type SumdbSettings } from './gosumdb.js';
import { parseLookupResponse, recordLines, type LookupResponse } from './lookup-answer.js';
import { HeadState, type SignedTree } from './head-state.js';
import { openNote, parseTreeNote } from './note.js';
import {
  proveRecord,
  recordHash,
  recordProofRoot,
  storedHashIndex,
  tileHashReader,
  type TileReader,
} from './tlog.js';
import {
  fileDatabaseTileReader,
  keptTileReader,
  MissingTileError,
  recordingTileReader,
  TileCache,
} from './tile-source.js';
import { readBundleHead, type BundleHead } from '../bundle-head.js';
import { TreeForkError } from './tree-fork-error.js';
import { consistencyRoots } from './consistency-tiles.js';

export { parseGosumdb, type SumdbSettings } from './gosumdb.js';
export { parseLookupResponse, type LookupResponse } from './lookup-answer.js';
export { MissingTileError } from './tile-source.js';
export { TreeForkError } from './tree-fork-error.js';

/**
 * What was established between the tree of an answer and the tree head the client had
 * verified before: the same tree; the answer's tree is larger and extends it; the stored one
 * is larger and extends the answer's; there was none (the answer's is now the head); or,
 * offline, it could not be checked because the kept proof lacks the tiles for it.
 */
export type TreeConsistency =
  'same-tree' | 'extends-known' | 'known-extends' | 'first-seen' | 'unchecked';

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
  /**
   * The database URL used (a proxy's /sumdb/<name> or the database itself); offline, where
   * the verified answer came from (no database was reached).
   */
  readonly databaseUrl: string;
  /**
   * A lookup answer that proves this result by itself: `<record id>\n<record text>\n<note>`,
   * with the note of the tree the record was proven in (treeSize, rootHash, treeNote).
   */
  readonly answer: string;
  /**
   * The tiles (by tile path) read to prove the record's inclusion in that tree: with
   * `answer`, enough to prove it again without the network.
   */
  readonly tiles: ReadonlyMap<string, Buffer>;
  /** How the answer's tree relates to the tree head verified before it. */
  readonly consistency: TreeConsistency;
  /** For 'unchecked': which trees could not be proven consistent, and why. */
  readonly consistencyNote?: string;
  /** Set when the answer was read from an air-gapped bundle (file://). */
  readonly bundle?: BundleHead;
}

/** Options of SumdbClient.verifyLookupResponse. */
export interface LookupVerifyOptions {
  /**
   * Tiles kept with the answer (tile path → bytes), read before the database. Untrusted:
   * they are checked like fetched ones.
   */
  readonly tiles?: ReadonlyMap<string, Uint8Array>;
  /**
   * Never touch the network: every tile must be in `tiles`; the record is proven in the
   * answer's own tree, and a consistency proof with the stored head that needs tiles not
   * kept is skipped (consistency 'unchecked', the stored head left as it is).
   */
  readonly offline?: boolean;
  /** The database is a bundle (file:// or served): verify as offline, reading its tiles. */
  readonly fileDatabase?: boolean;
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

/** The tree to prove a record against, and how it relates to the head stored before. */
interface MergedTree {
  readonly tree: SignedTree;
  readonly consistency: TreeConsistency;
  readonly consistencyNote?: string;
}

/** How one verification reads tiles. */
interface TileContext {
  readonly read: TileReader;
  readonly offline: boolean;
  /** Where the answer came from. */
  readonly where: string;
  /** Where the tiles came from, for errors (never reaches the network when offline). */
  origin(): Promise<string>;
}

export class SumdbClient {
  readonly settings: SumdbSettings;
  private readonly proxies: readonly ProxyEntry[];
  private readonly fetcher: Fetcher;
  /** The last verified tree head. */
  private readonly state: HeadState;
  private basePromise: Promise<string> | undefined;
  /** Tiles fetched by this client; dropped after any verification failure. */
  private readonly cache = new TileCache((path, what) => this.get(path, what));

  constructor(options: SumdbClientOptions = {}) {
    this.settings = parseGosumdb(options.gosumdb);
    const goproxy = options.goproxy;
    this.proxies = typeof goproxy === 'object' ? goproxy : parseGoproxy(goproxy);
    this.fetcher = options.fetcher ?? nodeFetcher();
    const stateFile =
      options.stateDir === undefined
        ? undefined
        : join(options.stateDir, encodeURIComponent(this.settings.name), 'latest');
    this.state = new HeadState(stateFile, (note, where) => this.verifyTreeNote(note, where));
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

  private verifyTreeNote(note: string, where: string): SignedTree {
    const opened = openNote(note, [this.settings.verifier], where);
    const head = parseTreeNote(opened.text, where);
    return { ...head, note, source: where };
  }

  /** Proves that `newer` extends `older`, reading tiles of `newer`. */
  private async checkConsistent(
    older: SignedTree,
    newer: SignedTree,
    ctx: TileContext,
  ): Promise<void> {
    if (older.size === newer.size) {
      if (!older.hash.equals(newer.hash)) throw this.forkError(older, newer, undefined);
      return;
    }
    if (older.size === 0) return; // the empty tree is a prefix of every tree
    const roots = await consistencyRoots(older.size, older.hash, newer.size, ctx.read);
    if (!roots.newer.equals(newer.hash)) {
      // The tiles are not the signed tree's: bad data in transit or in a cache, not a fork.
      throw new VerificationError(
        `root of checksum database tree ${newer.size} computed from its tiles`,
        newer.hash.toString('base64'),
        roots.newer.toString('base64'),
        await ctx.origin(),
      );
    }
    if (!roots.older.equals(older.hash)) throw this.forkError(older, newer, roots.older);
  }

  /**
   * checkConsistent between the answer's tree and the stored one, except that offline a
   * tile the kept proof lacks leaves them unchecked (returned) instead of failing.
   */
  private async tryConsistent(
    seen: SignedTree,
    known: SignedTree,
    ctx: TileContext,
  ): Promise<MergedTree | undefined> {
    // At the same size the stored tree is the earlier one (in a fork report).
    const [older, newer] = seen.size < known.size ? [seen, known] : [known, seen];
    try {
      await this.checkConsistent(older, newer, ctx);
      return undefined;
    } catch (err) {
      if (!(ctx.offline && err instanceof MissingTileError)) throw err;
      const consistencyNote =
        `tree ${seen.size} of ${ctx.where} and tree ${known.size} verified earlier ` +
        `(${known.source}): the tiles to prove them consistent are not kept ` +
        `(${err.path} is missing); checked again when the database is reachable`;
      return { tree: seen, consistency: 'unchecked', consistencyNote };
    }
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
   * returns the tree to prove records against: the larger of the two, or offline always the
   * seen one (only its tiles are kept).
   */
  private async mergeTree(seen: SignedTree, ctx: TileContext): Promise<MergedTree> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.state.load();
      if (stored === undefined) {
        await this.state.save(seen);
        return { tree: seen, consistency: 'first-seen' };
      }
      const known = stored.tree;
      const unchecked = await this.tryConsistent(seen, known, ctx);
      if (unchecked !== undefined) return unchecked;
      if (seen.size <= known.size) {
        this.state.remember(known);
        const consistency = seen.size === known.size ? 'same-tree' : 'known-extends';
        return { tree: ctx.offline ? seen : known, consistency };
      }
      // Another process may have moved the state on meanwhile: only replace what we checked.
      const now = await this.state.load();
      if (now?.raw === stored.raw) {
        await this.state.save(seen);
        return { tree: seen, consistency: 'extends-known' };
      }
    }
    throw new Error(`the checksum database state ${this.state.file} keeps changing; try again`);
  }

  /** How a verification reads tiles: kept ones first, then (unless offline) the database. */
  private tileContext(where: string, options: LookupVerifyOptions = {}): TileContext {
    if (options.fileDatabase === true) {
      const read = fileDatabaseTileReader(this.cache.read, `the database at ${where}`);
      return { read, offline: true, where, origin: () => this.databaseUrl() };
    }
    const offline = options.offline === true;
    const kept = options.tiles;
    if (kept === undefined && !offline) {
      return { read: this.cache.read, offline, where, origin: () => this.databaseUrl() };
    }
    const keptWhere = `the tiles kept with ${where}`;
    return {
      read: keptTileReader(kept ?? new Map(), offline ? undefined : this.cache.read, where),
      offline,
      where,
      origin: offline
        ? () => Promise.resolve(keptWhere)
        : async () => `${await this.databaseUrl()} or ${keptWhere}`,
    };
  }

  /** Fetches, verifies and records the database's latest signed tree head. */
  async latest(): Promise<{ size: number; rootHash: string; note: string }> {
    const { body, url } = await this.get('latest', 'the latest tree');
    let tree: SignedTree;
    try {
      const seen = this.verifyTreeNote(body.toString('utf8'), url);
      tree = (await this.mergeTree(seen, this.tileContext(url))).tree;
    } catch (err) {
      if (err instanceof VerificationError) this.cache.clear();
      throw err;
    }
    return { size: tree.size, rootHash: tree.hash.toString('base64'), note: tree.note };
  }

  /** Looks up a module version and proves its go.sum lines are in the log. */
  async lookup(module: string, version: string): Promise<SumdbLookup> {
    const path = `lookup/${escapeModulePath(module)}@${escapeVersion(version)}`;
    // A bundle (mounted or served) holds the tiles of its own tree only.
    const [{ body, url }, bundle] = await Promise.all([
      this.get(path, `${module}@${version}`),
      this.databaseUrl().then((base) => readBundleHead(base, this.settings.name, this.fetcher)),
    ]);
    const options = bundle === undefined ? undefined : { fileDatabase: true };
    const lookup = await this.verifyLookupResponse(body, module, version, url, options);
    return bundle === undefined ? lookup : { ...lookup, bundle };
  }

  /**
   * Verifies a lookup answer obtained elsewhere (a cache, a record file, a kept proof):
   * signature, tree consistency with what was verified before, inclusion of the record, and
   * its lines. With `options.tiles` and `offline`, without the network (see
   * LookupVerifyOptions).
   */
  async verifyLookupResponse(
    body: Uint8Array,
    module: string,
    version: string,
    where: string,
    options?: LookupVerifyOptions,
  ): Promise<SumdbLookup> {
    try {
      return await this.verifyAnswer(body, module, version, this.tileContext(where, options));
    } catch (err) {
      if (err instanceof VerificationError) this.cache.clear(); // refetch on a retry
      throw err;
    }
  }

  private async verifyAnswer(
    body: Uint8Array,
    module: string,
    version: string,
    ctx: TileContext,
  ): Promise<SumdbLookup> {
    const where = ctx.where;
    const answer = parseLookupResponse(body, where);
    const seen = this.verifyTreeNote(answer.note, where);
    const merged = await this.mergeTree(seen, ctx);
    const tree = merged.tree;
    const tiles = await this.proveInclusion(answer, tree, `${module}@${version}`, ctx);
    return {
      module,
      version,
      ...recordLines(answer, module, version, where),
      recordId: answer.id,
      treeSize: tree.size,
      rootHash: tree.hash.toString('base64'),
      treeNote: tree.note,
      databaseUrl: ctx.offline ? where : await this.databaseUrl(),
      answer: `${answer.id}\n${answer.record}\n${tree.note}`,
      tiles,
      consistency: merged.consistency,
      ...(merged.consistencyNote === undefined ? {} : { consistencyNote: merged.consistencyNote }),
    };
  }

  /** Proves the record is in `tree`; returns the tiles read to prove it, by path. */
  private async proveInclusion(
    answer: LookupResponse,
    tree: SignedTree,
    what: string,
    ctx: TileContext,
  ): Promise<Map<string, Buffer>> {
    if (answer.id >= tree.size) {
      throw new VerificationError(
        `record id of ${what}`,
        `less than the tree size ${tree.size}`,
        String(answer.id),
        ctx.where,
      );
    }
    const read = new Map<string, Buffer>();
    const reader = tileHashReader(tree.size, recordingTileReader(ctx.read, read));
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
          `leaf hash of the record for ${what} (record ${answer.id})`,
          `${logLeaf.toString('base64')} (in the log, proven against tree ${tree.size})`,
          leaf.toString('base64'),
          ctx.where,
        );
      }
      throw new VerificationError(
        `inclusion proof of record ${answer.id} (${what}) computed from the tiles`,
        `root ${tree.hash.toString('base64')} of the signed tree ${tree.size}`,
        `root ${root?.toString('base64') ?? '(malformed proof)'}`,
        await ctx.origin(),
      );
    }
    return new Map([...read].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
