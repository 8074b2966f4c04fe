/**
 * An SVG badge, `coverage | 81.4%`, in the flat style of shields.io, so a README can show the
 * figure from the report artifact or a branch without a third-party service.
 */
import { xmlEscape } from './cobertura.js';

export type BadgeColor = 'brightgreen' | 'green' | 'yellow' | 'orange' | 'red' | 'lightgrey';

/** shields.io's colours. */
export const BADGE_COLORS: Readonly<Record<BadgeColor, string>> = {
  brightgreen: '#4c1',
  green: '#97ca00',
  yellow: '#dfb317',
  orange: '#fe7d37',
  red: '#e05d44',
  lightgrey: '#9f9f9f',
};

/**
 * The band of a percentage as printed (`81.4`): >= 90 brightgreen, >= 75 green, >= 60
 * yellow, >= 40 orange, else red; lightgrey when it is not a figure. The printed text decides,
 * so a badge reading 90.0% is never the colour of 89.9.
 */
export function badgeColor(percent: string): BadgeColor {
  const m = /^(\d{1,3})(?:\.(\d))?$/.exec(percent);
  if (!m) return 'lightgrey';
  const tenths = Number(m[1]) * 10 + Number(m[2] ?? '0');
  if (tenths >= 900) return 'brightgreen';
  if (tenths >= 750) return 'green';
  if (tenths >= 600) return 'yellow';
  if (tenths >= 400) return 'orange';
  return 'red';
}

// Advance widths of Verdana (the font badges are measured in) in 1/2048 em, for the
// characters badges usually hold; anything else is taken as a digit (wide scripts as 1 em).
// prettier-ignore
const WIDTHS: Record<string, number> = {
  ' ': 720, '!': 821, '%': 2232, '(': 931, ')': 931, '+': 1716, ',': 748, '-': 842, '.': 748,
  '/': 1067, ':': 927, '_': 1302, a: 1229, b: 1276, c: 1067, d: 1276, e: 1220, f: 720,
  g: 1276, h: 1296, i: 562, j: 614, k: 1212, l: 562, m: 1992, n: 1296, o: 1243, p: 1276,
  q: 1276, r: 874, s: 1067, t: 807, u: 1296, v: 1212, w: 1675, x: 1212, y: 1212, z: 1087,
  A: 1401, B: 1405, C: 1430, D: 1577, E: 1294, F: 1178, G: 1587, H: 1540, I: 862, J: 922,
  K: 1424, L: 1146, M: 1749, N: 1535, O: 1622, P: 1255, Q: 1622, R: 1441, S: 1400, T: 1242,
  U: 1505, V: 1401, W: 2025, X: 1403, Y: 1241, Z: 1403,
};
const DIGIT = 1302;
const FONT_SIZE = 11;
const PADDING = 5;

/** Approximate width in pixels of `s` in Verdana 11px. */
export function textWidth(s: string): number {
  let units = 0;
  for (const c of s) units += WIDTHS[c] ?? (c.codePointAt(0)! >= 0x2e80 ? 2048 : DIGIT);
  return Math.ceil((units * FONT_SIZE) / 2048);
}

/**
 * The badge for `percent` as formatPercent prints it (`81.4`, shown as `81.4%`); any other
 * text (`unknown`) is shown as is, in grey. `textLength` pins each text to its box, so the
 * badge stays tidy where the viewer lacks Verdana.
 */
export function renderBadge(percent: string, label = 'coverage'): string {
  const color = badgeColor(percent);
  const value = color === 'lightgrey' ? percent : `${percent}%`;
  const lt = textWidth(label);
  const vt = textWidth(value);
  const lw = lt + 2 * PADDING;
  const vw = vt + 2 * PADDING;
  const w = lw + vw;
  const title = xmlEscape(`${label}: ${value}`);
  const text = (x: number, width: number, s: string) => [
    `    <text x="${x}" y="15" fill="#010101" fill-opacity=".3" textLength="${width}">${xmlEscape(s)}</text>`,
    `    <text x="${x}" y="14" textLength="${width}">${xmlEscape(s)}</text>`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${title}">`,
    `  <title>${title}</title>`,
    '  <linearGradient id="s" x2="0" y2="100%">',
    '    <stop offset="0" stop-color="#bbb" stop-opacity=".1"/>',
    '    <stop offset="1" stop-opacity=".1"/>',
    '  </linearGradient>',
    '  <clipPath id="r">',
    `    <rect width="${w}" height="20" rx="3" fill="#fff"/>`,
    '  </clipPath>',
    '  <g clip-path="url(#r)">',
    `    <rect width="${lw}" height="20" fill="#555"/>`,
    `    <rect x="${lw}" width="${vw}" height="20" fill="${BADGE_COLORS[color]}"/>`,
    `    <rect width="${w}" height="20" fill="url(#s)"/>`,
    '  </g>',
    `  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="${FONT_SIZE}">`,
    ...text(lw / 2, lt, label),
    ...text(lw + vw / 2, vt, value),
    '  </g>',
    '</svg>',
    '',
  ].join('\n');
}
