/**
 * Cobertura XML (coverage-04.dtd), read by Jenkins, GitLab merge requests, Azure DevOps and
 * Codecov. One package per Go package, one class per file, line hits as line-hits.ts counts
 * them (a line's hits are the largest count of the blocks spanning it). Go has no branch
 * figures, so the branch attributes are 0. Output is sorted and depends only on the inputs.
 *
 * Check the profile against the source first (source-files.ts): a block's line range is
 * expanded line by line, so a stale profile's block ending at line 4,000,000,000 would be
 * expanded too.
 */
import { filesLines, type FileLines, type FileNamer } from './line-hits.js';
import type { Profile } from './profile.js';

export interface CoberturaOptions {
  /** The directory the file names are relative to (the `<source>`), e.g. the workspace. */
  readonly sourceRoot: string;
  /** When the report was made (written in milliseconds, as Cobertura does). */
  readonly timestamp: Date;
  /** The `version` attribute: the producer. */
  readonly version?: string;
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Escaped for an attribute or text. Characters XML 1.0 cannot carry at all (other C0
 * controls, unpaired surrogates) become U+FFFD rather than a document no parser accepts.
 */
export function xmlEscape(s: string): string {
  return (
    s
      .replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c]!)
      // eslint-disable-next-line no-control-regex -- these are exactly the characters to drop
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|\p{Cs}/gu, '\ufffd')
  );
}

/**
 * hit/valid truncated to 4 decimals: a rate never reads higher than it is (999 of 1000 lines
 * is 0.999, not 1). Nothing to cover is 1, as Cobertura itself reports it.
 */
function rate(hit: number, valid: number): string {
  if (valid === 0) return '1';
  const tenThousandths = Math.floor((hit * 10000) / valid);
  if (tenThousandths === 10000) return '1';
  return `0.${String(tenThousandths).padStart(4, '0')}`.replace(/\.?0+$/, '');
}

function lineCounts(files: readonly FileLines[]): { hit: number; valid: number } {
  let hit = 0;
  let valid = 0;
  for (const f of files) {
    valid += f.lines.length;
    for (const l of f.lines) if (l.hits > 0) hit++;
  }
  return { hit, valid };
}

/** The package of a profile file name: its import path up to the last `/`. */
function packageOf(importPath: string): string {
  const slash = importPath.lastIndexOf('/');
  return slash === -1 ? '.' : importPath.slice(0, slash);
}

/** `name(importPath)` is the `filename` written for each file (e.g. workspace-relative). */
export function renderCobertura(profile: Profile, name: FileNamer, opts: CoberturaOptions): string {
  const files = filesLines(profile, name); // sorted by filename
  const packages = new Map<string, FileLines[]>();
  for (const f of files) {
    const pkg = packageOf(f.importPath);
    const list = packages.get(pkg);
    if (list) list.push(f);
    else packages.set(pkg, [f]);
  }
  const all = lineCounts(files);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">',
    `<coverage line-rate="${rate(all.hit, all.valid)}" branch-rate="0" lines-covered="${all.hit}" lines-valid="${all.valid}" branches-covered="0" branches-valid="0" complexity="0" version="${xmlEscape(opts.version ?? 'setup-go-verified')}" timestamp="${opts.timestamp.getTime()}">`,
    '  <sources>',
    `    <source>${xmlEscape(opts.sourceRoot)}</source>`,
    '  </sources>',
    '  <packages>',
  ];
  for (const pkg of [...packages.keys()].sort()) {
    const list = packages.get(pkg)!;
    const p = lineCounts(list);
    out.push(
      `    <package name="${xmlEscape(pkg)}" line-rate="${rate(p.hit, p.valid)}" branch-rate="0" complexity="0">`,
      '      <classes>',
    );
    for (const f of list) {
      const c = lineCounts([f]);
      const base = f.importPath.slice(f.importPath.lastIndexOf('/') + 1);
      out.push(
        `        <class name="${xmlEscape(base)}" filename="${xmlEscape(f.name)}" line-rate="${rate(c.hit, c.valid)}" branch-rate="0" complexity="0">`,
        '          <methods/>',
        '          <lines>',
      );
      for (const l of f.lines) {
        out.push(`            <line number="${l.line}" hits="${l.hits}" branch="false"/>`);
      }
      out.push('          </lines>', '        </class>');
    }
    out.push('      </classes>', '    </package>');
  }
  out.push('  </packages>', '</coverage>', '');
  return out.join('\n');
}
