/**
 * The command line: the library behind `setup-go-verified install | doctor | gates | hooks | coverage`, for laptops,
 * GitLab CI, Jenkins and self-hosted runners. Logs go to stderr; stdout carries only what a
 * caller consumes (shell exports to eval, or JSON), so `eval "$(setup-go-verified install)"`
 * works.
 */
import { parseArgs } from 'node:util';
import { renderShellExports } from '../install/environment.js';
import { renderDoctor, runDoctor } from '../doctor/doctor.js';
import { toolCacheRoot } from '../install/tool-cache.js';
import { streamLogger } from '../log.js';
import { envDefaults, httpSettingsFromEnv, parseSetupOptions } from '../options.js';
import { setupGo, type SetupGoResult } from '../install/setup-go.js';
import type { CliIo } from './cli-io.js';
import { COVERAGE_USAGE, coverageCommand } from './coverage-command.js';
import { GATES_USAGE, GatesUsageError, gatesCommand, hooksCommand } from './gates-command.js';
import { VERIFY_USAGE, VerifyUsageError, verifyCommand } from './verify-command.js';
import { MIRROR_USAGE, MirrorUsageError, mirrorCommand } from './mirror-command.js';

export type { CliIo } from './cli-io.js';

export const USAGE = `Usage: setup-go-verified <command> [flags]

Commands:
  install   Install a verified Go toolchain and print the environment to use it
  doctor    Check this machine's Go setup and explain how to fix each problem
  verify    Prove a Go installation (GOROOT) against the Go checksum database, file by file
  gates     Run gofmt, go vet, staticcheck and golangci-lint like the gates action
  hooks     Install or remove a git pre-commit hook that runs the gates on staged packages
  coverage  Run go test with coverage (or read profiles), check thresholds, write reports
  mirror    Build an air-gapped bundle (module proxy layout + checksum-database proofs), or check one offline

install flags (the action's inputs):
  --go-version SPEC            1.22.5, 1.22, ^1.21, stable, oldstable, 1.23rc1, ...
  --go-version-file FILE       go.mod, go.work, .go-version or .tool-versions
  --check-latest               resolve against the release index even if cached
  --architecture ARCH          x64, arm64, x86, arm, amd64, 386, armv6l, ...
  --go-download-source SRC     go.dev (default) or proxy (Go module proxy + checksum database)
  --goproxy LIST               module proxies for --go-download-source proxy (default: $GOPROXY)
  --verify-sumdb MODE          auto, required or off: cross-check go.dev archives against the checksum database
  --go-download-base-url URL   a go.dev mirror (its .tar.gz must be signed by a trusted key)
  --signing-keys KEYS|FILE     OpenPGP public keys that replace the pinned bundle
  --gotoolchain VALUE          GOTOOLCHAIN to export (default: local)
  --health-check LEVEL         full, quick or off (default: full)
  --tool-cache DIR             where toolchains are kept (default: per-user cache)
  --shell sh|pwsh              syntax of the printed environment (default: sh)
  --json                       print the result as JSON instead of shell exports
  --github                     write GITHUB_PATH, GITHUB_ENV and GITHUB_OUTPUT like the action

doctor flags:
  --go-version-file FILE       also check the Go version this file asks for
  --offline                    skip proving the go on PATH against the checksum database
  --json                       print the findings as JSON

  -h, --help                   show this help
  --version                    show the version

${VERIFY_USAGE}
${GATES_USAGE}
${COVERAGE_USAGE}
${MIRROR_USAGE}`;

const INSTALL_FLAGS = {
  'go-version': { type: 'string' },
  'go-version-file': { type: 'string' },
  'check-latest': { type: 'boolean' },
  architecture: { type: 'string' },
  'go-download-base-url': { type: 'string' },
  'go-download-source': { type: 'string' },
  goproxy: { type: 'string' },
  'verify-sumdb': { type: 'string' },
  'signing-keys': { type: 'string' },
  gotoolchain: { type: 'string' },
  'health-check': { type: 'string' },
  'tool-cache': { type: 'string' },
  shell: { type: 'string' },
  json: { type: 'boolean' },
  github: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const DOCTOR_FLAGS = {
  'go-version-file': { type: 'string' },
  offline: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs the CLI; resolves with the process exit code (0 ok, 1 failed, 2 usage error). */
export async function runCli(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'install':
        return await install(rest, io);
      case 'doctor':
        return await doctor(rest, io);
      case 'verify':
        return await verifyCommand(rest, io);
      case 'gates':
        return await gatesCommand(rest, io);
      case 'hooks':
        return await hooksCommand(rest, io);
      case 'coverage':
        return await coverageCommand(rest, io);
      case 'mirror':
        return await mirrorCommand(rest, io);
      case '--version':
        io.stdout(`${version}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (err) {
    if (
      err instanceof UsageError ||
      err instanceof GatesUsageError ||
      err instanceof VerifyUsageError ||
      err instanceof MirrorUsageError
    ) {
      io.stderr(`setup-go-verified: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`setup-go-verified: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

class UsageError extends Error {}

function parse<T extends typeof INSTALL_FLAGS | typeof DOCTOR_FLAGS>(
  args: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function install(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parse(args, INSTALL_FLAGS) as Record<string, string | boolean | undefined>;
  if (flags['help']) {
    io.stdout(USAGE);
    return 0;
  }
  if (flags['github'] && !io.env['GITHUB_PATH']) {
    throw new UsageError(
      '--github needs the runner environment (GITHUB_PATH and GITHUB_ENV are not set)',
    );
  }
  const shell = (flags['shell'] as string | undefined) ?? 'sh';
  if (shell !== 'sh' && shell !== 'pwsh')
    throw new UsageError(`--shell must be sh or pwsh, not ${shell}`);
  const defaults: Record<string, string> = {
    gotoolchain: 'local',
    'health-check': 'full',
    'verify-sumdb': 'auto',
  };
  const get = (name: string): string => {
    const v = flags[name];
    if (typeof v === 'boolean') return String(v);
    return v ?? defaults[name] ?? '';
  };
  const options = parseSetupOptions(get, {
    workingDirectory: io.cwd,
    toolCacheDir:
      (flags['tool-cache'] as string | undefined) ?? toolCacheRoot(io.env as NodeJS.ProcessEnv),
    ...envDefaults(io.env),
  });
  const logger = streamLogger((line) => io.stderr(`${line}\n`), {
    debug: io.env['RUNNER_DEBUG'] === '1',
  });
  const result = await setupGo(options, { logger, env: io.env, http: httpSettingsFromEnv(io.env) });
  if (flags['github']) {
    await io.github?.(result);
  }
  if (flags['json']) {
    io.stdout(`${JSON.stringify(resultJson(result), null, 2)}\n`);
  } else {
    io.stdout(renderShellExports(result.environment, shell));
  }
  return 0;
}

export function resultJson(result: SetupGoResult) {
  return {
    goVersion: result.version,
    goRoot: result.goRoot,
    goPath: result.goPath,
    cacheHit: result.cacheHit,
    environment: result.environment,
    health: result.health,
    verification: result.record,
  };
}

async function doctor(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parse(args, DOCTOR_FLAGS) as Record<string, string | boolean | undefined>;
  if (flags['help']) {
    io.stdout(USAGE);
    return 0;
  }
  const report = await runDoctor({
    env: io.env as NodeJS.ProcessEnv,
    cwd: io.cwd,
    goVersionFile: flags['go-version-file'] as string | undefined,
    proveTree: !flags['offline'],
  });
  // The environment is a fact the checks read, but it holds secrets: never print it.
  const printable = { ...report, facts: { ...report.facts, env: undefined } };
  if (flags['json']) io.stdout(`${JSON.stringify(printable, null, 2)}\n`);
  else io.stdout(renderDoctor(report, { color: false }));
  return report.ok ? 0 : 1;
}
