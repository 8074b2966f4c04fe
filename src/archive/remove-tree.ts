/**
 * Removing a tree that may hold read-only directories, as unpacked Go modules and toolchains do.
 */
import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes a tree, including read-only directories (whose entries cannot be unlinked until
 * the directory is writable again). A missing tree is not an error.
 */
export async function removeTree(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true });
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw err;
  }
  await makeDirectoriesWritable(dir);
  await rm(dir, { recursive: true, force: true });
}

async function makeDirectoriesWritable(dir: string): Promise<void> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info?.isDirectory()) return;
  await chmod(dir, (info.mode & 0o7777) | 0o700);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries)
    if (entry.isDirectory()) await makeDirectoriesWritable(path.join(dir, entry.name));
}
