import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../process.js';
import { AGE_BEFORE_START_MS, ageBuildCache, trimBuildCache } from './build-cache-trim.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'build-cache-trim-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A module with two programs, so one job can use part of the cache and not the rest. */
async function twoPrograms(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'go.mod'), 'module example.com/trim\n\ngo 1.21\n');
  for (const [name, body] of [
    ['a', 'import "fmt"\n\nfunc main() { fmt.Println("a") }\n'],
    [
      'b',
      'import "encoding/json"\n\nfunc main() { b, _ := json.Marshal(1); println(string(b)) }\n',
    ],
  ] as const) {
    await rm(path.join(dir, name), { recursive: true, force: true });
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, 'main.go'), `package main\n\n${body}`);
  }
}

async function entries(goCache: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const shard of await readdir(goCache)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const f of await readdir(path.join(goCache, shard))) out.add(`${shard}/${f}`);
  }
  return out;
}

describe('ageBuildCache + trimBuildCache with the real go command', () => {
  it('keeps exactly the entries a job used, and the kept cache still builds without compiling', async () => {
    const mod = path.join(work, 'mod');
    const goCache = path.join(work, 'gocache');
    await mkdir(mod);
    await twoPrograms(mod);
    const env = { ...process.env, GOCACHE: goCache, GOFLAGS: '', GO111MODULE: 'on' };
    const build = (pkg: string) =>
      run('go', ['build', '-o', os.devNull, pkg], { cwd: mod, env }).then((r) => {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      });

    // An earlier job built both programs; its cache is "restored" into this one.
    await build('./a');
    await build('./b');
    const before = await entries(goCache);

    const jobStart = Date.now();
    expect(await ageBuildCache(goCache, jobStart)).toBe(before.size);
    const aged = await stat(path.join(goCache, [...before][0]!));
    expect(aged.mtimeMs).toBeLessThanOrEqual(jobStart - AGE_BEFORE_START_MS + 1000);

    // This job builds only ./a.
    await build('./a');
    const trimmed = await trimBuildCache(goCache, jobStart);
    const after = await entries(goCache);
    expect(trimmed.kept).toBe(after.size);
    // Removed: the restored entries this job did not touch; everything it wrote is kept.
    expect(trimmed.removed).toBe([...before].filter((e) => !after.has(e)).length);
    expect(trimmed.removed).toBeGreaterThan(0); // encoding/json and ./b were not used
    expect(trimmed.removedBytes).toBeGreaterThan(0);

    // What is left is what ./a needs: building it again compiles nothing.
    const again = await run('go', ['build', '-x', '-o', os.devNull, './a'], { cwd: mod, env });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/\/compile /);
  }, 240_000);

  it('treats a missing GOCACHE as empty', async () => {
    const missing = path.join(work, 'no-such-cache');
    expect(await ageBuildCache(missing, Date.now())).toBe(0);
    expect(await trimBuildCache(missing, Date.now())).toEqual({
      kept: 0,
      removed: 0,
      removedBytes: 0,
    });
  });
});
