/**
 * The few ways `doctor` touches the machine: running a command, resolving a path, looking a
 * program up on PATH, reading a file. Every failure becomes a value, never a throw.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { run, type RunResult, which } from '../process.js';
import { parseGoEnvJson } from '../go/go-command.js';

export async function safeRun(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs: number,
): Promise<RunResult> {
  try {
    return await run(file, args, { env, cwd, timeoutMs });
  } catch (e) {
    return { code: -1, stdout: '', stderr: (e as Error).message };
  }
}

export async function realpathOr(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    return path.resolve(p);
  }
}

export async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** A process environment without unset entries and with `overrides` applied (undefined
 * removes a variable, whatever its case on Windows). */
export function childEnv(
  env: Readonly<Record<string, string | undefined>>,
  overrides: Record<string, string | undefined>,
  goos: string,
): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  const norm = (k: string) => (goos === 'windows' ? k.toUpperCase() : k);
  const overridden = new Set(Object.keys(overrides).map(norm));
  for (const [k, v] of Object.entries(env))
    if (v !== undefined && !overridden.has(norm(k))) out[k] = v;
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) out[k] = v;
  return out;
}

/** Every `go` on PATH in order, using the same lookup as `which` one directory at a time. */
export function findAllOnPath(
  name: string,
  searchPath: string,
  goos: string,
  pathExt?: string,
): string[] {
  const sep = goos === 'windows' ? ';' : ':';
  const found: string[] = [];
  for (const raw of searchPath.split(sep)) {
    // cmd.exe accepts quoted PATH entries.
    const dir = goos === 'windows' ? raw.replace(/^"(.*)"$/, '$1') : raw;
    if (!dir) continue;
    const hit = which(name, dir, goos, pathExt);
    if (hit !== undefined && !found.includes(hit)) found.push(hit);
  }
  return found;
}

/** Reads `KEY=value` lines of the go env file; a missing file is no settings. */
export async function readGoEnvFile(file: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
  }
  return out;
}

export async function detectWsl(env: Readonly<Record<string, string | undefined>>, goos: string) {
  if (goos !== 'linux') return false;
  if (env['WSL_DISTRO_NAME']) return true;
  try {
    return /microsoft/i.test(await readFile('/proc/version', 'utf8'));
  } catch {
    return false;
  }
}

/** Go's default C compiler when CC is not set. */
export function defaultCc(goos: string): string {
  return ['darwin', 'ios', 'freebsd', 'openbsd'].includes(goos) ? 'clang' : 'gcc';
}

/** Where a command named like CC (possibly `zig cc`, possibly a path) is. */
export function locateCommand(
  command: string,
  searchPath: string,
  goos: string,
  pathExt?: string,
): string | undefined {
  const program = (command.trim().match(/^"([^"]+)"|^(\S+)/) ?? [])
    .slice(1)
    .find((x) => x !== undefined);
  if (!program) return undefined;
  const p = goos === 'windows' ? path.win32 : path.posix;
  if (program.includes('/') || (goos === 'windows' && program.includes('\\'))) {
    return which(p.basename(program), p.dirname(program), goos, pathExt);
  }
  return which(program, searchPath, goos, pathExt);
}

export function parseJsonObject(r: RunResult): Record<string, string> | undefined {
  if (r.code !== 0) return undefined;
  const parsed = parseGoEnvJson(r.stdout);
  return parsed.ok ? { ...parsed.vars } : undefined;
}
