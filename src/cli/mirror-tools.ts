/**
 * `mirror --tools`: which gate tools go into a bundle and how their graphs are found. The
 * versions are those the gates action picks in goinstall mode for each Go version of the
 * bundle (or the overrides given), and the graph is found in the gates' own isolated build
 * environment, so the bundle holds what an offline `go install` there will ask for.
 */
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import { GOLANGCI_PACKAGE, STATICCHECK_PACKAGE } from '../go/tool-pins.js';
import { isolatedBuildEnv } from '../gates/tool-build.js';
import {
  defaultGolangci,
  defaultStaticcheck,
  golangciModuleVersion,
  staticcheckModuleVersion,
} from '../gates/tool-versions.js';
import type { ToolsOption } from '../mirror/build.js';
import type { ToolPackage } from '../mirror/tool-graph.js';
import type { Platform } from '../platform.js';
import { which } from '../process.js';

export interface ToolFlags {
  /** The go binary (`--go`), else `go` on PATH. */
  readonly go?: string;
  readonly staticcheckVersion?: string;
  readonly golangciVersion?: string;
}

/** GOARCH of a platform (go.dev's `armv6l` is GOARCH arm). */
const goarch = (p: Platform): string => (p.arch === 'armv6l' ? 'arm' : p.arch);

/** The tools the gates would build with `goVersion`; a tool no pinned release builds is left out. */
export function chooseTools(flags: ToolFlags, goVersion: string, logger: Logger): ToolPackage[] {
  const tools: ToolPackage[] = [];
  const pick = (name: string, pkg: string, version: () => string): void => {
    try {
      tools.push({ pkg, version: version() });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      logger.warning(`--tools: ${name} left out for go${goVersion}: ${err.message}`);
    }
  };
  pick('staticcheck', STATICCHECK_PACKAGE, () =>
    flags.staticcheckVersion !== undefined
      ? staticcheckModuleVersion(flags.staticcheckVersion).version
      : defaultStaticcheck('goinstall', goVersion).version,
  );
  pick('golangci-lint', GOLANGCI_PACKAGE, () =>
    flags.golangciVersion !== undefined
      ? golangciModuleVersion(flags.golangciVersion)
      : defaultGolangci('goinstall', goVersion).version,
  );
  return tools;
}

export function toolsOption(
  flags: ToolFlags,
  env: NodeJS.ProcessEnv,
  goproxy: string,
  logger: Logger,
): ToolsOption {
  const go =
    flags.go ?? which('go', env['PATH'] ?? '', process.platform === 'win32' ? 'windows' : 'linux');
  if (go === undefined) {
    throw new InputError('--tools runs the go command: give --go PATH or put go on PATH');
  }
  // Validated now, so a bad override fails before any download.
  if (flags.staticcheckVersion !== undefined) staticcheckModuleVersion(flags.staticcheckVersion);
  if (flags.golangciVersion !== undefined) golangciModuleVersion(flags.golangciVersion);
  return {
    go,
    choose: (goVersion) => chooseTools(flags, goVersion, logger),
    buildEnv: (dirs, gobin, platform) =>
      isolatedBuildEnv(
        { ...env, GOPROXY: goproxy },
        { go, version: '', os: platform.os, arch: goarch(platform) },
        dirs,
        gobin,
      ),
  };
}
