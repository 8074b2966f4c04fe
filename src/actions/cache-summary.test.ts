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

describe('the build cache line', () => {
  const build = (result: 'hit' | 'miss') => ({
    kind: 'build' as const,
    key: 'k',
    dir: '/c',
    result,
    seconds: 0.1,
  });

  it('says a restored GOCACHE is not proven and what it rests on, per backend', () => {
    expect(renderCacheSummary('restore', 'github', [build('hit')])).toContain(
      "GOCACHE: not proven (build outputs have no published hashes); it rests on the cache service's scopes",
    );
    expect(renderCacheSummary('restore', 'github', [build('hit')])).toContain(
      '`cache-save: default-branch`',
    );
    expect(renderCacheSummary('restore', 'local', [build('hit')])).toContain(
      'every job that can write the cache directory',
    );
  });

  it('says nothing when no build cache was restored', () => {
    expect(renderCacheSummary('restore', 'github', [build('miss')])).not.toContain(
      'GOCACHE: not proven',
    );
    expect(renderCacheSummary('save', 'github', [build('hit')])).not.toContain(
      'GOCACHE: not proven',
    );
  });
});
