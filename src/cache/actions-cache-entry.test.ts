// Unpacking @actions/cache entries with our extractor: archives made the way @actions/cache
// makes them (GNU tar -P with names relative to the workspace, zstd or gzip), and archives
// an attacker would save under the same key, written byte by byte.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { gzipSync } from 'node:zlib';
import { tarMembers } from '../../test-support/hostile-archives.mjs';
import { UnsafeArchiveError } from '../errors.js';
import { actionsMemberPrefix } from './actions-cache-version.js';
import { unpackActionsArchive } from './actions-cache-entry.js';

const hasNodeZstd = 'createZstdDecompress' in zlib;
let root: string;
let workspace: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'actions-cache-entry-'));
  workspace = path.join(root, 'work', 'repo');
  await mkdir(workspace, { recursive: true });
});

afterAll(async () => {
  execFileSync('chmod', ['-R', 'u+w', root]);
  await rm(root, { recursive: true, force: true });
});

/** A fresh target directory (missing) and its member prefix seen from the workspace. */
function target(): { dir: string; prefix: string } {
  counter++;
  const dir = path.join(root, 'home', `t${counter}`, 'go', 'pkg', 'mod');
  return { dir, prefix: actionsMemberPrefix(workspace, dir) };
}

/** Packs `dir` the way @actions/cache's createTar does; returns the archive's path. */
function packLikeActionsCache(dir: string, compression: 'zstd' | 'gzip'): string {
  const out = path.join(root, `entry-${counter}.${compression === 'zstd' ? 'tzst' : 'tgz'}`);
  const manifest = path.join(root, `manifest-${counter}.txt`);
  execFileSync('sh', [
    '-c',
    `printf '%s' "$1" > "$2" && tar --posix -cf - -P -C "$3" --files-from "$2" | ${
      compression === 'zstd' ? 'zstd -T0 -q' : 'gzip -1'
    } > "$4"`,
    'sh',
    path.relative(workspace, dir),
    manifest,
    workspace,
    out,
  ]);
  return out;
}

async function writeTree(dir: string): Promise<void> {
  const mod = path.join(dir, 'example.com', 'm@v1.0.0');
  await mkdir(mod, { recursive: true });
  await mkdir(path.join(dir, 'cache', 'download', 'example.com', 'm', '@v'), { recursive: true });
  await writeFile(
    path.join(dir, 'cache', 'download', 'example.com', 'm', '@v', 'list'),
    'v1.0.0\n',
  );
  await writeFile(path.join(mod, 'go.mod'), 'module example.com/m\n');
  await writeFile(path.join(mod, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  await symlink('go.mod', path.join(mod, 'link'));
  await chmod(path.join(mod, 'go.mod'), 0o444);
  await chmod(mod, 0o555);
}

async function files(dir: string): Promise<string[]> {
  const names = (await readdir(dir, { recursive: true })) as string[];
  return names.sort();
}

function hostile(members: Parameters<typeof tarMembers>[0]): string {
  const file = path.join(root, `hostile-${++counter}.tgz`);
  execFileSync('sh', ['-c', 'cat > "$1"', 'sh', file], { input: gzipSync(tarMembers(members)) });
  return file;
}

describe('unpackActionsArchive', () => {
  it.each([
    ['zstd, the zstd program', 'zstd', true],
    ['zstd, zlib (where Node has a decoder)', 'zstd', !hasNodeZstd],
    ['gzip', 'gzip', false],
  ] as [string, 'zstd' | 'gzip', boolean][])(
    'unpacks an entry @actions/cache made (%s)',
    async (_label, compression, program) => {
      const source = target();
      await writeTree(source.dir);
      const archive = packLikeActionsCache(source.dir, compression);
      const dest = target();

      const result = await unpackActionsArchive(archive, dest.dir, {
        memberPrefix: source.prefix,
        zstdProgram: program,
      });
      expect(result).toEqual({ files: 4, compression });
      expect(await files(dest.dir)).toEqual(await files(source.dir));
      const mod = path.join(dest.dir, 'example.com', 'm@v1.0.0');
      expect(await readFile(path.join(mod, 'go.mod'), 'utf8')).toBe('module example.com/m\n');
      expect(await readlink(path.join(mod, 'link'))).toBe('go.mod');
      expect((await lstat(path.join(mod, 'run.sh'))).mode & 0o100).toBe(0o100);
      // Nothing else beside the target: the staging directory was renamed into place.
      expect(await readdir(path.dirname(dest.dir))).toEqual(['mod']);
    },
  );

  const outside = () => path.join(root, 'outside');

  it.each([
    ['an absolute name', () => [{ name: `${outside()}/abs`, data: 'x' }], 'outside'],
    [
      'an absolute name after the prefix',
      (p: string) => [{ name: `${p}//abs`, data: 'x' }],
      'absolute path',
    ],
    [
      "a '..' member escaping the prefix",
      (p: string) => [
        { name: `${p}/ok`, data: 'ok' },
        { name: `${p}/../../../../../../outside/dotdot`, data: 'x' },
      ],
      "'..' component",
    ],
    [
      'a symlink pointing outside',
      (p: string) => [{ name: `${p}/esc`, type: '2', linkname: '../../../../../../outside' }],
      'escapes the destination directory',
    ],
    [
      'an absolute symlink',
      (p: string) => [{ name: `${p}/esc`, type: '2', linkname: outside() }],
      'is absolute',
    ],
    [
      'a hard link to a file outside',
      (p: string) => [{ name: `${p}/hl`, type: '1', linkname: '/etc/passwd' }],
      'is outside',
    ],
    [
      "a hard link with '..' after the prefix",
      (p: string) => [
        { name: `${p}/hl`, type: '1', linkname: `${p}/../../../../../../etc/passwd` },
      ],
      "'..' component",
    ],
    ['a device', (p: string) => [{ name: `${p}/dev`, type: '3' }], 'device files are not allowed'],
    ['a member of another directory', () => [{ name: '../../elsewhere/x', data: 'x' }], 'outside'],
  ] as [string, (p: string) => Parameters<typeof tarMembers>[0], string][])(
    'refuses %s, and the target stays missing',
    async (_label, members, reason) => {
      const dest = target();
      const file = hostile(members(dest.prefix));
      const err = await unpackActionsArchive(file, dest.dir, { memberPrefix: dest.prefix }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UnsafeArchiveError);
      expect((err as UnsafeArchiveError).reason).toContain(reason);
      expect(existsSync(dest.dir)).toBe(false);
      expect(await readdir(path.dirname(dest.dir))).toEqual([]);
      expect(existsSync(outside())).toBe(false);
    },
  );

  it('refuses a write through a symlink that stays inside', async () => {
    const dest = target();
    const file = hostile([
      { name: `${dest.prefix}/a/`, type: '5' },
      { name: `${dest.prefix}/l`, type: '2', linkname: 'a' },
      { name: `${dest.prefix}/l/f`, data: 'x' },
    ]);
    await expect(
      unpackActionsArchive(file, dest.dir, { memberPrefix: dest.prefix }),
    ).rejects.toThrow(/passes through earlier symlink/);
    expect(existsSync(dest.dir)).toBe(false);
  });

  it('never moves the tree into place once the signal fired', async () => {
    const source = target();
    await writeTree(source.dir);
    const archive = packLikeActionsCache(source.dir, 'zstd');
    const dest = target();
    const controller = new AbortController();
    controller.abort(new Error('deadline'));
    await expect(
      unpackActionsArchive(archive, dest.dir, {
        memberPrefix: source.prefix,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(existsSync(dest.dir)).toBe(false);
    expect(await readdir(path.dirname(dest.dir))).toEqual([]);
  });

  it('refuses a file that is neither zstd nor gzip, and a corrupt one', async () => {
    const dest = target();
    const plain = path.join(root, 'plain.tar');
    await writeFile(plain, tarMembers([{ name: `${dest.prefix}/x`, data: 'x' }]));
    await expect(
      unpackActionsArchive(plain, dest.dir, { memberPrefix: dest.prefix }),
    ).rejects.toThrow(/neither zstd nor gzip/);
    const source = target();
    await writeTree(source.dir);
    const archive = packLikeActionsCache(source.dir, 'zstd');
    const whole = await readFile(archive);
    await writeFile(archive, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(
      unpackActionsArchive(archive, dest.dir, { memberPrefix: source.prefix, zstdProgram: true }),
    ).rejects.toThrow(/corrupt or truncated|truncated tar archive/);
    expect(existsSync(dest.dir)).toBe(false);
  });
});
