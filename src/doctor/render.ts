/** The doctor report as plain text for a terminal. */
import type { HealthLayer } from '../go/health.js';
import { findingLevel, type DoctorReport } from './facts.js';

const LAYERS: readonly HealthLayer[] = ['binary', 'environment', 'runtime'];

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
      lines.push(`  ${marks[findingLevel(f)]} ${f.check}: ${f.detail.replace(/\s*\n\s*/g, ' ')}`);
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
