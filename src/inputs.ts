/**
 * One rule per kind of input, shared by the three actions, the CLI's flags and library
 * callers. Pure: raw strings in, typed values or an InputError naming the input out. An
 * empty value means the input was not given, and takes the caller's default.
 */
import { InputError } from './errors.js';

/** YAML 1.2 core schema booleans, as @actions/core's getBooleanInput reads them. */
const TRUE_WORDS: readonly string[] = ['true', 'True', 'TRUE'];
const FALSE_WORDS: readonly string[] = ['false', 'False', 'FALSE'];

/** A boolean input: true/True/TRUE or false/False/FALSE, nothing else. */
export function booleanInput(name: string, raw: string, fallback: boolean): boolean {
  const v = raw.trim();
  if (v === '') return fallback;
  if (TRUE_WORDS.includes(v)) return true;
  if (FALSE_WORDS.includes(v)) return false;
  throw new InputError(
    `input ${name} must be true or false (also True, TRUE, False, FALSE), not ${JSON.stringify(raw)}`,
  );
}

/** One of a fixed set of words, compared without regard to case. */
export function choiceInput<T extends string>(
  name: string,
  raw: string,
  choices: readonly T[],
  fallback: T,
): T {
  const v = raw.trim().toLowerCase();
  if (v === '') return fallback;
  const found = choices.find((c) => c.toLowerCase() === v);
  if (found !== undefined) return found;
  throw new InputError(`input ${name} must be ${orList(choices)}, not ${JSON.stringify(raw)}`);
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/**
 * A size in bytes: a plain byte count or a number with a unit (`500M`, `10G`, `1.5GiB`).
 * Units are powers of 1024 whichever way they are written (K = KB = KiB), as most tools
 * that take sizes read them.
 */
export function sizeInput(name: string, raw: string, fallback: number): number {
  const v = raw.trim();
  if (v === '') return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new InputError(
      `input ${name} must be a size such as 500M, 10G, 1.5GiB or a number of bytes, ` +
        `not ${JSON.stringify(raw)}`,
    );
  }
  if (unit === 1 && m[1]!.includes('.')) {
    throw new InputError(
      `input ${name} must be a whole number of bytes, not ${JSON.stringify(raw)}`,
    );
  }
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1 || !Number.isSafeInteger(bytes)) {
    throw new InputError(`input ${name} is out of range: ${JSON.stringify(raw)}`);
  }
  return bytes;
}

/** A list of words, split on commas, spaces and newlines (gates, build tags, packages). */
export function wordListInput(raw: string): string[] {
  return raw
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Paths, one per line or comma-separated (a path may hold spaces). */
export function pathListInput(raw: string): string[] {
  return raw
    .split(/[\r\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Glob patterns, one or more per line, separated by commas. Lines starting with `#` are
 * comments (as in @actions/glob); blank entries are dropped.
 */
export function patternListInput(raw: string): string[] {
  return raw
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * Command arguments (`golangci-lint-args`, `test-args`), split as a shell splits plain words
 * and quotes, without a shell: no variables, globs or substitutions, so the input cannot run
 * anything.
 */
export function argsInput(name: string, raw: string): string[] {
  const args: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && (raw[i + 1] === '"' || raw[i + 1] === '\\'))
        cur += raw[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) args.push(cur);
      cur = '';
      inWord = false;
    } else {
      if (c === '\\' && i + 1 < raw.length) cur += raw[++i];
      else cur += c;
      inWord = true;
    }
  }
  if (quote) throw new InputError(`${name}: unterminated ${quote} quote in ${JSON.stringify(raw)}`);
  if (inWord) args.push(cur);
  return args;
}
