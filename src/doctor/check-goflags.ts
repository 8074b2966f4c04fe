/** GOFLAGS entries that break every command or weaken builds. */
import { finding, type DoctorFacts, type DoctorFinding } from './facts.js';
import { goVar, setHint, unsetHint } from './settings.js';

/** GOFLAGS: entries that break every command, the removed -insecure, and -mod=mod. */
export function checkGoflags(facts: DoctorFacts): DoctorFinding[] {
  const value = goVar(facts, 'GOFLAGS').trim();
  if (value === '') return [];
  const flags = value.split(/\s+/);
  const findings: DoctorFinding[] = [];
  const without = (bad: (f: string) => boolean) => flags.filter((f) => !bad(f)).join(' ');
  const fixWithout = (bad: (f: string) => boolean) => {
    const rest = without(bad);
    return rest ? setHint(facts, 'GOFLAGS', rest) : unsetHint(facts, 'GOFLAGS');
  };
  const nonFlag = (f: string) => !f.startsWith('-') || f === '-' || f === '--';
  if (flags.some(nonFlag)) {
    findings.push(
      finding(
        'environment',
        'GOFLAGS',
        'error',
        false,
        `GOFLAGS=${value} holds ${flags
          .filter(nonFlag)
          .map((f) => `"${f}"`)
          .join(
            ', ',
          )}, which is not a flag: go commands stop with "go: parsing $GOFLAGS: non-flag". Entries are space-separated -flag or -flag=value; values cannot contain spaces`,
        fixWithout(nonFlag),
      ),
    );
  }
  const isInsecure = (f: string) => /^--?insecure(=|$)/.test(f);
  if (flags.some(isInsecure)) {
    findings.push(
      finding(
        'environment',
        'GOFLAGS',
        'error',
        false,
        `GOFLAGS contains -insecure: older go commands then fetched code over plain HTTP and skipped checksum validation; since Go 1.18 \`go get\` stops with "-insecure flag is no longer supported"`,
        `${fixWithout(isInsecure)}; for a host without valid HTTPS list it in GOINSECURE (and only it)`,
      ),
    );
  }
  const isModMod = (f: string) => /^--?mod=mod$/.test(f);
  if (flags.some(isModMod)) {
    findings.push(
      finding(
        'environment',
        'GOFLAGS',
        'warning',
        false,
        'GOFLAGS contains -mod=mod: go build and go test may quietly add requirements to go.mod and go.sum and ignore vendor/, instead of failing when they are incomplete (in CI a missing requirement is fetched instead of reported)',
        `${fixWithout(isModMod)}; run \`go mod tidy\` when you mean to change go.mod`,
      ),
    );
  }
  if (findings.length === 0) findings.push(finding('environment', 'GOFLAGS', 'info', true, value));
  return findings;
}
