import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { judgeTree, measureTree } from './prove-tree.js';
import { membersH1 } from './tree-shape.js';

const MOD = 'v0.0.1-go1.22.5.linux-amd64';
let base: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'prove-tree-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

async function tree(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(base, name);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

const GOOD = { VERSION: 'go1.22.5\n', 'bin/go': 'go', 'src/go.mod': 'module std\n' };

describe('measureTree and judgeTree', () => {
  it('accepts the tree whose module files hash to the proven h1:', async () => {
    const dir = await tree('good', GOOD);
    const measured = await measureTree(dir, MOD);
    expect(measured.files).toBe(3);
    expect([...measured.members.keys()].sort()).toEqual(['VERSION', 'bin/go', 'src/_go.mod']);
    expect(judgeTree(measured, measured.h1, { omittedAllowed: false })).toEqual({
      ok: true,
      reasons: [],
    });
    expect(measured.h1).toBe(membersH1(measured.members, MOD));
  });

  it('refuses another h1:, saying both', async () => {
    const measured = await measureTree(await tree('other', GOOD), MOD);
    const verdict = judgeTree(measured, 'h1:AAAA', { omittedAllowed: false });
    expect(verdict.ok).toBe(false);
    expect(verdict.reasons).toEqual([`its 3 files hash to ${measured.h1}, not h1:AAAA`]);
  });

  it('files under api/ doc/ misc/ test/ are outside the hash: tolerated only when asked', async () => {
    const dir = await tree('omitted', { ...GOOD, 'misc/evil.go': 'package evil\n' });
    const measured = await measureTree(dir, MOD);
    expect(measured.omitted).toEqual(['misc/evil.go']);
    expect(judgeTree(measured, measured.h1, { omittedAllowed: true }).ok).toBe(true);
    expect(judgeTree(measured, measured.h1, { omittedAllowed: false }).reasons).toEqual([
      '1 files outside the module tree (misc/evil.go); an entry holds the module tree only',
    ]);
  });

  it('a symlink fails the proof even where the hash cannot see it', async () => {
    const dir = await tree('link', { ...GOOD, 'misc/evil.go': 'package runtime\n' });
    await mkdir(path.join(dir, 'src', 'runtime'), { recursive: true });
    await symlink('../../misc/evil.go', path.join(dir, 'src', 'runtime', 'zz_evil.go'));
    const measured = await measureTree(dir, MOD);
    // The same h1: as the good tree: the link and misc/ are invisible to the hash...
    const good = await measureTree(await tree('good2', GOOD), MOD);
    expect(measured.h1).toBe(good.h1);
    // ...and the proof fails all the same.
    const verdict = judgeTree(measured, good.h1, { omittedAllowed: true });
    expect(verdict.ok).toBe(false);
    expect(verdict.reasons[0]).toMatch(/src\/runtime\/zz_evil\.go: symlink/);
  });
});
