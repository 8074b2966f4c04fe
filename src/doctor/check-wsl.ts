/** Go's files on a Windows drive under WSL. */
import * as path from 'node:path';
import { finding, type DoctorFacts, type DoctorFinding } from './facts.js';
import { envGet, goVar, setHint, sourceOf } from './settings.js';

const WINDOWS_MOUNT = /^\/mnt\/[a-zA-Z](?:\/|$)/;

const CHECK = 'WSL file system';

/** A go setting that names a place on a Windows drive, and how to move it. */
interface SlowSetting {
  readonly key: string;
  readonly value: string;
  readonly fix: string;
}

/** Under WSL, files on a Windows drive (/mnt/c) go through a slow bridge; Go's module and
 * build caches touch thousands of small files. */
export function checkWsl(facts: DoctorFacts): DoctorFinding[] {
  if (!facts.wsl) return [];
  const findings = slowSettings(facts).map((s) =>
    finding(
      'environment',
      CHECK,
      'warning',
      false,
      `${s.key}=${s.value} is on a Windows drive: under WSL every file access there crosses the 9P bridge and is many times slower than the Linux file system; module downloads and builds crawl`,
      s.fix,
    ),
  );
  if (WINDOWS_MOUNT.test(facts.cwd)) {
    findings.push(
      finding(
        'environment',
        CHECK,
        'warning',
        false,
        `the project (${facts.cwd}) is on a Windows drive: builds and tests read it through the slow 9P bridge`,
        'clone the project into the Linux file system (e.g. ~/src) and open it from there (VS Code: "WSL: Open Folder")',
      ),
    );
  }
  if (findings.length === 0) {
    findings.push(
      finding(
        'environment',
        CHECK,
        'info',
        true,
        'GOPATH, GOMODCACHE and GOCACHE are on the Linux file system',
      ),
    );
  }
  return findings;
}

/** GOPATH entries, GOMODCACHE and GOCACHE on a Windows drive, each with a Linux place. */
function slowSettings(facts: DoctorFacts): SlowSetting[] {
  // Concrete absolute paths: `go env -w` refuses relative ones and single quotes stop $HOME.
  const home = envGet(facts.env, 'HOME', facts.host.os) ?? '';
  const linuxHome =
    home && !WINDOWS_MOUNT.test(home)
      ? home
      : `/home/${envGet(facts.env, 'USER', facts.host.os) || 'you'}`;
  const homeNote = WINDOWS_MOUNT.test(home) ? `HOME=${home} is on the Windows drive; ` : '';
  const slow: SlowSetting[] = goVar(facts, 'GOPATH')
    .split(':')
    .filter((entry) => WINDOWS_MOUNT.test(entry))
    .map((entry) => ({
      key: 'GOPATH',
      value: entry,
      fix: `${homeNote}${setHint(facts, 'GOPATH', path.posix.join(linuxHome, 'go'))}`,
    }));
  for (const key of ['GOMODCACHE', 'GOCACHE']) {
    const value = goVar(facts, key);
    if (!WINDOWS_MOUNT.test(value)) continue;
    const linuxPlace = path.posix.join(
      linuxHome,
      key === 'GOCACHE' ? '.cache/go-build' : 'go/pkg/mod',
    );
    // Unset, they follow GOPATH (GOMODCACHE) or the user cache dir (GOCACHE).
    const inherited = sourceOf(facts, key) === 'default';
    const fix = !inherited
      ? setHint(facts, key, linuxPlace)
      : key === 'GOMODCACHE'
        ? 'it follows GOPATH: move GOPATH (above)'
        : `${homeNote}${setHint(facts, 'GOCACHE', linuxPlace)}`;
    slow.push({ key, value, fix });
  }
  return slow;
}
