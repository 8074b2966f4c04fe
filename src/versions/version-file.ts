/**
 * Reading the Go version a project asks for from its files (`go-version-file`): go.mod,
 * go.work, asdf's .tool-versions, or a plain file such as .go-version.
 */
import { readFile } from 'node:fs/promises';
import semver from 'semver';
import { InputError } from '../errors.js';
import { toSemver } from './go-version.js';
import { parseVersionSpec } from './spec.js';

/** The last path component, for both `/` and `\` separators (a workflow on Windows may pass
 * either). */
function baseName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] ?? fileName;
}

function lines(content: string): string[] {
  // A BOM from a Windows editor must not glue itself to the first directive.
  return content.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
}

// A Go toolchain name: go1.22.5, go1.21rc2, go1.20, optionally with a custom suffix
// (go1.21.3-mycorp, go1.22.0+auto) that names a build go.dev does not publish.
const TOOLCHAIN_NAME = /^go(\d+(?:\.\d+){0,2}(?:(?:alpha|beta|rc)\d+)?)(?:[-+][0-9A-Za-z.+-]*)?$/;
const GO_VERSION = /^\d+(?:\.\d+){0,2}(?:(?:alpha|beta|rc)\d+)?$/;

/** Reads the `go` and `toolchain` directives of a go.mod or go.work file, as written. Lines in
 * blocks (`require ( ... )`) are skipped: the directives that matter are never in one. */
function goModDirectives(content: string): { go?: string; toolchain?: string } {
  const found: { go?: string; toolchain?: string } = {};
  let depth = 0;
  for (const raw of lines(content)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (line === '') continue;
    if (depth > 0) {
      if (line === ')') depth--;
      continue;
    }
    if (line.endsWith('(')) {
      depth++;
      continue;
    }
    const [verb, value, ...extra] = line.split(/\s+/);
    if (extra.length > 0 || value === undefined) continue;
    if (verb === 'go' && found.go === undefined) found.go = value;
    if (verb === 'toolchain' && found.toolchain === undefined) found.toolchain = value;
  }
  return found;
}

/** The version for a go.mod/go.work file: its `toolchain` line (unless `default`, or older than
 * the `go` line, which the go command would then ignore too), else its `go` line. */
function versionFromGoMod(name: string, content: string): string {
  const { go, toolchain } = goModDirectives(content);
  if (go !== undefined && !GO_VERSION.test(go)) {
    throw new InputError(`go-version-file ${name}: "go ${go}" is not a Go version`);
  }
  let fromToolchain: string | undefined;
  if (toolchain !== undefined && toolchain !== 'default') {
    const m = TOOLCHAIN_NAME.exec(toolchain);
    if (m === null) {
      throw new InputError(
        `go-version-file ${name}: "toolchain ${toolchain}" is not a Go toolchain name`,
      );
    }
    fromToolchain = m[1];
  }
  if (fromToolchain !== undefined) {
    const t = toSemver(`go${fromToolchain}`);
    const g = go === undefined ? undefined : toSemver(`go${go}`);
    if (t === undefined || g === undefined || semver.gte(t, g)) return fromToolchain;
  }
  if (go !== undefined) return go;
  throw new InputError(`go-version-file ${name} has no "go" or "toolchain" directive`);
}

/** The first version on the `golang` (or `go`) line of asdf's .tool-versions. Entries asdf
 * cannot download from go.dev (`system`, `ref:...`, `path:...`) are skipped: they are
 * fallbacks for asdf, not something we can install. */
function versionFromToolVersions(name: string, content: string): string {
  for (const raw of lines(content)) {
    const line = raw.replace(/#.*$/, '').trim();
    const [tool, ...versions] = line.split(/\s+/);
    if (tool !== 'golang' && tool !== 'go') continue;
    const usable = versions.find(
      (v) => v !== 'system' && !v.startsWith('ref:') && !v.startsWith('path:'),
    );
    if (usable !== undefined) return usable;
    throw new InputError(`go-version-file ${name}: the ${tool} line names no installable version`);
  }
  throw new InputError(`go-version-file ${name} has no "golang" line`);
}

/** The first non-empty line that is not a `#` comment, as in .go-version. */
function versionFromPlainFile(name: string, content: string): string {
  for (const raw of lines(content)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line !== '') return line;
  }
  throw new InputError(`go-version-file ${name} is empty`);
}

/**
 * Extracts the version spec a project file asks for, chosen by the file's base name: `go.mod`
 * and `go.work` (toolchain line, else go line), `.tool-versions` (asdf), anything else a plain
 * version file (.go-version). A go.mod `go 1.21` gives `1.21`, which the spec parser reads as
 * the newest 1.21.x, like actions/setup-go; `go 1.21.3` is exact. The result is checked with
 * the spec parser, so an unusable file fails here with its name in the message.
 */
export function parseVersionFile(fileName: string, content: string): string {
  const base = baseName(fileName);
  let version: string;
  if (base === 'go.mod' || base === 'go.work') version = versionFromGoMod(fileName, content);
  else if (base === '.tool-versions') version = versionFromToolVersions(fileName, content);
  else version = versionFromPlainFile(fileName, content);

  try {
    parseVersionSpec(version);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(`go-version-file ${fileName}: ${err.message}`);
  }
  return version;
}

/** Reads a version file and extracts its version spec (see {@link parseVersionFile}). */
export async function readVersionFile(path: string): Promise<string> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputError(`go-version-file ${path} not found`, { cause: err });
    }
    if (code === 'EISDIR') {
      throw new InputError(`go-version-file ${path} is a directory, not a file`, { cause: err });
    }
    throw err;
  }
  return parseVersionFile(path, content);
}
