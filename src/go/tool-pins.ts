/**
 * Which versions of the gate tools a module pins itself: a `tool` directive in go.mod (Go
 * 1.24+) or a blank import in a `//go:build tools` file (the older way), each backed by a
 * `require` line that names the version. Module discovery records them; the gates choose a
 * tool version from them.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** The module and command package of each gate tool that a module can pin. */
export const STATICCHECK_MODULE = 'honnef.co/go/tools';
export const STATICCHECK_PACKAGE = 'honnef.co/go/tools/cmd/staticcheck';
export const GOLANGCI_MODULE = 'github.com/golangci/golangci-lint/v2';
export const GOLANGCI_PACKAGE = 'github.com/golangci/golangci-lint/v2/cmd/golangci-lint';

export type PinSource = 'go.mod tool directive' | 'tools.go';

export interface ToolPin {
  readonly version: string;
  readonly how: PinSource;
}

export interface ToolPins {
  readonly staticcheck?: ToolPin;
  readonly golangci?: ToolPin;
}

/** The parts of `go mod edit -json` that pin tools. */
export interface ModRequirements {
  Require?: { Path: string; Version: string }[] | null;
  Tool?: { Path: string }[] | null;
}

/** Imports of a `//go:build tools` file: the pre-1.24 way of pinning tool versions. */
export function toolsGoImports(source: string): string[] {
  if (!/^\/\/go:build\s+tools\s*$/m.test(source)) return [];
  const imports: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import\s+)?_\s+"([^"]+)"/gm)) imports.push(m[1]!);
  return imports;
}

/** The tools.go imports of a module, from the places such files are kept. */
export async function toolsGoImportsIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of [
    'tools.go',
    path.join('tools', 'tools.go'),
    path.join('internal', 'tools', 'tools.go'),
  ]) {
    try {
      out.push(...toolsGoImports(await readFile(path.join(dir, name), 'utf8')));
    } catch {
      // No such file: nothing pinned there.
    }
  }
  return out;
}

/** Pure: which gate tools a module pins, from its go.mod JSON and tools.go imports. */
export function toolPinsOf(mod: ModRequirements, toolsGo: readonly string[]): ToolPins {
  const required = new Map((mod.Require ?? []).map((r) => [r.Path, r.Version]));
  const tools = new Set((mod.Tool ?? []).map((t) => t.Path));
  const pin = (pkg: string, module: string): ToolPin | undefined => {
    const version = required.get(module);
    if (!version) return undefined;
    if (tools.has(pkg)) return { version, how: 'go.mod tool directive' };
    if (toolsGo.includes(pkg)) return { version, how: 'tools.go' };
    return undefined;
  };
  return {
    staticcheck: pin(STATICCHECK_PACKAGE, STATICCHECK_MODULE),
    golangci: pin(GOLANGCI_PACKAGE, GOLANGCI_MODULE),
  };
}
