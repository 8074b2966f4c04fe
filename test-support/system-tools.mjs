// The system programs the tests run, the Debian/Ubuntu packages that hold them, and which
// jest project needs them. scripts/test-tools.mjs installs the missing ones before a run
// (root with apt-get), or fails naming them; tests that still find one missing record the
// check as not run (not-run.mjs) rather than pass without it.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/**
 * @type {{command: string, package: string, projects: string[], use: string}[]}
 * `package` is what apt installs; for wine it is chosen when installing (wine64, else wine).
 */
export const TOOLS = [
  {
    command: 'qemu-aarch64',
    package: 'qemu-user',
    projects: ['e2e'],
    use: 'runs the linux/arm64 go of the platform rehearsal',
  },
  {
    command: 'wine',
    package: 'wine64',
    projects: ['e2e'],
    use: 'runs a windows/amd64 go.exe of the platform rehearsal',
  },
  {
    command: 'xmllint',
    package: 'libxml2-utils',
    projects: ['unit'],
    use: 'validates the Cobertura report against its DTD and parses the badge SVG',
  },
  { command: 'lcov', package: 'lcov', projects: ['unit'], use: 'reads the LCOV report' },
  {
    command: 'zip',
    package: 'zip',
    projects: ['unit', 'e2e'],
    use: 'makes the zips the zip readers are checked against',
  },
  {
    command: 'unzip',
    package: 'unzip',
    projects: ['unit', 'e2e'],
    use: 'unpacks toolchain module zips into go.dev-style archives',
  },
  {
    command: 'zstd',
    package: 'zstd',
    projects: ['unit', 'e2e'],
    use: 'packs and reads cache archives as @actions/cache does',
  },
  {
    command: 'file',
    package: 'file',
    projects: ['e2e'],
    use: "names the executable format of each platform's go",
  },
];

/** Where Debian's and Ubuntu's wine packages put a loader (wine64 has no PATH entry). */
const WINE_CANDIDATES = ['wine', 'wine64', '/usr/lib/wine/wine64'];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The full path of `command` on PATH (or `command` itself when it is a path), if any. */
export function onPath(command) {
  if (command.includes('/')) return executable(command) ? command : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const file = path.join(dir, command);
    if (executable(file)) return file;
  }
  return undefined;
}

/** A wine loader that answers `--version`, if any. */
export function findWine() {
  for (const candidate of WINE_CANDIDATES) {
    const file = onPath(candidate);
    if (file && spawnSync(file, ['--version'], { stdio: 'ignore' }).status === 0) return file;
  }
  return undefined;
}

/** Whether wine can run windows/amd64 programs on this host at all. */
export function wineCanRunHere() {
  return process.platform === 'linux' && process.arch === 'x64';
}

/** Where `command` is, for the commands in TOOLS. */
export function findTool(command) {
  return command === 'wine' ? findWine() : onPath(command);
}

/** Why a check that needs `command` cannot run here, naming the package that holds it. */
export function missingTool(command) {
  const tool = TOOLS.find((t) => t.command === command);
  if (command === 'wine' && !wineCanRunHere()) {
    return `wine runs windows/amd64 programs on x86-64 Linux only; this host is ${process.platform}/${process.arch}`;
  }
  const pkg = tool ? tool.package : command;
  return `${command} is not installed (apt-get install ${pkg}; npm test installs it when run as root)`;
}
