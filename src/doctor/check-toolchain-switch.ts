/** GOTOOLCHAIN: whether a go.mod line can make go download and run another toolchain. */
import semver from 'semver';
import { finding, type DoctorFacts, type DoctorFinding, type GoOnPath } from './facts.js';
import { goVersionSemver } from './go-install.js';
import { matchesModulePattern } from './patterns.js';
import { goVar, setHint } from './settings.js';

/** The module the go command downloads toolchains as (GOTOOLCHAIN switching). */
export const TOOLCHAIN_MODULE = 'golang.org/toolchain';

/** GOTOOLCHAIN other than `local` lets a go.mod line (or GOTOOLCHAIN itself) switch to a
 * toolchain the go command downloads from GOPROXY; setup-go-verified never checks that one. */
export function checkGotoolchain(facts: DoctorFacts): DoctorFinding[] {
  const check = 'GOTOOLCHAIN';
  const first = facts.gos[0];
  const v = goVersionSemver(first?.version);
  if (first === undefined) return [];
  if (v !== undefined && semver.lt(v, '1.21.0')) {
    return [
      finding(
        'environment',
        check,
        'info',
        true,
        `${first.version} predates toolchain switching (Go 1.21); GOTOOLCHAIN is ignored`,
      ),
    ];
  }
  const value = goVar(facts, 'GOTOOLCHAIN') || 'auto';
  if (value === 'local') {
    return [
      finding('environment', check, 'info', true, 'local: go always runs the installed toolchain'),
    ];
  }
  const [name = '', mode = ''] = value.split('+');
  const pathOnly = name === 'path' || mode === 'path';
  if (pathOnly) {
    return [
      finding(
        'environment',
        check,
        'warning',
        true,
        `GOTOOLCHAIN=${value}: when a go.mod asks for a newer Go, go runs a goX.Y binary found on PATH instead of the installed toolchain`,
        setHint(facts, 'GOTOOLCHAIN', 'local'),
      ),
    ];
  }
  return [downloadFinding(facts, first, value, name)];
}

/** GOTOOLCHAIN lets go download a toolchain: an error when nothing verifies that download,
 * a warning (it works) when only the go command's own lookup does. */
function downloadFinding(
  facts: DoctorFacts,
  first: GoOnPath,
  value: string,
  name: string,
): DoctorFinding {
  const check = 'GOTOOLCHAIN';
  const sumdbOff = goVar(facts, 'GOSUMDB') === 'off';
  const nosumdb = goVar(facts, 'GONOSUMDB') || goVar(facts, 'GOPRIVATE');
  const unverified = sumdbOff || matchesModulePattern(nosumdb, TOOLCHAIN_MODULE);
  const forced =
    name !== 'auto' && name !== 'local'
      ? ` (and GOTOOLCHAIN=${name} itself switches to ${name})`
      : '';
  const base = `GOTOOLCHAIN=${value}: a go.mod \`go\` or \`toolchain\` line newer than ${first.version ?? 'the installed go'} makes go download ${TOOLCHAIN_MODULE} from GOPROXY and run it instead${forced}`;
  const fix = `${setHint(facts, 'GOTOOLCHAIN', 'local')} and install the version go.mod asks for with \`npx setup-go-verified install --go-version-file go.mod\``;
  if (unverified) {
    const why = sumdbOff ? 'GOSUMDB=off' : `GONOSUMDB/GOPRIVATE covering ${TOOLCHAIN_MODULE}`;
    return finding(
      'environment',
      check,
      'error',
      false,
      `${base}; with ${why} that download is not verified at all`,
      fix,
    );
  }
  return finding(
    'environment',
    check,
    'warning',
    true,
    `${base}; only the go command's own checksum-database lookup vouches for it, not setup-go-verified's signature and checksum verification, and the job no longer runs the Go you installed`,
    fix,
  );
}
