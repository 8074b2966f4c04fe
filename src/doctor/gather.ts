/**
 * Gathering the facts (I/O): PATH, `go version`, `go env`, files. Every command may fail; a
 * failure becomes a fact, never a throw.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { hostPlatform, type Platform } from '../platform.js';
import { type RunResult, which } from '../process.js';
import { readVersionFile } from '../versions/index.js';
import type { DoctorFacts, ExpectedVersion, GoOnPath, GorootSetting } from './facts.js';
import { firstLine, parseGoVersionOutput } from './go-install.js';
import {
  childEnv,
  defaultCc,
  detectWsl,
  findAllOnPath,
  isDirectory,
  locateCommand,
  parseJsonObject,
  readGoEnvFile,
  realpathOr,
  safeRun,
} from './machine.js';
import { envGet } from './settings.js';

export interface DoctorOptions {
  /** The environment the user runs go in (the entry point hands down its own). */
  readonly env: Env;
  /** Defaults to the platform this process runs on. */
  readonly host?: Platform;
  /** The directory the user runs go in; a relative goVersionFile is read from here. */
  readonly cwd: string;
  /** go.mod, go.work, .go-version or .tool-versions whose version go must satisfy. */
  readonly goVersionFile?: string;
  /** Toolchains come from the module proxy, so GOPROXY must name one. */
  readonly downloadSource?: 'go.dev' | 'proxy';
  /** Per command; defaults to 30 s. */
  readonly timeoutMs?: number;
  /** Prove the first go's GOROOT against the checksum database (needs the module proxy). */
  readonly proveTree?: boolean;
}

/** The `go env` variables the checks read. */
export const DOCTOR_GO_ENV_KEYS = [
  'GOROOT',
  'GOPATH',
  'GOBIN',
  'GOPROXY',
  'GOSUMDB',
  'GONOSUMDB',
  'GONOSUMCHECK',
  'GOPRIVATE',
  'GONOPROXY',
  'GOINSECURE',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'GOVERSION',
  'CGO_ENABLED',
  'CC',
  'CXX',
  'PKG_CONFIG',
  'GOMODCACHE',
  'GOCACHE',
  'GOENV',
];

type Env = Readonly<Record<string, string | undefined>>;

/** How every command of one gathering runs: where, for how long, found on which PATH. */
interface Probe {
  readonly env: Env;
  readonly host: Platform;
  readonly searchPath: string;
  readonly pathExt: string | undefined;
  /** An empty directory, so that no go.mod triggers a toolchain download. */
  readonly scratch: string;
  readonly timeoutMs: number;
}

/** What the first go says about its settings and root. */
interface GoSettings {
  readonly goEnv?: Record<string, string>;
  readonly goEnvError?: string;
  readonly goEnvFile?: Record<string, string>;
  readonly ownGoRoot?: string;
  readonly goroot?: GorootSetting;
}

/** Gathers what the checks need from this machine. Runs each `go` on PATH once (`go version`)
 * and the first one a few more times (`go env`), in an empty directory so that no go.mod
 * triggers a toolchain download, with a time limit on each command. */
export async function gatherDoctorFacts(opts: DoctorOptions): Promise<DoctorFacts> {
  const { env, cwd } = opts;
  const host = opts.host ?? hostPlatform();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'setup-go-verified-doctor-'));
  try {
    const probe: Probe = {
      env,
      host,
      searchPath: envGet(env, 'PATH', host.os) ?? '',
      pathExt: envGet(env, 'PATHEXT', host.os),
      scratch,
      timeoutMs: opts.timeoutMs ?? 30_000,
    };
    const gos = await findGos(probe);
    const first = gos[0];
    const settings: GoSettings =
      first !== undefined && first.error === undefined ? await readSettings(probe, first) : {};
    const expected =
      opts.goVersionFile === undefined ? undefined : await readExpected(cwd, opts.goVersionFile);
    return {
      host,
      env,
      cwd,
      gos,
      ...definedOnly(settings),
      ...cTools(probe, settings.goEnv),
      wsl: await detectWsl(env, host.os),
      ...(expected ? { expected } : {}),
      wantProxy: opts.downloadSource === 'proxy',
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The settings that are there, without keys for those that are not. */
function definedOnly(settings: GoSettings): GoSettings {
  return Object.fromEntries(
    Object.entries(settings).filter(([, v]) => v !== undefined),
  ) as GoSettings;
}

/** The binary's own environment: no GOROOT/GOFLAGS from the user (either can make go refuse
 * to start) and no toolchain switch. */
function bareEnv(probe: Probe): NodeJS.ProcessEnv {
  return childEnv(
    probe.env,
    { GOROOT: undefined, GOFLAGS: undefined, GOTOOLCHAIN: 'local' },
    probe.host.os,
  );
}

/** Every `go` on PATH with what `go version` printed; one binary reached twice runs once. */
async function findGos(probe: Probe): Promise<GoOnPath[]> {
  const bare = bareEnv(probe);
  const versions = new Map<string, Promise<RunResult>>();
  const gos: GoOnPath[] = [];
  for (const p of findAllOnPath('go', probe.searchPath, probe.host.os, probe.pathExt)) {
    const resolved = await realpathOr(p);
    let pending = versions.get(resolved);
    if (pending === undefined) {
      pending = safeRun(p, ['version'], bare, probe.scratch, probe.timeoutMs);
      versions.set(resolved, pending);
    }
    const r = await pending;
    const parsed = parseGoVersionOutput(r.stdout);
    const failed = r.code !== 0 || parsed.version === undefined;
    gos.push({
      path: p,
      resolved,
      versionOutput: firstLine(r.stdout),
      ...parsed,
      ...(failed ? { error: failureOf(r) } : {}),
    });
  }
  return gos;
}

function failureOf(r: RunResult): string {
  return firstLine(r.stderr) || firstLine(r.stdout) || `exit code ${r.code}`;
}

/** `go env` of the first go, where its settings come from, and its own root. */
async function readSettings(probe: Probe, first: GoOnPath): Promise<GoSettings> {
  const { goEnv, goEnvError } = await readGoEnv(probe, first);
  const goEnvFile =
    goEnv?.['GOENV'] && goEnv['GOENV'] !== 'off' ? await readGoEnvFile(goEnv['GOENV']) : undefined;
  const byHand = envGet(probe.env, 'GOROOT', probe.host.os) || goEnvFile?.['GOROOT'];
  if (!byHand) {
    const ownGoRoot = goEnv?.['GOROOT'] ? await realpathOr(goEnv['GOROOT']) : undefined;
    return { goEnv, goEnvError, goEnvFile, ownGoRoot };
  }
  const goroot: GorootSetting = {
    value: byHand,
    source: envGet(probe.env, 'GOROOT', probe.host.os) ? 'environment' : 'go env file',
    exists: await isDirectory(byHand),
    resolved: await realpathOr(byHand),
  };
  const ownGoRoot = await ownRoot(probe, first);
  return { goEnv, goEnvError, goEnvFile, ownGoRoot, goroot };
}

/** `go env -json` in the user's environment; when that fails, once more without GOROOT and
 * GOFLAGS so the other settings can still be checked. GOTOOLCHAIN as the user has it. */
async function readGoEnv(
  probe: Probe,
  first: GoOnPath,
): Promise<{ goEnv?: Record<string, string>; goEnvError?: string }> {
  const { env, host, scratch, timeoutMs } = probe;
  const args = ['env', '-json', ...DOCTOR_GO_ENV_KEYS];
  // GOTOOLCHAIN=local stops `go env` from switching (and downloading).
  const userEnv = childEnv(env, { GOTOOLCHAIN: 'local' }, host.os);
  const r = await safeRun(first.path, args, userEnv, scratch, timeoutMs);
  let vars = parseJsonObject(r);
  let goEnvError: string | undefined;
  if (vars === undefined) {
    goEnvError = failureOf(r);
    vars = parseJsonObject(await safeRun(first.path, args, bareEnv(probe), scratch, timeoutMs));
    // The retry ran without the user's GOFLAGS; the checks must still see it.
    const flags = envGet(env, 'GOFLAGS', host.os);
    if (vars !== undefined && flags) vars['GOFLAGS'] = flags;
  }
  if (vars === undefined) return { goEnvError };
  // `go env GOTOOLCHAIN` alone is always answered by the local go, so it reports the user's
  // real setting.
  const tc = await safeRun(
    first.path,
    ['env', 'GOTOOLCHAIN'],
    childEnv(env, {}, host.os),
    scratch,
    timeoutMs,
  );
  if (tc.code === 0) vars['GOTOOLCHAIN'] = tc.stdout.trim();
  else delete vars['GOTOOLCHAIN'];
  return { goEnv: vars, goEnvError };
}

/** Where this go finds its root by itself: GOROOT unset, go env file ignored. */
async function ownRoot(probe: Probe, first: GoOnPath): Promise<string | undefined> {
  const own = await safeRun(
    first.path,
    ['env', 'GOROOT'],
    childEnv(
      probe.env,
      { GOROOT: undefined, GOFLAGS: undefined, GOENV: 'off', GOTOOLCHAIN: 'local' },
      probe.host.os,
    ),
    probe.scratch,
    probe.timeoutMs,
  );
  return own.code === 0 && own.stdout.trim() ? await realpathOr(own.stdout.trim()) : undefined;
}

/** The C compiler go would use and pkg-config, and where they are. */
function cTools(
  probe: Probe,
  goEnv: Record<string, string> | undefined,
): Pick<DoctorFacts, 'cCompiler' | 'pkgConfig'> {
  const { env, host, searchPath, pathExt } = probe;
  const ccName = goEnv?.['CC'] || envGet(env, 'CC', host.os) || defaultCc(host.os);
  const ccPath = locateCommand(ccName, searchPath, host.os, pathExt);
  const others = ['gcc', 'clang', 'cc'].filter(
    (n) => n !== ccName && which(n, searchPath, host.os, pathExt) !== undefined,
  );
  const pkgName = goEnv?.['PKG_CONFIG'] || envGet(env, 'PKG_CONFIG', host.os) || 'pkg-config';
  const pkgPath = locateCommand(pkgName, searchPath, host.os, pathExt);
  return {
    cCompiler: { name: ccName, ...(ccPath ? { path: ccPath } : {}), others },
    pkgConfig: { name: pkgName, ...(pkgPath ? { path: pkgPath } : {}) },
  };
}

/** The version file's spec, or why it cannot be read. */
async function readExpected(cwd: string, goVersionFile: string): Promise<ExpectedVersion> {
  const file = path.resolve(cwd, goVersionFile);
  try {
    return { file, spec: await readVersionFile(file) };
  } catch (e) {
    return { file, error: (e as Error).message };
  }
}
