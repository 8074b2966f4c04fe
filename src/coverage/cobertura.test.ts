import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderCobertura, xmlEscape } from './cobertura.js';
import { mergeProfiles, parseProfile } from './profile.js';
import { notRun } from '../../test-support/not-run.mjs';
import { missingTool } from '../../test-support/system-tools.mjs';

// Hand count. a.go: lines 3-5 hit 3 times, 5-7 never, so 3, 4, 5 hit (5 takes the larger
// count) and 6, 7 not; the block of 0 statements at line 9 adds no line. b.go: 1-2 hit.
// c.go, in the parent package: line 4 not hit. Lines: 5 + 2 + 1 = 8, hit: 3 + 2 + 0 = 5.
const PROFILE = `mode: count
example.com/m/pkg/b.go:1.1,2.2 1 1
example.com/m/pkg/a.go:3.14,5.2 2 3
example.com/m/pkg/a.go:5.2,7.3 1 0
example.com/m/pkg/a.go:9.1,9.5 0 9
example.com/m/c.go:4.1,4.20 1 0
`;
const rel = (f: string) => f.replace('example.com/m/', '');
const opts = { sourceRoot: '/src/ws', timestamp: new Date(1700000000123) };

const EXPECTED = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
<coverage line-rate="0.625" branch-rate="0" lines-covered="5" lines-valid="8" branches-covered="0" branches-valid="0" complexity="0" version="setup-go-verified" timestamp="1700000000123">
  <sources>
    <source>/src/ws</source>
  </sources>
  <packages>
    <package name="example.com/m" line-rate="0" branch-rate="0" complexity="0">
      <classes>
        <class name="c.go" filename="c.go" line-rate="0" branch-rate="0" complexity="0">
          <methods/>
          <lines>
            <line number="4" hits="0" branch="false"/>
          </lines>
        </class>
      </classes>
    </package>
    <package name="example.com/m/pkg" line-rate="0.7142" branch-rate="0" complexity="0">
      <classes>
        <class name="a.go" filename="pkg/a.go" line-rate="0.6" branch-rate="0" complexity="0">
          <methods/>
          <lines>
            <line number="3" hits="3" branch="false"/>
            <line number="4" hits="3" branch="false"/>
            <line number="5" hits="3" branch="false"/>
            <line number="6" hits="0" branch="false"/>
            <line number="7" hits="0" branch="false"/>
          </lines>
        </class>
        <class name="b.go" filename="pkg/b.go" line-rate="1" branch-rate="0" complexity="0">
          <methods/>
          <lines>
            <line number="1" hits="1" branch="false"/>
            <line number="2" hits="1" branch="false"/>
          </lines>
        </class>
      </classes>
    </package>
  </packages>
</coverage>
`;

// The element structure of coverage-04.dtd, to validate against without the network.
const DTD = `<!ELEMENT coverage (sources?,packages)>
<!ATTLIST coverage line-rate CDATA #REQUIRED branch-rate CDATA #REQUIRED
  lines-covered CDATA #REQUIRED lines-valid CDATA #REQUIRED branches-covered CDATA #REQUIRED
  branches-valid CDATA #REQUIRED complexity CDATA #REQUIRED version CDATA #REQUIRED
  timestamp CDATA #REQUIRED>
<!ELEMENT sources (source*)>
<!ELEMENT source (#PCDATA)>
<!ELEMENT packages (package*)>
<!ELEMENT package (classes)>
<!ATTLIST package name CDATA #REQUIRED line-rate CDATA #REQUIRED branch-rate CDATA #REQUIRED
  complexity CDATA #REQUIRED>
<!ELEMENT classes (class*)>
<!ELEMENT class (methods,lines)>
<!ATTLIST class name CDATA #REQUIRED filename CDATA #REQUIRED line-rate CDATA #REQUIRED
  branch-rate CDATA #REQUIRED complexity CDATA #REQUIRED>
<!ELEMENT methods (method*)>
<!ELEMENT method (lines)>
<!ATTLIST method name CDATA #REQUIRED signature CDATA #REQUIRED line-rate CDATA #REQUIRED
  branch-rate CDATA #REQUIRED complexity CDATA #REQUIRED>
<!ELEMENT lines (line*)>
<!ELEMENT line (conditions*)>
<!ATTLIST line number CDATA #REQUIRED hits CDATA #REQUIRED branch CDATA "false"
  condition-coverage CDATA "100%">
<!ELEMENT conditions (condition*)>
<!ELEMENT condition EMPTY>
<!ATTLIST condition number CDATA #REQUIRED type CDATA #REQUIRED coverage CDATA #REQUIRED>
`;

const hasXmllint = !spawnSync('xmllint', ['--version']).error;

describe('renderCobertura', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cobertura-'));
    writeFileSync(path.join(dir, 'coverage-04.dtd'), DTD);
    // A catalog points the report's DOCTYPE at the local copy, so --nonet can validate.
    writeFileSync(
      path.join(dir, 'catalog.xml'),
      `<?xml version="1.0"?>
<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <system systemId="http://cobertura.sourceforge.net/xml/coverage-04.dtd" uri="coverage-04.dtd"/>
</catalog>
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Checks `xml` is well formed and valid against its DTD; recorded as not run without xmllint. */
  function expectValid(xml: string): void {
    if (!hasXmllint) return notRun(`XML not validated against its DTD: ${missingTool('xmllint')}`);
    const file = path.join(dir, 'report.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--valid', file], {
      encoding: 'utf8',
      env: { ...process.env, XML_CATALOG_FILES: path.join(dir, 'catalog.xml') },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }

  it('writes packages, one class per file and line hits as counted by hand', () => {
    const xml = renderCobertura(parseProfile(PROFILE, 'p'), rel, opts);
    expect(xml).toBe(EXPECTED);
    expectValid(xml);
  });

  it('is the same whatever order the profile lists files and blocks in', () => {
    const reordered = ['mode: count', ...PROFILE.trim().split('\n').slice(1).reverse()].join('\n');
    expect(renderCobertura(parseProfile(reordered, 'r'), rel, opts)).toBe(EXPECTED);
  });

  it('adds the counts of merged legs', () => {
    const leg = 'mode: atomic\nexample.com/m/a.go:1.1,2.2 1 2\nexample.com/m/a.go:3.1,3.2 1 0\n';
    const other = 'mode: atomic\nexample.com/m/a.go:1.1,2.2 1 5\nexample.com/m/a.go:3.1,3.2 1 1\n';
    const xml = renderCobertura(
      mergeProfiles([parseProfile(leg, 'a'), parseProfile(other, 'b')]),
      rel,
      opts,
    );
    expect(xml).toContain('lines-covered="3" lines-valid="3"');
    expect(xml).toContain('<line number="1" hits="7" branch="false"/>');
    expect(xml).toContain('<line number="3" hits="1" branch="false"/>');
  });

  it('never rounds a rate up to 1', () => {
    const rate = (hit: number, valid: number) => {
      const p = parseProfile(
        `mode: set\nm/f.go:1.1,${hit}.2 1 1\nm/f.go:${hit + 1}.1,${valid}.2 1 0\n`,
        'rate',
      );
      return /<coverage line-rate="([^"]+)"/.exec(renderCobertura(p, (f) => f, opts))![1];
    };
    expect(rate(999, 1000)).toBe('0.999');
    expect(rate(99_999, 100_000)).toBe('0.9999');
    expect(rate(1, 3)).toBe('0.3333');
    expect(rate(2, 3)).toBe('0.6666');
  });

  it('reports nothing to cover as a rate of 1', () => {
    const xml = renderCobertura(parseProfile('mode: set\n', 'empty'), rel, opts);
    expect(xml).toContain(
      '<coverage line-rate="1" branch-rate="0" lines-covered="0" lines-valid="0"',
    );
    expect(xml).toContain('  <packages>\n  </packages>\n');
    expectValid(xml);
  });

  it('escapes every name, and drops characters XML cannot hold', () => {
    const odd = parseProfile('mode: set\n_/w/a&b/<x> "q" \'s\'\x01.go:1.1,2.2 1 1\n', 'odd');
    const xml = renderCobertura(odd, (f) => f.slice(2), {
      ...opts,
      sourceRoot: '/w/<&>',
      version: 'v1 "x"',
    });
    expect(xml).toContain(
      '<package name="_/w/a&amp;b" line-rate="1" branch-rate="0" complexity="0">',
    );
    expect(xml).toContain(
      '<class name="&lt;x&gt; &quot;q&quot; &apos;s&apos;\ufffd.go" filename="w/a&amp;b/&lt;x&gt; &quot;q&quot; &apos;s&apos;\ufffd.go"',
    );
    expect(xml).toContain('<source>/w/&lt;&amp;&gt;</source>');
    expect(xml).toContain('version="v1 &quot;x&quot;"');
    expectValid(xml);
  });
});

describe('xmlEscape', () => {
  it('escapes markup and keeps whitespace in attributes', () => {
    expect(xmlEscape(`a&b<c>"d"'e'\tf\ng\rh`)).toBe(
      'a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;&#9;f&#10;g&#13;h',
    );
    expect(xmlEscape('ok \u00e9 \u{1f600}')).toBe('ok \u00e9 \u{1f600}');
    expect(xmlEscape('\x00\x1f\ud800\uffff')).toBe('\ufffd\ufffd\ufffd\ufffd');
  });
});
