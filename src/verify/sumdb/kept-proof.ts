/**
 * A checksum database proof kept on disk (beside an installed toolchain) so that every later
 * use can prove the record again without the network: the lookup answer with the signed note
 * of the tree it was proven in, and the tiles of that inclusion proof.
 *
 * Whoever can write the folder can write this file, so it is untrusted input: parsing checks
 * its shape only, and verifyKeptProof proves it all again (signature with the client's
 * verifier key, inclusion with the kept tiles, the record's lines, consistency with the
 * client's stored tree head).
 */
import { VerificationError } from '../../errors.js';
import type { SumdbClient, SumdbLookup } from './client.js';
import { HASH_SIZE, parseTilePath, TILE_HEIGHT } from './tlog.js';

export const KEPT_PROOF_SCHEMA = 1;

export interface KeptProof {
  readonly schema: typeof KEPT_PROOF_SCHEMA;
  /** The checksum database's name, e.g. sum.golang.org. */
  readonly database: string;
  /** The module path, e.g. golang.org/toolchain. */
  readonly module: string;
  /** The module version, e.g. v0.0.1-go1.22.5.linux-amd64. */
  readonly version: string;
  /** SumdbLookup.answer: record id, record text and the signed tree note. */
  readonly answer: string;
  /** Tile path → standard base64 of its bytes. */
  readonly tiles: Readonly<Record<string, string>>;
}

const FIELDS = ['schema', 'database', 'module', 'version', 'answer', 'tiles'] as const;
const DESCRIPTION =
  `a JSON object with exactly ${FIELDS.join(', ')}: schema ${KEPT_PROOF_SCHEMA}, strings, ` +
  'and tiles mapping tile paths to base64';

const byKey = <T>([a]: [string, T], [b]: [string, T]): number => (a < b ? -1 : a > b ? 1 : 0);

/** The kept form of a verified lookup of `database`. */
export function keptProofOf(lookup: SumdbLookup, database: string): KeptProof {
  const tiles: Record<string, string> = {};
  for (const [path, data] of [...lookup.tiles].sort(byKey)) tiles[path] = data.toString('base64');
  return {
    schema: KEPT_PROOF_SCHEMA,
    database,
    module: lookup.module,
    version: lookup.version,
    answer: lookup.answer,
    tiles,
  };
}

/** JSON with a fixed key order (tiles sorted by path) and a trailing newline. */
export function serializeKeptProof(proof: KeptProof): string {
  const tiles: Record<string, string> = {};
  for (const [path, data] of Object.entries(proof.tiles).sort(byKey)) tiles[path] = data;
  const ordered = {
    schema: proof.schema,
    database: proof.database,
    module: proof.module,
    version: proof.version,
    answer: proof.answer,
    tiles,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function malformed(what: string, found: string, where: string, expected = DESCRIPTION) {
  return new VerificationError(what, expected, found, where);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a kept tile: a canonical hash-tile path of height 8 and the canonical standard
 * base64 of exactly w·32 bytes. Returns the bytes.
 */
function decodeKeptTile(path: string, base64: unknown, where: string): Buffer {
  const tile = parseTilePath(path);
  if (tile === undefined || tile.l < 0 || tile.h !== TILE_HEIGHT) {
    throw malformed(
      'tile path in the kept proof',
      JSON.stringify(path),
      where,
      `a hash tile path tile/${TILE_HEIGHT}/<level>/<nnn>[.p/<width>]`,
    );
  }
  const bytes = tile.w * HASH_SIZE;
  const data =
    typeof base64 === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(base64)
      ? Buffer.from(base64, 'base64')
      : undefined;
  if (data === undefined || data.toString('base64') !== base64) {
    const found = typeof base64 === 'string' ? 'text that is not canonical base64' : typeof base64;
    throw malformed(`tile ${path} in the kept proof`, found, where, 'canonical standard base64');
  }
  if (data.length !== bytes) {
    throw malformed(
      `size of the kept tile ${path}`,
      `${data.length} bytes`,
      where,
      `${bytes} bytes`,
    );
  }
  return data;
}

function parseObject(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw malformed(
      'kept checksum database proof',
      `text that is not JSON (${String(err)})`,
      where,
    );
  }
  if (!isPlainObject(value)) {
    const found =
      value === null ? 'JSON null' : Array.isArray(value) ? 'a JSON array' : `JSON ${typeof value}`;
    throw malformed('kept checksum database proof', found, where);
  }
  const keys = Object.keys(value);
  const unknown = keys.filter((k) => !(FIELDS as readonly string[]).includes(k));
  const missing = FIELDS.filter((k) => !keys.includes(k));
  if (unknown.length > 0 || missing.length > 0) {
    const found = [
      ...(missing.length ? [`missing ${missing.join(', ')}`] : []),
      ...(unknown.length ? [`unknown ${unknown.map((k) => JSON.stringify(k)).join(', ')}`] : []),
    ];
    throw malformed('fields of the kept checksum database proof', found.join('; '), where);
  }
  return value;
}

function stringField(obj: Record<string, unknown>, key: string, where: string): string {
  const v = obj[key];
  if (typeof v !== 'string') {
    throw malformed(
      `field ${key} of the kept proof`,
      v === null ? 'null' : typeof v,
      where,
      'a string',
    );
  }
  return v;
}

/**
 * Parses untrusted text: bad JSON, another schema, missing, unknown or mistyped fields, tile
 * paths that are not hash tile paths, base64 that is not canonical or of the wrong size are
 * VerificationErrors. The content is not verified (verifyKeptProof does that).
 */
export function parseKeptProof(text: string, where: string): KeptProof {
  const obj = parseObject(text, where);
  if (obj['schema'] !== KEPT_PROOF_SCHEMA) {
    const found = JSON.stringify(obj['schema']);
    throw malformed('schema of the kept proof', found, where, String(KEPT_PROOF_SCHEMA));
  }
  const rawTiles = obj['tiles'];
  if (!isPlainObject(rawTiles)) {
    const found =
      rawTiles === null ? 'null' : Array.isArray(rawTiles) ? 'an array' : typeof rawTiles;
    throw malformed('tiles of the kept proof', found, where, 'an object');
  }
  const tiles: Record<string, string> = {};
  for (const [path, data] of Object.entries(rawTiles).sort(byKey)) {
    decodeKeptTile(path, data, where);
    tiles[path] = data as string;
  }
  return {
    schema: KEPT_PROOF_SCHEMA,
    database: stringField(obj, 'database', where),
    module: stringField(obj, 'module', where),
    version: stringField(obj, 'version', where),
    answer: stringField(obj, 'answer', where),
    tiles,
  };
}

/**
 * Proves a kept proof again with `client` (its verifier key and stored tree head): it must
 * be for the expected module version and the client's database; then the answer is verified
 * with the kept tiles, and with `offline` without any network access (see
 * SumdbClient.verifyLookupResponse). Online, the result is for the newest tree head the client
 * knows, so keeping it refreshes the proof.
 */
export async function verifyKeptProof(
  client: SumdbClient,
  proof: KeptProof,
  expected: { module: string; version: string },
  where: string,
  options: { offline?: boolean } = {},
): Promise<SumdbLookup> {
  if (proof.module !== expected.module || proof.version !== expected.version) {
    throw new VerificationError(
      'module version of the kept checksum database proof',
      `${expected.module}@${expected.version}`,
      `${proof.module}@${proof.version}`,
      where,
    );
  }
  const name = client.settings.name;
  if (proof.database !== name) {
    throw new VerificationError(
      'checksum database of the kept proof',
      name,
      JSON.stringify(proof.database),
      where,
    );
  }
  const tiles = new Map<string, Buffer>();
  for (const [path, data] of Object.entries(proof.tiles)) {
    tiles.set(path, decodeKeptTile(path, data, where));
  }
  return client.verifyLookupResponse(
    Buffer.from(proof.answer, 'utf8'),
    proof.module,
    proof.version,
    where,
    { tiles, offline: options.offline === true },
  );
}
