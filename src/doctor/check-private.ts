/** GOPRIVATE and the settings that follow or replace it. */
import { finding, type DoctorFacts, type DoctorFinding } from './facts.js';
import { broadPatterns, patternList, uncoveredPatterns } from './patterns.js';
import { goVar, setHint, sourceOf, unsetHint } from './settings.js';

type PatternKey = 'GOPRIVATE' | 'GONOSUMDB' | 'GONOPROXY' | 'GOINSECURE';

/** The four pattern lists as the go command applies them. */
interface PrivateSettings {
  readonly priv: string;
  /** Effective values: they default to GOPRIVATE. */
  readonly nosumdb: string;
  readonly noproxy: string;
  readonly insecure: string;
  /** Set apart from GOPRIVATE, so they replace it for their decision. */
  readonly explicitNosumdb: boolean;
  readonly explicitNoproxy: boolean;
}

/** GOPRIVATE, GONOSUMDB, GONOPROXY and GOINSECURE: patterns so broad that public modules skip
 * verification, patterns with spaces that never match, and GONOSUMDB/GONOPROXY overriding
 * GOPRIVATE without covering it. GONOPROXY and GONOSUMDB default to GOPRIVATE; set, they
 * replace it for their decision (`go help private`). */
export function checkPrivatePatterns(facts: DoctorFacts): DoctorFinding[] {
  const s = privateSettings(facts);
  const lists: [PatternKey, string][] = [
    ['GOPRIVATE', s.priv],
    ['GONOSUMDB', s.nosumdb],
    ['GONOPROXY', s.noproxy],
    ['GOINSECURE', s.insecure],
  ];
  const findings: DoctorFinding[] = [];
  for (const [key, value] of lists) {
    if ((key === 'GONOSUMDB' && !s.explicitNosumdb) || (key === 'GONOPROXY' && !s.explicitNoproxy))
      continue;
    findings.push(...spacedPatterns(facts, key, value));
    const broad = broadPatternFinding(facts, key, value, s.explicitNosumdb);
    if (broad) findings.push(broad);
  }
  if (s.priv !== '') {
    if (s.explicitNosumdb) findings.push(...nosumdbGaps(facts, s));
    if (s.explicitNoproxy) findings.push(...noproxyGaps(facts, s));
  }
  return findings;
}

function privateSettings(facts: DoctorFacts): PrivateSettings {
  const priv = goVar(facts, 'GOPRIVATE');
  // go env prints the effective values, which default to GOPRIVATE.
  const nosumdb =
    goVar(facts, 'GONOSUMDB') || (sourceOf(facts, 'GONOSUMDB') === 'default' ? priv : '');
  const noproxy =
    goVar(facts, 'GONOPROXY') || (sourceOf(facts, 'GONOPROXY') === 'default' ? priv : '');
  return {
    priv,
    nosumdb,
    noproxy,
    insecure: goVar(facts, 'GOINSECURE'),
    explicitNosumdb: nosumdb !== priv,
    explicitNoproxy: noproxy !== priv,
  };
}

/** The go command does not trim patterns: one with a space never matches. */
function spacedPatterns(facts: DoctorFacts, key: PatternKey, value: string): DoctorFinding[] {
  const trimmed = patternList(value)
    .map((x) => x.trim())
    .join(',');
  return patternList(value)
    .filter((p) => p.trim() !== p)
    .map((p) =>
      finding(
        'environment',
        key,
        'warning',
        false,
        `${key} pattern "${p}" has a space: the go command does not trim patterns, so it never matches`,
        setHint(facts, key, trimmed),
      ),
    );
}

/** Patterns that cover public modules, with what that costs for this setting. */
function broadPatternFinding(
  facts: DoctorFacts,
  key: PatternKey,
  value: string,
  explicitNosumdb: boolean,
): DoctorFinding | undefined {
  const broad = broadPatterns(value);
  if (broad.length === 0) return undefined;
  const shown = broad
    .map((b) => `"${b.pattern}" (covers ${b.covers.slice(0, 2).join(', ')})`)
    .join(', ');
  const narrower = patternList(value)
    .filter((p) => !broad.some((b) => b.pattern === p))
    .join(',');
  const fix = `${narrower ? setHint(facts, key, narrower) : unsetHint(facts, key)}; list only your own prefixes, e.g. github.com/yourorg or *.corp.example.com`;
  const [severity, detail] = BROAD_EFFECT[key](value, shown, explicitNosumdb);
  return finding('environment', key, severity, false, detail, fix);
}

const BROAD_EFFECT: Record<
  PatternKey,
  (value: string, shown: string, explicitNosumdb: boolean) => ['error' | 'warning', string]
> = {
  GOPRIVATE: (value, shown, explicitNosumdb) => [
    explicitNosumdb ? 'warning' : 'error',
    `GOPRIVATE=${value} marks public modules private: ${shown}. They bypass the module proxy${explicitNosumdb ? '' : ' and are never checked against the checksum database'}`,
  ],
  GONOSUMDB: (value, shown) => [
    'error',
    `GONOSUMDB=${value} exempts public modules from the checksum database: ${shown}. Their downloads are not verified`,
  ],
  GONOPROXY: (value, shown) => [
    'warning',
    `GONOPROXY=${value} sends public modules around the proxy, straight to their code hosts: ${shown}. Slower, and fails when only the proxy is reachable (they are still checked against the checksum database)`,
  ],
  GOINSECURE: (value, shown) => [
    'warning',
    `GOINSECURE=${value} lets public modules fetched directly come over plain HTTP or unverified TLS: ${shown} (the checksum database still checks them)`,
  ],
};

/** GONOSUMDB set apart from GOPRIVATE and missing some of its patterns. */
function nosumdbGaps(facts: DoctorFacts, s: PrivateSettings): DoctorFinding[] {
  const missing = uncoveredPatterns(s.priv, s.nosumdb);
  if (missing.length === 0) return [];
  const merged = [...patternList(s.nosumdb), ...missing].join(',');
  return [
    finding(
      'environment',
      'GOPRIVATE/GONOSUMDB',
      'error',
      false,
      `GONOSUMDB=${s.nosumdb || '(empty)'} replaces GOPRIVATE=${s.priv} for the checksum decision and does not cover ${missing.join(', ')}: the go command looks those private modules up on ${goVar(facts, 'GOSUMDB') || 'sum.golang.org'}, which leaks their paths and fails with "verifying module: … 404 Not Found" or "410 Gone"`,
      `${unsetHint(facts, 'GONOSUMDB')} so it follows GOPRIVATE, or include them: ${setHint(facts, 'GONOSUMDB', merged)}`,
    ),
  ];
}

/** GONOPROXY set apart from GOPRIVATE and missing some of its patterns: a leak to the public
 * proxy, or by design when a company proxy serves private modules. */
function noproxyGaps(facts: DoctorFacts, s: PrivateSettings): DoctorFinding[] {
  const missing = uncoveredPatterns(s.priv, s.noproxy);
  if (missing.length === 0) return [];
  const proxy = goVar(facts, 'GOPROXY');
  const publicProxy = /(^|[,|])https:\/\/proxy\.golang\.org/.test(proxy);
  const check = 'GOPRIVATE/GONOPROXY';
  if (!publicProxy) {
    return [
      finding(
        'environment',
        check,
        'info',
        true,
        `private modules ${missing.join(', ')} go through GOPROXY=${proxy} (GONOPROXY=${s.noproxy || '(empty)'}): right when that proxy serves your private modules, as \`go help private\` describes`,
      ),
    ];
  }
  return [
    finding(
      'environment',
      check,
      'warning',
      false,
      `GONOPROXY=${s.noproxy || '(empty)'} replaces GOPRIVATE=${s.priv} for the proxy decision and does not cover ${missing.join(', ')}: those private modules are requested from proxy.golang.org (GOPROXY=${proxy}), which leaks their paths and answers 404/410`,
      `${unsetHint(facts, 'GONOPROXY')} so it follows GOPRIVATE`,
    ),
  ];
}
