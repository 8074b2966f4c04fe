/**
 * Proves an installed toolchain works, in three layers: the binary (bin/go is built for the
 * target platform, the `go` a job will run is ours and reports the right version), the environment (`go env` agrees with the
 * install), the runtime (it builds and runs a program). The checks are pure functions of
 * what the commands printed, so they can be tested without a toolchain; `checkHealth`
 * gathers those facts.
 */
import { mkdtemp, open, realpath, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { run, which } from '../process.js';
import {
  describeFormat,
  executableFormat,
  formatForOs,
  HEADER_BYTES,
  type ExecutableFormat,
} from '../archive/executable-format.js';
import { parseGoEnvJson, parseGoVersion } from './go-command.js';

export type HealthLayer = 'binary' | 'environment' | 'runtime';

export interface HealthFinding {
  readonly layer: HealthLayer;
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
  /** What to do about a failure. */
  readonly fix?: string;
}

export interface HealthReport {
  readonly ok: boolean;
  readonly findings: readonly HealthFinding[];
}

export interface HealthInput {
  /** The install directory (holds bin/go). */
  readonly goRoot: string;
  /** The Go release tag the install must report, e.g. `go1.22.5`. */
  readonly expectedVersion: string;
  /** GOOS/GOARCH of the install and of this machine; foreign binaries cannot run here. */
  readonly target: { readonly os: string; readonly arch: string };
  readonly host: { readonly os: string; readonly arch: string };
  /** The environment the job will see (PATH already changed, GOTOOLCHAIN set). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Build and run a program (costs a compile of the runtime on an empty build cache). */
  readonly runtime: boolean;
}

const exe = (os: string) => (os === 'windows' ? '.exe' : '');

/** Runs every layer that applies and returns what each check found. */
export async function checkHealth(input: HealthInput): Promise<HealthReport> {
  const findings: HealthFinding[] = [];
  const goBinary = path.join(input.goRoot, 'bin', 'go' + exe(input.target.os));
  findings.push(await checkExecutableFormat(goBinary, input.target));
  const foreign = input.target.os !== input.host.os || input.target.arch !== input.host.arch;
  if (foreign) {
    findings.push({
      layer: 'binary',
      check: 'runnable here',
      ok: true,
      detail: `skipped: ${input.target.os}/${input.target.arch} binaries do not run on ${input.host.os}/${input.host.arch}`,
    });
    return summarize(findings);
  }

  const ourGo = path.join(input.goRoot, 'bin', 'go' + exe(input.host.os));
  const firstGo = which('go', input.env['PATH'] ?? '', input.host.os, input.env['PATHEXT']);
  findings.push(checkFirstOnPath(firstGo && (await realpathOr(firstGo)), await realpathOr(ourGo)));

  const env = cleanEnv(input.env);
  // Both at once (the tree was proven before anything runs it); `go env` counts only when
  // `go version` worked.
  const [version, goEnv] = await Promise.all([
    run(ourGo, ['version'], { env }).catch((e: Error) => ({
      code: -1,
      stdout: '',
      stderr: e.message,
    })),
    run(ourGo, ['env', '-json', ...GO_ENV_KEYS], { env }).catch((e: Error) => e),
  ]);
  findings.push(checkVersionOutput(version, input.expectedVersion, input.target));
  if (version.code !== 0) return summarize(findings);
  if (goEnv instanceof Error) throw goEnv;

  const vars = parseGoEnv(goEnv);
  if ('layer' in vars) {
    findings.push(vars as HealthFinding);
    return summarize(findings);
  }
  findings.push(
    ...checkGoEnv(vars as Record<string, string>, {
      goRoot: await realpathOr(input.goRoot),
      reportedGoRoot: await realpathOr(String(vars['GOROOT'] ?? '')),
      expectedVersion: input.expectedVersion,
      env: input.env,
    }),
  );

  if (input.runtime) findings.push(await checkRuntime(ourGo, env));
  return summarize(findings);
}

export const GO_ENV_KEYS = [
  'GOROOT',
  'GOVERSION',
  'GOTOOLCHAIN',
  'GOBIN',
  'GOPATH',
  'GOOS',
  'GOARCH',
];

function summarize(findings: readonly HealthFinding[]): HealthReport {
  return { ok: findings.every((f) => f.ok), findings };
}

export function checkFirstOnPath(firstGo: string | undefined, ourGo: string): HealthFinding {
  if (firstGo === ourGo) {
    return { layer: 'binary', check: 'first go on PATH', ok: true, detail: ourGo };
  }
  return {
    layer: 'binary',
    check: 'first go on PATH',
    ok: false,
    detail: firstGo ? `${firstGo} comes before ${ourGo}` : `no go on PATH (expected ${ourGo})`,
    fix: firstGo
      ? `remove ${path.dirname(firstGo)} from PATH or put ${path.dirname(ourGo)} before it`
      : `add ${path.dirname(ourGo)} to PATH`,
  };
}

/** bin/go's header must declare the target's executable format and architecture. */
export async function checkExecutableFormat(
  goBinary: string,
  target: { readonly os: string; readonly arch: string },
): Promise<HealthFinding> {
  const check = 'executable format';
  let header: Buffer;
  try {
    header = await readHead(goBinary, HEADER_BYTES);
  } catch (err) {
    return {
      layer: 'binary',
      check,
      ok: false,
      detail: `cannot read ${goBinary}: ${(err as Error).message}`,
    };
  }
  return judgeExecutableFormat(goBinary, executableFormat(header), target);
}

export function judgeExecutableFormat(
  goBinary: string,
  found: ExecutableFormat | undefined,
  target: { readonly os: string; readonly arch: string },
): HealthFinding {
  const want: ExecutableFormat = { format: formatForOs(target.os), arch: target.arch };
  const ok = found?.format === want.format && found.arch === want.arch;
  return {
    layer: 'binary',
    check: 'executable format',
    ok,
    detail: ok
      ? `${goBinary}: ${describeFormat(found)}`
      : `${goBinary} is ${describeFormat(found)}, expected ${describeFormat(want)} for ${target.os}/${target.arch}`,
    ...(ok
      ? {}
      : {
          fix: 'the archive holds a toolchain for another platform: check the mirror or the architecture input',
        }),
  };
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** `go version` must print `go version <tag> <os>/<arch>`. */
export function checkVersionOutput(
  result: { code: number; stdout: string; stderr: string },
  expected: string,
  target: { os: string; arch: string },
): HealthFinding {
  const check = 'go version';
  if (result.code !== 0) {
    return {
      layer: 'binary',
      check,
      ok: false,
      detail: `go version failed (exit ${result.code}): ${firstLine(result.stderr || result.stdout)}`,
      fix: 'the installed binary does not run; reinstall, and check the architecture input',
    };
  }
  const line = parseGoVersion(result.stdout);
  const found =
    line?.platform !== undefined ? `${line.version} ${line.platform}` : firstLine(result.stdout);
  const want = `${expected} ${target.os}/${target.arch}`;
  // Release builds may carry a suffix such as "go1.22.5 X:boringcrypto"; the tag must match exactly.
  const ok = line?.version === expected && line.platform === `${target.os}/${target.arch}`;
  return {
    layer: 'binary',
    check,
    ok,
    detail: ok ? found : `expected ${want}, found ${found}`,
    ...(ok ? {} : { fix: 'the archive does not hold the version it was published as' }),
  };
}

export interface GoEnvContext {
  /** The install directory, symlinks resolved. */
  readonly goRoot: string;
  /** `go env GOROOT`, symlinks resolved. */
  readonly reportedGoRoot: string;
  readonly expectedVersion: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Parses `go env -json` output, or explains why it cannot be used. */
export function parseGoEnv(result: {
  code: number;
  stdout: string;
  stderr: string;
}): Record<string, string> | HealthFinding {
  if (result.code !== 0) {
    return {
      layer: 'environment',
      check: 'go env',
      ok: false,
      detail: `go env failed (exit ${result.code}): ${firstLine(result.stderr)}`,
      fix: 'a go.env file, GOENV file or environment variable is malformed; run `go env` to see which',
    };
  }
  const parsed = parseGoEnvJson(result.stdout);
  if (parsed.ok) return { ...parsed.vars };
  return { layer: 'environment', check: 'go env', ok: false, detail: parsed.problem };
}

/** `go env` must agree with the install: its GOROOT, its version, no toolchain switch. */
export function checkGoEnv(vars: Record<string, string>, ctx: GoEnvContext): HealthFinding[] {
  const findings: HealthFinding[] = [];
  const rootOk = ctx.reportedGoRoot === ctx.goRoot;
  const setByHand = ctx.env['GOROOT'];
  findings.push({
    layer: 'environment',
    check: 'GOROOT',
    ok: rootOk,
    detail: rootOk ? ctx.goRoot : `go env GOROOT is ${vars['GOROOT']}, expected ${ctx.goRoot}`,
    ...(rootOk
      ? {}
      : {
          fix: setByHand
            ? `unset GOROOT (it is set to ${setByHand}); go finds its root from its own location`
            : 'remove the GOROOT setting from the go env file (`go env -u GOROOT`)',
        }),
  });
  const version = vars['GOVERSION'] ?? '';
  findings.push(
    version === ctx.expectedVersion
      ? { layer: 'environment', check: 'GOVERSION', ok: true, detail: version }
      : {
          layer: 'environment',
          check: 'GOVERSION',
          ok: false,
          detail: `go env GOVERSION is ${version}, expected ${ctx.expectedVersion}`,
          fix: `GOTOOLCHAIN=${vars['GOTOOLCHAIN'] ?? ''} switched to another toolchain; set GOTOOLCHAIN=local`,
        },
  );
  const gobin = vars['GOBIN'];
  if (gobin) {
    findings.push({
      layer: 'environment',
      check: 'GOBIN',
      ok: true,
      detail: `go install writes to ${gobin}`,
    });
  }
  return findings;
}

/** Builds and runs a one-file module, with settings that make the check self-contained. */
async function checkRuntime(goBin: string, env: NodeJS.ProcessEnv): Promise<HealthFinding> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'setup-go-verified-health-'));
  try {
    const token = `verified-${process.pid}-${Date.now()}`;
    await writeFile(path.join(dir, 'go.mod'), 'module healthcheck\n\ngo 1.20\n');
    await writeFile(
      path.join(dir, 'main.go'),
      `package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(${JSON.stringify(token)}) }\n`,
    );
    const bin = path.join(dir, 'healthcheck' + (process.platform === 'win32' ? '.exe' : ''));
    const build = await run(goBin, ['build', '-o', bin, '.'], {
      cwd: dir,
      env: { ...env, GOFLAGS: '', GOWORK: 'off', GOPROXY: 'off', GO111MODULE: 'on' },
      timeoutMs: 600_000,
    });
    if (build.code !== 0) {
      return {
        layer: 'runtime',
        check: 'build hello world',
        ok: false,
        detail: `go build failed: ${build.stderr.trim().slice(0, 2000)}`,
        fix: 'the standard library or compiler in the install is damaged; reinstall',
      };
    }
    const out = await run(bin, [], { cwd: dir, env });
    const ok = out.code === 0 && out.stdout.trim() === token;
    return {
      layer: 'runtime',
      check: 'build and run hello world',
      ok,
      detail: ok
        ? 'built and ran'
        : `the program printed ${JSON.stringify(out.stdout.slice(0, 200))}`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The job environment minus variables that only confuse the check. */
function cleanEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

async function realpathOr(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return path.resolve(p);
  }
}

function firstLine(s: string): string {
  return s.trim().split(/\r?\n/)[0] ?? '';
}
