/**
 * The golangci-lint gate's parser, for golangci-lint v2 run as
 *
 *   golangci-lint run --output.json.path=stdout --path-mode=abs --show-stats=false ./...
 *
 * which prints one line of JSON on stdout:
 *
 *   {"Issues":[{"FromLinter":"errcheck","Text":"...","Severity":"","Pos":{"Filename":"/abs/x.go",
 *    "Line":7,"Column":11},"LineRange":{"From":4,"To":12}}],"Report":{"Linters":[...],"Error":"..."}}
 *
 * `--show-stats=false` because the statistics (`1 issues:\n* errcheck: 1`) go to stdout after
 * the JSON; `--path-mode=abs` so paths do not depend on where the configuration file is. A
 * configuration may still add text output to stdout (`output.formats.text.path: stdout`);
 * the JSON line is found among it.
 *
 * Exit codes: 0 no issues, 1 issues, 3 failure (bad flags, bad configuration), 4 timeout,
 * 5 no Go files, 7 an error was logged (`level=error msg=...` on stderr; the JSON then has
 * `Report.Error`). Everything but 0 and 1 is a failure.
 *
 * Severity is empty unless the configuration's `severity` section sets one; empty is an
 * error. Compile errors come from the `typecheck` pseudo-linter, often as one issue at line 1
 * whose text holds the compiler's output (`: # pkg\nx.go:5:9: undefined: y`); those become
 * one finding per compiler diagnostic.
 */
import type { Finding, Severity } from './finding.js';
import {
  compilerFindings,
  endedAbnormally,
  failureText,
  isRecord,
  parseCompilerText,
  relativeToRoot,
  type GateOutcome,
  type ParseContext,
  type ToolRun,
} from './tool-output.js';

/** The output-related flags of `golangci-lint run` this parser expects (v2). */
export function golangciJsonArgs(): string[] {
  return ['--output.json.path=stdout', '--path-mode=abs', '--show-stats=false'];
}

/** golangci-lint's exit code when it found issues (and nothing went wrong). */
const ISSUES_FOUND = 1;
/** `config verify` found no configuration file: there is nothing to verify. */
const NO_CONFIG_FILE = 6;

interface Issue {
  readonly linter: string;
  readonly text: string;
  readonly severity: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly lastLine?: number;
}

interface Report {
  readonly issues: Issue[];
  readonly error?: string;
}

/** Parses the output of `golangci-lint run` with {@link golangciJsonArgs} into findings. */
export function parseGolangci(run: ToolRun, ctx: ParseContext): GateOutcome {
  const report = findReport(run.stdout);
  const findings = report ? report.issues.flatMap((i) => issueFindings(i, ctx)) : [];
  if (endedAbnormally(run)) return { findings, failure: failureText(run, run.stderr) };
  if (run.code !== 0 && run.code !== ISSUES_FOUND) {
    const words = [run.stderr.trim(), report?.error ?? ''];
    if (words[1] && words[0]!.includes(words[1])) words.pop();
    const said = words.filter((w) => w !== '').join('\n');
    return { findings, failure: failureText(run, said || undefined) };
  }
  if (!report) {
    const said = [run.stderr.trim(), run.stdout.trim()].filter((w) => w !== '').join('\n');
    return { findings, failure: failureText(run, said || undefined) };
  }
  return { findings };
}

/**
 * What `golangci-lint config verify` says about the configuration: undefined when it is
 * valid (or there is none), else the tool's words.
 */
export function parseConfigVerify(run: ToolRun): string | undefined {
  if (endedAbnormally(run)) return failureText(run, run.stderr);
  if (run.code === 0 || run.code === NO_CONFIG_FILE) return undefined;
  return failureText(run);
}

function issueFindings(issue: Issue, ctx: ParseContext): Finding[] {
  const severity = golangciSeverity(issue.severity);
  if (issue.linter === 'typecheck') {
    const compiler = parseCompilerText(issue.text);
    if (compiler.positioned.length > 0) {
      return compilerFindings(compiler.positioned, 'golangci-lint', 'typecheck', ctx, severity);
    }
  }
  const finding: Finding = {
    gate: 'golangci-lint',
    file: relativeToRoot(issue.file, ctx),
    line: issue.line,
    column: issue.column,
    rule: issue.linter,
    message: issue.text,
    severity,
  };
  return issue.lastLine !== undefined && issue.lastLine > issue.line
    ? [{ ...finding, endLine: issue.lastLine }]
    : [finding];
}

/**
 * golangci-lint passes severities through from the configuration (checkstyle, Code Climate
 * and SARIF words alike); anything unrecognised, and the default empty one, is an error.
 */
export function golangciSeverity(severity: string): Severity {
  switch (severity.trim().toLowerCase()) {
    case 'warning':
    case 'warn':
    case 'medium':
    case 'minor':
    case 'moderate':
      return 'warning';
    case 'info':
    case 'notice':
    case 'note':
    case 'low':
    case 'hint':
    case 'suggestion':
      return 'notice';
    default:
      return 'error';
  }
}

/** The JSON report among stdout's lines (text output may come first); undefined if none. */
function findReport(stdout: string): Report | undefined {
  const candidates = stdout.split('\n').filter((l) => l.trimStart().startsWith('{'));
  if (stdout.trimStart().startsWith('{')) candidates.unshift(stdout.trim());
  for (const candidate of candidates) {
    const report = parseReport(candidate);
    if (report) return report;
  }
  return undefined;
}

function parseReport(text: string): Report | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(v) || !('Issues' in v)) return undefined;
  const raw = v['Issues'] ?? [];
  if (!Array.isArray(raw)) return undefined;
  const issues: Issue[] = [];
  for (const item of raw) {
    const issue = parseIssue(item);
    if (!issue) return undefined;
    issues.push(issue);
  }
  const report = v['Report'];
  const error = isRecord(report) && typeof report['Error'] === 'string' ? report['Error'] : '';
  return error ? { issues, error } : { issues };
}

function parseIssue(v: unknown): Issue | undefined {
  if (!isRecord(v) || typeof v['FromLinter'] !== 'string' || typeof v['Text'] !== 'string') {
    return undefined;
  }
  const pos = isRecord(v['Pos']) ? v['Pos'] : {};
  const range = isRecord(v['LineRange']) ? v['LineRange'] : {};
  const lastLine = num(range['To']);
  const issue: Issue = {
    linter: v['FromLinter'],
    text: v['Text'],
    severity: typeof v['Severity'] === 'string' ? v['Severity'] : '',
    file: typeof pos['Filename'] === 'string' ? pos['Filename'] : '',
    line: num(pos['Line']),
    column: num(pos['Column']),
  };
  return lastLine > 0 ? { ...issue, lastLine } : issue;
}

function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}
