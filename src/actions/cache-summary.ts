/** Renders the step summary table for the Go caches: one row per entry. */
import { CACHE_NAMES, type EntryReport } from '../cache/go-caches.js';
import type { ModCacheProof } from '../cache/verify-modcache.js';
import { formatBytes, tableCell } from '../markdown.js';

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
  proof?: ModCacheProof,
): string {
  const lines = [`### Go caches: ${phase} (${backend})`, ''];
  if (reports.length > 0) {
    lines.push('| cache | key | result | size | time |', '|---|---|---|---:|---:|');
    for (const r of reports) {
      const key =
        r.matchedKey && r.matchedKey !== r.key
          ? `\`${tableCell(r.key)}\` (from \`${tableCell(r.matchedKey)}\`)`
          : `\`${tableCell(r.key)}\``;
      const result = r.reason
        ? `${RESULT_TEXT[r.result]}: ${tableCell(r.reason)}`
        : RESULT_TEXT[r.result];
      const size = r.bytes === undefined ? '' : formatBytes(r.bytes);
      lines.push(
        `| ${CACHE_NAMES[r.kind]} | ${key} | ${result} | ${size} | ${r.seconds.toFixed(1)} s |`,
      );
    }
  }
  if (proof !== undefined) lines.push('', `- ${modCacheProofLine(proof)}`);
  const build = reports.find((r) => r.kind === 'build');
  if (phase === 'restore' && (build?.result === 'hit' || build?.result === 'partial')) {
    lines.push('', `- ${BUILD_CACHE_TRUST[backend === 'local' ? 'local' : 'github']}`);
  }
  for (const note of notes) lines.push('', `- ${note}`);
  return lines.join('\n') + '\n';
}

/**
 * What a restored GOCACHE rests on. Build outputs have no published hashes to check them
 * against, so this entry is trusted as whoever could write it.
 */
const BUILD_CACHE_TRUST = {
  github:
    'GOCACHE: not proven (build outputs have no published hashes); it rests on the cache ' +
    "service's scopes: a pull request reads its base branch's entries and writes only its own. " +
    '`cache-save: default-branch` leaves only default-branch runs as writers.',
  local:
    'GOCACHE: not proven (build outputs have no published hashes); with the local backend it ' +
    'rests on every job that can write the cache directory on this runner.',
} as const;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the module cache's proof was: what it proved, what it removed and why. */
export function modCacheProofLine(proof: ModCacheProof): string {
  const sums = plural(proof.goSumFiles, 'go.sum file');
  const parts = [
    `${proof.failed.length + proof.uncovered.length + proof.strays.length === 0 ? '✅' : '⚠️'} ` +
      `GOMODCACHE proof: ${plural(proof.proven, 'module version')} proven against ${sums} ` +
      `(${plural(proof.provenZips, 'zip')}, ${plural(proof.provenDirs, 'directory', 'directories')}, ` +
      `${plural(proof.provenMods, 'go.mod file')}; ${formatBytes(proof.bytes)} in ${proof.seconds.toFixed(1)} s)`,
  ];
  const removed: string[] = [];
  if (proof.failed.length > 0) {
    const shown = proof.failed
      .slice(0, 5)
      .map((f) => `\`${code(f.name ?? f.key)}\`: ${tableCell(f.reason)}`)
      .join('; ');
    const more = proof.failed.length > 5 ? `; and ${proof.failed.length - 5} more` : '';
    removed.push(`${plural(proof.failed.length, 'version')} that failed (${shown}${more})`);
  }
  if (proof.uncovered.length > 0) {
    removed.push(`${proof.uncovered.length} not covered by any go.sum line, so unprovable`);
  }
  if (proof.strays.length > 0)
    removed.push(plural(proof.strays.length, 'link or special file', 'links or special files'));
  if (removed.length > 0) parts.push(`removed, to be downloaded again: ${removed.join(', ')}`);
  return parts.join('; ');
}

function code(text: string): string {
  return tableCell(text).replace(/`/g, "'");
}
