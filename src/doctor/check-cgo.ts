/** cgo: a C compiler and pkg-config. */
import { finding, type DoctorFacts, type DoctorFinding } from './facts.js';
import { goVar, setHint } from './settings.js';

function installCompilerHint(goos: string): string {
  switch (goos) {
    case 'darwin':
      return 'run `xcode-select --install`';
    case 'windows':
      return 'install a MinGW-w64 gcc (MSYS2 `pacman -S mingw-w64-ucrt-x86_64-gcc`, or `choco install mingw`) and put its bin directory on PATH';
    default:
      return 'install gcc (`sudo apt install gcc`, `sudo dnf install gcc`, `apk add build-base`)';
  }
}

/** cgo needs a C compiler, and `#cgo pkg-config:` lines need pkg-config. */
export function checkCgo(facts: DoctorFacts): DoctorFinding[] {
  if (facts.goEnv === undefined) return [];
  const findings: DoctorFinding[] = [];
  const enabled = goVar(facts, 'CGO_ENABLED') === '1';
  const cc = facts.cCompiler;
  if (enabled && cc.path === undefined) {
    const alt = cc.others[0];
    findings.push(
      finding(
        'runtime',
        'C compiler',
        'error',
        false,
        `CGO_ENABLED=1 but the C compiler "${cc.name}" (go env CC) is not on PATH: every package that uses cgo fails to build (net and os/user with the cgo resolver, database drivers such as go-sqlite3, go test -race), with "cgo: C compiler "${cc.name}" not found"`,
        `${installCompilerHint(facts.host.os)}${alt ? `, or use the ${alt} found on PATH: ${setHint(facts, 'CC', alt)}` : ''}; if you need no cgo, ${setHint(facts, 'CGO_ENABLED', '0')}`,
      ),
    );
  } else if (enabled) {
    findings.push(
      finding('runtime', 'C compiler', 'info', true, `cgo enabled; ${cc.name} is ${cc.path ?? ''}`),
    );
  } else {
    findings.push(cgoOff(facts));
  }
  if (enabled) {
    const pc = facts.pkgConfig;
    findings.push(
      pc.path === undefined
        ? finding(
            'runtime',
            'pkg-config',
            'warning',
            false,
            `"${pc.name}" is not on PATH: packages with \`#cgo pkg-config:\` lines fail with exec: "${pc.name}": executable file not found`,
            facts.host.os === 'darwin'
              ? 'run `brew install pkg-config`'
              : facts.host.os === 'windows'
                ? 'install pkg-config (MSYS2 `pacman -S mingw-w64-ucrt-x86_64-pkg-config`) and put it on PATH'
                : 'install it (`sudo apt install pkg-config`, `sudo dnf install pkgconf`, `apk add pkgconf`)',
          )
        : finding('runtime', 'pkg-config', 'info', true, pc.path),
    );
  }
  return findings;
}

/** cgo off: by choice, or because go found no C compiler (then say how to get one). */
function cgoOff(facts: DoctorFacts): DoctorFinding {
  const cc = facts.cCompiler;
  if (cc.path !== undefined) {
    return finding('runtime', 'C compiler', 'info', true, 'cgo disabled (CGO_ENABLED=0)');
  }
  return finding(
    'runtime',
    'C compiler',
    'warning',
    true,
    `cgo disabled: no C compiler ("${cc.name}") on PATH, so go turned cgo off; pure-Go builds work, cgo packages${facts.host.os === 'darwin' ? '' : ' and go test -race'} do not`,
    `if you need cgo: ${installCompilerHint(facts.host.os)}`,
  );
}
