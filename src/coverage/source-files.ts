/**
 * Ties a profile to the checkout: each file it names (`example.com/m/pkg/a.go`, an import
 * path) is found in one of the workspace's modules, and no block may end past the end of its
 * file. A profile made from another checkout or an older commit is refused here rather than
 * turned into wrong figures and broken reports.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ProfileError, type Profile } from './profile.js';

export interface SourceModule {
  /** Absolute directory holding go.mod. */
  readonly dir: string;
  /** Module path from go.mod. */
  readonly path: string;
}

export interface SourceFile {
  readonly abs: string;
  /** Relative to the workspace root, with forward slashes (what reports and annotations name). */
  readonly rel: string;
}

function within(modulePath: string, file: string): boolean {
  return file.startsWith(`${modulePath}/`);
}

/** The file an import-path name stands for, by the longest module path that contains it. */
export function locate(file: string, modules: readonly SourceModule[]): string | undefined {
  let best: SourceModule | undefined;
  for (const m of modules) {
    if (within(m.path, file) && (!best || m.path.length > best.path.length)) best = m;
  }
  if (best) return path.join(best.dir, ...file.slice(best.path.length + 1).split('/'));
  // GOPATH mode names files outside a module by their directory: `/abs/x.go` or `_/abs/x.go`.
  if (file.startsWith('_/')) return file.slice(1);
  if (path.isAbsolute(file)) return file;
  return undefined;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown}, ... (${names.length} in all)` : shown;
}

export async function resolveSourceFiles(
  profile: Profile,
  modules: readonly SourceModule[],
  root: string,
): Promise<Map<string, SourceFile>> {
  const source = profile.sources.join(', ');
  const out = new Map<string, SourceFile>();
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [file, blocks] of profile.files) {
    const abs = locate(file, modules);
    let text: string | undefined;
    if (abs !== undefined) text = await readFile(abs, 'utf8').catch(() => undefined);
    if (abs === undefined || text === undefined) {
      missing.push(file);
      continue;
    }
    const lines = countLines(text);
    const last = blocks.reduce((max, b) => Math.max(max, b.endLine), 0);
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (last > lines) stale.push(`${rel} has ${lines} lines but a block ends at line ${last}`);
    out.set(file, { abs, rel: rel.startsWith('..') ? abs : rel });
  }
  if (missing.length > 0) {
    const here = modules.map((m) => `${m.path} in ${path.relative(root, m.dir) || '.'}`).join('; ');
    throw new ProfileError(
      `${source}: the profile names files that are not in this workspace: ${listNames(missing)}; ` +
        `modules here: ${here || 'none'}. Was it made from another checkout or module? ` +
        'Point working-directory at the module the profile was made in',
      source,
    );
  }
  if (stale.length > 0) {
    throw new ProfileError(
      `${source}: the profile does not match the checked-out source: ${listNames(stale)}; ` +
        'it was made from another commit: regenerate it from this checkout',
      source,
    );
  }
  return out;
}
