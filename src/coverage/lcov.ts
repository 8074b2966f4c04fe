/** LCOV tracefile (`geninfo` format), read by Codecov, Coveralls, SonarQube and genhtml. */
import { filesLines, type FileNamer } from './line-hits.js';
import type { Profile } from './profile.js';

export function renderLcov(profile: Profile, name: FileNamer): string {
  const out: string[] = [];
  for (const f of filesLines(profile, name)) {
    out.push('TN:', `SF:${f.name}`);
    let hit = 0;
    for (const l of f.lines) {
      out.push(`DA:${l.line},${l.hits}`);
      if (l.hits > 0) hit++;
    }
    out.push(`LF:${f.lines.length}`, `LH:${hit}`, 'end_of_record');
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
