/**
 * The staticcheck gate's parser: `staticcheck -f json ./...` prints one JSON object a line,
 *
 *   {"code":"SA4006","severity":"error","location":{"file":"/abs/x.go","line":7,"column":2},
 *    "end":{"file":"/abs/x.go","line":7,"column":27},"message":"this value of n is never used"}
 *
 * `severity` is `error` for checks that fail the run, `warning` for checks left out of
 * `-fail`, and `ignored` for problems a `//lint:ignore` directive suppressed (printed only
 * with -show-ignored; skipped here). Code `compile` carries load and type errors, usually
 * without a location and with the compiler's text as the message (`# pkg\nx.go:5:9: ...`);
 * code `config` a staticcheck.conf that does not parse.
 *
 * Exit codes: 0 when nothing failed (warnings only), 1 when a problem did, 2 for bad flags.
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

interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

interface Problem {
  readonly code: string;
  readonly severity: string;
  readonly location: Location;
  readonly end?: Location;
  readonly message: string;
}

/** Parses the output of `staticcheck -f json` into findings. */
export function parseStaticcheck(run: ToolRun, ctx: ParseContext): GateOutcome {
  const findings: Finding[] = [];
  const unexplained: string[] = [];
  for (const line of run.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const problem = parseProblem(line);
    if (!problem) {
      unexplained.push(line);
      continue;
    }
    if (problem.severity === 'ignored') continue;
    if (problem.code === 'compile' && problem.location.file === '') {
      const text = parseCompilerText(problem.message);
      findings.push(...compilerFindings(text.positioned, 'staticcheck', 'compile', ctx));
      unexplained.push(...text.other);
      continue;
    }
    findings.push(staticcheckFinding(problem, ctx));
  }

  if (endedAbnormally(run)) return { findings, failure: failureText(run, run.stderr) };
  if (run.code !== 0 && run.code !== 1) return { findings, failure: failureText(run) };
  if (unexplained.length > 0) {
    return { findings, failure: failureText(run, unexplained.join('\n')) };
  }
  if (run.code === 1 && !findings.some((f) => f.severity === 'error')) {
    return { findings, failure: failureText(run) };
  }
  return { findings };
}

function staticcheckFinding(p: Problem, ctx: ParseContext): Finding {
  const finding: Finding = {
    gate: 'staticcheck',
    file: relativeToRoot(p.location.file, ctx),
    line: p.location.line,
    column: p.location.column,
    rule: p.code,
    message: p.message,
    severity: staticcheckSeverity(p.severity),
  };
  const end = p.end;
  const spans = end && end.file === p.location.file && end.line >= p.location.line;
  return spans ? { ...finding, endLine: end.line, endColumn: end.column } : finding;
}

/** `error` and anything unknown fail; `warning` is what staticcheck was told not to fail on. */
function staticcheckSeverity(severity: string): Severity {
  return severity === 'warning' ? 'warning' : 'error';
}

/** One output line as a problem; undefined when it is not one (garbage, a cut-off line). */
function parseProblem(line: string): Problem | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(v)) return undefined;
  const o = v;
  const location = parseLocation(o['location']);
  if (typeof o['code'] !== 'string' || typeof o['message'] !== 'string' || !location) {
    return undefined;
  }
  return {
    code: o['code'],
    severity: typeof o['severity'] === 'string' ? o['severity'] : 'error',
    location,
    end: parseLocation(o['end']),
    message: o['message'],
  };
}

function parseLocation(v: unknown): Location | undefined {
  if (!isRecord(v)) return undefined;
  const o = v;
  if (typeof o['file'] !== 'string') return undefined;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  return { file: o['file'], line: num(o['line']), column: num(o['column']) };
}
