/**
 * The one diagnostics model every gate reports into: gofmt, go vet, staticcheck and
 * golangci-lint each speak their own format; parsers turn them into Findings so annotations,
 * the summary and only-new-issues filtering are written once.
 */

export const GATE_NAMES = ['fmt', 'vet', 'staticcheck', 'golangci-lint'] as const;
export type GateName = (typeof GATE_NAMES)[number];

/** GitHub's annotation levels; `error` fails the step under the default `fail-on: error`. */
export type Severity = 'error' | 'warning' | 'notice';

export interface Finding {
  readonly gate: GateName;
  /** Path relative to the repository root, with forward slashes (what annotations need). */
  readonly file: string;
  /** 1-based; 0 when the tool gave no position (a package-level problem). */
  readonly line: number;
  /** 1-based; 0 when unknown. */
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** The check that fired: `gofmt`, a vet analyzer (`printf`), `SA4006`, `errcheck`, ... */
  readonly rule: string;
  readonly message: string;
  readonly severity: Severity;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/** Most severe first, then by file, line and column, so the annotations GitHub keeps matter most. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}
