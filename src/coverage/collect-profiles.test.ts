import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProfiles } from './collect-profiles.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'collect-profiles-'));
  const put = (rel: string, text = 'mode: set\n') => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  put('legs/linux.out');
  put('legs/windows.out');
  put('legs/old.out');
  put('gocover/covmeta.0123abcd', 'binary');
  put('gocover/covcounters.0123abcd.1.2', 'binary');
  put('plain-dir/readme.txt', 'not coverage data');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findProfiles', () => {
  it('finds text profiles and GOCOVERDIR directories, relative to the workspace', async () => {
    const found = await findProfiles(['legs/*.out', 'gocover'], root);
    expect(found.files).toEqual(
      ['legs/linux.out', 'legs/old.out', 'legs/windows.out'].map((f) => path.join(root, f)),
    );
    expect(found.coverDirs).toEqual([path.join(root, 'gocover')]);
  });

  it('applies exclusions to every pattern', async () => {
    const found = await findProfiles(['legs/*.out', '!legs/old.out'], root);
    expect(found.files.map((f) => path.basename(f))).toEqual(['linux.out', 'windows.out']);
  });

  it('refuses a pattern that matches nothing usable, naming it', async () => {
    await expect(findProfiles(['legs/*.prof'], root)).rejects.toThrow(
      /profiles: "legs\/\*\.prof" matched no profile file and no GOCOVERDIR directory/,
    );
    // A directory without covmeta files is not coverage data.
    await expect(findProfiles(['plain-dir/'], root)).rejects.toThrow(/"plain-dir\/" matched no/);
  });
});
