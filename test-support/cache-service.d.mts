import type { Azurite } from './azurite.mjs';

export type TwirpMethod =
  'GetCacheEntryDownloadURL' | 'CreateCacheEntry' | 'FinalizeCacheEntryUpload';

/**
 * '500': Twirp internal error. '429': rate limited, Retry-After: 60. 'malformed': 200 with an
 * HTML body. 'slow': answers after delayMs (default 5000). 'truncate-blob': a lookup hands out
 * a copy of the blob cut to `fraction` (default 0.6) of its bytes. 'down': every connection to
 * the service is cut at once. 'slow-blob': blob downloads through the proxy start after
 * delayMs (default 5000).
 */
export type FaultKind =
  '500' | '429' | 'malformed' | 'slow' | 'truncate-blob' | 'down' | 'slow-blob';

export type Fault =
  | FaultKind
  | {
      kind: FaultKind;
      /** Only these methods misbehave (all by default); 'blob' for slow-blob. */
      methods?: (TwirpMethod | 'blob')[];
      /** Misbehave for this many calls, then behave (forever by default). */
      times?: number;
      delayMs?: number;
      fraction?: number;
    };

export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  blobName: string;
  /** True once FinalizeCacheEntryUpload accepted it; only committed entries are found. */
  committed: boolean;
  sizeBytes?: number;
  /** Commit order; the newest commit wins a restore-key match. */
  seq: number;
}

export interface ServiceRequest {
  /** The Twirp method, 'v1-lookup', or 'blob' for a request through the blob proxy. */
  method: string;
  status: number;
  /** The parsed JSON body (the raw text if it was not JSON). */
  body?: unknown;
  authorized?: boolean;
  /** For 'blob': the HTTP method and blob path. */
  verb?: string;
  path?: string;
  error?: string;
}

export interface CacheService {
  /** For ACTIONS_RESULTS_URL; ends with '/'. */
  url: string;
  /** An HTTP proxy for ACCOUNT.blob.core.windows.net blob URLs: set HTTP_PROXY to it. */
  proxyUrl: string;
  /** For ACTIONS_RUNTIME_TOKEN; other bearer tokens get 401. */
  token: string;
  entries: CacheEntry[];
  requests: ServiceRequest[];
  /**
   * Stores `data` as the committed, newest entry for `key` and `version` (the blob as it is:
   * any archive, hostile or not).
   */
  putEntry(entry: { key: string; version: string; data: Uint8Array }): Promise<CacheEntry>;
  /** Replaces the active faults; null clears them. */
  setFault(fault: Fault | Fault[] | null): void;
  stop(): Promise<void>;
}

export function startCacheService(opts: {
  azurite: Azurite;
  faults?: Fault | Fault[] | null;
  /**
   * 'azure' (default): blob URLs name ACCOUNT.blob.core.windows.net and need HTTP_PROXY set
   * to proxyUrl, so @actions/cache downloads through the Azure SDK as on GitHub. 'direct':
   * Azurite's own loopback URLs, which @actions/cache downloads with a plain HTTP GET.
   */
  blobUrls?: 'azure' | 'direct';
}): Promise<CacheService>;
