/**
 * What `doctor` knows about a machine (the facts, gathered once) and what it says about them
 * (the findings). Every check is a pure function from facts to findings.
 */
import type { HealthFinding, HealthLayer } from '../go/health.js';
import type { Platform } from '../platform.js';

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

export function finding(
  layer: HealthLayer,
  check: string,
  severity: Severity,
  ok: boolean,
  detail: string,
  fix?: string,
): DoctorFinding {
  return { layer, check, ok, severity, detail, ...(fix === undefined ? {} : { fix }) };
}

/** How a finding is shown and counted: `error` (broken), `warning` (something to act on) or
 * `ok`. A finding that comes with a fix asks the reader to do something, so it is never `ok`,
 * whatever its severity says. */
export function findingLevel(f: DoctorFinding): 'error' | 'warning' | 'ok' {
  if (!f.ok && f.severity === 'error') return 'error';
  if (!f.ok || f.severity !== 'info' || f.fix !== undefined) return 'warning';
  return 'ok';
}

/** What proving the first go's GOROOT found, or why it could not be proven. */
export type TreeProofFact =
  | {
      readonly dir: string;
      readonly ok: boolean;
      readonly tag: string;
      readonly module: string;
      readonly found: string;
      readonly expected: string;
      readonly reasons: readonly string[];
      readonly difference?: string;
    }
  | { readonly dir: string; readonly error: string };
