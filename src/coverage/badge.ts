/** An SVG badge, `coverage | 81.4%`, in the flat style READMEs use. */

// Approximate advance widths of Verdana 11px (what badge renderers measure with), by class.
function textWidth(s: string): number {
  let w = 0;
  for (const c of s) {
    if ('il.,:;|!\'’'.includes(c)) w += 3.5;
    else if ('fjrt()[]'.includes(c)) w += 4.6;
    else if ('mwMW%'.includes(c)) w += 10.5;
    else if (/[A-Z0-9]/.test(c)) w += 7.5;
    else w += 6.6;
  }
  return Math.ceil(w);
}

function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The colour band a percentage falls in. */
export function badgeColor(percent: number): string {
  if (percent >= 90) return '#4c1';
  if (percent >= 75) return '#97ca00';
  if (percent >= 60) return '#dfb317';
  if (percent >= 40) return '#fe7d37';
  return '#e05d44';
}

export function renderBadge(percentText: string, label = 'coverage'): string {
  const value = `${percentText}%`;
  const lw = textWidth(label) + 10;
  const vw = textWidth(value) + 10;
  const w = lw + vw;
  const color = badgeColor(Number(percentText));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${xml(label)}: ${xml(value)}">`,
    `  <title>${xml(label)}: ${xml(value)}</title>`,
    '  <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `  <clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>`,
    '  <g clip-path="url(#r)">',
    `    <rect width="${lw}" height="20" fill="#555"/>`,
    `    <rect x="${lw}" width="${vw}" height="20" fill="${color}"/>`,
    `    <rect width="${w}" height="20" fill="url(#s)"/>`,
    '  </g>',
    '  <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    `    <text x="${lw / 2}" y="14">${xml(label)}</text>`,
    `    <text x="${lw + vw / 2}" y="14">${xml(value)}</text>`,
    '  </g>',
    '</svg>',
    '',
  ].join('\n');
}
