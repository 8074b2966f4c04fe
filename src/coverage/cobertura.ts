/**
 * Cobertura XML (coverage-04.dtd), read by Jenkins, GitLab merge requests, Azure DevOps and
 * Codecov. One package per Go package, one class per file, line hits as in line-hits.ts.
 */
import { filesLines, type FileNamer, type FileLines } from './line-hits.js';
import type { Profile } from './profile.js';

function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

function rate(hit: number, valid: number): string {
  return valid === 0 ? '1' : (hit / valid).toFixed(4).replace(/\.?0+$/, '') || '0';
}

function counts(files: readonly FileLines[]): [number, number] {
  let valid = 0;
  let hit = 0;
  for (const f of files) {
    valid += f.lines.length;
    for (const l of f.lines) if (l.hits > 0) hit++;
  }
  return [hit, valid];
}

export interface CoberturaOptions {
  /** The directory report file names are relative to (the `<source>`). */
  readonly sourceRoot: string;
  /** Seconds since the epoch; a parameter so reports can be reproduced. */
  readonly timestamp: number;
}

export function renderCobertura(profile: Profile, name: FileNamer, opts: CoberturaOptions): string {
  const files = filesLines(profile, name);
  const packages = new Map<string, FileLines[]>();
  for (const f of files) {
    const slash = f.importPath.lastIndexOf('/');
    const pkg = slash === -1 ? '.' : f.importPath.slice(0, slash);
    let list = packages.get(pkg);
    if (!list) packages.set(pkg, (list = []));
    list.push(f);
  }
  const [hit, valid] = counts(files);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">',
    `<coverage line-rate="${rate(hit, valid)}" branch-rate="0" lines-covered="${hit}" lines-valid="${valid}" branches-covered="0" branches-valid="0" complexity="0" version="setup-go-verified" timestamp="${opts.timestamp * 1000}">`,
    '  <sources>',
    `    <source>${xml(opts.sourceRoot)}</source>`,
    '  </sources>',
    '  <packages>',
  ];
  for (const pkg of [...packages.keys()].sort()) {
    const list = packages.get(pkg)!;
    const [ph, pv] = counts(list);
    out.push(
      `    <package name="${xml(pkg)}" line-rate="${rate(ph, pv)}" branch-rate="0" complexity="0">`,
      '      <classes>',
    );
    for (const f of list) {
      const [fh, fv] = counts([f]);
      const base = f.importPath.slice(f.importPath.lastIndexOf('/') + 1);
      out.push(
        `        <class name="${xml(base)}" filename="${xml(f.name)}" line-rate="${rate(fh, fv)}" branch-rate="0" complexity="0">`,
        '          <methods/>',
        '          <lines>',
      );
      for (const l of f.lines)
        out.push(`            <line number="${l.line}" hits="${l.hits}" branch="false"/>`);
      out.push('          </lines>', '        </class>');
    }
    out.push('      </classes>', '    </package>');
  }
  out.push('  </packages>', '</coverage>', '');
  return out.join('\n');
}
