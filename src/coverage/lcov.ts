/**
 * LCOV tracefile (the geninfo format), read by Codecov, Coveralls, SonarQube and genhtml: per
 * file `SF:`, one `DA:<line>,<hits>` per line, `LF:` lines found, `LH:` lines hit. Line hits
 * and file names are the same as in the Cobertura report (line-hits.ts), and so is the
 * advice to check the profile against the source first.
 */
import { filesLines, type FileNamer } from './line-hits.js';
import type { Profile } from './profile.js';

export interface LcovOptions {
  /** The `TN:` test name; geninfo allows letters, digits and `_`, others become `_`. */
  readonly testName?: string;
}

/** `name(importPath)` is the `SF:` path written for each file (e.g. workspace-relative). */
export function renderLcov(profile: Profile, name: FileNamer, opts: LcovOptions = {}): string {
  const testName = (opts.testName ?? '').replace(/\W/g, '_');
  const out: string[] = [];
  for (const f of filesLines(profile, name)) {
    out.push(`TN:${testName}`, `SF:${f.name}`);
    let hit = 0;
    for (const l of f.lines) {
      out.push(`DA:${l.line},${l.hits}`);
      if (l.hits > 0) hit++;
    }
    out.push(`LF:${f.lines.length}`, `LH:${hit}`, 'end_of_record');
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
