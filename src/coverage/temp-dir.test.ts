import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { COVERAGE_TEMP_PREFIX, withCoverageTempDir } from './temp-dir.js';

let base: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'coverage-temp-test-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('withCoverageTempDir', () => {
  it('never uses a name made beforehand: a planted link for the old pid name is left alone', async () => {
    const elsewhere = path.join(base, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, path.join(base, `${COVERAGE_TEMP_PREFIX}${process.pid}`));
    const seen: string[] = [];
    await withCoverageTempDir(base, async (dir) => {
      seen.push(dir);
      expect(path.dirname(dir)).toBe(base);
      expect(path.basename(dir).startsWith(COVERAGE_TEMP_PREFIX)).toBe(true);
      const st = await lstat(dir);
      expect(st.isDirectory()).toBe(true);
      if (process.platform !== 'win32') expect(st.mode & 0o777).toBe(0o700);
      await writeFile(path.join(dir, 'go-test.out'), 'mode: set\n');
    });
    await withCoverageTempDir(base, async (dir) => void seen.push(dir));
    expect(seen[0]).not.toBe(seen[1]);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  it('removes the directory afterwards, also when the work fails', async () => {
    let kept = '';
    await expect(
      withCoverageTempDir(base, async (dir) => {
        kept = dir;
        await writeFile(path.join(dir, 'covdata.out'), 'x');
        throw new Error('go test failed');
      }),
    ).rejects.toThrow('go test failed');
    expect(kept).not.toBe('');
    expect(existsSync(kept)).toBe(false);
    expect(await withCoverageTempDir(base, async () => 42)).toBe(42);
  });
});
