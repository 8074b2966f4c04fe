import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UnsafeArchiveError } from '../errors.js';
import { extractTarGz } from '../archive/extract-tar.js';
import {
  entryPaths,
  findEntry,
  type Entry,
  installEntry,
  listVersions,
  removeEntry,
  toolCacheRoot,
} from './tool-cache.js';

let base: string;
let counter = 0;
let holderScript: string;

/**
 * A second process that takes the same lock with proper-lockfile, as another job's
 * installer would: `install` installs the entry itself and releases, `hold` keeps the lock
 * until killed, `crash` dies (SIGKILL) while holding it.
 */
const HOLDER = `
import { mkdir, writeFile } from 'node:fs/promises';
const [lockfileModule, mode, dir, lockPath, marker, record] = process.argv.slice(2);
const lockfile = (await import(lockfileModule)).default;
await lockfile.lock(dir, { realpath: false, lockfilePath: lockPath, stale: 10000 });
process.stdout.write('locked\\n');
if (mode === 'crash') process.kill(process.pid, 'SIGKILL');
if (mode === 'hold') setInterval(() => {}, 1000);
if (mode === 'install') {
  await new Promise((r) => setTimeout(r, 1500));
  await mkdir(dir, { recursive: true });
  await writeFile(dir + '/VERSION', 'from the other process');
  await writeFile(record, JSON.stringify({ by: 'other process' }));
  await writeFile(marker, '');
  await lockfile.unlock(dir, { realpath: false, lockfilePath: lockPath });
}
`;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'sgv-tool-cache-'));
  holderScript = path.join(base, 'holder.mjs');
  await writeFile(holderScript, HOLDER);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function freshRoot(): Promise<string> {
  const root = path.join(base, `root-${++counter}`);
  await mkdir(root, { recursive: true });
  return root;
}

/** Starts the holder and resolves once it holds the lock. */
async function startHolder(
  mode: 'install' | 'hold' | 'crash',
  root: string,
  version: string,
  arch: string,
): Promise<ChildProcess> {
  const p = entryPaths(root, version, arch);
  await mkdir(p.versionDir, { recursive: true });
  const lockfileModule = pathToFileURL(
    createRequire(import.meta.url).resolve('proper-lockfile'),
  ).href;
  const child = spawn(
    process.execPath,
    [holderScript, lockfileModule, mode, p.dir, p.lock, p.marker, p.record],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (text: Buffer) => {
      if (text.toString().includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
  });
  return child;
}

const exited = (child: ChildProcess): Promise<unknown> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', r));

/** A populate that writes a small GOROOT-like tree and counts its calls. */
/** The caller's reuse check; here: any entry with a record (the callers in src prove the tree). */
const reuseRecorded = {
  reuse: async <R>(e: Entry<R>) => (e.state === 'recorded' ? e : undefined),
};

function populator(counterBox: { calls: number }, delayMs = 0) {
  return async (tmp: string) => {
    counterBox.calls += 1;
    await mkdir(path.join(tmp, 'bin'));
    await writeFile(path.join(tmp, 'bin', 'go'), 'binary');
    await new Promise((r) => setTimeout(r, delayMs));
    return { sha256: 'ab'.repeat(32) };
  };
}

describe('toolCacheRoot', () => {
  it('prefers RUNNER_TOOL_CACHE, then a per-user cache directory', () => {
    expect(toolCacheRoot({ RUNNER_TOOL_CACHE: '/opt/hostedtoolcache' }, 'linux', '/home/u')).toBe(
      '/opt/hostedtoolcache',
    );
    expect(toolCacheRoot({}, 'linux', '/home/u')).toBe(
      '/home/u/.cache/setup-go-verified/tool-cache',
    );
    expect(toolCacheRoot({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u')).toBe(
      '/xdg/setup-go-verified/tool-cache',
    );
    expect(toolCacheRoot({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u')).toBe(
      '/home/u/.cache/setup-go-verified/tool-cache',
    );
    expect(toolCacheRoot({}, 'darwin', '/Users/u')).toBe(
      '/Users/u/Library/Caches/setup-go-verified/tool-cache',
    );
    expect(
      toolCacheRoot({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'),
    ).toBe('C:\\Users\\u\\AppData\\Local\\setup-go-verified\\tool-cache');
    expect(toolCacheRoot({}, 'win32', 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Local\\setup-go-verified\\tool-cache',
    );
  });
});

describe('tool cache entries', () => {
  it('installs in the @actions/tool-cache layout with a record, and finds, lists and removes it', async () => {
    const root = await freshRoot();
    const box = { calls: 0 };
    const entry = await installEntry(root, '1.22.5', 'x64', populator(box), (r) => ({
      archive: r,
    }));
    expect(entry).toEqual({
      state: 'recorded',
      version: '1.22.5',
      arch: 'x64',
      dir: path.join(root, 'go', '1.22.5', 'x64'),
      record: { archive: { sha256: 'ab'.repeat(32) } },
    });
    expect(await readFile(path.join(root, 'go', '1.22.5', 'x64', 'bin', 'go'), 'utf8')).toBe(
      'binary',
    );
    expect(existsSync(path.join(root, 'go', '1.22.5', 'x64.complete'))).toBe(true);
    expect(
      JSON.parse(await readFile(path.join(root, 'go', '1.22.5', 'x64.verification.json'), 'utf8')),
    ).toEqual(entry.record);
    // Nothing else is left beside the entry: no temporary directory, no lock.
    expect((await readdir(path.join(root, 'go', '1.22.5'))).sort()).toEqual([
      'x64',
      'x64.complete',
      'x64.verification.json',
    ]);
    expect(await findEntry(root, '1.22.5', 'x64')).toEqual(entry);
    expect(await findEntry(root, '1.22.5', 'arm64')).toBeUndefined();
    expect(await listVersions(root, 'x64')).toEqual(['1.22.5']);
    // A second install is a cache hit when the caller's reuse check accepts the entry...
    await installEntry(root, '1.22.5', 'x64', populator(box), () => ({}), reuseRecorded);
    expect(box.calls).toBe(1);
    // ...and replaces it when it does not.
    await installEntry(root, '1.22.5', 'x64', populator(box), () => ({ again: true }), {
      reuse: async () => undefined,
    });
    expect(box.calls).toBe(2);
    expect((await findEntry(root, '1.22.5', 'x64'))?.state).toBe('recorded');
    expect(await removeEntry(root, '1.22.5', 'x64')).toBe(true);
    expect(await findEntry(root, '1.22.5', 'x64')).toBeUndefined();
    expect(await readdir(path.join(root, 'go', '1.22.5'))).toEqual([]);
    expect(await removeEntry(root, '1.22.5', 'x64')).toBe(false);
  });

  it('two concurrent installs of the same version: one populate, one entry, both get it', async () => {
    const root = await freshRoot();
    const box = { calls: 0 };
    const results = await Promise.all([
      installEntry(
        root,
        '1.22.5',
        'x64',
        populator(box, 300),
        () => ({ by: 'first' }),
        reuseRecorded,
      ),
      installEntry(
        root,
        '1.22.5',
        'x64',
        populator(box, 300),
        () => ({ by: 'second' }),
        reuseRecorded,
      ),
    ]);
    expect(box.calls).toBe(1);
    expect(results[0]).toEqual(results[1]);
    expect((await readdir(path.join(root, 'go', '1.22.5'))).sort()).toEqual([
      'x64',
      'x64.complete',
      'x64.verification.json',
    ]);
  });

  it('waits for another process holding the lock and reuses what it installed', async () => {
    const root = await freshRoot();
    const other = await startHolder('install', root, '1.22.5', 'arm64');
    const box = { calls: 0 };
    const entry = await installEntry(
      root,
      '1.22.5',
      'arm64',
      populator(box),
      () => ({ by: 'this process' }),
      reuseRecorded,
    );
    expect(box.calls).toBe(0);
    expect(entry.record).toEqual({ by: 'other process' });
    expect(await readFile(path.join(entry.dir, 'VERSION'), 'utf8')).toBe('from the other process');
    await exited(other);
  });

  it('takes over the lock of a process that died holding it', async () => {
    const root = await freshRoot();
    const crashed = await startHolder('crash', root, '1.22.5', 'x64');
    await exited(crashed);
    expect(existsSync(entryPaths(root, '1.22.5', 'x64').lock)).toBe(true);
    const box = { calls: 0 };
    const entry = await installEntry(root, '1.22.5', 'x64', populator(box), () => ({ ok: true }), {
      staleLockMs: 2000,
    });
    expect(box.calls).toBe(1);
    expect(entry.state).toBe('recorded');
  }, 20_000);

  it('gives up with a clear error when the lock stays held', async () => {
    const root = await freshRoot();
    const holder = await startHolder('hold', root, '1.22.5', 'x64');
    try {
      const box = { calls: 0 };
      await expect(
        installEntry(root, '1.22.5', 'x64', populator(box), () => ({}), { lockTimeoutMs: 1500 }),
      ).rejects.toThrow(
        /timed out after 2 s waiting for the tool cache lock .*x64\.lock: another job is installing go 1\.22\.5 x64/,
      );
      expect(box.calls).toBe(0);
    } finally {
      holder.kill('SIGKILL');
      await exited(holder);
    }
  });

  it('leaves nothing behind when populate or the record fails, and releases the lock', async () => {
    const root = await freshRoot();
    const failing = async (tmp: string): Promise<never> => {
      await writeFile(path.join(tmp, 'partial'), 'half an archive');
      throw new Error('SHA-256 mismatch');
    };
    await expect(installEntry(root, '1.21.0', 'x64', failing, () => ({}))).rejects.toThrow(
      'SHA-256 mismatch',
    );
    expect(await readdir(path.join(root, 'go', '1.21.0'))).toEqual([]);
    const box = { calls: 0 };
    await expect(
      installEntry(root, '1.21.0', 'x64', populator(box), () => 'not an object'),
    ).rejects.toThrow('the verification record must be a JSON object');
    expect(await readdir(path.join(root, 'go', '1.21.0'))).toEqual([]);
    // The lock was released: the next install goes through at once.
    const entry = await installEntry(root, '1.21.0', 'x64', populator(box), () => ({ ok: 1 }), {
      lockTimeoutMs: 500,
    });
    expect(entry.state).toBe('recorded');
  });

  it('cleans crash leftovers: temporary directories, an entry without marker, a half-written record', async () => {
    const root = await freshRoot();
    const p = entryPaths(root, '1.22.5', 'x64');
    await mkdir(path.join(p.versionDir, '.tmp-x64-abc123', 'bin'), { recursive: true });
    await mkdir(path.join(p.versionDir, '.tmp-arm64-old'), { recursive: true });
    await mkdir(path.join(p.versionDir, '.tmp-arm64-young'), { recursive: true });
    const dayAgo = new Date(Date.now() - 2 * 24 * 3_600_000);
    await utimes(path.join(p.versionDir, '.tmp-arm64-old'), dayAgo, dayAgo);
    await mkdir(path.join(p.dir, 'bin'), { recursive: true });
    await writeFile(path.join(p.dir, 'bin', 'stale'), 'from a crashed install');
    await writeFile(`${p.record}.tmp-deadbeef`, '{"half":');
    expect(await findEntry(root, '1.22.5', 'x64')).toBeUndefined();

    const box = { calls: 0 };
    const entry = await installEntry(root, '1.22.5', 'x64', populator(box), () => ({
      fresh: true,
    }));
    expect(box.calls).toBe(1);
    expect(await readdir(path.join(entry.dir, 'bin'))).toEqual(['go']);
    // The young temporary directory may belong to a live install of another architecture.
    expect((await readdir(p.versionDir)).sort()).toEqual([
      '.tmp-arm64-young',
      'x64',
      'x64.complete',
      'x64.verification.json',
    ]);
  });

  it('reports entries without a usable record as unrecorded, lists them, and replaces them', async () => {
    const root = await freshRoot();
    const p = entryPaths(root, '1.20.14', 'x64');
    // As actions/setup-go leaves it: directory and marker, no record.
    await mkdir(path.join(p.dir, 'bin'), { recursive: true });
    await writeFile(path.join(p.dir, 'bin', 'go'), 'unverified binary');
    await writeFile(p.marker, '');
    expect(await findEntry(root, '1.20.14', 'x64')).toMatchObject({
      state: 'unrecorded',
      reason: expect.stringMatching(/no verification record/),
    });
    await writeFile(p.record, '{not json');
    expect(await findEntry(root, '1.20.14', 'x64')).toMatchObject({
      state: 'unrecorded',
      reason: expect.stringMatching(/not valid JSON/),
    });
    await writeFile(p.record, '[1, 2]');
    expect(await findEntry(root, '1.20.14', 'x64')).toMatchObject({
      state: 'unrecorded',
      reason: 'verification record is not a JSON object',
    });
    // Listed: whoever installed it, the caller proves the tree before it uses it.
    expect(await listVersions(root, 'x64')).toEqual(['1.20.14']);

    const box = { calls: 0 };
    const entry = await installEntry(root, '1.20.14', 'x64', populator(box), () => ({
      replaced: true,
    }));
    expect(box.calls).toBe(1);
    expect(await readFile(path.join(entry.dir, 'bin', 'go'), 'utf8')).toBe('binary');
    expect(await findEntry(root, '1.20.14', 'x64')).toMatchObject({
      state: 'recorded',
      record: { replaced: true },
    });
  });

  it('lists installed versions in semver order and validates names', async () => {
    const root = await freshRoot();
    for (const version of ['1.10.0', '1.9.2', '1.22.5', '1.23.0-rc.1']) {
      await installEntry(root, version, 'x64', populator({ calls: 0 }), () => ({}));
    }
    await installEntry(root, '1.21.0', 'arm64', populator({ calls: 0 }), () => ({}));
    await mkdir(path.join(root, 'go', 'not a version'), { recursive: true });
    expect(await listVersions(root, 'x64')).toEqual(['1.9.2', '1.10.0', '1.22.5', '1.23.0-rc.1']);
    expect(await listVersions(root, 'arm64')).toEqual(['1.21.0']);
    expect(await listVersions(path.join(root, 'missing'), 'x64')).toEqual([]);
    expect(() => entryPaths(root, '../1.22.5', 'x64')).toThrow(/invalid tool cache version/);
    expect(() => entryPaths(root, '1.22.5', 'x64/..')).toThrow(/invalid tool cache architecture/);
  });

  it('installs from a real .tar.gz through extractTarGz, and refuses a hostile one without a trace', async () => {
    const root = await freshRoot();
    const work = path.join(base, `archives-${++counter}`);
    await mkdir(path.join(work, 'good', 'go', 'bin'), { recursive: true });
    await writeFile(path.join(work, 'good', 'go', 'bin', 'go'), '#!/bin/sh\necho go1.22.5\n');
    await chmod(path.join(work, 'good', 'go', 'bin', 'go'), 0o755);
    // Like a Debian GOROOT: a symlink pointing outside the tree.
    await mkdir(path.join(work, 'bad', 'go', 'bin'), { recursive: true });
    await writeFile(path.join(work, 'bad', 'go', 'bin', 'go'), 'x');
    await symlink('../../share/go-1.22/api', path.join(work, 'bad', 'go', 'api'));
    for (const which of ['good', 'bad']) {
      execFileSync('tar', [
        '-czf',
        path.join(work, `${which}.tar.gz`),
        '-C',
        path.join(work, which),
        'go',
      ]);
    }
    const extract = (which: string) => (tmp: string) =>
      extractTarGz(createReadStream(path.join(work, `${which}.tar.gz`)), tmp, {
        requiredPrefix: 'go',
        stripPrefix: true,
        hashFiles: true,
      });

    const bad = installEntry(root, '1.22.5', 'x64', extract('bad'), (r) => ({ files: r.files }));
    await expect(bad).rejects.toThrow(UnsafeArchiveError);
    await expect(bad).rejects.toThrow(/symlink target "\.\.\/\.\.\/share\/go-1\.22\/api" escapes/);
    expect(await readdir(path.join(root, 'go', '1.22.5'))).toEqual([]);

    const good = await installEntry(root, '1.22.5', 'x64', extract('good'), (r) => ({
      files: r.files,
      hashes: Object.fromEntries(r.hashes ?? []),
    }));
    expect(good.record).toMatchObject({
      files: 1,
      hashes: { 'bin/go': expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect((await stat(path.join(good.dir, 'bin', 'go'))).mode & 0o111).not.toBe(0);
  });
});
