/**
 * The options of a Go setup, shared by the action (inputs), the CLI (flags) and library
 * callers, and their validation. Pure: raw strings in, typed options or InputError out.
 */
import { InputError } from './errors.js';
import { booleanInput, choiceInput } from './inputs.js';

export const HEALTH_CHECK_LEVELS = ['full', 'quick', 'off'] as const;
export const DOWNLOAD_SOURCES = ['go.dev', 'proxy'] as const;
export const VERIFY_SUMDB = ['auto', 'required', 'off'] as const;
export type HealthCheckLevel = (typeof HEALTH_CHECK_LEVELS)[number];
export type DownloadSource = (typeof DOWNLOAD_SOURCES)[number];
export type VerifySumdb = (typeof VERIFY_SUMDB)[number];

export const DEFAULT_GOPROXY = 'https://proxy.golang.org';

export interface SetupGoOptions {
  /** A version spec (`1.22`, `^1.21`, `stable`, ...). Wins over goVersionFile. */
  readonly goVersion?: string;
  /** go.mod, go.work, .go-version or .tool-versions. */
  readonly goVersionFile?: string;
  /** Directory relative paths and the default go.mod are looked up in. */
  readonly workingDirectory: string;
  readonly checkLatest: boolean;
  /** Runner or Go architecture name; default: the runner's. */
  readonly architecture?: string;
  /** GOOS override (tests, and installing for another OS); default: the runner's. */
  readonly os?: string;
  /** Where toolchains come from: go.dev (or a mirror of it), or a Go module proxy. */
  readonly downloadSource: DownloadSource;
  /** GOPROXY list for `downloadSource: proxy`. */
  readonly goproxy: string;
  /**
   * Cross-check go.dev archives against the checksum database: `auto` for .zip archives
   * (no OpenPGP signature exists for them), `required` for every archive, `off` never.
   */
  readonly verifySumdb: VerifySumdb;
  /** GOSUMDB setting (`name+hash+key [url]`); default sum.golang.org. */
  readonly gosumdb?: string;
  /** Base URL of a go.dev mirror; default: go.dev. */
  readonly downloadBaseUrl?: string;
  /** Armored keys or a path; default: the pinned bundle. */
  readonly signingKeys?: string;
  readonly gotoolchain: string;
  readonly healthCheck: HealthCheckLevel;
  /** Sent only to GitHub hosts. */
  readonly token?: string;
  readonly toolCacheDir: string;
}

/** What the caller supplies when an input is empty. */
export interface OptionDefaults {
  readonly workingDirectory: string;
  readonly toolCacheDir: string;
  readonly goproxy?: string;
  readonly downloadBaseUrl?: string;
  readonly gosumdb?: string;
}

/**
 * Defaults the environment supplies, read the way the go command (GOPROXY, GOSUMDB) and
 * actions/setup-go (GO_DOWNLOAD_BASE_URL) read them; inputs win over them.
 */
export function envDefaults(
  env: Readonly<Record<string, string | undefined>>,
): Pick<OptionDefaults, 'goproxy' | 'downloadBaseUrl' | 'gosumdb'> {
  return {
    goproxy: env['GOPROXY'],
    downloadBaseUrl: env['GO_DOWNLOAD_BASE_URL'],
    gosumdb: env['GOSUMDB'],
  };
}

/** Reads raw string inputs (as action inputs or CLI flags arrive) into validated options. */
export function parseSetupOptions(
  get: (name: string) => string,
  defaults: OptionDefaults,
): SetupGoOptions {
  const opt = (name: string) => {
    const v = get(name).trim();
    return v === '' ? undefined : v;
  };
  // A mirror named by the environment gets the same checks as one named by the input.
  const downloadBaseUrl =
    opt('go-download-base-url') ?? (defaults.downloadBaseUrl?.trim() || undefined);
  if (downloadBaseUrl !== undefined) checkBaseUrl(downloadBaseUrl);
  return {
    goVersion: opt('go-version'),
    goVersionFile: opt('go-version-file'),
    workingDirectory: defaults.workingDirectory,
    checkLatest: booleanInput('check-latest', get('check-latest'), false),
    downloadSource: choiceInput(
      'go-download-source',
      get('go-download-source'),
      DOWNLOAD_SOURCES,
      'go.dev',
    ),
    verifySumdb: choiceInput('verify-sumdb', get('verify-sumdb'), VERIFY_SUMDB, 'auto'),
    goproxy: opt('goproxy') ?? (defaults.goproxy?.trim() || DEFAULT_GOPROXY),
    architecture: opt('architecture'),
    downloadBaseUrl: downloadBaseUrl?.replace(/\/+$/, ''),
    signingKeys: opt('signing-keys'),
    gotoolchain: get('gotoolchain').trim(),
    healthCheck: choiceInput('health-check', get('health-check'), HEALTH_CHECK_LEVELS, 'full'),
    token: opt('token'),
    toolCacheDir: defaults.toolCacheDir,
    gosumdb: defaults.gosumdb?.trim() || undefined,
  };
}

function checkBaseUrl(raw: string): void {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(`go-download-base-url is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol === 'file:') {
    // A go.dev layout on disk (an air-gapped bundle's dl/): a local directory, nothing else.
    if (url.host !== '' || url.search !== '' || url.hash !== '') {
      throw new InputError(
        `go-download-base-url: a file: URL names a local directory (file:///path), not ${JSON.stringify(raw)}`,
      );
    }
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`go-download-base-url must be http(s) or file:, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    // Credentials in a URL end up in logs and in the verification record.
    throw new InputError('go-download-base-url must not contain credentials');
  }
}

/** Network tuning for slow or flaky networks, from environment variables (seconds). */
export interface HttpSettings {
  readonly retries?: number;
  readonly backoffMs?: number;
  readonly timeoutMs?: number;
  readonly stallTimeoutMs?: number;
}

export const HTTP_ENV = {
  retries: 'SETUP_GO_VERIFIED_RETRIES',
  backoff: 'SETUP_GO_VERIFIED_RETRY_DELAY',
  timeout: 'SETUP_GO_VERIFIED_CONNECT_TIMEOUT',
  stall: 'SETUP_GO_VERIFIED_STALL_TIMEOUT',
} as const;

export function httpSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): HttpSettings {
  const num = (name: string, max: number): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0 || v > max) {
      throw new InputError(
        `${name} must be a number between 0 and ${max}, not ${JSON.stringify(raw)}`,
      );
    }
    return v;
  };
  const ms = (v: number | undefined) => (v === undefined ? undefined : Math.round(v * 1000));
  const settings: Record<string, number> = {};
  const retries = num(HTTP_ENV.retries, 20);
  if (retries !== undefined) settings['retries'] = Math.floor(retries);
  const backoff = ms(num(HTTP_ENV.backoff, 600));
  if (backoff !== undefined) settings['backoffMs'] = backoff;
  const timeout = ms(num(HTTP_ENV.timeout, 3600));
  if (timeout !== undefined) settings['timeoutMs'] = timeout;
  const stall = ms(num(HTTP_ENV.stall, 3600));
  if (stall !== undefined) settings['stallTimeoutMs'] = stall;
  return settings;
}
