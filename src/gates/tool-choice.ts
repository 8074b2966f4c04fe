/**
 * Which staticcheck and golangci-lint a run uses (the input, else a module's own pin, else
 * the pinned default for this Go), and their installs, started before any gate runs so they
 * download or build while gofmt and go vet work.
 */
import type { GoModule } from '../go/modules.js';
import type { ToolPins } from '../go/tool-pins.js';
import type { GatesOptions, InstallMode } from './gates-options.js';
import { defaultGolangci, defaultStaticcheck, type ToolVersion } from './tool-versions.js';
import { installGateTool, type GateTool, type InstalledGateTool, type ToolJob } from './tools.js';

/** An installed tool with how its version was chosen. */
export type ChosenTool = InstalledGateTool & { readonly chosen: ToolVersion };

/** The installs under way, by tool; only the tools of gates that run. */
export type ToolInstalls = Partial<Record<GateTool, Promise<ChosenTool>>>;

interface ToolSettings {
  readonly pin: keyof ToolPins;
  readonly input: (o: GatesOptions) => string | undefined;
  readonly mode: (o: GatesOptions) => InstallMode;
  readonly baseUrl: (o: GatesOptions) => string;
  readonly fallback: (mode: InstallMode, goVersion: string) => ToolVersion;
}

const TOOLS: Record<GateTool, ToolSettings> = {
  staticcheck: {
    pin: 'staticcheck',
    input: (o) => o.staticcheckVersion,
    mode: (o) => o.staticcheckInstallMode,
    baseUrl: (o) => o.staticcheckBaseUrl,
    fallback: defaultStaticcheck,
  },
  'golangci-lint': {
    pin: 'golangci',
    input: (o) => o.golangciVersion,
    mode: (o) => o.golangciInstallMode,
    baseUrl: (o) => o.golangciBaseUrl,
    fallback: defaultGolangci,
  },
};

/**
 * The version input, else the first module's pin, else the pinned default; throws when no
 * pinned release builds with this Go.
 */
export function chooseToolVersion(
  tool: GateTool,
  options: GatesOptions,
  modules: readonly GoModule[],
  goVersion: string,
): ToolVersion {
  const how = TOOLS[tool];
  const input = how.input(options);
  if (input) return { version: input, source: 'input' };
  const pinned = modules.find((m) => m.toolPins[how.pin])?.toolPins[how.pin];
  if (pinned) return { version: pinned.version, source: pinned.how };
  return how.fallback(how.mode(options), goVersion);
}

export function startToolInstalls(
  options: GatesOptions,
  modules: readonly GoModule[],
  job: ToolJob,
): ToolInstalls {
  const installs: ToolInstalls = {};
  for (const tool of Object.keys(TOOLS) as GateTool[]) {
    if (!options.gates.includes(tool)) continue;
    const how = TOOLS[tool];
    // A version that cannot be chosen (no pinned release builds with this Go) fails its
    // gate, not the whole run.
    const install = Promise.resolve().then(async (): Promise<ChosenTool> => {
      const chosen = chooseToolVersion(tool, options, modules, job.go.version);
      const t = await installGateTool(
        job,
        tool,
        chosen.version,
        how.mode(options),
        how.baseUrl(options),
      );
      return { ...t, chosen };
    });
    // A failed install is reported by its gate; never an unhandled rejection meanwhile.
    install.catch(() => undefined);
    installs[tool] = install;
  }
  return installs;
}
