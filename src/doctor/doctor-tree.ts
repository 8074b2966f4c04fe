/**
 * The binary layer of `doctor`, proven: the GOROOT of the `go` first on PATH is compared,
 * file by file, with the toolchain the Go checksum database vouches for (as `verify` does).
 * Gathering needs the network; the check is a pure function of what was gathered.
 */
import { DEFAULT_GOPROXY } from '../options.js';
import type { RequestOptions } from '../fetch/http.js';
import { silentLogger } from '../log.js';
import { describeDifference } from '../verify/tree-proof/tree-shape.js';
import type { HealthFinding } from '../go/health.js';
import { proveTree } from '../go/prove-goroot.js';
import { sumdbClient } from '../verify/sumdb-access.js';

/** What proving the tree found, or why it could not be proven. */
export type TreeProofFact =
  | {
      readonly dir: string;
      readonly ok: boolean;
      readonly tag: string;
      readonly module: string;
      readonly found: string;
      readonly expected: string;
      readonly reasons: readonly string[];
      readonly difference?: string;
    }
  | { readonly dir: string; readonly error: string };

export async function gatherTreeProof(
  goroot: string,
  env: Readonly<Record<string, string | undefined>>,
  http: RequestOptions = {},
): Promise<TreeProofFact> {
  const goproxy = env['GOPROXY']?.trim() || DEFAULT_GOPROXY;
  const gosumdb = env['GOSUMDB']?.trim();
  try {
    const client = sumdbClient(goproxy, { http, ...(gosumdb ? { gosumdb } : {}) });
    const r = await proveTree({ dir: goroot, client, goproxy, http, logger: silentLogger });
    return {
      dir: r.dir,
      ok: r.ok,
      tag: r.tag,
      module: `golang.org/toolchain@${r.moduleVersion}`,
      found: r.tree.h1,
      expected: r.lookup.h1,
      reasons: r.reasons,
      ...(r.difference ? { difference: describeDifference(r.difference) } : {}),
    };
  } catch (err) {
    return { dir: goroot, error: (err as Error).message };
  }
}

/** A doctor finding (doctor.ts's DoctorFinding, spelled out to keep the import one-way). */
type Finding = HealthFinding & { readonly severity: 'error' | 'warning' | 'info' };

export function checkTreeProof(fact: TreeProofFact | undefined): Finding[] {
  if (!fact) return [];
  const check = 'published toolchain';
  if ('error' in fact) {
    return [
      {
        layer: 'binary',
        check,
        ok: true,
        severity: 'warning',
        detail: `${fact.dir} could not be proven against the Go checksum database: ${fact.error}`,
        fix: 'run `setup-go-verified verify` where the module proxy (GOPROXY) is reachable',
      },
    ];
  }
  if (fact.ok) {
    return [
      {
        layer: 'binary',
        check,
        ok: true,
        severity: 'info',
        detail: `${fact.dir} is ${fact.module}: every file hashes to ${fact.expected}, as the checksum database holds`,
      },
    ];
  }
  const what = fact.difference ?? fact.reasons.join('; ');
  return [
    {
      layer: 'binary',
      check,
      ok: false,
      severity: 'error',
      detail: `${fact.dir} is not the ${fact.tag} the Go team published: ${what}`,
      fix: 'reinstall Go from a verified source (setup-go-verified install), or run `setup-go-verified verify` for the list of files',
    },
  ];
}
