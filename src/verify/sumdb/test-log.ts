/**
 * A transparency log of our own for tests, signed by a key made on the spot: it serves
 * `latest`, lookups and tiles as sum.golang.org does, and can grow, fork (another history
 * under the same key), serve stale notes or drop partial tiles, which the real database
 * never does on request. Imported by tests only; no bundle contains it.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatTreeNote, formatVerifierKey, signNote } from './note.js';
import { parseTilePath, type Tile } from './tlog.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export class FakeLog {
  readonly name = 'log.test.example';
  private readonly keys = generateKeyPairSync('ed25519');
  readonly publicKey = this.keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  readonly vkey = formatVerifierKey(this.name, this.publicKey);
  records: string[] = [];
  /** Tree sizes the log published: it serves the partial tiles of each. */
  partialsFor = new Set<number>();
  /** Drop partial tiles once the full tile exists (a server may keep only the full one). */
  dropCompletedPartials = false;
  /** When set, lookups carry the note of this (older) size, as a stale cache would. */
  lookupNoteSize: number | undefined;

  static record(i: number, variant = ''): string {
    const h = (s: string) => `h1:${sha(Buffer.from(s)).toString('base64')}`;
    return `example.com/m${i} v1.0.0 ${h(`zip${i}${variant}`)}\nexample.com/m${i} v1.0.0/go.mod ${h(`mod${i}`)}\n`;
  }

  grow(n: number, variant = (_i: number) => ''): void {
    for (let i = this.records.length; i < n; i++) this.records.push(FakeLog.record(i, variant(i)));
    this.partialsFor.add(n);
  }

  private cached: { records: string[]; size: number; levels: Buffer[][] } | undefined;

  private levels(): Buffer[][] {
    const c = this.cached;
    if (c && c.records === this.records && c.size === this.records.length) return c.levels;
    const levels = [this.records.map((r) => sha(Buffer.from([0]), Buffer.from(r)))];
    this.cached = { records: this.records, size: this.records.length, levels };
    for (;;) {
      const prev = levels[levels.length - 1]!;
      if (prev.length < 2) return levels;
      const next: Buffer[] = [];
      for (let i = 0; i + 1 < prev.length; i += 2)
        next.push(sha(Buffer.from([1]), prev[i]!, prev[i + 1]!));
      levels.push(next);
    }
  }

  /** RFC 6962 MTH straight from the definition (complete subtrees taken from the levels). */
  root(size: number): Buffer {
    const levels = this.levels();
    const mth = (lo: number, hi: number): Buffer => {
      const n = hi - lo;
      if ((n & (n - 1)) === 0) return levels[Math.log2(n)]![lo / n]!;
      let k = 1;
      while (k * 2 < n) k *= 2;
      return sha(Buffer.from([1]), mth(lo, lo + k), mth(lo + k, hi));
    };
    return mth(0, size);
  }

  note(size: number): string {
    return signNote(formatTreeNote({ size, hash: this.root(size) }), {
      name: this.name,
      publicKey: this.publicKey,
      privateKey: this.keys.privateKey,
    });
  }

  /** Tile data, or undefined when the server does not publish that tile (404). */
  tile(t: Tile): Buffer | undefined {
    const row = this.levels()[t.l * t.h] ?? [];
    const start = t.n * 2 ** t.h;
    if (row.length < start + t.w) return undefined;
    if (t.w < 2 ** t.h) {
      // A partial tile exists only for tree sizes the log published and still keeps.
      const wanted = [...this.partialsFor].some(
        (size) => Math.floor(size / 2 ** (t.l * t.h)) - start === t.w,
      );
      if (!wanted) return undefined;
      if (this.dropCompletedPartials && row.length >= start + 2 ** t.h) return undefined;
    }
    return Buffer.concat(row.slice(start, start + t.w));
  }

  requests: string[] = [];

  handler: Handler = (req, res) => {
    const path = (req.url ?? '').replace(`/sumdb/${this.name}/`, '');
    this.requests.push(path);
    const size = this.records.length;
    let body: string | Buffer | undefined;
    if (path === 'supported') body = '';
    else if (path === 'latest') body = this.note(size);
    else if (path.startsWith('lookup/')) {
      const [mod, ver] = path.slice('lookup/'.length).split('@');
      const id = this.records.findIndex((r) => r.startsWith(`${mod} ${ver} `));
      if (id >= 0) body = `${id}\n${this.records[id]}\n${this.note(this.lookupNoteSize ?? size)}`;
    } else {
      const t = parseTilePath(path);
      if (t) body = this.tile(t);
    }
    res.statusCode = body === undefined ? 404 : 200;
    res.end(body ?? 'not found');
  };
}
