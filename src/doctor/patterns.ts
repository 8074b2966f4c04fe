/**
 * GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE patterns, matched the way the go command
 * matches them, and judged against module paths known to be public.
 */

/** Module paths that are public; a GOPRIVATE-style pattern matching any of them is too broad. */
export const PUBLIC_MODULES = [
  'github.com/stretchr/testify',
  'golang.org/x/mod',
  'google.golang.org/protobuf',
  'gopkg.in/yaml.v3',
  'go.uber.org/zap',
  'gitlab.com/gitlab-org/api/client-go',
  'bitbucket.org/creachadair/stringset',
  'k8s.io/client-go',
  'cloud.google.com/go',
  'honnef.co/go/tools',
];

/** The comma-separated glob list of GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE, as the go
 * command splits it: empty entries skipped, one trailing slash ignored, nothing trimmed. */
export function patternList(list: string): string[] {
  return list
    .split(',')
    .map((p) => (p.endsWith('/') ? p.slice(0, -1) : p))
    .filter((p) => p !== '');
}

/** path.Match syntax as a regular expression: `*` and `?` stop at `/`, `[…]`/`[^…]` classes,
 * `\` escapes. Undefined for a malformed pattern, which the go command treats as no match. */
function globToRegExp(glob: string): RegExp | undefined {
  const esc = (c: string) => c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= glob.length) return undefined;
      out += esc(glob[i] ?? '');
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      if (glob[j] === '^') {
        cls += '^';
        j++;
      }
      let items = 0;
      while (j < glob.length && glob[j] !== ']') {
        let ch = glob[j] ?? '';
        if (ch === '\\') ch = glob[++j] ?? '';
        if (ch === '') return undefined;
        cls += esc(ch);
        items++;
        j++;
        if (glob[j] === '-' && glob[j + 1] !== ']' && j + 1 < glob.length) {
          let hi = glob[j + 1] ?? '';
          j += 2;
          if (hi === '\\') hi = glob[j++] ?? '';
          if (hi === '' || hi < ch) return undefined;
          cls += '-' + esc(hi);
        }
      }
      if (j >= glob.length || items === 0) return undefined;
      out += `[${cls}]`;
      i = j;
    } else out += esc(c);
  }
  return new RegExp(out + '$');
}

/** Whether one glob matches a module path the way the go command decides GOPRIVATE: a glob
 * of N path elements is matched against the first N elements of the path, so `github.com`
 * covers every module on GitHub and `*.corp.example` every host under corp.example. */
function globMatchesModule(glob: string, modulePath: string): boolean {
  const n = glob.split('/').length;
  const elements = modulePath.split('/');
  if (elements.length < n) return false;
  const re = globToRegExp(glob);
  return re !== undefined && re.test(elements.slice(0, n).join('/'));
}

/** Whether a GOPRIVATE-style comma-separated glob list matches a module path. */
export function matchesModulePattern(patterns: string, modulePath: string): boolean {
  return patternList(patterns).some((g) => globMatchesModule(g, modulePath));
}

/** The public modules each too-broad pattern of a list covers. */
export function broadPatterns(list: string): { pattern: string; covers: string[] }[] {
  const out: { pattern: string; covers: string[] }[] = [];
  for (const pattern of patternList(list)) {
    const covers = PUBLIC_MODULES.filter((m) => globMatchesModule(pattern, m));
    if (covers.length > 0) out.push({ pattern, covers });
  }
  return out;
}

/** Patterns of `inner` that `outer` does not cover. A pattern is tested by matching its own
 * text as a module path (`*.corp.example` is covered by `*.corp.example` but not by
 * `git.corp.example`): exact for the usual literal and `*.host` patterns, a close
 * approximation for exotic globs. */
export function uncoveredPatterns(inner: string, outer: string): string[] {
  return patternList(inner).filter((p) => !matchesModulePattern(outer, p));
}
