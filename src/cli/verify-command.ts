/**
 * `setup-go-verified verify [GOROOT]`: proves a Go installation against the Go checksum
 * database and says what was proven, or which files differ. Exit 0 when the tree is the
 * published one, 1 when it is not (or cannot be proven), 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { goEnv } from '../go/go-command.js';
import { proveTree, type TreeProofReport } from '../go/prove-goroot.js';
import { sumdbClient } from '../verify/sumdb-access.js';
import { streamLogger } from '../log.js';
import { DEFAULT_GOPROXY, httpSettingsFromEnv } from '../options.js';
import type { CliIo } from './cli-io.js';

export const VERIFY_USAGE = `verify [GOROOT] flags (default GOROOT: \`go env GOROOT\`):
  --goproxy LIST               module proxies that reach the checksum database (default: $GOPROXY)
  --os GOOS --arch GOARCH      the tree's platform (default: its pkg/tool/<os>_<arch> directory)
  --go-version TAG             the tree's version (default: its VERSION file)
  --json                       print the report as JSON
`;

const FLAGS = {
  goproxy: { type: 'string' },
  os: { type: 'string' },
  arch: { type: 'string' },
  'go-version': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export class VerifyUsageError extends Error {}

export async function verifyCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: FLAGS, strict: true, allowPositionals: true });
  } catch (err) {
    throw new VerifyUsageError((err as Error).message);
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    io.stdout(VERIFY_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new VerifyUsageError('verify takes one GOROOT at most');
  if ((flags.os === undefined) !== (flags.arch === undefined)) {
    throw new VerifyUsageError('give --os and --arch together');
  }
  const dir = positionals[0] ?? (await goEnvGoroot(io));
  const goproxy = flags.goproxy ?? (io.env['GOPROXY']?.trim() || DEFAULT_GOPROXY);
  const http = { ...httpSettingsFromEnv(io.env), env: { ...io.env } };
  const logger = streamLogger((line) => io.stderr(`${line}\n`));
  const gosumdb = io.env['GOSUMDB']?.trim();
  const client = sumdbClient(goproxy, { http, ...(gosumdb ? { gosumdb } : {}) });
  const report = await proveTree({
    dir,
    ...(flags['go-version'] ? { tag: normaliseTag(flags['go-version']) } : {}),
    ...(flags.os && flags.arch ? { os: flags.os, arch: flags.arch } : {}),
    client,
    goproxy,
    http,
    logger,
  });
  io.stdout(flags.json ? `${JSON.stringify(reportJson(report), null, 2)}\n` : renderReport(report));
  return report.ok ? 0 : 1;
}

function normaliseTag(v: string): string {
  return v.startsWith('go') ? v : `go${v}`;
}

async function goEnvGoroot(io: CliIo): Promise<string> {
  try {
    const vars = await goEnv('go', ['GOROOT'], {
      env: { ...io.env, GOTOOLCHAIN: 'local' },
      cwd: io.cwd,
    });
    const root = vars['GOROOT'];
    if (root) return root;
  } catch {
    // reported below
  }
  throw new VerifyUsageError(
    'no GOROOT given and `go env GOROOT` did not answer: name the directory',
  );
}

function reportJson(r: TreeProofReport) {
  return {
    ok: r.ok,
    dir: r.dir,
    module: `golang.org/toolchain@${r.moduleVersion}`,
    found: r.tree.h1,
    expected: r.lookup.h1,
    database: {
      name: r.database,
      recordId: r.lookup.recordId,
      treeSize: r.lookup.treeSize,
      rootHash: r.lookup.rootHash,
    },
    files: r.tree.files,
    reasons: r.reasons,
    notCovered: r.notCovered.length,
    ...(r.difference ? { difference: r.difference } : {}),
  };
}

function renderReport(r: TreeProofReport): string {
  const lines = [
    `${r.dir}: Go ${r.tag} ${r.os}/${r.arch}, as golang.org/toolchain@${r.moduleVersion}`,
    `checksum database ${r.database}: ${r.lookup.h1} (record ${r.lookup.recordId}, signed tree ${r.lookup.treeSize})`,
    `this tree:  ${r.tree.h1} (${r.tree.files} files)`,
  ];
  if (r.ok) {
    lines.push('OK: every file is the one the Go team published.');
  } else {
    lines.push('DIFFERS from the published toolchain:', ...r.reasons.map((x) => `  - ${x}`));
    if (r.difference) {
      const d = r.difference;
      for (const [label, names] of [
        ['changed', d.changed],
        ['added', d.added],
        ['missing', d.missing],
      ] as const) {
        for (const n of names) lines.push(`  ${label}: ${n}`);
      }
      lines.push(
        `  (${d.changed.length} changed, ${d.added.length} added, ${d.missing.length} missing)`,
      );
    }
  }
  if (r.notCovered.length > 0) {
    lines.push(
      `not covered by any proof: ${r.notCovered.length} files under api/ doc/ misc/ test/ (the toolchain module leaves them out)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
