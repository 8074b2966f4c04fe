import { describe, expect, it } from '@jest/globals';
import type { HealthReport } from '../go/health.js';
import type { ArtifactRecord, VerificationRecord } from '../install/record.js';
import { RECORD_SCHEMA } from '../install/record.js';
import { renderSummary } from './summary.js';

const TGZ: ArtifactRecord = {
  name: 'go1.22.5.linux-amd64.tar.gz',
  url: 'https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz',
  size: 68_958_945,
  sha256: '904b924d435eaea086515bc63235b192ea441bd8c9b198c507e85009e6e4c7f0',
  sha256Source: 'https://go.dev/dl/?mode=json&include=all',
  signature: {
    status: 'verified',
    url: 'https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz.asc',
    primaryFingerprint: 'EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796',
    signingKeyFingerprint: '78BD65473CB3BD13',
    created: '2024-07-02T16:00:00.000Z',
    hashAlgorithm: 'SHA512',
  },
};

const ZIP: ArtifactRecord = {
  name: 'go1.22.5.windows-amd64.zip',
  url: 'https://dl.google.com/go/go1.22.5.windows-amd64.zip',
  size: 1536,
  sha256: 'c'.repeat(64),
  sha256Source: 'https://go.dev/dl/?mode=json&include=all',
  signature: { status: 'not-published', reason: 'go.dev publishes no signature for .zip files' },
};

function record(artifacts: ArtifactRecord[] = [TGZ]): VerificationRecord {
  return {
    schema: RECORD_SCHEMA,
    tool: 'setup-go-verified',
    go: { version: '1.22.5', tag: 'go1.22.5', os: 'linux', arch: 'amd64' },
    source: 'go.dev',
    artifacts,
    tree: { files: 12_345, bytes: 474 * 1024 * 1024, executables: {} },
    proof: {
      anchor: 'checksum-database',
      how: 'installed',
      h1: 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      module: 'golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64',
      statement: '2 files hash to h1:AAAA',
    },
    provenAt: '2024-07-03T08:00:00.000Z',
  };
}

/** The cells of a Markdown table row, split where GitHub splits them (on unescaped `|`). */
function cells(row: string): string[] {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

function rowsAfter(md: string, header: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(header);
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

const ARTIFACT_HEADER = '| artifact | size | SHA-256 | checked against | signature |';
const HEALTH_HEADER = '| health check | result | detail |';

describe('renderSummary', () => {
  it('renders a heading, one row per artifact and the install size', () => {
    const md = renderSummary({ record: record(), cacheHit: false, goRoot: '/opt/go/1.22.5/x64' });
    expect(md.startsWith('### Go go1.22.5 linux/amd64: installed\n\n')).toBe(true);
    const rows = rowsAfter(md, ARTIFACT_HEADER);
    expect(rows).toHaveLength(1);
    expect(cells(rows[0]!)).toEqual([
      '[go1.22.5.linux-amd64.tar.gz](https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz)',
      '65.8 MiB',
      '`904b924d435eaea086515bc63235b192ea441bd8c9b198c507e85009e6e4c7f0`',
      'https://go.dev/dl/?mode=json&include=all',
      '✅ key `78BD65473CB3BD13` (primary `EB4C1BFD4F042F6DDDCCEC917721F63BD38B4796`), signed 2024-07-02T16:00:00.000Z',
    ]);
    expect(md).toContain('At `/opt/go/1.22.5/x64`: 12345 files of the module tree, 474.0 MiB.');
    expect(md).not.toContain(HEALTH_HEADER);
    expect(md.endsWith('\n')).toBe(true);
  });

  it('says when the tool cache was reused, and what the reuse was proven by', () => {
    const reused = {
      ...record(),
      artifacts: [],
      proof: { ...record().proof, how: 'reused' as const },
    };
    const md = renderSummary({ record: reused, cacheHit: true, goRoot: '/opt/go' });
    expect(md.split('\n')[0]).toBe(
      '### Go go1.22.5 linux/amd64: reused from the tool cache, its whole tree proven again',
    );
    expect(md).toContain('**Proven by ✅ the Go checksum database:** 2 files hash to h1:AAAA.');
    expect(md).not.toContain('| artifact |');
  });

  it('marks an artifact with no published signature', () => {
    const md = renderSummary({ record: record([ZIP]), cacheHit: false, goRoot: 'C:\\go' });
    const [row] = rowsAfter(md, ARTIFACT_HEADER);
    expect(cells(row!)[1]).toBe('1.5 KiB');
    expect(cells(row!)[4]).toBe('⚠️ none: go.dev publishes no signature for .zip files');
  });

  it('escapes | and newlines so a cell cannot break the table', () => {
    const hostile: ArtifactRecord = {
      ...ZIP,
      name: 'a|b\nc.zip',
      sha256Source: 'https://mirror.example/?x=1|2',
      signature: { status: 'not-published', reason: 'line one\r\nline | two' },
    };
    const md = renderSummary({ record: record([hostile]), cacheHit: false, goRoot: '/go' });
    const rows = rowsAfter(md, ARTIFACT_HEADER);
    expect(rows).toHaveLength(1);
    const c = cells(rows[0]!);
    expect(c).toHaveLength(5);
    expect(c[0]).toBe(`[a\\|b c.zip](${ZIP.url})`);
    expect(c[3]).toBe('https://mirror.example/?x=1\\|2');
    expect(c[4]).toBe('⚠️ none: line one line \\| two');
  });

  // The link target is not escaped: a mirror URL holding `|` (a valid URL character) splits
  // the row into extra cells.
  it('escapes | in the artifact URL', () => {
    const md = renderSummary({
      record: record([{ ...ZIP, url: 'https://mirror.example/a|b/go.zip' }]),
      cacheHit: false,
      goRoot: '/go',
    });
    expect(cells(rowsAfter(md, ARTIFACT_HEADER)[0]!)).toHaveLength(5);
  });

  it('renders health findings, with the fix of each failure', () => {
    const health: HealthReport = {
      ok: false,
      findings: [
        { layer: 'binary', check: 'go version', ok: true, detail: 'go1.22.5 linux/amd64' },
        {
          layer: 'binary',
          check: 'first go on PATH',
          ok: false,
          detail: '/snap/bin/go comes before /opt/go/bin/go',
          fix: 'remove /snap/bin from PATH or put /opt/go/bin before it',
        },
        {
          layer: 'environment',
          check: 'GOROOT',
          ok: false,
          detail: 'go env GOROOT is a|b\nc',
        },
      ],
    };
    const md = renderSummary({ record: record(), cacheHit: false, goRoot: '/opt/go', health });
    expect(rowsAfter(md, HEALTH_HEADER).map(cells)).toEqual([
      ['binary: go version', '✅', 'go1.22.5 linux/amd64'],
      [
        'binary: first go on PATH',
        '❌',
        '/snap/bin/go comes before /opt/go/bin/go — fix: remove /snap/bin from PATH or put /opt/go/bin before it',
      ],
      ['environment: GOROOT', '❌', 'go env GOROOT is a\\|b c'],
    ]);
  });
});
