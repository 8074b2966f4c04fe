/**
 * The file names a Go module zip may hold, and the case folding Go uses to find names that
 * collide. The Go toolchain module (golang.org/toolchain) is a module zip, so every file of
 * an installed Go tree we prove against it has such a name.
 *
 * The rules are those of golang.org/x/mod: `module.CheckFilePath` for a single name, and
 * `strings.EqualFold` (Unicode simple case folding) for collisions between names of one
 * zip. Pure functions, no I/O.
 *
 * Unicode versions differ: Go's tables are Unicode 15.0, JavaScript's those of the ICU that
 * Node.js ships. Letters and case pairs added later are accepted and folded here although
 * Go would refuse or not fold them; no Go release contains such names.
 */

/** ASCII punctuation (and the space) allowed in a file name besides letters and digits. */
const ASCII_ALLOWED = new Set('!#$%&()+,-.=@[]^_{}~ ');

/** Path element components Windows reserves (compared ignoring ASCII case). */
const WINDOWS_RESERVED = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`]),
]);

const LETTER = /^\p{L}$/u;

/** Why `path` is not a valid module file path, or undefined when it is. */
export function filePathProblem(path: string): string | undefined {
  // Nearly every name is plain ASCII and fine: a few regular expressions decide those (a
  // tree proof checks ~10k names per reuse); anything they cannot clear takes the full path,
  // which also words the problem.
  if (ASCII_PATH.test(path) && !SUSPECT_ASCII.test(path)) return undefined;
  if (!isWellFormed(path)) return 'invalid UTF-8 (unpaired surrogate)';
  if (path.includes('\ufffd')) return 'invalid UTF-8 (U+FFFD replacement character)';
  if (path === '') return 'empty path';
  if (path.includes('//')) return 'double slash';
  if (path.endsWith('/')) return 'trailing slash';
  for (const elem of path.split('/')) {
    const problem = elementProblem(elem);
    if (problem) return problem;
  }
  return undefined;
}

/** Slash-separated names made only of the ASCII characters a file path may hold. */
const ASCII_PATH = /^[A-Za-z0-9!#$%&()+,\-.=@[\]^_{}~ /]+$/;
/**
 * What can still be wrong with such a name: an empty element (a leading, trailing or double
 * slash), an element of dots only or ending in a dot, a reserved Windows name before the
 * first dot of an element.
 */
const SUSPECT_ASCII = /(^|\/)(\/|$)|\.(\/|$)|(^|\/)(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|\/|$)/i;

function elementProblem(elem: string): string | undefined {
  if (elem === '') return 'empty path element (leading slash)';
  const quoted = JSON.stringify(elem);
  if (/^\.+$/.test(elem)) return `invalid path element ${quoted}`;
  if (elem.endsWith('.')) return `trailing dot in path element ${quoted}`;
  for (const char of elem) {
    if (!charAllowed(char)) return `invalid char ${describeChar(char)} in path element ${quoted}`;
  }
  const dot = elem.indexOf('.');
  const short = dot < 0 ? elem : elem.slice(0, dot);
  // Only ASCII letters and digits make up the reserved names, and no non-ASCII letter
  // folds to one of their letters under simple folding, so ASCII case is all that matters.
  if (WINDOWS_RESERVED.has(asciiUpper(short))) {
    return `${JSON.stringify(short)} disallowed as path element component on Windows`;
  }
  return undefined;
}

function charAllowed(char: string): boolean {
  const c = char.codePointAt(0) as number;
  if (c < 0x80) {
    return (
      (c >= 0x30 && c <= 0x39) || // 0-9
      (c >= 0x41 && c <= 0x5a) || // A-Z
      (c >= 0x61 && c <= 0x7a) || // a-z
      ASCII_ALLOWED.has(char)
    );
  }
  return LETTER.test(char);
}

/** `'*'`, or `U+0301` for characters that do not print well. */
function describeChar(char: string): string {
  const c = char.codePointAt(0) as number;
  const printable = c >= 0x21 && c < 0x7f && char !== "'";
  return printable ? `'${char}'` : `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (s) => s.toUpperCase());
}

/** No unpaired surrogates (String.prototype.isWellFormed needs Node.js 20). */
function isWellFormed(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i += 1;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/**
 * Code points whose JavaScript case mappings reach an orbit that Go's simple folding keeps
 * them out of: U+0131 DOTLESS I upper-cases to 'I', but folds only with itself (the
 * i/ı/I/İ pairs are Turkic foldings, which Go leaves out).
 */
const FOLDS_TO_ITSELF = new Set([0x0131]);

const foldCache = new Map<number, string>();

/** The canonical member of `char`'s simple-folding orbit. */
function foldChar(char: string): string {
  const c = char.codePointAt(0) as number;
  if (c < 0x80) return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : char;
  const cached = foldCache.get(c);
  if (cached !== undefined) return cached;
  let folded = char;
  if (!FOLDS_TO_ITSELF.has(c)) {
    // Full mappings to several code points ('ß' → "SS", 'İ' → "i̇") are not simple
    // mappings: ignore them and fall back to the character itself.
    const upper = single(char.toUpperCase()) ?? char;
    folded = single(upper.toLowerCase()) ?? single(char.toLowerCase()) ?? char;
  }
  foldCache.set(c, folded);
  return folded;
}

/** `text` when it is one code point, else undefined. */
function single(text: string): string | undefined {
  const c = text.codePointAt(0);
  if (c === undefined) return undefined;
  return text.length === (c > 0xffff ? 2 : 1) ? text : undefined;
}

/** A key such that foldKey(a) === foldKey(b) exactly when Go's strings.EqualFold(a, b). */
export function foldKey(path: string): string {
  // Fast path: ASCII only.
  if (/^[\0-\x7f]*$/.test(path)) return path.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  let key = '';
  for (const char of path) key += foldChar(char);
  return key;
}

/** Remembers names; add() returns the earlier name that folds equal to this one, or undefined. */
export class FoldCollisions {
  private readonly names = new Map<string, string>();

  /** Adds `name`; returns the first earlier name equal to it under Go's folding, if any. */
  add(name: string): string | undefined {
    const key = foldKey(name);
    const earlier = this.names.get(key);
    if (earlier !== undefined) return earlier;
    this.names.set(key, name);
    return undefined;
  }

  /** Number of distinct (fold-unequal) names added. */
  get size(): number {
    return this.names.size;
  }
}
