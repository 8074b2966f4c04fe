/** Renders the step summary table for the Go caches: one row per entry. */
import { CACHE_NAMES, type EntryReport } from '../cache/go-caches.js';
import { formatBytes } from './summary.js';

const RESULT_TEXT: Readonly<Record<EntryReport['result'], string>> = {
  hit: '✅ hit',
  partial: '◐ partial',
  miss: '○ miss',
  failed: '⚠️ failed',
  skipped: '– skipped',
  saved: '✅ saved',
  exists: '✅ already saved',
};

export function renderCacheSummary(
  phase: 'restore' | 'save',
  backend: string,
  reports: readonly EntryReport[],
  notes: readonly string[] = [],
): string {
  const lines = [`### Go caches: ${phase} (${backend})`, ''];
  if (reports.length > 0) {
    lines.push('| cache | key | result | size | time |', '|---|---|---|---:|---:|');
    for (const r of reports) {
      const key =
        r.matchedKey && r.matchedKey !== r.key
          ? `\`${cell(r.key)}\` (from \`${cell(r.matchedKey)}\`)`
          : `\`${cell(r.key)}\``;
      const result = r.reason
        ? `${RESULT_TEXT[r.result]}: ${cell(r.reason)}`
        : RESULT_TEXT[r.result];
      const size = r.bytes === undefined ? '' : formatBytes(r.bytes);
      lines.push(
        `| ${CACHE_NAMES[r.kind]} | ${key} | ${result} | ${size} | ${r.seconds.toFixed(1)} s |`,
      );
    }
  }
  for (const note of notes) lines.push('', `- ${note}`);
  return lines.join('\n') + '\n';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
