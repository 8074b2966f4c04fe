/**
 * The air-gapped bundle a checksum-database answer was read from, and how old its tree head
 * is. A signed note carries no time, so the only clock is the bundle manifest's `fetchedAt`
 * (when `setup-go-verified mirror` read the head from the database): unsigned, a report for
 * people, never part of a proof. An offline proof shows inclusion in a signed tree; it
 * cannot show that the tree is current.
 */
import type { Fetcher } from '../fetch/goproxy.js';

export interface BundleHead {
  /** The bundle's root URL (the GOPROXY entry it was read through: file:, or a server). */
  readonly url: string;
  /** When its tree head was fetched from the database, per its manifest (ISO 8601). */
  readonly fetchedAt?: string;
}

/**
 * The root of a bundle a database URL may point into: a proxy's `<root>/sumdb/<name>`.
 * The database itself (no `/sumdb/`) is never a bundle.
 */
export function bundleRootOf(databaseUrl: string): string | undefined {
  const at = databaseUrl.lastIndexOf('/sumdb/');
  return at < 0 ? undefined : databaseUrl.slice(0, at);
}

/** `tree.fetchedAt` of a manifest's text, when it is there and a date. */
export function manifestFetchedAt(text: string): string | undefined {
  return manifestOf(text)?.fetchedAt;
}

/** The manifest fields a bundle's reader needs, when `text` is a bundle manifest at all. */
function manifestOf(text: string): { database: string; fetchedAt?: string } | undefined {
  let value: { schema?: unknown; database?: unknown; tree?: { fetchedAt?: unknown } };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return undefined;
  }
  if (value?.schema !== 1 || typeof value.database !== 'string') return undefined;
  const at = value.tree?.fetchedAt;
  return typeof at === 'string' && !Number.isNaN(Date.parse(at))
    ? { database: value.database, fetchedAt: at }
    : { database: value.database };
}

/**
 * The bundle a database URL points into: any file: database (a mounted bundle, with or
 * without its manifest), or a served one whose root has a bundle manifest for this database.
 */
export async function readBundleHead(
  databaseUrl: string,
  database: string,
  fetcher: Fetcher,
): Promise<BundleHead | undefined> {
  const url = bundleRootOf(databaseUrl);
  if (url === undefined) return undefined;
  const res = await fetcher(`${url}/manifest.json`).catch(() => undefined);
  const manifest = res?.status === 200 ? manifestOf(res.body.toString('utf8')) : undefined;
  if (manifest === undefined || manifest.database !== database) {
    return url.startsWith('file:') ? { url } : undefined;
  }
  return manifest.fetchedAt === undefined ? { url } : { url, fetchedAt: manifest.fetchedAt };
}

/** Whole days from `fetchedAt` to `now` (0 for a date in the future). */
export function ageInDays(fetchedAt: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(fetchedAt)) / 86_400_000));
}

/** "the bundle at URL, tree head fetched 2026-12-01 (2 days ago, per its unsigned manifest)" */
export function describeBundleHead(head: BundleHead, now: number): string {
  if (head.fetchedAt === undefined) {
    return `the bundle at ${head.url} (its manifest gives no date for its tree head)`;
  }
  const days = ageInDays(head.fetchedAt, now);
  const age = days === 1 ? '1 day ago' : `${days} days ago`;
  return `the bundle at ${head.url}, tree head fetched ${head.fetchedAt.slice(0, 10)} (${age}, per its unsigned manifest)`;
}
