// Makes sure the system tools the tests run are here (see TOOLS in
// test-support/system-tools.mjs). Missing ones are installed with apt-get when this runs as
// root on a machine that has apt-get, unless SETUP_GO_VERIFIED_TEST_NO_INSTALL=1. Whatever is
// still missing is named with the command that installs it, and the check fails, unless
// SETUP_GO_VERIFIED_ALLOW_NOT_RUN=1: then the tests that need it record their checks as not
// run, and the run lists them at its end.
//
//   node scripts/test-tools.mjs [--selectProjects unit|e2e ...]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  findTool,
  missingTool,
  onPath,
  TOOLS,
  wineCanRunHere,
} from '../test-support/system-tools.mjs';

export const ALLOW_NOT_RUN = 'SETUP_GO_VERIFIED_ALLOW_NOT_RUN';
export const NO_INSTALL = 'SETUP_GO_VERIFIED_TEST_NO_INSTALL';

/** The project names given to jest with --selectProjects; both when none are. */
export function selectedProjects(args) {
  const names = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--selectProjects=')) names.push(arg.slice('--selectProjects='.length));
    else if (arg === '--selectProjects') {
      while (i + 1 < args.length && !args[i + 1].startsWith('-')) names.push(args[++i]);
    }
  }
  return names.length > 0 ? names : ['unit', 'e2e'];
}

const say = (line) => process.stderr.write(`${line}\n`);

/** Runs apt-get with `args`, noninteractive, its output on stderr; true when it succeeds. */
function aptGet(args) {
  say(`test tools: apt-get ${args.join(' ')}`);
  const r = spawnSync('apt-get', args, {
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
}

/** The wine package apt offers here: wine64 (Debian up to 12, Ubuntu), else wine. */
function winePackage() {
  const r = spawnSync('apt-cache', ['policy', 'wine64'], { encoding: 'utf8' });
  return /Candidate: (?!\(none\))/.test(r.stdout ?? '') ? 'wine64' : 'wine';
}

/** Why missing tools will not be installed here, or undefined when they will. */
function cannotInstall() {
  if (process.env[NO_INSTALL] === '1') return `${NO_INSTALL}=1`;
  if (process.platform !== 'linux') return `this is ${process.platform}, not Linux with apt`;
  if (process.getuid?.() !== 0) return 'not running as root';
  if (!onPath('apt-get')) return 'no apt-get on this machine';
  return undefined;
}

/**
 * Ensures the tools of `projects`. Returns the tools still missing (with why), after
 * installing what it could; prints what it did and what is missing.
 */
export function ensureTestTools(projects) {
  const needed = TOOLS.filter((t) => t.projects.some((p) => projects.includes(p)));
  // Wine runs windows/amd64 programs on x86-64 Linux only: elsewhere there is nothing to install.
  const unusable = needed.filter((t) => t.command === 'wine' && !wineCanRunHere());
  let missing = needed.filter((t) => !unusable.includes(t) && !findTool(t.command));
  if (missing.length > 0) {
    const why = cannotInstall();
    if (why === undefined) {
      const packages = missing.map((t) => (t.command === 'wine' ? winePackage() : t.package));
      const installed =
        aptGet(['update', '-qq']) &&
        aptGet(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
      if (!installed) say('test tools: apt-get failed (its output is above)');
      missing = missing.filter((t) => !findTool(t.command));
    } else {
      say(`test tools: not installing the missing tools (${why})`);
    }
  }
  const left = [...unusable, ...missing];
  if (left.length > 0) {
    say('test tools: missing here, so the checks that need them cannot run:');
    for (const t of unusable) say(`  ${t.command}: ${t.use}; ${missingTool(t.command)}`);
    for (const t of missing) say(`  ${t.command} (package ${t.package}): ${t.use}`);
    if (missing.length > 0) {
      const packages = missing.map((t) => t.package).join(' ');
      say(`  install them: sudo apt-get install -y --no-install-recommends ${packages}`);
    }
  }
  return left;
}

/** The check for the tools of the projects `args` select: 0 to go on, else the exit code. */
export function checkTestTools(args) {
  const projects = selectedProjects(args);
  const left = ensureTestTools(projects);
  if (left.length === 0) {
    say(`test tools: all here (${projects.join(', ')})`);
    return 0;
  }
  if (process.env[ALLOW_NOT_RUN] === '1') {
    say(
      `test tools: ${ALLOW_NOT_RUN}=1: going on; the checks that need them are listed as not run`,
    );
    return 0;
  }
  say(`test tools: failing; set ${ALLOW_NOT_RUN}=1 to run the tests without them`);
  return 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = checkTestTools(process.argv.slice(2));
}
