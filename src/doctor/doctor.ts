/**
 * `setup-go-verified doctor`: explains what is wrong with Go on any machine (a laptop, GitLab
 * CI, a self-hosted runner) and how to fix it. `gatherDoctorFacts` is the only part that
 * touches the machine (PATH, `go version`, `go env`, files); every check is a pure function
 * of those facts, so each case can be tested with crafted facts.
 */
import { mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import semver from 'semver';
import { hostPlatform, type Platform } from '../platform.js';
import { run, type RunResult, which } from '../process.js';
import { parseVersionSpec, readVersionFile, toSemver } from '../versions/index.js';
import { checkTreeProof, gatherTreeProof, type TreeProofFact } from './doctor-tree.js';
import type { HealthFinding, HealthLayer } from '../go/health.js';

/** error: Go is broken or unverified here; warning: works but is slow, surprising or risky;
 * info: fine. A warning may come with `ok: true` (worth knowing, nothing is broken). */
export type Severity = 'error' | 'warning' | 'info';

export interface DoctorFinding extends HealthFinding {
  readonly severity: Severity;
}

/** One `go` executable found on PATH. */
export interface GoOnPath {
  /** Where PATH finds it, e.g. `/usr/bin/go`. */
  readonly path: string;
  /** The same with symlinks resolved, e.g. `/usr/lib/go-1.19/bin/go`. */
  readonly resolved: string;
  /** First line `go version` printed ('' when it did not run). */
  readonly versionOutput: string;
  /** The release tag (`go1.22.5`), or `devel …` for a development build. */
  readonly version?: string;
  /** `linux/amd64`, as `go version` prints it. */
  readonly platform?: string;
  /** Why `go version` failed. */
  readonly error?: string;
}

/** GOROOT set by hand, and what is at the place it names. */
export interface GorootSetting {
  readonly value: string;
  readonly source: 'environment' | 'go env file';
  readonly exists: boolean;
  /** The value with symlinks resolved (the value itself when it does not exist). */
  readonly resolved: string;
}

/** The version a project file asks for (`--go-version-file`). */
export interface ExpectedVersion {
  readonly file: string;
  /** The version spec read from it (`1.22`, `1.22.5`, `>=1.21`). */
  readonly spec?: string;
  /** Why the file could not be used. */
  readonly error?: string;
}

export interface DoctorFacts {
  readonly host: Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The directory the user runs go in (their project). */
  readonly cwd: string;
  /** Every `go` on PATH, in PATH order. */
  readonly gos: readonly GoOnPath[];
  /** `go env -json` of the first go; GOTOOLCHAIN as that go reads it. */
  readonly goEnv?: Readonly<Record<string, string>>;
  /** Why `go env` failed in the user's environment (goEnv may still hold a retry's values). */
  readonly goEnvError?: string;
  /** Settings in the go env file (`go env -w`), to say where a value comes from. */
  readonly goEnvFile?: Readonly<Record<string, string>>;
  /** The root the first go uses when GOROOT is not set, symlinks resolved. */
  readonly ownGoRoot?: string;
  readonly goroot?: GorootSetting;
  /** The C compiler go would use (CC) and where it is; `others` lists gcc/clang/cc found. */
  readonly cCompiler: { readonly name: string; readonly path?: string; readonly others: string[] };
  readonly pkgConfig: { readonly name: string; readonly path?: string };
  readonly wsl: boolean;
  readonly expected?: ExpectedVersion;
  /** The user installs toolchains from the module proxy (`go-download-source: proxy`). */
  readonly wantProxy: boolean;
  /** The first go's GOROOT proven against the checksum database (when asked for). */
  readonly treeProof?: TreeProofFact;
}

export interface DoctorReport {
  /** No finding of severity error. */
  readonly ok: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly facts: DoctorFacts;
  readonly findings: readonly DoctorFinding[];
}

export interface DoctorOptions {
  /** Defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Defaults to the platform this process runs on. */
  readonly host?: Platform;
  /** Defaults to process.cwd(). */
  readonly cwd?: string;
  /** go.mod, go.work, .go-version or .tool-versions whose version go must satisfy. */
  readonly goVersionFile?: string;
  /** Toolchains come from the module proxy, so GOPROXY must name one. */
  readonly downloadSource?: 'go.dev' | 'proxy';
  /** Per command; defaults to 30 s. */
  readonly timeoutMs?: number;
  /** Prove the first go's GOROOT against the checksum database (needs the module proxy). */
  readonly proveTree?: boolean;
}

/** The `go env` variables the checks read. */
export const DOCTOR_GO_ENV_KEYS = [
  'GOROOT',
  'GOPATH',
  'GOBIN',
  'GOPROXY',
  'GOSUMDB',
  'GONOSUMDB',
  'GONOSUMCHECK',
  'GOPRIVATE',
  'GONOPROXY',
  'GOINSECURE',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'GOVERSION',
  'CGO_ENABLED',
  'CC',
  'CXX',
  'PKG_CONFIG',
  'GOMODCACHE',
  'GOCACHE',
  'GOENV',
];

/** Module paths that are public; a GOPRIVATE-style pattern matching any of them is too broad. */
const PUBLIC_MODULES = [
  'github.com/stretchr/testify',
  'golang.org/x/mod',
  'google.golang.org/protobuf',
  'gopkg.in/yaml.v3',
  'go.uber.org/zap',
  'gitlab.com/gitlab-org/api/client-go',
  'bitbucket.org/creachadair/stringset',
  'k8s.io/client-go',
  'cloud.google.com/go',
  'honnef.co/go/tools',
];

/** The module the go command downloads toolchains as (GOTOOLCHAIN switching). */
const TOOLCHAIN_MODULE = 'golang.org/toolchain';

// ---------------------------------------------------------------------------------------------
// Pure helpers

/** Reads a variable the way the platform does: names are case-insensitive on Windows. */
function envGet(
  env: Readonly<Record<string, string | undefined>>,
  key: string,
  goos: string,
): string | undefined {
  if (goos !== 'windows') return env[key];
  const upper = key.toUpperCase();
  for (const [k, v] of Object.entries(env)) if (k.toUpperCase() === upper) return v;
  return undefined;
}

/** A go setting's effective value: `go env` when it ran, else the environment. */
function goVar(facts: DoctorFacts, key: string): string {
  return facts.goEnv?.[key] ?? envGet(facts.env, key, facts.host.os) ?? '';
}

/** Where a go setting comes from. The go command ignores an empty environment variable and
 * falls back to the go env file, then to $GOROOT/go.env and built-in defaults. */
function sourceOf(facts: DoctorFacts, key: string): 'environment' | 'go env file' | 'default' {
  if (envGet(facts.env, key, facts.host.os)) return 'environment';
  if (facts.goEnvFile?.[key]) return 'go env file';
  return 'default';
}

/** Exactly how to remove a setting, wherever it was made. */
function unsetHint(facts: DoctorFacts, key: string): string {
  const source = sourceOf(facts, key);
  if (source === 'go env file') return `run \`go env -u ${key}\``;
  if (facts.host.os === 'windows') {
    return `run \`Remove-Item Env:${key}\` and delete ${key} from the user/system environment variables (or the CI variables)`;
  }
  return `run \`unset ${key}\` and delete the line that sets it from your shell profile (~/.profile, ~/.bashrc, ~/.zshrc) or the CI variables`;
}

/** Exactly how to set a value so that it sticks. A variable in the environment beats the go
 * env file, so it has to be changed where it is. */
function setHint(facts: DoctorFacts, key: string, value: string): string {
  if (sourceOf(facts, key) === 'environment') {
    return facts.host.os === 'windows'
      ? `set ${key}=${value} where it is set now (\`$env:${key} = "${value}"\` for this shell)`
      : `change it where it is set (shell profile or CI variables): \`export ${key}='${value}'\``;
  }
  return `run \`go env -w ${key}='${value}'\``;
}

function prependPathHint(dir: string, host: Platform): string {
  return host.os === 'windows'
    ? `\`$env:PATH = "${dir};" + $env:PATH\` (PowerShell), and move ${dir} up in the user/system Path variable to keep it`
    : `\`export PATH="${dir}:$PATH"\` in ~/.profile or ~/.bashrc (in CI: a before_script / step that runs first)`;
}

function firstLine(s: string): string {
  return s.trim().split(/\r?\n/)[0] ?? '';
}

/** Parses `go version` output: `go version go1.22.5 linux/amd64`, `go version go1.22.5
 * X:boringcrypto linux/amd64`, `go version devel go1.24-abc123 Tue … linux/amd64`. */
export function parseGoVersionOutput(stdout: string): { version?: string; platform?: string } {
  const line = firstLine(stdout);
  if (!line.startsWith('go version ')) return {};
  const words = line.slice('go version '.length).trim().split(/\s+/);
  const platform = [...words].reverse().find((w) => /^[a-z0-9]+\/[a-z0-9]+$/.test(w));
  const first = words[0];
  if (first === undefined || first === '') return {};
  const version = first === 'devel' ? words.slice(0, 2).join(' ') : first;
  return { version, ...(platform ? { platform } : {}) };
}

/** Semver for a Go version as `go version` prints it, ignoring vendor suffixes
 * (`go1.21.3-corp`); undefined for development builds. */
export function goVersionSemver(version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  const m = /^go\d+(?:\.\d+){0,2}(?:(?:alpha|beta|rc)\d+)?/.exec(version);
  return m ? toSemver(m[0]) : undefined;
}

export type GoInstallKind = 'snap' | 'distro' | 'homebrew' | 'other';

/** What installed a go binary, judged from where it lives. */
export function classifyGoInstall(goPath: string, resolved: string): GoInstallKind {
  const p = goPath.replace(/\\/g, '/');
  const r = resolved.replace(/\\/g, '/');
  if (p.startsWith('/snap/') || r.startsWith('/snap/') || r === '/usr/bin/snap') return 'snap';
  if (
    /^\/usr\/lib(?:64)?\/(?:go|golang)(?:-\d+(?:\.\d+)*)?\/bin\/go$/.test(r) ||
    r === '/usr/bin/go' ||
    r === '/bin/go'
  ) {
    return 'distro';
  }
  if (/^(?:\/opt\/homebrew|\/usr\/local\/Cellar|\/home\/linuxbrew\/\.linuxbrew)\//.test(r)) {
    return 'homebrew';
  }
  return 'other';
}

const KIND_LABEL: Record<GoInstallKind, string> = {
  snap: 'snap package',
  distro: 'distribution package',
  homebrew: 'Homebrew',
  other: '',
};

/** How to uninstall a packaged go, as precisely as its location tells. */
function removalHint(g: GoOnPath): string | undefined {
  const kind = classifyGoInstall(g.path, g.resolved);
  if (kind === 'snap') return '`sudo snap remove go`';
  if (kind !== 'distro') return undefined;
  const m = /\/usr\/lib\/go-(\d+\.\d+)\//.exec(g.resolved);
  if (m) return `\`sudo apt remove golang-${m[1]}-go golang-go\``;
  if (g.resolved.includes('/golang/')) return '`sudo dnf remove golang`';
  return 'the package manager (`sudo apt remove golang-go`, `sudo dnf remove golang`, `apk del go`, `sudo pacman -R go`)';
}

function describeGo(g: GoOnPath): string {
  const kind = KIND_LABEL[classifyGoInstall(g.path, g.resolved)];
  const parts = [g.version ?? (g.error ? 'does not run' : 'version unknown')];
  if (kind) parts.push(kind);
  const where = g.resolved !== g.path ? `${g.path} → ${g.resolved}` : g.path;
  return `${where} (${parts.join(', ')})`;
}

function goDir(g: GoOnPath, host: Platform): string {
  return (host.os === 'windows' ? path.win32 : path.posix).dirname(g.path);
}

/** The comma-separated glob list of GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE, as the go
 * command splits it: empty entries skipped, one trailing slash ignored, nothing trimmed. */
function patternList(list: string): string[] {
  return list
    .split(',')
    .map((p) => (p.endsWith('/') ? p.slice(0, -1) : p))
    .filter((p) => p !== '');
}

/** path.Match syntax as a regular expression: `*` and `?` stop at `/`, `[…]`/`[^…]` classes,
 * `\` escapes. Undefined for a malformed pattern, which the go command treats as no match. */
function globToRegExp(glob: string): RegExp | undefined {
  const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= glob.length) return undefined;
      out += esc(glob[i] ?? '');
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      if (glob[j] === '^') {
        cls += '^';
        j++;
      }
      let items = 0;
      while (j < glob.length && glob[j] !== ']') {
        let ch = glob[j] ?? '';
        if (ch === '\\') ch = glob[++j] ?? '';
        if (ch === '') return undefined;
        cls += esc(ch);
        items++;
        j++;
        if (glob[j] === '-' && glob[j + 1] !== ']' && j + 1 < glob.length) {
          let hi = glob[j + 1] ?? '';
          j += 2;
          if (hi === '\\') hi = glob[j++] ?? '';
          if (hi === '' || hi < ch) return undefined;
          cls += '-' + esc(hi);
        }
      }
      if (j >= glob.length || items === 0) return undefined;
      out += `[${cls}]`;
      i = j;
    } else out += esc(c);
  }
  return new RegExp(out + '$');
}

/** Whether one glob matches a module path the way the go command decides GOPRIVATE: a glob
 * of N path elements is matched against the first N elements of the path, so `github.com`
 * covers every module on GitHub and `*.corp.example` every host under corp.example. */
function globMatchesModule(glob: string, modulePath: string): boolean {
  const n = glob.split('/').length;
  const elements = modulePath.split('/');
  if (elements.length < n) return false;
  const re = globToRegExp(glob);
  return re !== undefined && re.test(elements.slice(0, n).join('/'));
}

/** Whether a GOPRIVATE-style comma-separated glob list matches a module path. */
export function matchesModulePattern(patterns: string, modulePath: string): boolean {
  return patternList(patterns).some((g) => globMatchesModule(g, modulePath));
}

/** The public modules each too-broad pattern of a list covers. */
function broadPatterns(list: string): { pattern: string; covers: string[] }[] {
  const out: { pattern: string; covers: string[] }[] = [];
  for (const pattern of patternList(list)) {
    const covers = PUBLIC_MODULES.filter((m) => globMatchesModule(pattern, m));
    if (covers.length > 0) out.push({ pattern, covers });
  }
  return out;
}

/** Patterns of `inner` that `outer` does not cover. A pattern is tested by matching its own
 * text as a module path (`*.corp.example` is covered by `*.corp.example` but not by
 * `git.corp.example`): exact for the usual literal and `*.host` patterns, a close
 * approximation for exotic globs. */
function uncoveredPatterns(inner: string, outer: string): string[] {
  return patternList(inner).filter((p) => !matchesModulePattern(outer, p));
}

function finding(
  layer: HealthLayer,
  check: string,
  severity: Severity,
  ok: boolean,
  detail: string,
  fix?: string,
): DoctorFinding {
  return { layer, check, ok, severity, detail, ...(fix === undefined ? {} : { fix }) };
}

// ---------------------------------------------------------------------------------------------
// Checks (pure)

/** Whether a go version satisfies the expected version: a go.mod/go.work `go`/`toolchain`
 * line is a minimum (newer go builds it), a .go-version or .tool-versions entry is the
 * version wanted. Undefined when it cannot be told (no spec, alias, unparseable version). */
function satisfiesExpected(expected: ExpectedVersion | undefined, version: string | undefined) {
  if (expected?.spec === undefined) return undefined;
  const v = goVersionSemver(version);
  if (v === undefined) return undefined;
  let spec;
  try {
    spec = parseVersionSpec(expected.spec);
  } catch {
    return undefined;
  }
  if (spec.kind === 'alias') return undefined;
  const minimum = isGoModFile(expected.file);
  if (spec.kind === 'exact')
    return minimum ? semver.gte(v, spec.version) : semver.eq(v, spec.version);
  if (minimum) {
    const min = semver.minVersion(spec.range);
    return min === null ? undefined : semver.gte(v, min);
  }
  return semver.satisfies(v, spec.range);
}

function isGoModFile(file: string): boolean {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base === 'go.mod' || base === 'go.work';
}

function describeExpected(expected: ExpectedVersion): string {
  const base = expected.file.split(/[\\/]/).pop() ?? expected.file;
  return isGoModFile(expected.file)
    ? `${base} requires go >= ${expected.spec ?? '?'}`
    : `${base} asks for go ${expected.spec ?? '?'}`;
}

/** No go, a go that does not run, and several go on PATH where the first shadows the one the
 * user wants (the version file's, a non-packaged install, or simply a newer one). */
export function checkGoOnPath(facts: DoctorFacts): DoctorFinding[] {
  const check = 'go on PATH';
  const first = facts.gos[0];
  if (first === undefined) {
    const wslNote = facts.wsl
      ? ' Inside WSL a Windows go.exe is not found as `go`: install a Linux Go in WSL.'
      : '';
    return [
      finding(
        'binary',
        check,
        'error',
        false,
        'no go executable in any PATH directory',
        `install a verified Go with \`npx setup-go-verified install${facts.expected ? ` --go-version-file ${facts.expected.file}` : ' <version>'}\` and apply the PATH line it prints, or add the bin directory of an existing Go to PATH.${wslNote}`,
      ),
    ];
  }
  const findings: DoctorFinding[] = [];
  for (const g of facts.gos) {
    if (!g.error) continue;
    const isFirst = g === first;
    findings.push(
      finding(
        'binary',
        'go version',
        isFirst ? 'error' : 'warning',
        false,
        `${g.path} does not run: ${g.error}`,
        g.error.includes('exec format') || g.error.includes('ENOEXEC')
          ? `it is built for another architecture than ${facts.host.os}/${facts.host.arch}: reinstall Go for this machine${isFirst ? '' : ` or remove ${goDir(g, facts.host)} from PATH`}`
          : `reinstall it${isFirst ? '' : ` or remove ${goDir(g, facts.host)} from PATH`}`,
      ),
    );
  }

  // The same binary reached through two PATH entries (/bin and /usr/bin on merged-/usr
  // systems) is not shadowing.
  const distinct = facts.gos.filter(
    (g, i) => facts.gos.findIndex((o) => o.resolved === g.resolved) === i,
  );
  const later = distinct.slice(1);
  const firstKind = classifyGoInstall(first.path, first.resolved);
  const firstSemver = goVersionSemver(first.version);

  const shadow = (other: GoOnPath, severity: Severity, why: string): DoctorFinding => {
    const removal = removalHint(first);
    return finding(
      'binary',
      check,
      severity,
      false,
      `${describeGo(first)} comes first on PATH and shadows ${describeGo(other)}: ${why}`,
      `put ${goDir(other, facts.host)} before ${goDir(first, facts.host)} on PATH: ${prependPathHint(goDir(other, facts.host), facts.host)}` +
        (removal ? `; or uninstall the ${KIND_LABEL[firstKind]} with ${removal}` : ''),
    );
  };

  if (first.error !== undefined) {
    const runs = later.find((g) => g.error === undefined);
    if (runs) findings.push(shadow(runs, 'error', 'the first one does not run'));
    return findings;
  }
  if (satisfiesExpected(facts.expected, first.version) === false) {
    const wanted = later.find((g) => satisfiesExpected(facts.expected, g.version) === true);
    if (wanted && facts.expected) {
      findings.push(
        shadow(wanted, 'error', `${describeExpected(facts.expected)}, which only the later one is`),
      );
      return findings;
    }
  }
  if (firstKind === 'snap' || firstKind === 'distro') {
    const own = later.find((g) => {
      const k = classifyGoInstall(g.path, g.resolved);
      return k !== 'snap' && k !== 'distro' && !g.error;
    });
    if (own) {
      findings.push(
        shadow(
          own,
          'warning',
          `a ${KIND_LABEL[firstKind]} hides the Go installed by hand${firstKind === 'snap' ? ' (snap refreshes it on its own schedule)' : ' (distributions ship old, patched builds)'}`,
        ),
      );
      return findings;
    }
  }
  const newer = later.find((g) => {
    const v = goVersionSemver(g.version);
    return v !== undefined && firstSemver !== undefined && semver.gt(v, firstSemver);
  });
  if (newer) {
    findings.push(shadow(newer, 'warning', 'an older go hides a newer one'));
    return findings;
  }

  const also = later.length > 0 ? `; also on PATH: ${later.map(describeGo).join(', ')}` : '';
  const snapNote =
    firstKind === 'snap' ? ' — a snap refreshes to new releases by itself; pin a channel' : '';
  findings.push(
    finding(
      'binary',
      check,
      firstKind === 'snap' ? 'warning' : 'info',
      true,
      `${describeGo(first)}${first.platform ? ` ${first.platform}` : ''}${also}${snapNote}`,
    ),
  );
  return findings;
}

/** The first go against the version the project file asks for. */
export function checkExpectedVersion(facts: DoctorFacts): DoctorFinding[] {
  const expected = facts.expected;
  if (expected === undefined) return [];
  const check = 'go version file';
  if (expected.error !== undefined || expected.spec === undefined) {
    return [
      finding(
        'binary',
        check,
        'error',
        false,
        `cannot use ${expected.file}: ${expected.error ?? 'no version in it'}`,
        'pass the go.mod (or .go-version) of the project with --go-version-file',
      ),
    ];
  }
  const first = facts.gos[0];
  if (first === undefined) return []; // checkGoOnPath already says there is no go.
  const sat = satisfiesExpected(expected, first.version);
  const what = describeExpected(expected);
  if (sat === undefined) {
    return [
      finding(
        'binary',
        check,
        'info',
        true,
        `${what}; cannot compare with ${first.version ?? 'an unknown version'} here`,
      ),
    ];
  }
  if (sat) {
    return [finding('binary', check, 'info', true, `${what}; ${first.version} satisfies it`)];
  }
  const tooOld = isGoModFile(expected.file)
    ? ` With GOTOOLCHAIN=local go 1.21+ stops with "go: ${path.basename(expected.file)} requires go >= …"; older go builds and fails on new language features; with GOTOOLCHAIN=auto go downloads another toolchain.`
    : '';
  const other = facts.gos.slice(1).find((g) => satisfiesExpected(expected, g.version) === true);
  return [
    finding(
      'binary',
      check,
      'error',
      false,
      `${what}, but the first go on PATH is ${first.version} (${first.path}).${tooOld}`,
      other
        ? `${other.path} (${other.version}) satisfies it: put it first with ${prependPathHint(goDir(other, facts.host), facts.host)}`
        : `install it with \`npx setup-go-verified install --go-version-file ${expected.file}\` and apply the PATH line it prints`,
    ),
  ];
}

/** `go env` failing in the user's environment breaks every go command. */
export function checkGoEnvRan(facts: DoctorFacts): DoctorFinding[] {
  if (facts.gos.length === 0 || facts.gos[0]?.error) return [];
  const error = facts.goEnvError;
  if (error === undefined) return [];
  // checkGoroot explains this one with the setting's origin.
  if (/cannot find GOROOT/.test(error) && facts.goroot?.exists === false) return [];
  let fix = 'a go setting is malformed; run `go env` to see which, then fix it where it is set';
  if (/cannot find GOROOT/.test(error))
    fix = `GOROOT names a missing directory: ${unsetHint(facts, 'GOROOT')}`;
  else if (/GOFLAGS/.test(error))
    fix = `fix GOFLAGS (entries are -flag or -flag=value, space-separated): ${unsetHint(facts, 'GOFLAGS')} to start clean`;
  else if (/GOTOOLCHAIN|toolchain/.test(error)) fix = setHint(facts, 'GOTOOLCHAIN', 'local');
  return [finding('environment', 'go env', 'error', false, `go env fails here: ${error}`, fix)];
}

/** GOROOT set by hand: missing, or naming another tree than the binary's own (left over from
 * an earlier install). Go finds its root from where the binary is; setting it only breaks. */
export function checkGoroot(facts: DoctorFacts): DoctorFinding[] {
  const check = 'GOROOT';
  const setting = facts.goroot;
  const first = facts.gos[0];
  if (setting === undefined) {
    return facts.ownGoRoot
      ? [
          finding(
            'environment',
            check,
            'info',
            true,
            `not set; go uses its own root ${facts.ownGoRoot}`,
          ),
        ]
      : [];
  }
  const where = setting.source === 'environment' ? 'in the environment' : 'in the go env file';
  if (!setting.exists) {
    return [
      finding(
        'environment',
        check,
        'error',
        false,
        `GOROOT=${setting.value} is set ${where} but that directory does not exist: every go command stops with "go: cannot find GOROOT directory: ${setting.value}"`,
        `${unsetHint(facts, 'GOROOT')}; go finds its root from its own location`,
      ),
    ];
  }
  if (facts.ownGoRoot === undefined || first === undefined) {
    return [
      finding(
        'environment',
        check,
        'warning',
        true,
        `GOROOT=${setting.value} is set ${where}; go finds its root by itself, so this only goes stale`,
        unsetHint(facts, 'GOROOT'),
      ),
    ];
  }
  if (!samePath(setting.resolved, facts.ownGoRoot, facts.host.os)) {
    return [
      finding(
        'environment',
        check,
        'error',
        false,
        `GOROOT=${setting.value} is set ${where}, but ${first.path} (${first.version ?? 'go'}) belongs to ${facts.ownGoRoot}: it would build with the other tree's standard library and tools (typically left over from an earlier install; builds fail with "compile: version … does not match go tool version …")`,
        `${unsetHint(facts, 'GOROOT')}; go finds its root from its own location`,
      ),
    ];
  }
  return [
    finding(
      'environment',
      check,
      'warning',
      true,
      `GOROOT=${setting.value} is set ${where} and matches ${first.path} today, but goes stale at the next upgrade`,
      unsetHint(facts, 'GOROOT'),
    ),
  ];
}

function samePath(a: string, b: string, goos: string): boolean {
  const p = goos === 'windows' ? path.win32 : path.posix;
  const norm = (s: string) => {
    const n = p.normalize(s).replace(/[\\/]+$/, '');
    return goos === 'windows' || goos === 'darwin' ? n.toLowerCase() : n;
  };
  return norm(a) === norm(b);
}

/** GOPATH must not be GOROOT; tools from `go install` must be reachable. */
export function checkGopath(facts: DoctorFacts): DoctorFinding[] {
  if (facts.goEnv === undefined) return [];
  const findings: DoctorFinding[] = [];
  const sep = facts.host.os === 'windows' ? ';' : ':';
  const gopath = goVar(facts, 'GOPATH');
  const entries = gopath.split(sep).filter((e) => e !== '');
  const root = facts.ownGoRoot ?? goVar(facts, 'GOROOT');
  if (root && entries.some((e) => samePath(e, root, facts.host.os))) {
    findings.push(
      finding(
        'environment',
        'GOPATH',
        'error',
        false,
        `GOPATH=${gopath} is the Go installation itself (${root}): modules and go install would write into the toolchain, and go ignores it ("GOPATH set to GOROOT has no effect")`,
        `${unsetHint(facts, 'GOPATH')} (the default is ~/go)`,
      ),
    );
  }
  const gobin = goVar(facts, 'GOBIN');
  const installDir =
    gobin ||
    (entries[0]
      ? (facts.host.os === 'windows' ? path.win32 : path.posix).join(entries[0], 'bin')
      : '');
  if (installDir) {
    const pathDirs = (envGet(facts.env, 'PATH', facts.host.os) ?? '').split(sep);
    const onPath = pathDirs.some((d) => d !== '' && samePath(d, installDir, facts.host.os));
    findings.push(
      onPath
        ? finding('environment', 'go install directory', 'info', true, `${installDir} is on PATH`)
        : finding(
            'environment',
            'go install directory',
            'info',
            true,
            `tools installed with \`go install\` land in ${installDir}, which is not on PATH`,
            `to run them by name: ${prependPathHint(installDir, facts.host)}`,
          ),
    );
  }
  return findings;
}

const WINDOWS_MOUNT = /^\/mnt\/[a-zA-Z](?:\/|$)/;

/** Under WSL, files on a Windows drive (/mnt/c) go through a slow bridge; Go's module and
 * build caches touch thousands of small files. */
export function checkWsl(facts: DoctorFacts): DoctorFinding[] {
  if (!facts.wsl) return [];
  // Concrete absolute paths: `go env -w` refuses relative ones and single quotes stop $HOME.
  const home = envGet(facts.env, 'HOME', facts.host.os) ?? '';
  const linuxHome =
    home && !WINDOWS_MOUNT.test(home)
      ? home
      : `/home/${envGet(facts.env, 'USER', facts.host.os) || 'you'}`;
  const homeNote = WINDOWS_MOUNT.test(home) ? `HOME=${home} is on the Windows drive; ` : '';
  const slow: { key: string; value: string; fix: string }[] = [];
  for (const entry of goVar(facts, 'GOPATH').split(':')) {
    if (WINDOWS_MOUNT.test(entry)) {
      slow.push({
        key: 'GOPATH',
        value: entry,
        fix: `${homeNote}${setHint(facts, 'GOPATH', path.posix.join(linuxHome, 'go'))}`,
      });
    }
  }
  for (const key of ['GOMODCACHE', 'GOCACHE']) {
    const value = goVar(facts, key);
    if (!WINDOWS_MOUNT.test(value)) continue;
    // Unset, they follow GOPATH (GOMODCACHE) or the user cache dir (GOCACHE).
    const inherited = sourceOf(facts, key) === 'default';
    slow.push({
      key,
      value,
      fix: inherited
        ? key === 'GOMODCACHE'
          ? 'it follows GOPATH: move GOPATH (above)'
          : `${homeNote}${setHint(facts, 'GOCACHE', path.posix.join(linuxHome, '.cache/go-build'))}`
        : setHint(
            facts,
            key,
            path.posix.join(linuxHome, key === 'GOCACHE' ? '.cache/go-build' : 'go/pkg/mod'),
          ),
    });
  }
  const findings = slow.map((s) =>
    finding(
      'environment',
      'WSL file system',
      'warning',
      false,
      `${s.key}=${s.value} is on a Windows drive: under WSL every file access there crosses the 9P bridge and is many times slower than the Linux file system; module downloads and builds crawl`,
      s.fix,
    ),
  );
  if (WINDOWS_MOUNT.test(facts.cwd)) {
    findings.push(
      finding(
        'environment',
        'WSL file system',
        'warning',
        false,
        `the project (${facts.cwd}) is on a Windows drive: builds and tests read it through the slow 9P bridge`,
        'clone the project into the Linux file system (e.g. ~/src) and open it from there (VS Code: "WSL: Open Folder")',
      ),
    );
  }
  if (findings.length === 0) {
    findings.push(
      finding(
        'environment',
        'WSL file system',
        'info',
        true,
        'GOPATH, GOMODCACHE and GOCACHE are on the Linux file system',
      ),
    );
  }
  return findings;
}

/** GOSUMDB=off, and the GONOSUMCHECK variable that the go command does not read. */
export function checkChecksumDb(facts: DoctorFacts): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  const sumdb = goVar(facts, 'GOSUMDB');
  if (sumdb === 'off') {
    findings.push(
      finding(
        'environment',
        'GOSUMDB',
        'error',
        false,
        'GOSUMDB=off: modules not yet in go.sum are downloaded without any check against the checksum database, so a proxy or code host can serve altered code unnoticed',
        `${unsetHint(facts, 'GOSUMDB')} (the default is sum.golang.org); for private modules list them in GOPRIVATE instead of turning the database off`,
      ),
    );
  } else if (sumdb === '' || sumdb.startsWith('sum.golang.org')) {
    findings.push(
      finding(
        'environment',
        'GOSUMDB',
        'info',
        true,
        `${sumdb || 'sum.golang.org'}: module downloads are verified`,
      ),
    );
  } else {
    findings.push(
      finding(
        'environment',
        'GOSUMDB',
        'info',
        true,
        `${sumdb}: module downloads are verified against this checksum database, not sum.golang.org`,
      ),
    );
  }
  const nosumcheck =
    envGet(facts.env, 'GONOSUMCHECK', facts.host.os) || facts.goEnvFile?.['GONOSUMCHECK'];
  if (nosumcheck) {
    const broad = broadPatterns(nosumcheck);
    findings.push(
      finding(
        'environment',
        'GONOSUMCHECK',
        'warning',
        false,
        `GONOSUMCHECK=${nosumcheck} has no effect: the go command does not read a variable of that name (only GONOSUMDB, GOPRIVATE and GOSUMDB decide what is checked)` +
          (broad.length > 0
            ? `; copied into GONOSUMDB it would also stop verifying public modules (${broad[0]?.covers[0] ?? ''})`
            : ''),
        `${unsetHint(facts, 'GONOSUMCHECK')}; to skip the checksum database for private modules set GOPRIVATE to their path prefix (e.g. GOPRIVATE=gitlab.example.com/yourgroup)`,
      ),
    );
  }
  return findings;
}

/** GOPRIVATE, GONOSUMDB, GONOPROXY and GOINSECURE: patterns so broad that public modules skip
 * verification, patterns with spaces that never match, and GONOSUMDB/GONOPROXY overriding
 * GOPRIVATE without covering it. GONOPROXY and GONOSUMDB default to GOPRIVATE; set, they
 * replace it for their decision (`go help private`). */
export function checkPrivatePatterns(facts: DoctorFacts): DoctorFinding[] {
  const findings: DoctorFinding[] = [];
  const priv = goVar(facts, 'GOPRIVATE');
  // go env prints the effective values, which default to GOPRIVATE.
  const nosumdb =
    goVar(facts, 'GONOSUMDB') || (sourceOf(facts, 'GONOSUMDB') === 'default' ? priv : '');
  const noproxy =
    goVar(facts, 'GONOPROXY') || (sourceOf(facts, 'GONOPROXY') === 'default' ? priv : '');
  const insecure = goVar(facts, 'GOINSECURE');
  const explicitNosumdb = nosumdb !== priv;
  const explicitNoproxy = noproxy !== priv;
  const example = (covers: string[]) => covers.slice(0, 2).join(', ');

  for (const [key, value] of [
    ['GOPRIVATE', priv],
    ['GONOSUMDB', nosumdb],
    ['GONOPROXY', noproxy],
    ['GOINSECURE', insecure],
  ] as const) {
    if ((key === 'GONOSUMDB' && !explicitNosumdb) || (key === 'GONOPROXY' && !explicitNoproxy))
      continue;
    for (const p of patternList(value)) {
      if (p.trim() !== p) {
        findings.push(
          finding(
            'environment',
            key,
            'warning',
            false,
            `${key} pattern "${p}" has a space: the go command does not trim patterns, so it never matches`,
            setHint(
              facts,
              key,
              patternList(value)
                .map((x) => x.trim())
                .join(','),
            ),
          ),
        );
      }
    }
    const broad = broadPatterns(value);
    if (broad.length === 0) continue;
    const shown = broad.map((b) => `"${b.pattern}" (covers ${example(b.covers)})`).join(', ');
    const narrower = patternList(value)
      .filter((p) => !broad.some((b) => b.pattern === p))
      .join(',');
    const fixNarrow = `${narrower ? setHint(facts, key, narrower) : unsetHint(facts, key)}; list only your own prefixes, e.g. github.com/yourorg or *.corp.example.com`;
    if (key === 'GOPRIVATE') {
      findings.push(
        finding(
          'environment',
          key,
          explicitNosumdb ? 'warning' : 'error',
          false,
          `GOPRIVATE=${value} marks public modules private: ${shown}. They bypass the module proxy${explicitNosumdb ? '' : ' and are never checked against the checksum database'}`,
          fixNarrow,
        ),
      );
    } else if (key === 'GONOSUMDB') {
      findings.push(
        finding(
          'environment',
          key,
          'error',
          false,
          `GONOSUMDB=${value} exempts public modules from the checksum database: ${shown}. Their downloads are not verified`,
          fixNarrow,
        ),
      );
    } else if (key === 'GONOPROXY') {
      findings.push(
        finding(
          'environment',
          key,
          'warning',
          false,
          `GONOPROXY=${value} sends public modules around the proxy, straight to their code hosts: ${shown}. Slower, and fails when only the proxy is reachable (they are still checked against the checksum database)`,
          fixNarrow,
        ),
      );
    } else {
      findings.push(
        finding(
          'environment',
          key,
          'warning',
          false,
          `GOINSECURE=${value} lets public modules fetched directly come over plain HTTP or unverified TLS: ${shown} (the checksum database still checks them)`,
          fixNarrow,
        ),
      );
    }
  }

  if (priv !== '') {
    if (explicitNosumdb) {
      const missing = uncoveredPatterns(priv, nosumdb);
      if (missing.length > 0) {
        const merged = [...patternList(nosumdb), ...missing].join(',');
        findings.push(
          finding(
            'environment',
            'GOPRIVATE/GONOSUMDB',
            'error',
            false,
            `GONOSUMDB=${nosumdb || '(empty)'} replaces GOPRIVATE=${priv} for the checksum decision and does not cover ${missing.join(', ')}: the go command looks those private modules up on ${goVar(facts, 'GOSUMDB') || 'sum.golang.org'}, which leaks their paths and fails with "verifying module: … 404 Not Found" or "410 Gone"`,
            `${unsetHint(facts, 'GONOSUMDB')} so it follows GOPRIVATE, or include them: ${setHint(facts, 'GONOSUMDB', merged)}`,
          ),
        );
      }
    }
    if (explicitNoproxy) {
      const missing = uncoveredPatterns(priv, noproxy);
      const proxy = goVar(facts, 'GOPROXY');
      if (missing.length > 0) {
        const publicProxy = /(^|[,|])https:\/\/proxy\.golang\.org/.test(proxy);
        findings.push(
          publicProxy
            ? finding(
                'environment',
                'GOPRIVATE/GONOPROXY',
                'warning',
                false,
                `GONOPROXY=${noproxy || '(empty)'} replaces GOPRIVATE=${priv} for the proxy decision and does not cover ${missing.join(', ')}: those private modules are requested from proxy.golang.org (GOPROXY=${proxy}), which leaks their paths and answers 404/410`,
                `${unsetHint(facts, 'GONOPROXY')} so it follows GOPRIVATE`,
              )
            : finding(
                'environment',
                'GOPRIVATE/GONOPROXY',
                'info',
                true,
                `private modules ${missing.join(', ')} go through GOPROXY=${proxy} (GONOPROXY=${noproxy || '(empty)'}): right when that proxy serves your private modules, as \`go help private\` describes`,
              ),
        );
      }
    }
  }
  return findings;
}

/** GOPROXY: off or direct-only breaks proxy installs; plain HTTP proxies are worth knowing. */
export function checkGoproxy(facts: DoctorFacts): DoctorFinding[] {
  const check = 'GOPROXY';
  const value = goVar(facts, 'GOPROXY') || 'https://proxy.golang.org,direct';
  const entries = value
    .split(/[,|]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const proxies = entries.filter((e) => e !== 'direct' && e !== 'off');
  if (proxies.length === 0) {
    const off = entries[0] === 'off';
    const what = off
      ? 'GOPROXY=off: no module can be downloaded (go reports "module lookup disabled by GOPROXY=off")'
      : `GOPROXY=${value}: modules come straight from their code hosts (still checked against the checksum database)`;
    if (facts.wantProxy) {
      return [
        finding(
          'environment',
          check,
          'error',
          false,
          `${what}, but toolchains are to be installed from the Go module proxy, which needs a proxy URL`,
          `${setHint(facts, 'GOPROXY', 'https://proxy.golang.org,direct')} (or your company proxy), or install from go.dev instead of the proxy`,
        ),
      ];
    }
    return [finding('environment', check, off ? 'warning' : 'info', true, what)];
  }
  const plain = proxies.filter(
    (e) => /^http:\/\//i.test(e) && !/^http:\/\/(localhost|127\.|\[::1\])/i.test(e),
  );
  if (plain.length > 0) {
    return [
      finding(
        'environment',
        check,
        'warning',
        true,
        `GOPROXY=${value} uses plain HTTP (${plain.join(', ')}): anyone on the network can see and alter the traffic; the checksum database still rejects altered public modules`,
        `use the https:// URL of the proxy: ${setHint(facts, 'GOPROXY', value.replace(/http:\/\//gi, 'https://'))}`,
      ),
    ];
  }
  return [finding('environment', check, 'info', true, value)];
}

/** GOFLAGS: entries that break every command, the removed -insecure, and -mod=mod. */
export function checkGoflags(facts: DoctorFacts): DoctorFinding[] {
  const value = goVar(facts, 'GOFLAGS').trim();
  if (value === '') return [];
  const flags = value.split(/\s+/);
  const findings: DoctorFinding[] = [];
  const without = (bad: (f: string) => boolean) => flags.filter((f) => !bad(f)).join(' ');
  const fixWithout = (bad: (f: string) => boolean) => {
    const rest = without(bad);
    return rest ? setHint(facts, 'GOFLAGS', rest) : unsetHint(facts, 'GOFLAGS');
  };
  const nonFlag = (f: string) => !f.startsWith('-') || f === '-' || f === '--';
  if (flags.some(nonFlag)) {
    findings.push(
      finding(
        'environment',
        'GOFLAGS',
        'error',
        false,
        `GOFLAGS=${value} holds ${flags
          .filter(nonFlag)
          .map((f) => `"${f}"`)
          .join(
            ', ',
          )}, which is not a flag: go commands stop with "go: parsing $GOFLAGS: non-flag". Entries are space-separated -flag or -flag=value; values cannot contain spaces`,
        fixWithout(nonFlag),
      ),
    );
  }
  const isInsecure = (f: string) => /^--?insecure(=|$)/.test(f);
  if (flags.some(isInsecure)) {
    findings.push(
      finding(
        'environment',
        'GOFLAGS',
        'error',
        false,
        `GOFLAGS contains -insecure: older go commands then fetched code over plain HTTP and skipped checksum validation; since Go 1.18 \`go get\` stops with "-insecure flag is no longer supported"`,
        `${fixWithout(isInsecure)}; for a host without valid HTTPS list it in GOINSECURE (and only it)`,
      ),
    );
  }
  const isModMod = (f: string) => /^--?mod=mod$/.test(f);
  if (flags.some(isModMod)) {
    findings.push(
      finding(
        'environment',
        'GOFLAGS',
        'warning',
        false,
        'GOFLAGS contains -mod=mod: go build and go test may quietly add requirements to go.mod and go.sum and ignore vendor/, instead of failing when they are incomplete (in CI a missing requirement is fetched instead of reported)',
        `${fixWithout(isModMod)}; run \`go mod tidy\` when you mean to change go.mod`,
      ),
    );
  }
  if (findings.length === 0) findings.push(finding('environment', 'GOFLAGS', 'info', true, value));
  return findings;
}

/** GOTOOLCHAIN other than `local` lets a go.mod line (or GOTOOLCHAIN itself) switch to a
 * toolchain the go command downloads from GOPROXY; setup-go-verified never checks that one. */
export function checkGotoolchain(facts: DoctorFacts): DoctorFinding[] {
  const check = 'GOTOOLCHAIN';
  const first = facts.gos[0];
  const v = goVersionSemver(first?.version);
  if (first === undefined) return [];
  if (v !== undefined && semver.lt(v, '1.21.0')) {
    return [
      finding(
        'environment',
        check,
        'info',
        true,
        `${first.version} predates toolchain switching (Go 1.21); GOTOOLCHAIN is ignored`,
      ),
    ];
  }
  const value = goVar(facts, 'GOTOOLCHAIN') || 'auto';
  if (value === 'local') {
    return [
      finding('environment', check, 'info', true, 'local: go always runs the installed toolchain'),
    ];
  }
  const [name = '', mode = ''] = value.split('+');
  const pathOnly = name === 'path' || mode === 'path';
  if (pathOnly) {
    return [
      finding(
        'environment',
        check,
        'warning',
        true,
        `GOTOOLCHAIN=${value}: when a go.mod asks for a newer Go, go runs a goX.Y binary found on PATH instead of the installed toolchain`,
        setHint(facts, 'GOTOOLCHAIN', 'local'),
      ),
    ];
  }
  const sumdbOff = goVar(facts, 'GOSUMDB') === 'off';
  const nosumdb = goVar(facts, 'GONOSUMDB') || goVar(facts, 'GOPRIVATE');
  const unverified = sumdbOff || matchesModulePattern(nosumdb, TOOLCHAIN_MODULE);
  const forced =
    name !== 'auto' && name !== 'local'
      ? ` (and GOTOOLCHAIN=${name} itself switches to ${name})`
      : '';
  const base = `GOTOOLCHAIN=${value}: a go.mod \`go\` or \`toolchain\` line newer than ${first.version ?? 'the installed go'} makes go download ${TOOLCHAIN_MODULE} from GOPROXY and run it instead${forced}`;
  if (unverified) {
    return [
      finding(
        'environment',
        check,
        'error',
        false,
        `${base}; with ${sumdbOff ? 'GOSUMDB=off' : `GONOSUMDB/GOPRIVATE covering ${TOOLCHAIN_MODULE}`} that download is not verified at all`,
        `${setHint(facts, 'GOTOOLCHAIN', 'local')} and install the version go.mod asks for with \`npx setup-go-verified install --go-version-file go.mod\``,
      ),
    ];
  }
  return [
    finding(
      'environment',
      check,
      'warning',
      true,
      `${base}; only the go command's own checksum-database lookup vouches for it, not setup-go-verified's signature and checksum verification, and the job no longer runs the Go you installed`,
      `${setHint(facts, 'GOTOOLCHAIN', 'local')} and install the version go.mod asks for with \`npx setup-go-verified install --go-version-file go.mod\``,
    ),
  ];
}

function installCompilerHint(goos: string): string {
  switch (goos) {
    case 'darwin':
      return 'run `xcode-select --install`';
    case 'windows':
      return 'install a MinGW-w64 gcc (MSYS2 `pacman -S mingw-w64-ucrt-x86_64-gcc`, or `choco install mingw`) and put its bin directory on PATH';
    default:
      return 'install gcc (`sudo apt install gcc`, `sudo dnf install gcc`, `apk add build-base`)';
  }
}

/** cgo needs a C compiler, and `#cgo pkg-config:` lines need pkg-config. */
export function checkCgo(facts: DoctorFacts): DoctorFinding[] {
  if (facts.goEnv === undefined) return [];
  const findings: DoctorFinding[] = [];
  const enabled = goVar(facts, 'CGO_ENABLED') === '1';
  const cc = facts.cCompiler;
  if (enabled && cc.path === undefined) {
    const alt = cc.others[0];
    findings.push(
      finding(
        'runtime',
        'C compiler',
        'error',
        false,
        `CGO_ENABLED=1 but the C compiler "${cc.name}" (go env CC) is not on PATH: every package that uses cgo fails to build (net and os/user with the cgo resolver, database drivers such as go-sqlite3, go test -race), with "cgo: C compiler "${cc.name}" not found"`,
        `${installCompilerHint(facts.host.os)}${alt ? `, or use the ${alt} found on PATH: ${setHint(facts, 'CC', alt)}` : ''}; if you need no cgo, ${setHint(facts, 'CGO_ENABLED', '0')}`,
      ),
    );
  } else if (enabled) {
    findings.push(
      finding('runtime', 'C compiler', 'info', true, `cgo enabled; ${cc.name} is ${cc.path ?? ''}`),
    );
  } else {
    findings.push(
      finding(
        'runtime',
        'C compiler',
        'info',
        true,
        cc.path === undefined
          ? `cgo disabled: no C compiler ("${cc.name}") on PATH, so go turned cgo off; pure-Go builds work, cgo packages${facts.host.os === 'darwin' ? '' : ' and go test -race'} do not`
          : 'cgo disabled (CGO_ENABLED=0)',
        cc.path === undefined
          ? `if you need cgo: ${installCompilerHint(facts.host.os)}`
          : undefined,
      ),
    );
  }
  if (enabled) {
    const pc = facts.pkgConfig;
    findings.push(
      pc.path === undefined
        ? finding(
            'runtime',
            'pkg-config',
            'warning',
            false,
            `"${pc.name}" is not on PATH: packages with \`#cgo pkg-config:\` lines fail with exec: "${pc.name}": executable file not found`,
            facts.host.os === 'darwin'
              ? 'run `brew install pkg-config`'
              : facts.host.os === 'windows'
                ? 'install pkg-config (MSYS2 `pacman -S mingw-w64-ucrt-x86_64-pkg-config`) and put it on PATH'
                : 'install it (`sudo apt install pkg-config`, `sudo dnf install pkgconf`, `apk add pkgconf`)',
          )
        : finding('runtime', 'pkg-config', 'info', true, pc.path),
    );
  }
  return findings;
}

/** Every check, in the order a reader fixes things: the binary, then its settings, then
 * what builds need. */
export function diagnose(facts: DoctorFacts): DoctorFinding[] {
  return [
    ...checkGoOnPath(facts),
    ...checkExpectedVersion(facts),
    ...checkGoEnvRan(facts),
    ...checkGoroot(facts),
    ...checkGopath(facts),
    ...checkWsl(facts),
    ...checkChecksumDb(facts),
    ...checkPrivatePatterns(facts),
    ...checkGoproxy(facts),
    ...checkGoflags(facts),
    ...checkGotoolchain(facts),
    ...checkCgo(facts),
    ...checkTreeProof(facts.treeProof),
  ];
}

export function summarizeDoctor(
  facts: DoctorFacts,
  findings: readonly DoctorFinding[],
): DoctorReport {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return { ok: errors === 0, errors, warnings, facts, findings };
}

// ---------------------------------------------------------------------------------------------
// Rendering

const LAYERS: readonly HealthLayer[] = ['binary', 'environment', 'runtime'];

function mark(f: DoctorFinding): 'error' | 'warning' | 'ok' {
  if (!f.ok && f.severity === 'error') return 'error';
  if (!f.ok || f.severity === 'warning') return 'warning';
  return 'ok';
}

/** Plain text for a terminal: one line per finding (✔ ok, ✖ error, ! warning), its fix
 * indented below, grouped by layer. ANSI colours only when asked. */
export function renderDoctor(report: DoctorReport, opts: { color?: boolean } = {}): string {
  const paint = (code: number, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const marks = { ok: paint(32, '✔'), error: paint(31, '✖'), warning: paint(33, '!') };
  const { host } = report.facts;
  const lines = [
    `setup-go-verified doctor (${host.os}/${host.arch}${report.facts.wsl ? ', WSL' : ''})`,
  ];
  for (const layer of LAYERS) {
    const inLayer = report.findings.filter((f) => f.layer === layer);
    if (inLayer.length === 0) continue;
    lines.push('', layer);
    for (const f of inLayer) {
      lines.push(`  ${marks[mark(f)]} ${f.check}: ${f.detail.replace(/\s*\n\s*/g, ' ')}`);
      if (f.fix) lines.push(`      fix: ${f.fix.replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(
    '',
    report.errors === 0 && report.warnings === 0
      ? 'no problems found'
      : `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`,
  );
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Gathering the facts (I/O). Every command may fail; a failure becomes a fact, never a throw.

async function safeRun(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs: number,
): Promise<RunResult> {
  try {
    return await run(file, args, { env, cwd, timeoutMs });
  } catch (e) {
    return { code: -1, stdout: '', stderr: (e as Error).message };
  }
}

async function realpathOr(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return path.resolve(p);
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** A process environment without unset entries and with `overrides` applied (undefined
 * removes a variable, whatever its case on Windows). */
function childEnv(
  env: Readonly<Record<string, string | undefined>>,
  overrides: Record<string, string | undefined>,
  goos: string,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  const norm = (k: string) => (goos === 'windows' ? k.toUpperCase() : k);
  const overridden = new Set(Object.keys(overrides).map(norm));
  for (const [k, v] of Object.entries(env))
    if (v !== undefined && !overridden.has(norm(k))) out[k] = v;
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) out[k] = v;
  return out;
}

/** Every `go` on PATH in order, using the same lookup as `which` one directory at a time. */
export function findAllOnPath(
  name: string,
  searchPath: string,
  goos: string,
  pathExt?: string,
): string[] {
  const sep = goos === 'windows' ? ';' : ':';
  const found: string[] = [];
  for (const raw of searchPath.split(sep)) {
    // cmd.exe accepts quoted PATH entries.
    const dir = goos === 'windows' ? raw.replace(/^"(.*)"$/, '$1') : raw;
    if (!dir) continue;
    const hit = which(name, dir, goos, pathExt);
    if (hit !== undefined && !found.includes(hit)) found.push(hit);
  }
  return found;
}

/** Reads `KEY=value` lines of the go env file; a missing file is no settings. */
async function readGoEnvFile(file: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

async function detectWsl(env: Readonly<Record<string, string | undefined>>, goos: string) {
  if (goos !== 'linux') return false;
  if (env['WSL_DISTRO_NAME']) return true;
  try {
    return /microsoft/i.test(await readFile('/proc/version', 'utf8'));
  } catch {
    return false;
  }
}

/** Go's default C compiler when CC is not set. */
function defaultCc(goos: string): string {
  return ['darwin', 'ios', 'freebsd', 'openbsd'].includes(goos) ? 'clang' : 'gcc';
}

/** Where a command named like CC (possibly `zig cc`, possibly a path) is. */
function locateCommand(
  command: string,
  searchPath: string,
  goos: string,
  pathExt?: string,
): string | undefined {
  const program = (command.trim().match(/^"([^"]+)"|^(\S+)/) ?? [])
    .slice(1)
    .find((x) => x !== undefined);
  if (!program) return undefined;
  const p = goos === 'windows' ? path.win32 : path.posix;
  if (program.includes('/') || (goos === 'windows' && program.includes('\\'))) {
    return which(p.basename(program), p.dirname(program), goos, pathExt);
  }
  return which(program, searchPath, goos, pathExt);
}

/** Gathers what the checks need from this machine. Runs each `go` on PATH once (`go version`)
 * and the first one a few more times (`go env`), in an empty directory so that no go.mod
 * triggers a toolchain download, with a time limit on each command. */
export async function gatherDoctorFacts(opts: DoctorOptions = {}): Promise<DoctorFacts> {
  const env = opts.env ?? process.env;
  const host = opts.host ?? hostPlatform();
  const cwd = opts.cwd ?? process.cwd();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const searchPath = envGet(env, 'PATH', host.os) ?? '';
  const pathExt = envGet(env, 'PATHEXT', host.os);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'setup-go-verified-doctor-'));
  try {
    // The binary's own version: no GOROOT/GOFLAGS from the user (either can make go refuse to
    // start) and no toolchain switch.
    const bare = childEnv(
      env,
      { GOROOT: undefined, GOFLAGS: undefined, GOTOOLCHAIN: 'local' },
      host.os,
    );
    const versions = new Map<string, Promise<RunResult>>();
    const gos: GoOnPath[] = [];
    for (const p of findAllOnPath('go', searchPath, host.os, pathExt)) {
      const resolved = await realpathOr(p);
      let pending = versions.get(resolved);
      if (pending === undefined) {
        pending = safeRun(p, ['version'], bare, scratch, timeoutMs);
        versions.set(resolved, pending);
      }
      const r = await pending;
      const parsed = parseGoVersionOutput(r.stdout);
      const failed = r.code !== 0 || parsed.version === undefined;
      gos.push({
        path: p,
        resolved,
        versionOutput: firstLine(r.stdout),
        ...parsed,
        ...(failed
          ? { error: firstLine(r.stderr) || firstLine(r.stdout) || `exit code ${r.code}` }
          : {}),
      });
    }

    let goEnv: Record<string, string> | undefined;
    let goEnvError: string | undefined;
    let goEnvFile: Record<string, string> | undefined;
    let ownGoRoot: string | undefined;
    let goroot: GorootSetting | undefined;
    const first = gos[0];
    if (first !== undefined && first.error === undefined) {
      // GOTOOLCHAIN=local stops `go env` from switching (and downloading); `go env GOTOOLCHAIN`
      // alone is always answered by the local go, so it reports the user's real setting.
      const userEnv = childEnv(env, { GOTOOLCHAIN: 'local' }, host.os);
      let r = await safeRun(
        first.path,
        ['env', '-json', ...DOCTOR_GO_ENV_KEYS],
        userEnv,
        scratch,
        timeoutMs,
      );
      let vars = parseJsonObject(r);
      if (vars === undefined) {
        goEnvError = firstLine(r.stderr) || firstLine(r.stdout) || `exit code ${r.code}`;
        r = await safeRun(
          first.path,
          ['env', '-json', ...DOCTOR_GO_ENV_KEYS],
          bare,
          scratch,
          timeoutMs,
        );
        vars = parseJsonObject(r);
        // The retry ran without the user's GOFLAGS; the checks must still see it.
        const flags = envGet(env, 'GOFLAGS', host.os);
        if (vars !== undefined && flags) vars['GOFLAGS'] = flags;
      }
      if (vars !== undefined) {
        const tc = await safeRun(
          first.path,
          ['env', 'GOTOOLCHAIN'],
          childEnv(env, {}, host.os),
          scratch,
          timeoutMs,
        );
        if (tc.code === 0) vars['GOTOOLCHAIN'] = tc.stdout.trim();
        else delete vars['GOTOOLCHAIN'];
        goEnv = vars;
        if (vars['GOENV'] && vars['GOENV'] !== 'off')
          goEnvFile = await readGoEnvFile(vars['GOENV']);
      }

      const byHand = envGet(env, 'GOROOT', host.os) || goEnvFile?.['GOROOT'];
      if (byHand) {
        goroot = {
          value: byHand,
          source: envGet(env, 'GOROOT', host.os) ? 'environment' : 'go env file',
          exists: await isDirectory(byHand),
          resolved: await realpathOr(byHand),
        };
        // Where this go finds its root by itself: GOROOT unset, go env file ignored.
        const own = await safeRun(
          first.path,
          ['env', 'GOROOT'],
          childEnv(
            env,
            { GOROOT: undefined, GOFLAGS: undefined, GOENV: 'off', GOTOOLCHAIN: 'local' },
            host.os,
          ),
          scratch,
          timeoutMs,
        );
        if (own.code === 0 && own.stdout.trim()) ownGoRoot = await realpathOr(own.stdout.trim());
      } else if (goEnv?.['GOROOT']) {
        ownGoRoot = await realpathOr(goEnv['GOROOT']);
      }
    }

    const ccName = goEnv?.['CC'] || envGet(env, 'CC', host.os) || defaultCc(host.os);
    const ccPath = locateCommand(ccName, searchPath, host.os, pathExt);
    const others = ['gcc', 'clang', 'cc'].filter(
      (n) => n !== ccName && which(n, searchPath, host.os, pathExt) !== undefined,
    );
    const pkgName = goEnv?.['PKG_CONFIG'] || envGet(env, 'PKG_CONFIG', host.os) || 'pkg-config';
    const pkgPath = locateCommand(pkgName, searchPath, host.os, pathExt);

    let expected: ExpectedVersion | undefined;
    if (opts.goVersionFile !== undefined) {
      const file = path.resolve(cwd, opts.goVersionFile);
      try {
        expected = { file, spec: await readVersionFile(file) };
      } catch (e) {
        expected = { file, error: (e as Error).message };
      }
    }

    return {
      host,
      env,
      cwd,
      gos,
      ...(goEnv ? { goEnv } : {}),
      ...(goEnvError !== undefined ? { goEnvError } : {}),
      ...(goEnvFile ? { goEnvFile } : {}),
      ...(ownGoRoot !== undefined ? { ownGoRoot } : {}),
      ...(goroot ? { goroot } : {}),
      cCompiler: { name: ccName, ...(ccPath ? { path: ccPath } : {}), others },
      pkgConfig: { name: pkgName, ...(pkgPath ? { path: pkgPath } : {}) },
      wsl: await detectWsl(env, host.os),
      ...(expected ? { expected } : {}),
      wantProxy: opts.downloadSource === 'proxy',
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function parseJsonObject(r: RunResult): Record<string, string> | undefined {
  if (r.code !== 0) return undefined;
  try {
    const v: unknown = JSON.parse(r.stdout);
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, string>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Gathers the facts of this machine and diagnoses them. */
export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorReport> {
  const gathered = await gatherDoctorFacts(opts);
  const goroot = gathered.goEnv?.['GOROOT'] || gathered.ownGoRoot;
  const facts =
    opts.proveTree && goroot
      ? { ...gathered, treeProof: await gatherTreeProof(goroot, opts.env ?? process.env) }
      : gathered;
  return summarizeDoctor(facts, diagnose(facts));
}
