import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  symlink,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { removeTree } from '../archive/remove-tree.js';
import { entryId, LocalCacheBackend, type LocalCacheOptions } from './local-store.js';

let base: string;
let counter = 0;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'sgv-local-store-'));
});

afterAll(async () => {
  await removeTree(base);
});

async function fresh(name: string): Promise<string> {
  const dir = path.join(base, `${name}-${++counter}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A clock the test moves by hand. */
function clock(start = Date.UTC(2025, 0, 1)) {
  let t = start;
  return { now: () => t, advance: (ms = 1000) => (t += ms) };
}

async function store(opts: Partial<LocalCacheOptions> = {}): Promise<LocalCacheBackend> {
  return new LocalCacheBackend({ dir: await fresh('store'), maxBytes: 1024 ** 3, ...opts });
}

const MTIME = new Date('2024-05-06T07:08:09.123Z');

/** A module-cache-like tree: read-only files in a read-only directory, a symlink, mtimes. */
async function moduleTree(content: string): Promise<string> {
  const root = await fresh('src');
  const mod = path.join(root, 'example.com', 'm@v1.0.0');
  await mkdir(mod, { recursive: true });
  await writeFile(path.join(mod, 'go.mod'), `module example.com/m // ${content}\n`);
  await writeFile(path.join(mod, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  await symlink('m@v1.0.0/go.mod', path.join(root, 'example.com', 'current'));
  await utimes(path.join(mod, 'go.mod'), MTIME, MTIME);
  await chmod(path.join(mod, 'go.mod'), 0o444);
  await chmod(mod, 0o555);
  return root;
}

/** A tree of incompressible bytes, so its entry takes about `kib` KiB in the store. */
async function sizedTree(kib: number, label = 'x'): Promise<string> {
  const root = await fresh('sized');
  await writeFile(path.join(root, 'data.bin'), randomBytes(kib * 1024));
  await writeFile(path.join(root, 'label'), label);
  return root;
}

async function describeTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(path.join(root, rel))).sort()) {
      const relName = rel ? `${rel}/${name}` : name;
      const full = path.join(root, relName);
      const info = await lstat(full);
      const mode = (info.mode & 0o7777).toString(8);
      if (info.isSymbolicLink()) out[relName] = `link -> ${await readlink(full)}`;
      else if (info.isDirectory()) {
        out[relName] = `dir ${mode} ${Math.round(info.mtimeMs)}`;
        await walk(relName);
      } else
        out[relName] = `file ${mode} ${Math.round(info.mtimeMs)} ${await readFile(full, 'utf8')}`;
    }
  };
  await walk('');
  return out;
}

/** Restored contents must be all there or nothing at all. */
async function isEmptyOrMissing(dir: string): Promise<boolean> {
  return readdir(dir).then(
    (names) => names.length === 0,
    () => true,
  );
}

/** Names in the store that are not published entries (temporaries, trash). */
async function strays(backend: LocalCacheBackend): Promise<string[]> {
  return (await readdir(backend.entriesDir)).filter((n) => !/^[0-9a-f]{64}$/.test(n));
}

async function keys(backend: LocalCacheBackend): Promise<string[]> {
  return (await backend.list()).map((e) => e.key ?? '(damaged)').sort();
}

describe('restore and save', () => {
  it('round-trips a module cache: files, read-only modes, symlinks, mtimes', async () => {
    const backend = await store();
    const src = await moduleTree('one');
    expect(await backend.save({ dir: src, key: 'go-mod-linux-abc' })).toEqual({
      kind: 'saved',
      bytes: expect.any(Number),
    });
    const dest = path.join(await fresh('dest'), 'gomodcache');
    const outcome = await backend.restore({ dir: dest, key: 'go-mod-linux-abc', restoreKeys: [] });
    expect(outcome).toEqual({
      kind: 'hit',
      matchedKey: 'go-mod-linux-abc',
      bytes: expect.any(Number),
    });
    const restored = await describeTree(dest);
    expect(restored).toEqual(await describeTree(src));
    expect(restored['example.com/m@v1.0.0']).toMatch(/^dir 555 /);
    expect(restored['example.com/m@v1.0.0/go.mod']).toMatch(
      new RegExp(`^file 444 ${MTIME.getTime()} `),
    );
    expect(restored['example.com/current']).toBe('link -> m@v1.0.0/go.mod');
    expect(await strays(backend)).toEqual([]);
  });

  it('reports exists for a key saved before, and keeps the first entry', async () => {
    const backend = await store();
    await backend.save({ dir: await sizedTree(1, 'first'), key: 'k' });
    expect(await backend.save({ dir: await sizedTree(1, 'second'), key: 'k' })).toEqual({
      kind: 'exists',
    });
    const dest = path.join(await fresh('dest'), 'out');
    await backend.restore({ dir: dest, key: 'k', restoreKeys: [] });
    expect(await readFile(path.join(dest, 'label'), 'utf8')).toBe('first');
  });

  it('takes keys of any length and character', async () => {
    const backend = await store();
    const key = `go/${'x'.repeat(2000)}\n../\0 ☕ "quoted" ${'y'.repeat(300)}`;
    expect((await backend.save({ dir: await sizedTree(1, 'odd'), key })).kind).toBe('saved');
    expect(await readdir(backend.entriesDir)).toEqual([entryId(key)]);
    const dest = path.join(await fresh('dest'), 'out');
    expect(await backend.restore({ dir: dest, key, restoreKeys: [] })).toMatchObject({
      kind: 'hit',
      matchedKey: key,
    });
  });

  it('misses on an empty or missing store', async () => {
    const backend = new LocalCacheBackend({
      dir: path.join(base, 'never-created'),
      maxBytes: 1000,
    });
    const dest = path.join(await fresh('dest'), 'out');
    expect(await backend.restore({ dir: dest, key: 'k', restoreKeys: ['k', ''] })).toEqual({
      kind: 'miss',
    });
    expect(await isEmptyOrMissing(dest)).toBe(true);
  });

  it('fails to save a directory that does not exist', async () => {
    const backend = await store();
    const outcome = await backend.save({ dir: path.join(base, 'nope'), key: 'k' });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(/nothing to save for key "k": .*nope is not a directory/),
    });
  });

  it('stores gzip entries when asked and restores them', async () => {
    const backend = await store({ archive: { compression: 'gzip' } });
    await backend.save({ dir: await sizedTree(4, 'gz'), key: 'gz' });
    const [entry] = await backend.list();
    const head = await readFile(path.join(backend.entriesDir, entry!.id, 'archive'));
    expect([...head.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const dest = path.join(await fresh('dest'), 'out');
    expect((await backend.restore({ dir: dest, key: 'gz', restoreKeys: [] })).kind).toBe('hit');
    expect(await readFile(path.join(dest, 'label'), 'utf8')).toBe('gz');
  });
});

describe('restore keys', () => {
  let backend: LocalCacheBackend;

  beforeAll(async () => {
    const t = clock();
    backend = await store({ now: t.now });
    for (const key of ['go-linux-old', 'go-linux-new', 'go-windows-1']) {
      await backend.save({ dir: await sizedTree(1, key), key });
      t.advance();
    }
    // Using an entry does not make it newer: restore keys pick by creation time.
    await backend.restore({
      dir: path.join(await fresh('d'), 'o'),
      key: 'go-linux-old',
      restoreKeys: [],
    });
  });

  async function restoreLabel(key: string, restoreKeys: string[]) {
    const dest = path.join(await fresh('dest'), 'out');
    const outcome = await backend.restore({ dir: dest, key, restoreKeys });
    const label = await readFile(path.join(dest, 'label'), 'utf8').catch(() => undefined);
    return { outcome, label };
  }

  it('prefers the exact key', async () => {
    expect(await restoreLabel('go-linux-old', ['go-linux-'])).toEqual({
      outcome: { kind: 'hit', matchedKey: 'go-linux-old', bytes: expect.any(Number) },
      label: 'go-linux-old',
    });
  });

  it('falls back to the newest entry with the prefix', async () => {
    expect(await restoreLabel('go-linux-missing', ['go-linux-'])).toEqual({
      outcome: { kind: 'partial', matchedKey: 'go-linux-new', bytes: expect.any(Number) },
      label: 'go-linux-new',
    });
  });

  it('tries restore keys in order', async () => {
    const { outcome } = await restoreLabel('x', ['nothing-', 'go-windows-', 'go-']);
    expect(outcome).toMatchObject({ kind: 'partial', matchedKey: 'go-windows-1' });
  });

  it('misses when no prefix matches, leaving the destination alone', async () => {
    expect(await restoreLabel('x', ['nothing-', 'go-mac'])).toEqual({
      outcome: { kind: 'miss' },
      label: undefined,
    });
  });
});

describe('faults', () => {
  async function damagedStore(damage: (archive: string) => Promise<void>) {
    const backend = await store();
    await backend.save({ dir: await moduleTree('damaged'), key: 'k' });
    await damage(path.join(backend.entriesDir, entryId('k'), 'archive'));
    return backend;
  }

  it.each([
    ['truncated', (f: string) => truncate(f, 100)],
    [
      'corrupt',
      async (f: string) => {
        const bytes = await readFile(f);
        for (let i = 20; i < bytes.length; i += 7) bytes[i] = bytes[i]! ^ 0xff;
        await writeFile(f, bytes);
      },
    ],
    ['replaced by garbage', (f: string) => writeFile(f, 'not an archive at all')],
  ])('a %s entry fails with a reason and leaves the destination empty', async (_what, damage) => {
    const backend = await damagedStore(damage);
    const parent = await fresh('dest');
    const dest = path.join(parent, 'out');
    const outcome = await backend.restore({ dir: dest, key: 'k', restoreKeys: [] });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(
        /^restoring key "k" from .* failed: .*(corrupt or truncated|not a cache archive)/,
      ),
    });
    expect(await readdir(parent)).toEqual([]);
  });

  it('refuses a non-empty destination and leaves it as it was', async () => {
    const backend = await store();
    await backend.save({ dir: await sizedTree(1), key: 'k' });
    const dest = await fresh('dest');
    await writeFile(path.join(dest, 'mine'), 'keep');
    const outcome = await backend.restore({ dir: dest, key: 'k', restoreKeys: [] });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(/the directory is not empty/),
    });
    expect(await readdir(dest)).toEqual(['mine']);
  });

  it('fails a save of an unreadable tree and leaves no temporaries', async () => {
    const backend = await store();
    const src = await fresh('src');
    await symlink('/etc', path.join(src, 'escape'));
    const outcome = await backend.save({ dir: src, key: 'k' });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(
        /^saving key "k" to .* failed: cannot archive .*"escape": symlink target "\/etc" is absolute/,
      ),
    });
    expect(await readdir(backend.entriesDir)).toEqual([]);
  });

  it('evicts a damaged entry (no entry.json) before any other', async () => {
    const t = clock();
    const backend = await store({ maxBytes: 250 * 1024, now: t.now });
    await backend.save({ dir: await sizedTree(100), key: 'a' });
    t.advance();
    await backend.save({ dir: await sizedTree(100), key: 'b' });
    await writeFile(path.join(backend.entriesDir, entryId('b'), 'entry.json'), '{broken');
    t.advance();
    await backend.save({ dir: await sizedTree(100), key: 'c' });
    expect(await keys(backend)).toEqual(['a', 'c']);
  });
});

describe('eviction', () => {
  it('evicts least recently used entries until the store fits, never the new one', async () => {
    const t = clock();
    const backend = await store({ maxBytes: 350 * 1024, now: t.now });
    for (const key of ['a', 'b', 'c']) {
      expect((await backend.save({ dir: await sizedTree(100, key), key })).kind).toBe('saved');
      t.advance();
    }
    // Using `a` makes `b` the least recently used.
    await backend.restore({ dir: path.join(await fresh('d'), 'o'), key: 'a', restoreKeys: [] });
    t.advance();
    await backend.save({ dir: await sizedTree(100, 'd'), key: 'd' });
    expect(await keys(backend)).toEqual(['a', 'c', 'd']);
    t.advance();
    // A big entry pushes out as many as needed, oldest first (c, then a).
    await backend.save({ dir: await sizedTree(200, 'e'), key: 'e' });
    expect(await keys(backend)).toEqual(['d', 'e']);
    const total = (await backend.list()).reduce((sum, e) => sum + e.bytes, 0);
    expect(total).toBeLessThanOrEqual(350 * 1024);
    expect(await strays(backend)).toEqual([]);
  });

  it('does not keep an entry larger than the whole store, and evicts nothing for it', async () => {
    const backend = await store({ maxBytes: 150 * 1024 });
    await backend.save({ dir: await sizedTree(50), key: 'small' });
    const outcome = await backend.save({ dir: await sizedTree(200), key: 'huge' });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: expect.stringMatching(
        /the entry for key "huge" is \d+ bytes, more than the local cache may hold \(153600 bytes\); it was not kept/,
      ),
    });
    expect(await keys(backend)).toEqual(['small']);
    expect(await strays(backend)).toEqual([]);
  });

  it('rejects a nonsensical size limit', () => {
    expect(() => new LocalCacheBackend({ dir: base, maxBytes: 0 })).toThrow(
      /maxBytes must be a positive integer/,
    );
  });
});

describe('concurrency in one process', () => {
  it('same key saved at once: one entry, the others report exists, no temporaries', async () => {
    const backend = await store();
    const sources = await Promise.all([1, 2, 3, 4].map((i) => sizedTree(512, `writer ${i}`)));
    const outcomes = await Promise.all(sources.map((dir) => backend.save({ dir, key: 'same' })));
    expect(outcomes.filter((o) => o.kind === 'saved')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'exists')).toHaveLength(3);
    expect(await keys(backend)).toEqual(['same']);
    expect(await strays(backend)).toEqual([]);
    const dest = path.join(await fresh('dest'), 'out');
    await backend.restore({ dir: dest, key: 'same', restoreKeys: [] });
    expect(await readFile(path.join(dest, 'label'), 'utf8')).toMatch(/^writer [1-4]$/);
  });

  it('different keys saved at once all land, within the cap', async () => {
    const backend = await store({ maxBytes: 1200 * 1024 });
    const outcomes = await Promise.all(
      [1, 2, 3, 4, 5].map(async (i) => backend.save({ dir: await sizedTree(300), key: `k${i}` })),
    );
    expect(outcomes.map((o) => o.kind)).toEqual(['saved', 'saved', 'saved', 'saved', 'saved']);
    const entries = await backend.list();
    expect(entries.reduce((sum, e) => sum + e.bytes, 0)).toBeLessThanOrEqual(1200 * 1024);
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(await strays(backend)).toEqual([]);
  });

  it('a restore racing the eviction of its entry: complete tree or failed and empty', async () => {
    const t = clock();
    const backend = await store({ maxBytes: 9 * 1024 * 1024, now: t.now });
    const big = await sizedTree(6 * 1024, 'big');
    await backend.save({ dir: big, key: 'big' });
    t.advance();
    const dest = path.join(await fresh('dest'), 'out');
    // The new 6 MiB entry forces `big` out while it is being unpacked.
    const [restored, saved] = await Promise.all([
      backend.restore({ dir: dest, key: 'big', restoreKeys: [] }),
      sizedTree(6 * 1024, 'next').then((dir) => backend.save({ dir, key: 'next' })),
    ]);
    expect(saved.kind).toBe('saved');
    expect(await keys(backend)).toEqual(['next']);
    if (restored.kind === 'hit') expect(await describeTree(dest)).toEqual(await describeTree(big));
    else {
      expect(restored).toEqual({ kind: 'failed', reason: expect.stringMatching(/was removed/) });
      expect(await isEmptyOrMissing(dest)).toBe(true);
    }
    expect(await strays(backend)).toEqual([]);
  });
});

/**
 * Other jobs are other processes. Node 20 cannot import TypeScript, so the module and its
 * relative imports are transpiled (no type check) into a directory whose node_modules is
 * the repository's.
 */
describe('concurrency between processes', () => {
  let moduleUrl: string;
  let script: string;

  beforeAll(async () => {
    const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const out = await fresh('transpiled');
    await symlink(path.join(repo, 'node_modules'), path.join(out, 'node_modules'));
    const seen = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = await readFile(file, 'utf8');
      const js = ts.transpileModule(source, {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const target = path.join(out, path.relative(repo, file)).replace(/\.ts$/, '.js');
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, js);
      for (const [, spec] of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g))
        await visit(path.resolve(path.dirname(file), `${spec}.ts`));
    };
    await visit(path.join(repo, 'src/cache/local-store.ts'));
    await writeFile(path.join(out, 'package.json'), '{"type":"module"}');
    moduleUrl = pathToFileURL(path.join(out, 'src/cache/local-store.js')).href;
    // Each job says "ready", waits for the start file, then saves: the saves overlap.
    script = path.join(out, 'job.mjs');
    await writeFile(
      script,
      `import { existsSync } from 'node:fs';
const [url, storeDir, maxBytes, src, key, start] = process.argv.slice(2);
const { LocalCacheBackend } = await import(url);
const backend = new LocalCacheBackend({ dir: storeDir, maxBytes: Number(maxBytes) });
process.stdout.write('ready\\n');
while (!existsSync(start)) await new Promise((r) => setTimeout(r, 2));
process.stdout.write(JSON.stringify(await backend.save({ dir: src, key })) + '\\n');
`,
    );
  });

  async function jobs(storeDir: string, maxBytes: number, saves: { src: string; key: string }[]) {
    const start = path.join(await fresh('start'), 'go');
    const children = saves.map(({ src, key }) => {
      const child = spawn(
        process.execPath,
        [script, moduleUrl, storeDir, String(maxBytes), src, key, start],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (text: string) => {
          stdout += text;
          if (stdout.includes('ready\n')) resolve();
        }),
      );
      const done = new Promise<unknown>((resolve, reject) =>
        child.on('close', (code) =>
          code === 0
            ? resolve(JSON.parse(stdout.split('\n')[1]!))
            : reject(new Error(`job exit ${code}`)),
        ),
      );
      return { ready, done };
    });
    await Promise.all(children.map((c) => c.ready));
    await writeFile(start, '');
    return (await Promise.all(children.map((c) => c.done))) as { kind: string }[];
  }

  it('four jobs saving one key: exactly one entry, complete, and no temporaries', async () => {
    const storeDir = await fresh('shared-store');
    const sources = await Promise.all([1, 2, 3, 4].map((i) => sizedTree(2048, `job ${i}`)));
    const outcomes = await jobs(
      storeDir,
      1024 ** 3,
      sources.map((src) => ({ src, key: 'shared' })),
    );
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['exists', 'exists', 'exists', 'saved']);
    const backend = new LocalCacheBackend({ dir: storeDir, maxBytes: 1024 ** 3 });
    expect(await keys(backend)).toEqual(['shared']);
    expect(await strays(backend)).toEqual([]);
    const dest = path.join(await fresh('dest'), 'out');
    await backend.restore({ dir: dest, key: 'shared', restoreKeys: [] });
    const label = await readFile(path.join(dest, 'label'), 'utf8');
    const from = sources[Number(label.replace('job ', '')) - 1]!;
    expect(await describeTree(dest)).toEqual(await describeTree(from));
  });

  it('four jobs saving different keys into a small store: all saved, store within its cap', async () => {
    const storeDir = await fresh('shared-store');
    const cap = 5 * 1024 * 1024;
    const saves = await Promise.all(
      [1, 2, 3, 4].map(async (i) => ({ src: await sizedTree(2048, `job ${i}`), key: `key-${i}` })),
    );
    const outcomes = await jobs(storeDir, cap, saves);
    expect(outcomes.map((o) => o.kind)).toEqual(['saved', 'saved', 'saved', 'saved']);
    const backend = new LocalCacheBackend({ dir: storeDir, maxBytes: cap });
    const entries = await backend.list();
    expect(entries.reduce((sum, e) => sum + e.bytes, 0)).toBeLessThanOrEqual(cap);
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(await strays(backend)).toEqual([]);
    // Whatever survived restores completely.
    for (const entry of entries) {
      const dest = path.join(await fresh('dest'), 'out');
      expect((await backend.restore({ dir: dest, key: entry.key!, restoreKeys: [] })).kind).toBe(
        'hit',
      );
      expect(await readFile(path.join(dest, 'label'), 'utf8')).toBe(`job ${entry.key!.slice(4)}`);
    }
  });
});
