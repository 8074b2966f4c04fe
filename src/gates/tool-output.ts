/**
 * What the gate parsers share: the shape of a finished tool run, where its paths are
 * relative to, what a parse yields, and the helpers that turn a tool's text into positions
 * and, when the tool itself failed, into a readable failure in the tool's own words.
 */
import * as path from 'node:path';
import type { Finding, GateName, Severity } from './finding.js';

/** A finished run of a gate tool, as the process layer collected it. */
export interface ToolRun {
  /** Exit code; null when the process ended by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The signal that ended the process (`SIGKILL`, ...), if any. */
  readonly signal?: string;
}

export interface ParseContext {
  /** The directory the tool ran in (absolute): tools print paths relative to it. */
  readonly cwd: string;
  /** The repository root (absolute); `Finding.file` is relative to it, with '/'. */
  readonly root: string;
}

export interface GateOutcome {
  readonly findings: Finding[];
  /**
   * Set when the tool itself failed (crash, bad flags, compile errors it could not report as
   * findings, unparseable output): the tool's own words, trimmed to a readable length.
   */
  readonly failure?: string;
}

/** How much of a tool's output a failure keeps. */
export const FAILURE_MAX_CHARS = 4000;

const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\)/;

/**
 * A tool-reported path (absolute, or relative to `ctx.cwd`) as a path relative to
 * `ctx.root` with '/' separators. A path outside the root stays absolute (with '/'), so an
 * annotation still says which file it was. Windows paths are recognised from the root's
 * form, so the result does not depend on the machine the parser runs on.
 */
export function relativeToRoot(file: string, ctx: ParseContext): string {
  if (file === '') return '';
  const p = WINDOWS_ABSOLUTE.test(ctx.root) ? path.win32 : path.posix;
  const absolute = p.resolve(ctx.cwd, file);
  const relative = p.relative(ctx.root, absolute);
  if (relative === '') return '.';
  if (relative === '..' || relative.startsWith('..' + p.sep) || p.isAbsolute(relative)) {
    return toSlash(absolute);
  }
  return toSlash(relative);
}

function toSlash(p: string): string {
  return p.replace(/\\/g, '/');
}

/** A `file:line[:column]` position as tools print them (`posn` in vet's JSON). */
export interface Position {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

// The file part may hold a Windows drive (`C:\x.go:3:2`) but no other colon, so messages
// such as `flag provided but not defined: -x` never pass for positions.
const POSITION = /^((?:[A-Za-z]:)?[^:\n]+):(\d+)(?::(\d+))?$/;
const POSITIONED_LINE = /^((?:[A-Za-z]:)?[^:\n]+):(\d+)(?::(\d+))?: ?(.*)$/;

/** Parses `file:line[:column]`; undefined for anything else (`-`, an empty string). */
export function parsePosition(text: string): Position | undefined {
  const m = POSITION.exec(text.trim());
  if (!m) return undefined;
  return { file: m[1]!, line: Number(m[2]), column: m[3] ? Number(m[3]) : 0 };
}

/** One `file:line:col: message` diagnostic found in compiler-style text. */
export interface PositionedMessage extends Position {
  readonly message: string;
}

/** Compiler-style text split into diagnostics with positions and the lines that had none. */
export interface CompilerText {
  readonly positioned: PositionedMessage[];
  /** Lines that are neither diagnostics, their continuations, nor `# package` headers. */
  readonly other: string[];
}

/**
 * Splits text the go command and the compiler print (`# pkg`, `x.go:3:2: undefined: y`,
 * `vet: x.go:3:2: ...`, indented continuation lines such as `\tgo get ...`) into positioned
 * diagnostics and the remaining lines.
 */
export function parseCompilerText(text: string): CompilerText {
  const positioned: PositionedMessage[] = [];
  const other: string[] = [];
  let last: { file: string; line: number; column: number; message: string } | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (/^[ \t]/.test(line) && last) {
      last.message += '\n' + line.trim();
      continue;
    }
    last = undefined;
    // golangci-lint's typecheck text starts with `: # pkg`.
    const bare = line.replace(/^:\s+/, '');
    if (bare.startsWith('# ')) continue;
    const m = POSITIONED_LINE.exec(bare.replace(/^vet: /, ''));
    if (m && m[4] !== undefined && m[4] !== '') {
      last = { file: m[1]!, line: Number(m[2]), column: m[3] ? Number(m[3]) : 0, message: m[4] };
      positioned.push(last);
    } else {
      other.push(line);
    }
  }
  return { positioned, other };
}

/** Compiler-style diagnostics as findings of `gate` under `rule`, paths resolved via `ctx`. */
export function compilerFindings(
  messages: readonly PositionedMessage[],
  gate: GateName,
  rule: string,
  ctx: ParseContext,
  severity: Severity = 'error',
): Finding[] {
  return messages.map((m) => ({
    gate,
    file: relativeToRoot(m.file, ctx),
    line: m.line,
    column: m.column,
    rule,
    message: m.message,
    severity,
  }));
}

/** A JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Colour escapes some tools print even into pipes; they are noise in a summary. */
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;

/**
 * A tool's words cut to `max` characters. A long text keeps its head (where a Go panic
 * says what happened) and its tail (where most tools put the final error).
 */
export function trimWords(text: string, max = FAILURE_MAX_CHARS): string {
  const clean = text.replace(ANSI_ESCAPE, '').replace(/\r\n/g, '\n').trim();
  if (clean.length <= max) return clean;
  const head = Math.floor(max / 4);
  const tail = max - head;
  const omitted = clean.length - head - tail;
  return `${clean.slice(0, head)}\n… (${omitted} characters left out) …\n${clean.slice(-tail)}`;
}

/** True when the process did not exit on its own (killed, or no exit code at all). */
export function endedAbnormally(run: ToolRun): boolean {
  return run.signal !== undefined || run.code === null;
}

/**
 * The failure text for a run: `words` (default: stderr, else stdout) trimmed, preceded by
 * how the process ended when the words alone would not say it (a signal, or silence).
 */
export function failureText(run: ToolRun, words?: string): string {
  const said = trimWords(words ?? (run.stderr.trim() !== '' ? run.stderr : run.stdout));
  if (endedAbnormally(run)) {
    const how = run.signal ? `killed by ${run.signal}` : 'ended without an exit code';
    return said ? `${how}\n${said}` : how;
  }
  return said || `exited with code ${run.code} and printed nothing`;
}
