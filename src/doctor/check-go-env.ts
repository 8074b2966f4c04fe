/** `go env` itself, GOROOT set by hand, and GOPATH/GOBIN. */
import * as path from 'node:path';
import { finding, type DoctorFacts, type DoctorFinding, type Severity } from './facts.js';
import { envGet, goVar, prependPathHint, samePath, setHint, unsetHint } from './settings.js';

/** `go env` failing in the user's environment breaks every go command. */
export function checkGoEnvRan(facts: DoctorFacts): DoctorFinding[] {
  if (facts.gos.length === 0 || facts.gos[0]?.error) return [];
  const error = facts.goEnvError;
  if (error === undefined) return [];
  // checkGoroot explains this one with the setting's origin.
  if (/cannot find GOROOT/.test(error) && facts.goroot?.exists === false) return [];
  let fix = 'a go setting is malformed; run `go env` to see which, then fix it where it is set';
  if (/cannot find GOROOT/.test(error))
    fix = `GOROOT names a missing directory: ${unsetHint(facts, 'GOROOT')}`;
  else if (/GOFLAGS/.test(error))
    fix = `fix GOFLAGS (entries are -flag or -flag=value, space-separated): ${unsetHint(facts, 'GOFLAGS')} to start clean`;
  else if (/GOTOOLCHAIN|toolchain/.test(error)) fix = setHint(facts, 'GOTOOLCHAIN', 'local');
  return [finding('environment', 'go env', 'error', false, `go env fails here: ${error}`, fix)];
}

/** GOROOT set by hand: missing, or naming another tree than the binary's own (left over from
 * an earlier install). Go finds its root from where the binary is; setting it only breaks. */
export function checkGoroot(facts: DoctorFacts): DoctorFinding[] {
  const setting = facts.goroot;
  const first = facts.gos[0];
  const say = (severity: Severity, ok: boolean, detail: string, fix?: string) => [
    finding('environment', 'GOROOT', severity, ok, detail, fix),
  ];
  if (setting === undefined) {
    return facts.ownGoRoot
      ? say('info', true, `not set; go uses its own root ${facts.ownGoRoot}`)
      : [];
  }
  const where = setting.source === 'environment' ? 'in the environment' : 'in the go env file';
  const unset = `${unsetHint(facts, 'GOROOT')}; go finds its root from its own location`;
  if (!setting.exists) {
    return say(
      'error',
      false,
      `GOROOT=${setting.value} is set ${where} but that directory does not exist: every go command stops with "go: cannot find GOROOT directory: ${setting.value}"`,
      unset,
    );
  }
  if (facts.ownGoRoot === undefined || first === undefined) {
    return say(
      'warning',
      true,
      `GOROOT=${setting.value} is set ${where}; go finds its root by itself, so this only goes stale`,
      unsetHint(facts, 'GOROOT'),
    );
  }
  if (!samePath(setting.resolved, facts.ownGoRoot, facts.host.os)) {
    return say(
      'error',
      false,
      `GOROOT=${setting.value} is set ${where}, but ${first.path} (${first.version ?? 'go'}) belongs to ${facts.ownGoRoot}: it would build with the other tree's standard library and tools (typically left over from an earlier install; builds fail with "compile: version … does not match go tool version …")`,
      unset,
    );
  }
  return say(
    'warning',
    true,
    `GOROOT=${setting.value} is set ${where} and matches ${first.path} today, but goes stale at the next upgrade`,
    unsetHint(facts, 'GOROOT'),
  );
}

/** GOPATH must not be GOROOT; tools from `go install` must be reachable. */
export function checkGopath(facts: DoctorFacts): DoctorFinding[] {
  if (facts.goEnv === undefined) return [];
  const findings: DoctorFinding[] = [];
  const sep = facts.host.os === 'windows' ? ';' : ':';
  const gopath = goVar(facts, 'GOPATH');
  const entries = gopath.split(sep).filter((e) => e !== '');
  const root = facts.ownGoRoot ?? goVar(facts, 'GOROOT');
  if (root && entries.some((e) => samePath(e, root, facts.host.os))) {
    findings.push(
      finding(
        'environment',
        'GOPATH',
        'error',
        false,
        `GOPATH=${gopath} is the Go installation itself (${root}): modules and go install would write into the toolchain, and go ignores it ("GOPATH set to GOROOT has no effect")`,
        `${unsetHint(facts, 'GOPATH')} (the default is ~/go)`,
      ),
    );
  }
  const gobin = goVar(facts, 'GOBIN');
  const installDir =
    gobin ||
    (entries[0]
      ? (facts.host.os === 'windows' ? path.win32 : path.posix).join(entries[0], 'bin')
      : '');
  if (installDir) {
    const pathDirs = (envGet(facts.env, 'PATH', facts.host.os) ?? '').split(sep);
    const onPath = pathDirs.some((d) => d !== '' && samePath(d, installDir, facts.host.os));
    findings.push(
      onPath
        ? finding('environment', 'go install directory', 'info', true, `${installDir} is on PATH`)
        : finding(
            'environment',
            'go install directory',
            'warning',
            true,
            `tools installed with \`go install\` land in ${installDir}, which is not on PATH`,
            `to run them by name: ${prependPathHint(installDir, facts.host)}`,
          ),
    );
  }
  return findings;
}
