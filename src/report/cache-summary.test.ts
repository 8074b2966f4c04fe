import { describe, expect, it } from '@jest/globals';
import type { ModCacheProof } from '../cache/verify-modcache.js';
import { modCacheProofLine, renderCacheSummary } from './cache-summary.js';

const proof: ModCacheProof = {
  goSumFiles: 2,
  proven: 80,
  provenDirs: 79,
  provenZips: 80,
  provenMods: 81,
  failed: [],
  uncovered: [],
  strays: [],
  bytes: 387 * 1024 * 1024,
  seconds: 2.34,
};

describe('modCacheProofLine', () => {
  it('says what was proven', () => {
    expect(modCacheProofLine(proof)).toBe(
      '✅ GOMODCACHE proof: 80 module versions proven against 2 go.sum files (80 zips, ' +
        '79 directories, 81 go.mod files; 387.0 MiB in 2.3 s)',
    );
  });

  it('says what was removed and why, with names made safe for a table cell', () => {
    const line = modCacheProofLine({
      ...proof,
      failed: [
        {
          key: 'golang.org/x/text@v0.18.0',
          name: 'golang.org/x/text v0.18.0',
          reason: 'directory: 1 changed (a|<b>`.go)',
        },
      ],
      uncovered: ['example.com/x@v1.0.0', 'example.com/y@v1.0.0'],
      strays: ['/m/link'],
    });
    expect(line).toMatch(/^⚠️ GOMODCACHE proof: 80 module versions/);
    expect(line).toContain(
      'removed, to be downloaded again: 1 version that failed (`golang.org/x/text v0.18.0`: ' +
        'directory: 1 changed (a\\|&lt;b>`.go)), 2 not covered by any go.sum line, so ' +
        'unprovable, 1 link or special file',
    );
  });

  it('is a line of the restore summary', () => {
    expect(renderCacheSummary('restore', 'local', [], [], proof)).toContain(
      '- ✅ GOMODCACHE proof',
    );
  });
});
