export interface ReleaseTamper {
  /** Platforms whose checksums line carries a hash of other bytes. */
  wrongHash?: string[];
  /** Platforms whose asset is named only inside longer names (`<asset>.sbom.json`, `x-<asset>`). */
  substringOnly?: string[];
  /** Platforms with only the `<asset>.sbom.json` line. */
  sbomOnly?: string[];
  /** Platforms whose archive has no binary. */
  omitBinary?: string[];
  /** Answer the first N requests (any path) with HTTP 500. */
  failFirst?: number;
  /** File name → answer its first N requests with HTTP 500. */
  failFor?: Record<string, number>;
  /** File name → send only half of its bytes, then drop the connection, the first N times. */
  cutFor?: Record<string, number>;
  /** File names answered with 404 although they exist. */
  notFound?: string[];
}
export interface ServedArchive {
  platform: string;
  data: Buffer;
  sha256: string;
}
export interface GolangciReleaseServer {
  /** Base for releases/download: assets are at `<url>/<version>/<file>`. */
  url: string;
  checksumsText: string;
  /** Asset file name → archive. */
  archives: Map<string, ServedArchive>;
  requests: {
    method: string;
    path: string;
    headers: Record<string, string | string[] | undefined>;
  }[];
  countFor(name: string): number;
  close(): Promise<void>;
}
export function startGolangciReleaseServer(opts: {
  version: string;
  /** Platform ('linux-amd64', 'windows-amd64', ...) → path or bytes of the binary. */
  binaries: Record<string, string | Buffer>;
  tamper?: ReleaseTamper;
}): Promise<GolangciReleaseServer>;
export interface StaticcheckReleaseServer {
  /** Base for releases/download: assets are at `<url>/<release>/<file>`. */
  url: string;
  /** Asset file name → archive. */
  archives: Map<string, ServedArchive>;
  requests: GolangciReleaseServer['requests'];
  countFor(name: string): number;
  close(): Promise<void>;
}
export function startStaticcheckReleaseServer(opts: {
  /** The release name, e.g. 2026.2.2. */
  release: string;
  /** Platform ('linux-amd64', ...) → path or bytes of the binary. */
  binaries: Record<string, string | Buffer>;
  tamper?: Pick<
    ReleaseTamper,
    'wrongHash' | 'omitBinary' | 'failFirst' | 'failFor' | 'cutFor' | 'notFound'
  >;
}): Promise<StaticcheckReleaseServer>;
