/**
 * Which module versions a bundle must hold for a project: read from its go.sum files (a go.mod
 * means the go.sum beside it, a go.work its go.work.sum and each `use`d module's go.sum). A
 * line `mod ver h1:…` wants the zip (and the .mod); `mod ver/go.mod h1:…` the .mod alone. Each
 * line's hash is kept as a claim that the checksum database must confirm, so a go.sum that
 * lies is refused naming its line.
 *
 * Parsing is pure (text in, set out); reading the files is `readModuleSet`. The files may come
 * from anywhere: every line is checked for shape before any of it names a URL or a path.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { escapeModulePath, escapeVersion } from '../fetch/goproxy.js';

/** A go.sum line's hash, and where it was read (`file:line`). */
export interface SumClaim {
  readonly h1: string;
  readonly where: string;
}

/** One module version the bundle must hold. */
export interface WantedVersion {
  readonly module: string;
  readonly version: string;
  /** The zip is wanted (else only the .mod). */
  zip: boolean;
  /** go.sum hashes of the zip, each to be confirmed by the database. */
  readonly zipClaims: SumClaim[];
  /** go.sum hashes of the go.mod file. */
  readonly modClaims: SumClaim[];
}

/** Module versions by `module@version`. */
export type ModuleSet = Map<string, WantedVersion>;

const H1 = /^h1:[A-Za-z0-9+/]{43}=$/;
// A semantic version as the go command writes it in go.sum (no build metadata but +incompatible).
const VERSION =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+incompatible)?$/;
const PATH_ELEMENT = /^[A-Za-z0-9_~+-][A-Za-z0-9._~+-]*$/;

/** A module path the go command could have written: checked before it names a file or URL. */
export function checkModulePath(module: string, where: string): void {
  const elements = module.split('/');
  if (
    module.length > 1024 ||
    !elements.every((e) => PATH_ELEMENT.test(e) && !e.endsWith('.')) ||
    !(elements[0] ?? '').includes('.')
  ) {
    throw new InputError(`${where}: ${JSON.stringify(module)} is not a module path`);
  }
  escapeModulePath(module);
}

export function checkVersion(version: string, where: string): void {
  if (version.length > 256 || !VERSION.test(version)) {
    throw new InputError(`${where}: ${JSON.stringify(version)} is not a module version`);
  }
  escapeVersion(version);
}

/** Adds a wanted module version (merging with one already there). */
export function want(
  set: ModuleSet,
  module: string,
  version: string,
  zip: boolean,
  claim?: SumClaim,
): WantedVersion {
  const key = `${module}@${version}`;
  let w = set.get(key);
  if (w === undefined) {
    w = { module, version, zip, zipClaims: [], modClaims: [] };
    set.set(key, w);
  }
  w.zip ||= zip;
  if (claim !== undefined) (zip ? w.zipClaims : w.modClaims).push(claim);
  return w;
}

/** Adds every line of a go.sum (or go.work.sum) text to `set`. */
export function parseGoSum(text: string, file: string, set: ModuleSet = new Map()): ModuleSet {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, '');
    const where = `${file}:${i + 1}`;
    if (line.trim() === '') continue;
    const fields = line.trim().split(/[ \t]+/);
    if (fields.length !== 3) {
      throw new InputError(
        `${where}: a go.sum line is "module version h1:hash", not ${JSON.stringify(line.slice(0, 200))}`,
      );
    }
    const [module, rawVersion, h1] = fields as [string, string, string];
    const modOnly = rawVersion.endsWith('/go.mod');
    const version = modOnly ? rawVersion.slice(0, -'/go.mod'.length) : rawVersion;
    checkModulePath(module, where);
    checkVersion(version, where);
    if (!H1.test(h1)) {
      throw new InputError(
        `${where}: ${JSON.stringify(h1.slice(0, 80))} is not an h1: hash (the only kind the go command writes)`,
      );
    }
    want(set, module, version, !modOnly, { h1, where });
  }
  return set;
}

/** Strips `//` comments from a go.mod or go.work line (quoted strings are kept whole). */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== '') {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '/' && line[i + 1] === '/') return line.slice(0, i);
  }
  return line;
}

function unquote(token: string, where: string): string {
  if (token.startsWith('`') && token.endsWith('`') && token.length >= 2) return token.slice(1, -1);
  if (token.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(token);
      if (typeof v === 'string') return v;
    } catch {
      // reported below
    }
    throw new InputError(`${where}: ${JSON.stringify(token)} is not a quoted path`);
  }
  return token;
}

/** The directories a go.work `use`s, as written (relative to the go.work's directory or absolute). */
export function parseGoWorkUses(text: string, file: string): string[] {
  const uses: string[] = [];
  let inBlock = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}:${i + 1}`;
    const line = stripComment(lines[i] as string).trim();
    if (line === '') continue;
    if (inBlock) {
      if (line === ')') inBlock = false;
      else uses.push(unquote(line, where));
      continue;
    }
    const m = /^use\s*(.*)$/.exec(line);
    if (m === null) continue;
    const rest = (m[1] as string).trim();
    if (rest === '(') inBlock = true;
    else if (rest !== '') uses.push(unquote(rest, where));
    else throw new InputError(`${where}: a use directive names no directory`);
  }
  if (inBlock) throw new InputError(`${file}: a use ( block is not closed`);
  return uses;
}

/** True when a go.mod names a requirement (so a go.sum must come with it). */
export function goModRequires(text: string): boolean {
  return text.split('\n').some((l) => /^require\b/.test(stripComment(l).trim()));
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function addGoMod(goMod: string, set: ModuleSet): Promise<void> {
  const text = await readOptional(goMod);
  if (text === undefined) throw new InputError(`--modules ${goMod}: no such file`);
  const goSum = path.join(path.dirname(goMod), 'go.sum');
  const sums = await readOptional(goSum);
  if (sums !== undefined) parseGoSum(sums, goSum, set);
  else if (goModRequires(text)) {
    throw new InputError(
      `${goMod} requires modules but has no go.sum beside it: run go mod tidy in ${path.dirname(goMod)}`,
    );
  }
}

/** Reads one `--modules FILE` (a go.mod, go.work or go.sum) into `set`. */
export async function readModuleSet(file: string, set: ModuleSet = new Map()): Promise<ModuleSet> {
  const base = path.basename(file);
  if (base === 'go.mod') {
    await addGoMod(file, set);
  } else if (base === 'go.work') {
    const text = await readOptional(file);
    if (text === undefined) throw new InputError(`--modules ${file}: no such file`);
    const workSum = `${file}.sum`;
    const sums = await readOptional(workSum);
    if (sums !== undefined) parseGoSum(sums, workSum, set);
    for (const use of parseGoWorkUses(text, file)) {
      await addGoMod(path.resolve(path.dirname(file), use, 'go.mod'), set);
    }
  } else if (base.endsWith('.sum')) {
    const text = await readOptional(file);
    if (text === undefined) throw new InputError(`--modules ${file}: no such file`);
    parseGoSum(text, file, set);
  } else {
    throw new InputError(`--modules ${file}: give a go.mod, go.work or go.sum file`);
  }
  return set;
}
