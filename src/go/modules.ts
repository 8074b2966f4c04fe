/**
 * The Go modules the gates run in. A working directory is a module (go.mod) or a workspace
 * (go.work, whose `use` lines name modules); the go command reads both for us with
 * `go mod edit -json` / `go work edit -json`, so nothing here parses go.mod by hand.
 */
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { run } from '../process.js';
import { type ModRequirements, type ToolPins, toolPinsOf, toolsGoImportsIn } from './tool-pins.js';

export interface GoModule {
  /** Absolute directory holding go.mod. */
  readonly dir: string;
  readonly path: string;
  /** The `go` line, if any. */
  readonly goVersion?: string;
  /** The go.work directory when this module was found through a workspace. */
  readonly workspace?: string;
  /** Versions the module pins for the gate tools (`tool` directive or a tools.go import). */
  readonly toolPins: ToolPins;
  /**
   * Local directories the module builds with: `replace` targets on disk and, in a workspace,
   * the other modules it uses. Their content is part of what a gate's result depends on.
   */
  readonly localDirs: readonly string[];
}

interface ModEditJson extends ModRequirements {
  Module?: { Path?: string };
  Replace?: { Old: { Path: string }; New: { Path: string; Version?: string } }[] | null;
  Go?: string;
}

interface WorkEditJson {
  Use?: { DiskPath: string }[] | null;
  Replace?: ModEditJson['Replace'];
}

/** `replace` targets that are directories (no version), resolved against `dir`. */
export function localReplaceDirs(replace: ModEditJson['Replace'], dir: string): string[] {
  return (replace ?? []).filter((r) => !r.New.Version).map((r) => path.resolve(dir, r.New.Path));
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function goJson<T>(
  go: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<T> {
  const r = await run(go, args, { cwd, env });
  if (r.code !== 0) {
    throw new InputError(
      `\`go ${args.join(' ')}\` in ${cwd} failed: ${(r.stderr || r.stdout).trim()}`,
    );
  }
  return JSON.parse(r.stdout) as T;
}

async function readModule(
  go: string,
  dir: string,
  env: NodeJS.ProcessEnv,
  workspace?: { dir: string; localDirs: readonly string[] },
): Promise<GoModule> {
  const mod = await goJson<ModEditJson>(go, ['mod', 'edit', '-json'], dir, env);
  const local = [...localReplaceDirs(mod.Replace, dir), ...(workspace?.localDirs ?? [])];
  return {
    dir,
    path: mod.Module?.Path ?? path.basename(dir),
    goVersion: mod.Go,
    workspace: workspace?.dir,
    toolPins: toolPinsOf(mod, await toolsGoImportsIn(dir)),
    localDirs: [...new Set(local)].filter((d) => d !== dir).sort(),
  };
}

/**
 * Expands working directories into modules, in input order, without duplicates. A directory
 * with a go.work stands for the modules it uses; one with only a go.mod for itself.
 */
export async function discoverModules(
  workingDirectories: readonly string[],
  root: string,
  go: string,
  env: NodeJS.ProcessEnv,
): Promise<GoModule[]> {
  const modules: GoModule[] = [];
  const seen = new Set<string>();
  const add = (m: GoModule) => {
    if (seen.has(m.dir)) return;
    seen.add(m.dir);
    modules.push(m);
  };
  for (const wd of workingDirectories) {
    const dir = path.resolve(root, wd);
    if (!(await exists(dir))) {
      throw new InputError(`working-directory ${wd}: ${dir} does not exist`);
    }
    if (await exists(path.join(dir, 'go.work'))) {
      const work = await goJson<WorkEditJson>(go, ['work', 'edit', '-json'], dir, env);
      const uses = (work.Use ?? []).map((u) => path.resolve(dir, u.DiskPath));
      if (uses.length === 0)
        throw new InputError(`working-directory ${wd}: go.work uses no modules`);
      const localDirs = [...uses, ...localReplaceDirs(work.Replace, dir)];
      for (const u of uses) add(await readModule(go, u, env, { dir, localDirs }));
    } else if (await exists(path.join(dir, 'go.mod'))) {
      add(await readModule(go, dir, env));
    } else {
      throw new InputError(
        `working-directory ${wd}: no go.mod or go.work in ${dir}; point working-directory at a Go module`,
      );
    }
  }
  return modules;
}

const SKIP_DIRS = new Set(['vendor', 'testdata', 'node_modules']);

/**
 * The .go files of a module as `./...` sees them: directories named vendor or testdata, or
 * starting with `.` or `_`, and nested modules are skipped. gofmt gets this list instead of a
 * directory so it does not wander into vendored code.
 */
export async function moduleGoFiles(moduleDir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string, top: boolean): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    if (!top && entries.some((e) => e.isFile() && e.name === 'go.mod')) return;
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || e.name.startsWith('.') || e.name.startsWith('_')) continue;
        await walk(p, false);
      } else if (e.isFile() && e.name.endsWith('.go')) {
        files.push(p);
      }
    }
  };
  await walk(moduleDir, true);
  return files.sort();
}
