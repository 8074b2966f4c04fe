/**
 * The binary layer of `doctor`, proven: the GOROOT of the `go` first on PATH is compared,
 * file by file, with the toolchain the Go checksum database vouches for (as `verify` does).
 * Gathering needs the network; the check is a pure function of what was gathered.
 */
import { DEFAULT_GOPROXY } from '../options.js';
import type { RequestOptions } from '../fetch/http.js';
import { silentLogger } from '../log.js';
import { describeDifference } from '../verify/tree-proof/tree-shape.js';
import { proveTree } from '../go/prove-goroot.js';
import { sumdbClient } from '../verify/sumdb-access.js';
import { finding, type DoctorFinding, type TreeProofFact } from './facts.js';

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

export function checkTreeProof(fact: TreeProofFact | undefined): DoctorFinding[] {
  if (!fact) return [];
  const check = 'published toolchain';
  if ('error' in fact) {
    return [
      finding(
        'binary',
        check,
        'warning',
        true,
        `${fact.dir} could not be proven against the Go checksum database: ${fact.error}`,
        'run `setup-go-verified verify` where the module proxy (GOPROXY) is reachable',
      ),
    ];
  }
  if (fact.ok) {
    return [
      finding(
        'binary',
        check,
        'info',
        true,
        `${fact.dir} is ${fact.module}: every file hashes to ${fact.expected}, as the checksum database holds`,
      ),
    ];
  }
  const what = fact.difference ?? fact.reasons.join('; ');
  return [
    finding(
      'binary',
      check,
      'error',
      false,
      `${fact.dir} is not the ${fact.tag} the Go team published: ${what}`,
      'reinstall Go from a verified source (setup-go-verified install), or run `setup-go-verified verify` for the list of files',
    ),
  ];
}
