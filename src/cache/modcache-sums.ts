/**
 * What a workspace's go.sum files say a module cache must hold. Pure: text in, expectations
 * out. Each `<module> <version> h1:…` line is the hash of that version's zip and of its
 * extracted directory; each `<module> <version>/go.mod h1:…` line the hash of its go.mod.
 *
 * Paths in the cache are derived from these lines, so a line whose module path or version
 * could name anything outside the cache (`..`, absolute, odd characters) is ignored, never
 * turned into a path: the go command would refuse such a line too.
 */

/** One version's expected hashes, under the escaped key `<path>@<version>` the cache uses. */
export interface ExpectedVersion {
  readonly module: string;
  readonly version: string;
  /** Distinct `h1:` of the zip/directory (more than one: the go.sum files disagree). */
  readonly zip: Set<string>;
  /** Distinct `h1:` of the go.mod file. */
  readonly mod: Set<string>;
}

export interface SumLine {
  readonly module: string;
  readonly version: string;
  readonly kind: 'zip' | 'mod';
  readonly h1: string;
}

/** A module path element: the characters Go allows, no leading or trailing dot. */
const ELEMENT = /^[A-Za-z0-9_~-](?:[A-Za-z0-9._~-]*[A-Za-z0-9_~-])?$/;
/** A (semantic or pseudo-) version as it appears in go.sum: no `/`, no `..`. */
const VERSION = /^v[0-9A-Za-z+-]+(?:\.[0-9A-Za-z+-]+)*$/;
/** `h1:` and the base64 of a SHA-256. */
const H1 = /^h1:[A-Za-z0-9+/]{43}=$/;

/** Whether a module path is safe to turn into a cache path (a subset of Go's CheckPath). */
export function isModulePath(module: string): boolean {
  return module.length <= 1024 && module.split('/').every((e) => ELEMENT.test(e));
}

export function isVersion(version: string): boolean {
  return version.length <= 256 && VERSION.test(version);
}

/**
 * Go's case-escaping of module paths and versions in the cache (module.EscapePath): each
 * upper-case letter becomes `!` and its lower-case form, so the cache works on
 * case-insensitive file systems.
 */
export function escapeCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** The cache's name for a version: `<escaped path>@<escaped version>`. */
export function versionKey(module: string, version: string): string {
  return `${escapeCase(module)}@${escapeCase(version)}`;
}

/** The lines of a go.sum text that name a checkable hash; `ignored` counts the rest. */
export function parseGoSum(text: string): { lines: SumLine[]; ignored: number } {
  const lines: SumLine[] = [];
  let ignored = 0;
  for (const raw of text.split('\n')) {
    const fields = raw.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') continue;
    const [module, rawVersion, h1] = fields;
    if (fields.length !== 3 || !H1.test(h1!)) {
      ignored++;
      continue;
    }
    const kind = rawVersion!.endsWith('/go.mod') ? 'mod' : 'zip';
    const version = kind === 'mod' ? rawVersion!.slice(0, -'/go.mod'.length) : rawVersion!;
    if (!isModulePath(module!) || !isVersion(version)) {
      ignored++;
      continue;
    }
    lines.push({ module: module!, version, kind, h1: h1! });
  }
  return { lines, ignored };
}

/** Every version the lines name, by cache key. */
export function expectedVersions(lines: Iterable<SumLine>): Map<string, ExpectedVersion> {
  const byKey = new Map<string, ExpectedVersion>();
  for (const line of lines) {
    const key = versionKey(line.module, line.version);
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = { module: line.module, version: line.version, zip: new Set(), mod: new Set() };
      byKey.set(key, entry);
    }
    entry[line.kind].add(line.h1);
  }
  return byKey;
}
