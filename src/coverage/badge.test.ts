import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { BADGE_COLORS, badgeColor, renderBadge, textWidth } from './badge.js';
import { formatPercent } from './percent.js';
import { notRun } from '../../test-support/not-run.mjs';
import { missingTool } from '../../test-support/system-tools.mjs';

const hasXmllint = !spawnSync('xmllint', ['--version']).error;

function expectWellFormed(svg: string): void {
  if (!hasXmllint) return notRun(`SVG not parsed: ${missingTool('xmllint')}`);
  const r = spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: svg, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const attr = (svg: string, re: RegExp) => Number(re.exec(svg)![1]);

describe('badgeColor', () => {
  it.each([
    ['100.0', 'brightgreen'],
    ['90.0', 'brightgreen'],
    ['89.9', 'green'],
    ['75.0', 'green'],
    ['74.9', 'yellow'],
    ['60.0', 'yellow'],
    ['59.9', 'orange'],
    ['40.0', 'orange'],
    ['39.9', 'red'],
    ['0.0', 'red'],
    ['unknown', 'lightgrey'],
    ['', 'lightgrey'],
  ])('%j is %s', (percent, color) => {
    expect(badgeColor(percent)).toBe(color);
  });

  it('follows the printed figure: 89.96% prints as 90.0 and is brightgreen', () => {
    expect(badgeColor(formatPercent(8996, 10000))).toBe('brightgreen');
  });
});

describe('renderBadge', () => {
  it('shows label and figure in the band colour, with a title for screen readers', () => {
    const svg = renderBadge('81.4');
    expect(svg).toContain('role="img" aria-label="coverage: 81.4%"');
    expect(svg).toContain('<title>coverage: 81.4%</title>');
    expect(svg).toContain(`fill="${BADGE_COLORS.green}"`);
    expect(svg).toMatch(/<text [^>]*y="14"[^>]*>coverage<\/text>/);
    expect(svg).toMatch(/<text [^>]*y="14"[^>]*>81\.4%<\/text>/);
    expectWellFormed(svg);
  });

  it('lays the two halves out side by side, each text centred in its half', () => {
    const svg = renderBadge('81.4');
    const width = attr(svg, /<svg [^>]*width="(\d+)"/);
    const left = attr(svg, /<rect width="(\d+)" height="20" fill="#555"\/>/);
    const right = attr(svg, /<rect x="\d+" width="(\d+)"/);
    expect(attr(svg, /<rect x="(\d+)"/)).toBe(left);
    expect(left + right).toBe(width);
    const xs = [...svg.matchAll(/<text x="([\d.]+)" y="14"/g)].map((m) => Number(m[1]));
    expect(xs).toEqual([left / 2, left + right / 2]);
    // Verdana 11px: "coverage" is about 50px, as in shields.io's badges (61px with padding).
    expect(left).toBeGreaterThanOrEqual(58);
    expect(left).toBeLessThanOrEqual(64);
  });

  it('grows with its text', () => {
    expect(textWidth('100.0%')).toBeGreaterThan(textWidth('0.0%'));
    expect(textWidth('MMMM')).toBeGreaterThan(textWidth('iiii'));
    const narrow = attr(renderBadge('0.0'), /<svg [^>]*width="(\d+)"/);
    const wide = attr(renderBadge('100.0', 'test coverage'), /<svg [^>]*width="(\d+)"/);
    expect(wide).toBeGreaterThan(narrow);
  });

  it('escapes the label and shows a non-figure as is, in grey', () => {
    const svg = renderBadge('n/a', 'cover <&> "x"');
    expect(svg).toContain('<title>cover &lt;&amp;&gt; &quot;x&quot;: n/a</title>');
    expect(svg).toContain(`fill="${BADGE_COLORS.lightgrey}"`);
    expect(svg).not.toContain('n/a%');
    expectWellFormed(svg);
  });
});
