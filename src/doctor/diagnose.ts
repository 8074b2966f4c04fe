/** Every check over one set of facts, and the verdict. */
import { checkCgo } from './check-cgo.js';
import { checkGoEnvRan, checkGopath, checkGoroot } from './check-go-env.js';
import { checkGoflags } from './check-goflags.js';
import { checkGoOnPath } from './check-go-on-path.js';
import { checkPrivatePatterns } from './check-private.js';
import { checkChecksumDb, checkGoproxy } from './check-proxy-sumdb.js';
import { checkGotoolchain } from './check-toolchain-switch.js';
import { checkExpectedVersion } from './check-version-file.js';
import { checkWsl } from './check-wsl.js';
import { findingLevel, type DoctorFacts, type DoctorFinding, type DoctorReport } from './facts.js';
import { checkTreeProof } from './tree-proof.js';

/** Every check, in the order a reader fixes things: the binary, then its settings, then
 * what builds need. */
export function diagnose(facts: DoctorFacts): DoctorFinding[] {
  return [
    ...checkGoOnPath(facts),
    ...checkExpectedVersion(facts),
    ...checkGoEnvRan(facts),
    ...checkGoroot(facts),
    ...checkGopath(facts),
    ...checkWsl(facts),
    ...checkChecksumDb(facts),
    ...checkPrivatePatterns(facts),
    ...checkGoproxy(facts),
    ...checkGoflags(facts),
    ...checkGotoolchain(facts),
    ...checkCgo(facts),
    ...checkTreeProof(facts.treeProof),
  ];
}

export function summarizeDoctor(
  facts: DoctorFacts,
  findings: readonly DoctorFinding[],
): DoctorReport {
  // Counted as shown, so the last line never says "no problems" under a line with a fix.
  const errors = findings.filter((f) => findingLevel(f) === 'error').length;
  const warnings = findings.filter((f) => findingLevel(f) === 'warning').length;
  return { ok: errors === 0, errors, warnings, facts, findings };
}
