/**
 * The gates' inputs, parsed once for the action and the CLI. Every malformed value is an
 * InputError that names the input and what it accepts.
 */
import { InputError } from '../errors.js';
import { argsInput, booleanInput, choiceInput, pathListInput, wordListInput } from '../inputs.js';
import { GATE_NAMES, type GateName } from './finding.js';
import { GOLANGCI_RELEASES_URL } from './golangci-release.js';
import { STATICCHECK_RELEASES_URL } from './staticcheck-release.js';
import { golangciModuleVersion, staticcheckModuleVersion } from './tool-versions.js';

export const FAIL_ON = ['error', 'warning', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];
export type OnlyNewIssues = 'off' | 'on' | 'strict';
export const INSTALL_MODES = ['binary', 'goinstall'] as const;
export type InstallMode = (typeof INSTALL_MODES)[number];

export interface GatesOptions {
  readonly gates: readonly GateName[];
  /** Directories as given (relative to the workspace or absolute). */
  readonly workingDirectories: readonly string[];
  readonly buildTags: readonly string[];
  /** Module version, or undefined for the module's own pin or the default. */
  readonly staticcheckVersion?: string;
  readonly staticcheckChecks?: string;
  readonly staticcheckInstallMode: InstallMode;
  readonly staticcheckBaseUrl: string;
  readonly golangciVersion?: string;
  readonly golangciInstallMode: InstallMode;
  readonly golangciArgs: readonly string[];
  readonly golangciBaseUrl: string;
  readonly onlyNewIssues: OnlyNewIssues;
  /** A ref to compare against for only-new-issues instead of the detected base. */
  readonly baseRef?: string;
  readonly failOn: FailOn;
  readonly cache: boolean;
}

/** Working directories; none given means the repository root. */
function workingDirectories(raw: string): string[] {
  const dirs = pathListInput(raw);
  return dirs.length > 0 ? dirs : ['.'];
}

export function parseGateList(raw: string): GateName[] {
  const names = wordListInput(raw);
  if (names.length === 0) return [...GATE_NAMES];
  const out: GateName[] = [];
  for (const n of names) {
    const name = n === 'gofmt' ? 'fmt' : n === 'govet' ? 'vet' : n;
    if (!(GATE_NAMES as readonly string[]).includes(name)) {
      throw new InputError(
        `gates: unknown gate ${JSON.stringify(n)}; use ${GATE_NAMES.join(', ')}`,
      );
    }
    if (!out.includes(name as GateName)) out.push(name as GateName);
  }
  return out;
}

/** Flags the gates set themselves; passing them again would garble the JSON they parse. */
const RESERVED_GOLANGCI_FLAGS = [
  '--output.',
  '--path-mode',
  '--new-from-merge-base',
  '--new-from-rev',
];

/**
 * A release mirror must be HTTPS: its checksum file is the proof of what the gates run, so
 * it must come from the host named, unchanged. Plain HTTP is allowed for loopback only.
 */
export function downloadBaseUrl(input: string, raw: string, fallback: string): string {
  const value = raw.trim() || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${input}: ${JSON.stringify(value)} is not a URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new InputError(
      `${input}: ${value} must be an https:// URL (http:// only for localhost): the ` +
        'checksums fetched from it are what proves the tool',
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(`${input}: ${value} must not hold credentials, a query or a fragment`);
  }
  return value.replace(/\/+$/, '');
}

/** `only-new-issues`: a boolean, or `strict` to fail when no base can be found. */
function onlyNewIssuesInput(raw: string): OnlyNewIssues {
  const value = raw.trim().toLowerCase();
  if (value === 'strict') return 'strict';
  return booleanInput('only-new-issues', value, false) ? 'on' : 'off';
}

function golangciArgsInput(raw: string): string[] {
  const args = argsInput('golangci-lint-args', raw);
  const reserved = args.find((a) => RESERVED_GOLANGCI_FLAGS.some((f) => a.startsWith(f)));
  if (reserved) {
    throw new InputError(
      `golangci-lint-args: ${reserved} is set by the gates (they read golangci-lint's JSON ` +
        'output with absolute paths); use only-new-issues instead of --new-from-* flags',
    );
  }
  return args;
}

function buildTagsInput(raw: string): string[] {
  const tags = wordListInput(raw);
  for (const t of tags) {
    if (!/^[A-Za-z0-9_.!-]+$/.test(t)) {
      throw new InputError(`build-tags: ${JSON.stringify(t)} is not a build tag`);
    }
  }
  return tags;
}

/** A version input; empty or `default` leaves the choice to the module's pin or the default. */
function versionInput<T>(raw: string, parse: (v: string) => T): T | undefined {
  const v = raw.trim();
  return v && v !== 'default' ? parse(v) : undefined;
}

export function parseGatesOptions(get: (name: string) => string): GatesOptions {
  const failOn = choiceInput('fail-on', get('fail-on'), FAIL_ON, 'error');
  const golangciInstallMode = choiceInput(
    'golangci-lint-install-mode',
    get('golangci-lint-install-mode'),
    INSTALL_MODES,
    'binary',
  );
  const staticcheckInstallMode = choiceInput(
    'staticcheck-install-mode',
    get('staticcheck-install-mode'),
    INSTALL_MODES,
    'binary',
  );
  const onlyNewIssues = onlyNewIssuesInput(get('only-new-issues'));
  const golangciArgs = golangciArgsInput(get('golangci-lint-args'));
  const buildTags = buildTagsInput(get('build-tags'));
  const golangciBaseUrl = downloadBaseUrl(
    'golangci-lint-download-base-url',
    get('golangci-lint-download-base-url'),
    GOLANGCI_RELEASES_URL,
  );
  const staticcheckBaseUrl = downloadBaseUrl(
    'staticcheck-download-base-url',
    get('staticcheck-download-base-url'),
    STATICCHECK_RELEASES_URL,
  );
  return {
    gates: parseGateList(get('gates')),
    workingDirectories: workingDirectories(get('working-directory')),
    buildTags,
    staticcheckVersion: versionInput(get('staticcheck-version'), staticcheckModuleVersion)?.version,
    staticcheckChecks: get('staticcheck-checks').trim() || undefined,
    staticcheckInstallMode,
    staticcheckBaseUrl,
    golangciVersion: versionInput(get('golangci-lint-version'), golangciModuleVersion),
    golangciInstallMode,
    golangciArgs,
    golangciBaseUrl,
    onlyNewIssues,
    baseRef: get('only-new-issues-base').trim() || undefined,
    failOn,
    cache: booleanInput('cache', get('cache'), true),
  };
}
