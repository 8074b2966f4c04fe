/**
 * Where and with what the gates run: the job's Go, put first on PATH for the tools that call
 * `go list`, and one run context per module, narrowed to the staged files and packages when
 * the pre-commit hook asks.
 */
import * as path from 'node:path';
import { jobGo } from '../go/job-go.js';
import type { GoModule } from '../go/modules.js';
import type { GateRunContext } from './gate-runners.js';
import { packagePatterns, type StagedGoFiles } from './staged.js';
import type { GoInfo } from './tools.js';

/** The job's Go as the gates use it. */
export interface GatesToolchain {
  readonly go: GoInfo;
  /** GOROOT/bin/gofmt of the same toolchain. */
  readonly gofmt: string;
  /** The job's environment with this toolchain's bin directory first on PATH. */
  readonly env: NodeJS.ProcessEnv;
}

/**
 * `env` with the directory of `goBinary` first on PATH (whatever the variable's case, as on
 * Windows): staticcheck and golangci-lint run `go list` and must find this toolchain.
 */
export function withGoFirstOnPath(env: NodeJS.ProcessEnv, goBinary: string): NodeJS.ProcessEnv {
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  return {
    ...env,
    [pathKey]: [path.dirname(goBinary), env[pathKey]].filter(Boolean).join(path.delimiter),
  };
}

export async function gatesToolchain(
  env: NodeJS.ProcessEnv,
  root: string,
): Promise<GatesToolchain> {
  const info = await jobGo(env, root);
  return {
    go: { go: info.go, version: info.version, os: info.os, arch: info.arch },
    gofmt: path.join(info.goroot, 'bin', info.os === 'windows' ? 'gofmt.exe' : 'gofmt'),
    env: withGoFirstOnPath(env, info.go),
  };
}

/** What the gates look at in one module. */
export interface ModuleScope {
  /** Package patterns relative to the module. */
  readonly patterns: string[];
  /** Files for gofmt; undefined means every .go file of the module. */
  readonly files?: string[];
}

/**
 * The whole module (`./...`), or with `staged` only its staged files and their packages;
 * undefined when nothing staged is in it, so its gates do not run at all.
 */
export function moduleScope(
  module: GoModule,
  modules: readonly GoModule[],
  root: string,
  staged: StagedGoFiles | undefined,
): ModuleScope | undefined {
  if (!staged) return { patterns: ['./...'] };
  const patterns = packagePatterns(
    staged.packageDirs,
    module.dir,
    root,
    modules.map((m) => m.dir),
  );
  const files = staged.files
    .map((f) => path.resolve(root, f))
    .filter((f) => !path.relative(module.dir, f).startsWith('..'));
  return patterns.length === 0 && files.length === 0 ? undefined : { patterns, files };
}

export interface ContextSettings {
  readonly root: string;
  readonly toolchain: GatesToolchain;
  readonly buildTags: readonly string[];
  readonly staged?: StagedGoFiles;
  readonly timeoutMs: number;
}

/** One run context per module that has something to check, in module order. */
export function moduleContexts(
  modules: readonly GoModule[],
  settings: ContextSettings,
): GateRunContext[] {
  const { root, toolchain } = settings;
  return modules.flatMap((module): GateRunContext[] => {
    const scope = moduleScope(module, modules, root, settings.staged);
    if (!scope) return [];
    return [
      {
        module,
        root,
        env: toolchain.env,
        go: toolchain.go.go,
        gofmt: toolchain.gofmt,
        buildTags: settings.buildTags,
        patterns: scope.patterns,
        files: scope.files,
        timeoutMs: settings.timeoutMs,
      },
    ];
  });
}
