/** Renders the step summary (Markdown) for an install: what was verified, and the health check. */
import type { HealthReport } from '../go/health.js';
import type { VerificationRecord } from '../install/record.js';
import { formatBytes, tableCell } from '../markdown.js';

export interface SummaryInput {
  readonly record: VerificationRecord;
  readonly cacheHit: boolean;
  readonly goRoot: string;
  readonly health?: HealthReport;
}

export function renderSummary(input: SummaryInput): string {
  const { record } = input;
  const lines: string[] = [];
  const how = {
    installed: 'installed',
    reused: 'reused from the tool cache, its whole tree proven again',
    adopted: 'adopted from the tool cache (not installed by us), its whole tree proven',
  }[record.proof.how];
  lines.push(`### Go ${record.go.tag} ${record.go.os}/${record.go.arch}: ${how}`, '');
  const anchor = {
    'checksum-database': '✅ the Go checksum database',
    'openpgp-signature': '⚠️ the OpenPGP signature only (the checksum database did not vouch)',
    sha256: '⚠️ a SHA-256 from an index only (no signature, no checksum database)',
  }[record.proof.anchor];
  lines.push(`**Proven by ${anchor}:** ${tableCell(record.proof.statement)}.`, '');
  if (record.proof.consistency) {
    lines.push(`Tree head: ${tableCell(record.proof.consistency)}.`, '');
  }
  if (record.proof.removed?.length) {
    lines.push(`Removed (no proof covers them): ${record.proof.removed.join(' ')}.`, '');
  }
  if (record.artifacts.length > 0) {
    lines.push('| artifact | size | SHA-256 | checked against | signature |');
    lines.push('|---|---:|---|---|---|');
  }
  for (const a of record.artifacts) {
    const sig =
      a.signature.status === 'verified'
        ? `✅ key \`${a.signature.signingKeyFingerprint}\` (primary \`${a.signature.primaryFingerprint}\`), signed ${a.signature.created}`
        : `⚠️ none: ${a.signature.reason}`;
    lines.push(
      `| [${tableCell(a.name)}](${a.url.replace(/\|/g, '%7C')}) | ${formatBytes(a.size)} | \`${a.sha256}\` | ${tableCell(a.sha256Source)} | ${tableCell(sig)} |`,
    );
  }
  const db = record.checksumDatabase;
  if (db) {
    lines.push(
      '',
      `Go checksum database \`${db.database}\` (via ${db.url}): \`${db.module}\` \`${db.h1}\`, ` +
        `record ${db.recordId}, proven in the signed tree of size ${db.treeSize} (root \`${db.rootHash}\`); ` +
        'every file of the tree matches that hash.',
    );
    if (db.bundle) {
      const age =
        db.bundle.ageDays === undefined
          ? 'its manifest gives no date for the tree head'
          : `its tree head was fetched ${db.bundle.ageDays} day(s) before this run, per its unsigned manifest`;
      lines.push(
        '',
        `⚠️ Read offline from the bundle ${tableCell(db.bundle.url)}: ${age}. An offline proof ` +
          'shows inclusion in a signed tree; it cannot show that the tree is current.',
      );
    }
  }
  lines.push(
    '',
    `At \`${input.goRoot}\`: ${record.tree.files} files of the module tree, ${formatBytes(record.tree.bytes)}.`,
  );
  if (input.health) {
    lines.push('', '| health check | result | detail |', '|---|---|---|');
    for (const f of input.health.findings) {
      const detail = f.fix ? `${f.detail} — fix: ${f.fix}` : f.detail;
      lines.push(
        `| ${f.layer}: ${tableCell(f.check)} | ${f.ok ? '✅' : '❌'} | ${tableCell(detail)} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
