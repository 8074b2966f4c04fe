/**
 * Ties a profile to the checkout. A profile names files by import path
 * (`example.com/m/pkg/a.go`); each is found in the workspace's modules (`<module path>/<rel>`
 * is `<module dir>/<rel>`, the longest module path winning), and no block may end past the
 * end of its file. A profile made in another checkout, module or commit is refused here,
 * naming the files, rather than turned into wrong figures and broken reports.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { discoverModules } from '../go/modules.js';
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

/** Profile file name -> the file in the workspace. */
export type SourceFiles = ReadonlyMap<string, SourceFile>;

/**
 * Why a profile does not fit the checkout: files under no module here, files a module should
 * hold but that do not exist, or blocks past the end of their file.
 */
export type SourceMismatch = 'outside-modules' | 'missing' | 'stale';

export class SourceMismatchError extends ProfileError {
  override name = 'SourceMismatchError';
  constructor(
    message: string,
    source: string,
    readonly kind: SourceMismatch,
    /** The profile file names concerned. */
    readonly files: readonly string[],
  ) {
    super(message, source);
  }
}

/**
 * The path elements of an import-path tail, or undefined when they could leave the
 * directory they are joined to (`..`, `.`, empty elements, backslashes): Go never writes
 * such names, and a hostile profile must not point reports at files outside the modules.
 */
function elements(rel: string): string[] | undefined {
  const parts = rel.split('/');
  return parts.every((p) => p !== '' && p !== '.' && p !== '..' && !p.includes('\\'))
    ? parts
    : undefined;
}

/**
 * Where the profile file name `file` lives, without touching the disk: under the module with
 * the longest path that contains it, or, for the absolute names GOPATH mode writes for code
 * outside a module (`/abs/x.go`, `_/abs/x.go`, on Windows `_/C_/abs/x.go`), that path.
 */
export function locateSourceFile(
  file: string,
  modules: readonly SourceModule[],
): string | undefined {
  let best: SourceModule | undefined;
  for (const m of modules) {
    if (file.startsWith(`${m.path}/`) && (!best || m.path.length > best.path.length)) best = m;
  }
  if (best) {
    const parts = elements(file.slice(best.path.length + 1));
    return parts && path.join(best.dir, ...parts);
  }
  let name = file;
  if (name.startsWith('_/')) {
    name = name.slice(1);
    // Go made `C:` a valid import path element by writing `C_`.
    if (path.sep === '\\') name = name.replace(/^\/([A-Za-z])_\//, '$1:/');
  }
  return path.isAbsolute(name) ? path.normalize(name) : undefined;
}

function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

function toRel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** Lines of a file: a last line without a newline still counts. */
function countLines(text: Uint8Array): number {
  let n = 0;
  for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) n++;
  return text.length > 0 && text[text.length - 1] !== 10 ? n + 1 : n;
}

/**
 * `//line` and `/*line` directives (generated code: cgo, goyacc, templ) make go tool cover
 * report positions of another file, so such a file's length says nothing about staleness.
 */
function hasLineDirectives(text: Buffer): boolean {
  return text.includes('//line ') || text.includes('/*line ');
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown}, ... ${names.length} in all` : shown;
}

function lines(n: number): string {
  return `${n} line${n === 1 ? '' : 's'}`;
}

type Found =
  | {
      readonly kind: 'ok';
      readonly abs: string;
      readonly lines?: number;
      readonly lastLine: number;
    }
  | { readonly kind: 'outside-modules' | 'missing' };

async function findOne(
  file: string,
  lastLine: number,
  modules: readonly SourceModule[],
  root: string,
): Promise<Found> {
  let abs = locateSourceFile(file, modules);
  // Whether a module says where the file is, so its absence means another commit.
  let inModule = abs !== undefined && !path.isAbsolute(file) && !file.startsWith('_/');
  if (abs === undefined) {
    // Vendored dependencies measured with -coverpkg are named by their own import path.
    const parts = elements(file) ?? [];
    for (const m of parts.length > 0 ? modules : []) {
      const vendored = path.join(m.dir, 'vendor', ...parts);
      if (await isFile(vendored)) {
        abs = vendored;
        inModule = true;
        break;
      }
    }
  }
  if (abs === undefined || (!inModule && !isInside(root, abs))) return { kind: 'outside-modules' };
  let text: Buffer;
  try {
    text = await readFile(abs);
  } catch {
    return { kind: inModule ? 'missing' : 'outside-modules' };
  }
  return {
    kind: 'ok',
    abs,
    lastLine,
    lines: hasLineDirectives(text) ? undefined : countLines(text),
  };
}

/** Files looked at at once: enough to overlap the reads, few enough for any file limit. */
const PARALLEL = 16;

/** findOne for each file of the profile, PARALLEL at a time; results in the profile's order. */
async function findAll(
  profile: Profile,
  modules: readonly SourceModule[],
  root: string,
): Promise<{ readonly file: string; readonly found: Found }[]> {
  const entries = [...profile.files];
  const out: { file: string; found: Found }[] = [];
  for (let i = 0; i < entries.length; i += PARALLEL) {
    const batch = entries.slice(i, i + PARALLEL).map(async ([file, blocks]) => {
      let last = 0;
      for (const b of blocks) if (b.endLine > last) last = b.endLine;
      return { file, found: await findOne(file, last, modules, root) };
    });
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/** Refuses a profile naming files outside the modules, then one naming files not here. */
function refuseUnfound(
  results: readonly { readonly file: string; readonly found: Found }[],
  modules: readonly SourceModule[],
  root: string,
  source: string,
): void {
  const named = (kind: Found['kind']) =>
    results.filter((r) => r.found.kind === kind).map((r) => r.file);
  const outside = named('outside-modules');
  if (outside.length > 0) {
    const here = modules.map((m) => `${m.path} in ${toRel(root, m.dir) || '.'}`).join(', ');
    throw new SourceMismatchError(
      `${source}: the profile names files that are not in this workspace's modules (${listNames(outside)}); ` +
        `modules here: ${here || 'none'}; was it made from another checkout or module? ` +
        "(so does a -coverpkg naming packages of other modules: limit it to this workspace's, e.g. ./...)",
      source,
      'outside-modules',
      outside,
    );
  }
  const missing = named('missing');
  if (missing.length > 0) {
    throw new SourceMismatchError(
      `${source}: the profile names files that do not exist in this checkout (${listNames(missing)}); ` +
        'it was made from another commit: regenerate it from this checkout',
      source,
      'missing',
      missing,
    );
  }
}

/** Refuses files shorter than their blocks reach: the profile is older than the source. */
function refuseStale(stale: readonly { file: string; text: string }[], source: string): void {
  if (stale.length === 0) return;
  const more =
    stale.length > 1
      ? ` (and ${stale.length - 1} more file${stale.length > 2 ? 's' : ''}: ${listNames(stale.slice(1).map((s) => s.file))})`
      : '';
  throw new SourceMismatchError(
    `${source}: ${stale[0]!.text}${more}: the profile is older than the source; regenerate it from this checkout`,
    source,
    'stale',
    stale.map((s) => s.file),
  );
}

/**
 * Finds every file of `profile` in `modules` and checks each is at least as long as the
 * blocks in it. Throws SourceMismatchError naming the files when any is not found or is too
 * short; the returned map has an entry for every file of the profile.
 */
export async function matchSourceFiles(
  profile: Profile,
  modules: readonly SourceModule[],
  workspaceRoot: string,
): Promise<Map<string, SourceFile>> {
  const root = path.resolve(workspaceRoot);
  const source = profile.sources.join(', ');
  const results = await findAll(profile, modules, root);
  refuseUnfound(results, modules, root, source);
  const out = new Map<string, SourceFile>();
  const stale: { file: string; text: string }[] = [];
  for (const { file, found } of results) {
    const f = found as Extract<Found, { kind: 'ok' }>;
    const rel = toRel(root, f.abs);
    out.set(file, { abs: f.abs, rel });
    if (f.lines !== undefined && f.lastLine > f.lines) {
      stale.push({
        file,
        text: `${rel} has ${lines(f.lines)} but the profile has a block ending at line ${f.lastLine}`,
      });
    }
  }
  refuseStale(stale, source);
  return out;
}

/**
 * matchSourceFiles for the modules in `moduleDirs` (relative to the workspace root or
 * absolute; a directory with a go.work stands for the modules it uses), their paths read
 * with `go mod edit -json`.
 */
export async function resolveSourceFiles(
  profile: Profile,
  moduleDirs: readonly string[],
  workspaceRoot: string,
  go: string,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, SourceFile>> {
  const modules = await discoverModules(moduleDirs, workspaceRoot, go, env);
  return matchSourceFiles(
    profile,
    modules.map((m) => ({ dir: m.dir, path: m.path })),
    workspaceRoot,
  );
}
