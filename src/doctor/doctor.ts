/**
 * `setup-go-verified doctor`: explains what is wrong with Go on any machine (a laptop, GitLab
 * CI, a self-hosted runner) and how to fix it. Gathering (gather.ts, tree-proof.ts) is the
 * only part that touches the machine (PATH, `go version`, `go env`, files); every check is a
 * pure function of those facts, so each case can be tested with crafted facts.
 */
import { diagnose, summarizeDoctor } from './diagnose.js';
import type { DoctorReport } from './facts.js';
import { gatherDoctorFacts, type DoctorOptions } from './gather.js';
import { gatherTreeProof } from './tree-proof.js';

export type { DoctorFacts, DoctorFinding, DoctorReport, Severity } from './facts.js';
export type { DoctorOptions } from './gather.js';
export { renderDoctor } from './render.js';

/** Gathers the facts of this machine and diagnoses them. */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const gathered = await gatherDoctorFacts(opts);
  const goroot = gathered.goEnv?.['GOROOT'] || gathered.ownGoRoot;
  const facts =
    opts.proveTree && goroot
      ? { ...gathered, treeProof: await gatherTreeProof(goroot, opts.env) }
      : gathered;
  return summarizeDoctor(facts, diagnose(facts));
}
