/**
 * What the gates tell people: annotations (GitHub shows at most 10 errors and 10 warnings of a
 * step, so the most severe go first), one summary table that lists every finding, the
 * `results` output as JSON, and plain lines for the CLI.
 */
import type { Finding, Severity } from './finding.js';
import type { GateResult, GatesReport } from './run-gates.js';
import { tableCell } from '../markdown.js';

/** GitHub keeps this many annotations of each level per step and drops the rest. */
export const ANNOTATIONS_PER_LEVEL = 10;
/** Findings listed per gate in the summary; the step summary is capped at 1 MiB. */
export const SUMMARY_FINDINGS_PER_GATE = 500;

export interface Annotation {
  readonly level: Severity;
  readonly message: string;
  readonly title: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export function annotationOf(f: Finding): Annotation {
  return {
    level: f.severity,
    message: f.message,
    title: `${f.gate}: ${f.rule}`,
    file: f.file,
    line: f.line > 0 ? f.line : undefined,
    column: f.line > 0 && f.column > 0 ? f.column : undefined,
    endLine: f.endLine,
    endColumn: f.endLine !== undefined && f.endLine === f.line ? f.endColumn : undefined,
  };
}

/** The annotations to emit: the first N of each level across all gates, in severity order. */
export function selectAnnotations(results: readonly GateResult[]): {
  annotations: Annotation[];
  omitted: number;
} {
  const all = results.flatMap((r) => r.findings);
  // Each tool that could not run takes one error annotation of its own, emitted first.
  const failures = results.filter((r) => r.failure !== undefined).length;
  const perLevel: Record<Severity, number> = { error: failures, warning: 0, notice: 0 };
  const annotations: Annotation[] = [];
  let omitted = 0;
  for (const f of [...all].sort((a, b) => rank(a) - rank(b))) {
    if (perLevel[f.severity] >= ANNOTATIONS_PER_LEVEL) {
      omitted++;
      continue;
    }
    perLevel[f.severity]++;
    annotations.push(annotationOf(f));
  }
  return { annotations, omitted };
}

function rank(f: Finding): number {
  return f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2;
}

const STATUS_ICON: Record<GateResult['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  error: '💥 tool failed',
  skipped: '⏭️ skipped',
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The time of a gate, saying when its result was reused rather than computed. */
function gateTime(r: GateResult): string {
  return r.reused > 0 ? `${seconds(r.durationMs)} (reused)` : seconds(r.durationMs);
}

function position(f: Finding): string {
  return f.line > 0 ? `${f.file}:${f.line}${f.column > 0 ? `:${f.column}` : ''}` : f.file;
}

function toolCell(r: GateResult, report: GatesReport): string {
  if (r.gate === 'fmt') return `gofmt (${report.go.version})`;
  if (r.gate === 'vet') return `go vet (${report.go.version})`;
  if (!r.tool) return '';
  return `${r.gate} ${r.tool.version} (${r.tool.chosen.source}${r.tool.cached ? ', cached' : ''})`;
}

/** Text kept inside a fenced block: a ``` in it would close the fence. */
function fenceSafe(text: string): string {
  return text.replace(/```/g, '`\u200b``');
}

/** The title, what only-new-issues compared with, and the table of gates. */
function overview(report: GatesReport): string[] {
  const total = report.results.reduce((n, r) => n + r.findings.length, 0);
  const lines = [
    `### Go gates: ${report.passed ? '✅ passed' : '❌ failed'} — ${total} finding${total === 1 ? '' : 's'} in ${seconds(report.durationMs)}`,
    '',
  ];
  if (report.base) {
    const dropped = report.results.reduce((n, r) => n + r.dropped, 0);
    lines.push(
      `Only new issues: compared with ${report.base.how} (\`${report.base.sha.slice(0, 12)}\`); ${dropped} older finding${dropped === 1 ? '' : 's'} not shown.`,
      '',
    );
  } else if (report.baseProblem) {
    lines.push(
      `> [!WARNING]\n> only-new-issues could not find a base, so every finding is shown: ${tableCell(report.baseProblem)}`,
      '',
    );
  }
  lines.push('| gate | status | findings | time | tool |', '|---|---|---:|---:|---|');
  for (const r of report.results) {
    lines.push(
      `| ${r.gate} | ${STATUS_ICON[r.status]} | ${r.findings.length} | ${gateTime(r)} | ${tableCell(toolCell(r, report))} |`,
    );
  }
  for (const note of report.notes) lines.push('', `${tableCell(note)}.`);
  return lines;
}

/** One gate's section: the tool's words if it failed, its findings, gofmt's diffs. */
function gateSection(r: GateResult): string[] {
  const lines: string[] = [];
  if (r.failure) {
    lines.push('', `#### ${r.gate}: the tool failed`, '', '```text', fenceSafe(r.failure), '```');
  }
  if (r.findings.length === 0) return lines;
  lines.push(
    '',
    `#### ${r.gate}`,
    '',
    '| where | rule | severity | message |',
    '|---|---|---|---|',
  );
  for (const f of r.findings.slice(0, SUMMARY_FINDINGS_PER_GATE)) {
    lines.push(
      `| \`${tableCell(position(f))}\` | ${tableCell(f.rule)} | ${f.severity} | ${tableCell(f.message)} |`,
    );
  }
  if (r.findings.length > SUMMARY_FINDINGS_PER_GATE) {
    lines.push(
      '',
      `…and ${r.findings.length - SUMMARY_FINDINGS_PER_GATE} more (see the \`results\` output).`,
    );
  }
  for (const [file, diff] of r.diffs ?? []) {
    lines.push(
      '',
      `<details><summary>gofmt diff for <code>${file.replace(/</g, '&lt;')}</code></summary>`,
      '',
      '```diff',
      fenceSafe(diff).trimEnd(),
      '```',
      '</details>',
    );
  }
  return lines;
}

/** How each tool was proven, and a word on reused results. */
function provenance(report: GatesReport): string[] {
  const lines: string[] = [];
  const tools = report.results.filter((r) => r.tool);
  if (tools.length > 0) {
    lines.push(
      '',
      'Tools: ' +
        tools.map((r) => `${r.gate} ${r.tool!.version}: ${r.tool!.verifiedBy}`).join('; ') +
        '.',
    );
  }
  const reused = report.results.reduce((n, r) => n + r.reused, 0);
  if (reused > 0) {
    lines.push(
      '',
      `Reused: ${reused} gate result${reused === 1 ? '' : 's'} for inputs identical to an ` +
        "earlier run's. Reused results, like the linters' analysis caches, are not proven: " +
        'they rest on who can write the cache (see the security model in the README).',
    );
  }
  return lines;
}

export function renderGatesSummary(report: GatesReport): string {
  const lines = [
    ...overview(report),
    ...report.results.flatMap(gateSection),
    ...provenance(report),
  ];
  return lines.join('\n') + '\n';
}

/** The `results` output: one entry per gate, every finding included. */
export function resultsJson(report: GatesReport): string {
  return JSON.stringify(
    Object.fromEntries(
      report.results.map((r) => [
        r.gate,
        {
          status: r.status,
          findings: r.findings,
          dropped: r.dropped,
          durationMs: r.durationMs,
          reused: r.reused,
          ...(r.tool
            ? {
                tool: {
                  version: r.tool.version,
                  source: r.tool.chosen.source,
                  path: r.tool.path,
                  verifiedBy: r.tool.verifiedBy,
                },
              }
            : {}),
          ...(r.failure ? { failure: r.failure } : {}),
        },
      ]),
    ),
  );
}

/** Compiler-style lines for terminals and editors: `file:line:col: gate/rule: message`. */
export function renderFindingLines(report: GatesReport): string[] {
  const out: string[] = [];
  for (const r of report.results) {
    for (const f of r.findings)
      out.push(`${position(f)}: ${f.severity}: ${r.gate}/${f.rule}: ${f.message}`);
    if (r.failure) out.push(`${r.gate}: the tool failed:\n${r.failure}`);
  }
  for (const r of report.results) {
    out.push(
      `${r.gate}: ${r.status}, ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}, ${gateTime(r)}`,
    );
  }
  return out;
}
