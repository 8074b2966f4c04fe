/** Which `go` runs: none, one that does not run, or one that shadows a better one on PATH. */
import semver from 'semver';
import {
  finding,
  type DoctorFacts,
  type DoctorFinding,
  type GoOnPath,
  type Severity,
} from './facts.js';
import {
  classifyGoInstall,
  describeGo,
  goDir,
  goVersionSemver,
  KIND_LABEL,
  removalHint,
} from './go-install.js';
import { describeExpected, satisfiesExpected } from './check-version-file.js';
import { prependPathHint } from './settings.js';

const CHECK = 'go on PATH';

/** No go, a go that does not run, and several go on PATH where the first shadows the one the
 * user wants (the version file's, a non-packaged install, or simply a newer one). */
export function checkGoOnPath(facts: DoctorFacts): DoctorFinding[] {
  const first = facts.gos[0];
  if (first === undefined) return [noGo(facts)];
  const findings = facts.gos.filter((g) => g.error).map((g) => brokenGo(facts, g, g === first));
  const shadowing = shadowingFinding(facts, first);
  if (shadowing) findings.push(shadowing);
  else if (first.error === undefined) findings.push(firstGoFinding(facts, first));
  return findings;
}

/** The gos after the first, each binary once: the same binary reached through two PATH
 * entries (/bin and /usr/bin on merged-/usr systems) is not shadowing. */
function laterGos(gos: readonly GoOnPath[]): GoOnPath[] {
  return gos.filter((g, i) => gos.findIndex((o) => o.resolved === g.resolved) === i).slice(1);
}

function noGo(facts: DoctorFacts): DoctorFinding {
  const wslNote = facts.wsl
    ? ' Inside WSL a Windows go.exe is not found as `go`: install a Linux Go in WSL.'
    : '';
  const versionArg = facts.expected ? ` --go-version-file ${facts.expected.file}` : ' <version>';
  return finding(
    'binary',
    CHECK,
    'error',
    false,
    'no go executable in any PATH directory',
    `install a verified Go with \`npx setup-go-verified install${versionArg}\` and apply the PATH line it prints, or add the bin directory of an existing Go to PATH.${wslNote}`,
  );
}

/** A go on PATH that does not run: an error for the first, a warning for the others. */
function brokenGo(facts: DoctorFacts, g: GoOnPath, isFirst: boolean): DoctorFinding {
  const error = g.error ?? '';
  const orRemove = isFirst ? '' : ` or remove ${goDir(g, facts.host)} from PATH`;
  return finding(
    'binary',
    'go version',
    isFirst ? 'error' : 'warning',
    false,
    `${g.path} does not run: ${error}`,
    error.includes('exec format') || error.includes('ENOEXEC')
      ? `it is built for another architecture than ${facts.host.os}/${facts.host.arch}: reinstall Go for this machine${orRemove}`
      : `reinstall it${orRemove}`,
  );
}

/** The first go hiding a later one that the user more likely wants, most serious reason
 * first; undefined when nothing is shadowed. */
function shadowingFinding(facts: DoctorFacts, first: GoOnPath): DoctorFinding | undefined {
  const later = laterGos(facts.gos);
  const shadow = (other: GoOnPath, severity: Severity, why: string) =>
    shadowFinding(facts, first, other, severity, why);
  if (first.error !== undefined) {
    const runs = later.find((g) => g.error === undefined);
    return runs && shadow(runs, 'error', 'the first one does not run');
  }
  if (facts.expected && satisfiesExpected(facts.expected, first.version) === false) {
    const wanted = later.find((g) => satisfiesExpected(facts.expected, g.version) === true);
    if (wanted) {
      const why = `${describeExpected(facts.expected)}, which only the later one is`;
      return shadow(wanted, 'error', why);
    }
  }
  const firstKind = classifyGoInstall(first.path, first.resolved);
  if (firstKind === 'snap' || firstKind === 'distro') {
    const own = later.find((g) => {
      const k = classifyGoInstall(g.path, g.resolved);
      return k !== 'snap' && k !== 'distro' && !g.error;
    });
    const how =
      firstKind === 'snap'
        ? ' (snap refreshes it on its own schedule)'
        : ' (distributions ship old, patched builds)';
    if (own) {
      return shadow(
        own,
        'warning',
        `a ${KIND_LABEL[firstKind]} hides the Go installed by hand${how}`,
      );
    }
  }
  const firstSemver = goVersionSemver(first.version);
  const newer = later.find((g) => {
    const v = goVersionSemver(g.version);
    return v !== undefined && firstSemver !== undefined && semver.gt(v, firstSemver);
  });
  return newer && shadow(newer, 'warning', 'an older go hides a newer one');
}

function shadowFinding(
  facts: DoctorFacts,
  first: GoOnPath,
  other: GoOnPath,
  severity: Severity,
  why: string,
): DoctorFinding {
  const removal = removalHint(first);
  const firstKind = classifyGoInstall(first.path, first.resolved);
  const otherDir = goDir(other, facts.host);
  return finding(
    'binary',
    CHECK,
    severity,
    false,
    `${describeGo(first)} comes first on PATH and shadows ${describeGo(other)}: ${why}`,
    `put ${otherDir} before ${goDir(first, facts.host)} on PATH: ${prependPathHint(otherDir, facts.host)}` +
      (removal ? `; or uninstall the ${KIND_LABEL[firstKind]} with ${removal}` : ''),
  );
}

/** The first go, fine: what it is, and which others PATH holds. */
function firstGoFinding(facts: DoctorFacts, first: GoOnPath): DoctorFinding {
  const later = laterGos(facts.gos);
  const snap = classifyGoInstall(first.path, first.resolved) === 'snap';
  const also = later.length > 0 ? `; also on PATH: ${later.map(describeGo).join(', ')}` : '';
  const snapNote = snap ? ' — a snap refreshes to new releases by itself; pin a channel' : '';
  return finding(
    'binary',
    CHECK,
    snap ? 'warning' : 'info',
    true,
    `${describeGo(first)}${first.platform ? ` ${first.platform}` : ''}${also}${snapNote}`,
  );
}
