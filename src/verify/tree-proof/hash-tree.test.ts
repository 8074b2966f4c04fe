import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  hashNamedFiles,
  hashTree,
  hashWorkersRunning,
  prestartHashWorkers,
  stopSpareHashWorkers,
  type HashedTree,
} from './hash-tree.js';

const sha256 = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'hash-tree-'));
  try {
    return await fn(dir);
  } finally {
    await chmod(dir, 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The user id of nobody on Linux. */
const NOBODY = 65534;

/** Deterministic content that is not all one byte. */
function content(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  let x = Math.imul(seed, 2654435761) + 1;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

/**
 * Regular files, nested directories, an empty file, a 5 MB file (several reads) and empty
 * directories; `extra` more small files push the tree past one batch, so workers hash it.
 * Returns name → content of every regular file written.
 */
async function writeRegularTree(dir: string, extra: number): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>([
    ['README', Buffer.from('hello\n')],
    ['empty', Buffer.alloc(0)],
    ['big.bin', content(5 * 1024 * 1024 + 3, 1)],
    ['a/b/c/deep.go', Buffer.from('package c\n')],
    ['a/b/sibling.txt', content(70_000, 2)],
    ['a/one-mib', content(1024 * 1024, 3)],
    ['name with spaces/é.txt', Buffer.from('unicode name')],
  ]);
  for (let i = 0; i < extra; i++) {
    files.set(`many/d${i % 7}/f${i}`, content(1 + ((i * 37) % 3000), i + 10));
  }
  for (const [name, data] of files) {
    await mkdir(join(dir, ...name.split('/').slice(0, -1)), { recursive: true });
    await writeFile(join(dir, ...name.split('/')), data);
  }
  await mkdir(join(dir, 'empty-dir'));
  await mkdir(join(dir, 'a', 'b', 'nothing-here'));
  return files;
}

function expectHashes(tree: HashedTree, files: Map<string, Buffer>): void {
  expect(new Map([...tree.files].sort())).toEqual(
    new Map([...files].map(([name, data]) => [name, sha256(data)] as const).sort()),
  );
  let bytes = 0;
  for (const data of files.values()) bytes += data.length;
  expect(tree.bytes).toBe(bytes);
}

/** Counts regular files the plain way: recursive readdir, links not followed. */
function countRegularFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) n += countRegularFiles(join(dir, entry.name));
    else if (entry.isFile()) n++;
  }
  return n;
}

function openDescriptors(): number | undefined {
  return existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : undefined;
}

// 0 extra files: hashed in this thread; 400: past one batch, hashed by workers.
describe.each([
  ['in the main thread', 0],
  ['in worker threads', 400],
])('hashTree %s', (_where, extra) => {
  it('hashes every regular file and lists empty directories', async () => {
    await withTempDir(async (dir) => {
      const files = await writeRegularTree(dir, extra);
      const tree = await hashTree(dir);
      expectHashes(tree, files);
      expect(tree.files.get('empty')).toBe(sha256(''));
      expect(tree.problems).toEqual([]);
      expect(tree.emptyDirectories).toEqual(['a/b/nothing-here', 'empty-dir']);
    });
  });

  it('reports links, FIFOs and sockets instead of hashing them', async () => {
    await withTempDir(async (dir) => {
      const files = await writeRegularTree(dir, extra);
      await symlink('README', join(dir, 'link-to-file'));
      await symlink('a', join(dir, 'link-to-dir'));
      await symlink('no-such-target', join(dir, 'dangling'));
      await writeFile(join(dir, 'a', 'linked-1'), 'two names\n');
      await link(join(dir, 'a', 'linked-1'), join(dir, 'a', 'b', 'linked-2'));
      execFileSync('mkfifo', [join(dir, 'a', 'fifo')]);
      // mkfifo must have worked: without it this test would check nothing about FIFOs.
      expect(lstatSync(join(dir, 'a', 'fifo')).isFIFO()).toBe(true);
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(join(dir, 'sock'), resolve));
      try {
        const tree = await hashTree(dir);
        expectHashes(tree, files);
        expect(tree.problems).toEqual([
          { name: 'a/b/linked-2', kind: 'hardlink', detail: '2 links' },
          { name: 'a/fifo', kind: 'fifo' },
          { name: 'a/linked-1', kind: 'hardlink', detail: '2 links' },
          { name: 'dangling', kind: 'symlink' },
          { name: 'link-to-dir', kind: 'symlink' },
          { name: 'link-to-file', kind: 'symlink' },
          { name: 'sock', kind: 'socket' },
        ]);
        // Not followed: nothing is listed under the link's name.
        expect([...tree.files.keys()].filter((n) => n.startsWith('link-to-dir/'))).toEqual([]);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  it('gives the same result with one thread and with three', async () => {
    await withTempDir(async (dir) => {
      await writeRegularTree(dir, extra);
      await symlink('README', join(dir, 'a', 'link'));
      const one = await hashTree(dir, { threads: 1 });
      const three = await hashTree(dir, { threads: 3 });
      expect(three).toEqual(one);
      expect(one.problems).toEqual([{ name: 'a/link', kind: 'symlink' }]);
      expect(hashWorkersRunning()).toBe(0);
    });
  });
});

// What a file swapped after the directory was read turns into: the checks on open.
describe('hashNamedFiles', () => {
  it('refuses links, FIFOs, directories and vanished files when it opens them', async () => {
    await withTempDir(async (dir) => {
      const big = content(3 * 1024 * 1024 + 1, 5);
      await writeFile(join(dir, 'big'), big);
      await writeFile(join(dir, 'small'), 'small\n');
      await symlink('small', join(dir, 'now-a-link'));
      await mkdir(join(dir, 'now-a-dir'));
      await writeFile(join(dir, 'linked'), 'x');
      await link(join(dir, 'linked'), join(dir, 'linked-too'));
      execFileSync('mkfifo', [join(dir, 'now-a-fifo')]);
      expect(lstatSync(join(dir, 'now-a-fifo')).isFIFO()).toBe(true);
      // A FIFO with no writer must not block the open (O_NONBLOCK) nor be read.
      const tree = hashNamedFiles(dir, [
        'big',
        'small',
        'now-a-link',
        'now-a-dir',
        'now-a-fifo',
        'linked',
        'gone',
      ]);
      expect(tree.files).toEqual(
        new Map([
          ['big', sha256(big)],
          ['small', sha256('small\n')],
        ]),
      );
      expect(tree.bytes).toBe(big.length + 6);
      expect(tree.problems).toEqual([
        { name: 'gone', kind: 'unreadable', detail: 'vanished during the walk (ENOENT)' },
        { name: 'linked', kind: 'hardlink', detail: '2 links' },
        { name: 'now-a-dir', kind: 'other', detail: 'became a directory during the walk' },
        { name: 'now-a-fifo', kind: 'other', detail: 'became a FIFO during the walk' },
        {
          name: 'now-a-link',
          kind: 'symlink',
          detail: 'replaced by a symbolic link during the walk (ELOOP)',
        },
      ]);
    });
  });
});

describe('hashTree', () => {
  it('lists an empty root as an empty directory', async () => {
    await withTempDir(async (dir) => {
      expect(await hashTree(dir)).toEqual({
        files: new Map(),
        bytes: 0,
        problems: [],
        emptyDirectories: ['.'],
      });
    });
  });

  it('rejects a root that is a symbolic link, not a directory, or missing', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'real'));
      await writeFile(join(dir, 'real', 'f'), 'x');
      await symlink('real', join(dir, 'link'));
      await writeFile(join(dir, 'file'), 'x');
      await expect(hashTree(join(dir, 'link'))).rejects.toThrow(
        `${join(dir, 'link')} is a symbolic link`,
      );
      await expect(hashTree(join(dir, 'file'))).rejects.toThrow(
        `${join(dir, 'file')} is not a directory`,
      );
      await expect(hashTree(join(dir, 'missing'))).rejects.toThrow(join(dir, 'missing'));
    });
  });

  // Permissions do not stop root: run as root, the hash runs with the effective user id of
  // nobody (every thread of the process, its hash workers too) and root's comes back after.
  it('rejects a directory it cannot read, naming it', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'locked'));
      await chmod(join(dir, 'locked'), 0);
      const root = process.getuid?.() === 0;
      if (root) await chmod(dir, 0o755);
      try {
        if (root) process.seteuid!(NOBODY);
        try {
          await expect(hashTree(dir)).rejects.toThrow(
            `cannot read directory ${join(dir, 'locked')}`,
          );
        } finally {
          if (root) process.seteuid!(0);
        }
      } finally {
        await chmod(join(dir, 'locked'), 0o700);
      }
    });
  });

  it('rejects at once with an already aborted signal', async () => {
    await withTempDir(async (dir) => {
      await expect(hashTree(dir, { signal: AbortSignal.abort() })).rejects.toMatchObject({
        name: 'AbortError',
      });
    });
  });

  it('rejects on abort mid-run and leaves no worker or open file behind', async () => {
    await withTempDir(async (dir) => {
      const data = content(16 * 1024, 4);
      for (let d = 0; d < 6; d++) {
        await mkdir(join(dir, `d${d}`));
        await Promise.all(
          Array.from({ length: 100 }, (_, i) => writeFile(join(dir, `d${d}`, `f${i}`), data)),
        );
      }
      const fdsBefore = openDescriptors();
      const controller = new AbortController();
      let settled = false;
      const run = hashTree(dir, { threads: 2, signal: controller.signal }).finally(() => {
        settled = true;
      });
      run.catch(() => undefined);
      // Abort once the workers are running, so it is their work that is cut short.
      while (!settled && hashWorkersRunning() === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(settled).toBe(false);
      controller.abort();
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(hashWorkersRunning()).toBe(0);
      if (fdsBefore !== undefined) expect(openDescriptors()).toBeLessThanOrEqual(fdsBefore);
    });
  });

  it("hashes this machine's Go installation like a plain walk sees it", async () => {
    const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
    const tree = await hashTree(goroot);
    const hardlinks = tree.problems.filter((p) => p.kind === 'hardlink').length;
    expect(tree.files.size + hardlinks).toBe(countRegularFiles(goroot));
    expect(tree.files.size).toBeGreaterThan(1000);
    expect(tree.files.get('VERSION')).toBe(sha256(readFileSync(join(goroot, 'VERSION'))));
    const goBinary = existsSync(join(goroot, 'bin', 'go')) ? 'bin/go' : 'bin/go.exe';
    expect(tree.files.get(goBinary)).toBe(
      sha256(readFileSync(join(goroot, ...goBinary.split('/')))),
    );
    expect(hashWorkersRunning()).toBe(0);
  });
});

describe('prestartHashWorkers', () => {
  it('starts workers ahead of time that the next hashTree uses, and stops unused ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'prestart-'));
    try {
      for (let i = 0; i < 600; i++) await writeFile(join(root, `f${i}`), `file ${i}`);
      prestartHashWorkers(2);
      expect(hashWorkersRunning()).toBe(2);
      const hashed = await hashTree(root, { threads: 2 });
      expect(hashed.files.size).toBe(600);
      expect(hashed.files.get('f7')).toBe(createHash('sha256').update('file 7').digest('hex'));
      // The pool took the spares and stopped them when done.
      expect(hashWorkersRunning()).toBe(0);
      prestartHashWorkers(1);
      expect(hashWorkersRunning()).toBe(1);
      await stopSpareHashWorkers();
      expect(hashWorkersRunning()).toBe(0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
